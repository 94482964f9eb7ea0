import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The `cairn` CLI in a process of its own, run from source (tsx), so a test needs no build. */

const repo = path.resolve(__dirname, '..', '..');

export interface CliRun {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnCairn(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'electron', 'cli', 'main.ts'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
