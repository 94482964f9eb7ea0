import type { ChildProcess, SpawnOptions } from 'node:child_process';
import path from 'node:path';

/*
 * `cairn signal` on a host (the facilitator's laptop: a namespace of the
 * test LAN, or this machine), as a process of its own so that it can be
 * stopped, or killed as in a crash. One way to start it for the LAN tests
 * (test/sync/lanNetwork.ts) and the sync bench (bench/sync.ts), so the two
 * cannot drift.
 */

/** Where it runs: an address to listen on and a way to start a process there (netns.ts's LanHost, lanNetwork.ts's Host). */
export interface SignalingHost {
  address: string;
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
}

export interface SignalingProcess {
  url: string;
  pid: number;
  /** SIGTERM: the server closes as on a normal exit; resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, not a goodbye (the kernel closes its sockets); resolves once the process is gone. */
  kill(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const repo = path.resolve(__dirname, '..', '..');

/** Starts `cairn signal` on `host` at `port` and resolves once it is listening (fails, and kills it, if it does not within 30 s). */
export async function startSignalingOn(host: SignalingHost, port: number): Promise<SignalingProcess> {
  const child = host.spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'electron', 'cli', 'main.ts'), 'signal', '--host', host.address, '--port', String(port)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`signaling server did not start: ${output}`));
    }, START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`signaling server exited (${code}): ${output}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    child.kill(signal);
    await exited;
  };
  return { url: `ws://${host.address}:${port}`, pid: child.pid!, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
