import { parseArgs } from 'node:util';
import { APP_VERSION } from '../common/version';
import type { CliCommand } from './command';
import { BadInput, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './errors';
import { exportCommand } from './export';
import { importCommand } from './import';
import { inspectCommand } from './inspect';
import { joinCommand } from './join';
import { mergeCommand } from './merge';
import { relayCommand } from './relay';
import { signalCommand } from './signal';
import type { CliIo } from './io';

/** Every `cairn` subcommand, in the order help lists them. */
export const COMMANDS: readonly CliCommand[] = [inspectCommand, exportCommand, importCommand, mergeCommand, signalCommand, joinCommand, relayCommand];

export function helpText(): string {
  // Each command's usage, then its summary indented below: long usages stay readable in a narrow terminal.
  return [
    'Usage: cairn <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Options:',
    '  -h, --help       show this help (also after a command)',
    '  -v, --version    show the version',
    '',
    'Exit codes: 0 done, 2 bad input (unreadable or damaged file, wrong arguments), 1 any other failure.',
    '',
  ].join('\n');
}

/** Errors are one line on stderr, prefixed so scripts can tell them from output. */
function oneLine(message: string): string {
  return `cairn: ${message.replace(/\s*\n\s*/g, ' ').trim()}\n`;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(helpText());
    return EXIT_BAD_INPUT;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    io.stdout(helpText());
    return EXIT_OK;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`cairn ${APP_VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new BadInput(`unknown command "${name}"; run \`cairn --help\` for the list`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new BadInput(`${(error as Error).message} (usage: ${command.usage})`);
  }
  if (parsed.values.help) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return EXIT_OK;
  }
  return command.run(parsed.positionals, parsed.values, io);
}

/** Runs the `cairn` command line and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(oneLine(message));
    return error instanceof BadInput ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}
