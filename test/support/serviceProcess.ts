import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/*
 * A server process that tests and benches start, wait for, and stop or kill:
 * `cairn signal`, `cairn relay`, redis-server. One way to do it, so that the
 * start deadline and the stop/kill semantics cannot drift between them.
 */

export interface ServiceProcess {
  pid: number;
  /** SIGTERM: the server closes as on a normal exit; resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, not a goodbye (the kernel closes its sockets); resolves once the process is gone. */
  kill(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const repo = path.resolve(__dirname, '..', '..');

/**
 * How to run `cairn ARGS` with node: from the sources through tsx (tests), or the
 * built CLI (`npm run build`'s dist/electron/cli.cjs, as the benches measure what ships).
 */
export function cairnCommand(args: readonly string[], from: 'sources' | 'build' = 'sources'): { command: string; args: string[]; cwd: string } {
  const entry = from === 'build' ? ['--enable-source-maps', path.join(repo, 'dist', 'electron', 'cli.cjs')] : ['--import', 'tsx', path.join(repo, 'electron', 'cli', 'main.ts')];
  return { command: process.execPath, args: [...entry, ...args], cwd: repo };
}

/**
 * Resolves once `child` printed something matching `ready` (stdout or stderr), with the match;
 * fails, killing it, if it does not within 30 s or exits first.
 */
export async function whenStarted(child: ChildProcess, ready: RegExp, what: string): Promise<ServiceProcess & { ready: RegExpMatchArray }> {
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start: ${output}`));
    }, START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${output}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { pid: child.pid!, ready: match, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
