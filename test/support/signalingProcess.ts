import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { cairnCommand, whenStarted, type ServiceProcess } from './serviceProcess';

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

export interface SignalingProcess extends ServiceProcess {
  url: string;
}

/** Starts `cairn signal` on `host` at `port` and resolves once it is listening (fails, and kills it, if it does not within 30 s). */
export async function startSignalingOn(host: SignalingHost, port: number): Promise<SignalingProcess> {
  const { command, args, cwd } = cairnCommand(['signal', '--host', host.address, '--port', String(port)]);
  const child = host.spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = await whenStarted(child, /listening on/, 'signaling server');
  return { url: `ws://${host.address}:${port}`, pid: started.pid, stop: started.stop, kill: started.kill };
}
