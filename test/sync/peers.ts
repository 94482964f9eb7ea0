import { fork, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import type { PeerCommand } from './peerProcess';

/** A peer process the test drives, over IPC. */
export interface Peer<Command = PeerCommand> {
  name: string;
  /** The peer's own process id (for SIGSTOP/SIGCONT: a laptop that sleeps). */
  pid: number;
  send<T = Record<string, unknown>>(command: Command): Promise<T>;
  kill(): void;
}

/** Where a peer process runs: by default forked here; `host` runs it in a network namespace (test/support/netns.ts). */
export interface PeerPlacement {
  host?: { spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess };
}

export function startPeer(name: string): Promise<Peer> {
  return startPeerProcess<PeerCommand>(name, 'peerProcess.ts');
}

/** A workshop peer placed somewhere (e.g. on a host of a namespace LAN). */
export function startPeerOn(name: string, placement: PeerPlacement): Promise<Peer> {
  return startPeerProcess<PeerCommand>(name, 'peerProcess.ts', placement);
}

/** Forks `script` (in this folder) as peer `name`; it answers `{ id, command }` with `{ id, result | error }`. */
export async function startPeerProcess<Command>(name: string, script: string, placement: PeerPlacement = {}): Promise<Peer<Command>> {
  const options: SpawnOptions = { env: { ...process.env, PEER_NAME: name }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] };
  // `ip netns exec` execs node in place and keeps the IPC descriptor (NODE_CHANNEL_FD), so the
  // child's pid is node's and the channel works as with fork().
  const child: ChildProcess = placement.host
    ? placement.host.spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], options)
    : fork(path.join(__dirname, script), [], { ...options, execArgv: ['--import', 'tsx'] });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    // A peer process that dies fails whatever was waiting on it, instead of hanging the caller.
    child.once('exit', (code, signal) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`peer ${name} exited (${signal ?? code})`));
      pending.clear();
    });
    child.on('message', (message: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) return resolve();
      const waiter = pending.get(message.id ?? -1);
      if (!waiter) return;
      pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
  });
  return {
    name,
    pid: child.pid!,
    send: <T>(command: Command) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command });
      }),
    kill: () => child.kill('SIGKILL'),
  };
}

/** Polls until the condition holds; on a timeout, prints what `explain` returns (the peers' view) before failing. */
export async function waitUntil(condition: () => Promise<boolean>, ms: number, what: string, explain?: () => Promise<unknown>): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > ms) {
      if (explain) console.error(`While waiting for ${what}:`, JSON.stringify(await explain(), null, 1));
      throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every peer holds the same workspace: equal canonical JSON and equal state vectors. */
export async function converged(all: Peer[]): Promise<boolean> {
  const states = await Promise.all(all.map((p) => p.send<{ canonical: string; stateVector: string }>({ type: 'state' })));
  return states.every((s) => s.canonical === states[0]!.canonical && s.stateVector === states[0]!.stateVector);
}

/** Asks each peer to leave and exit, then makes sure it is gone. */
export async function stopPeers(all: Peer[]): Promise<void> {
  await Promise.all(all.map((p) => p.send({ type: 'exit' }).catch(() => undefined)));
  all.forEach((p) => p.kill());
}
