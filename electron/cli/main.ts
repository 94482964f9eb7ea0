import { nodeIo } from './io';
import { runCli } from './run';

// The `cairn` command (bin/cairn.cjs loads the bundle of this file).

// `cairn export ... | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runCli(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
