/*
 * Starting, driving and stopping bench/syncPeer.ts processes. The peer script
 * is bundled once per run (esbuild, Cairn's code in one CommonJS file, the
 * libraries from node_modules), so a peer starts with plain `node` in a
 * fraction of the CPU that tsx would take. Every child is killed when the
 * bench exits, however it exits (a failure, Ctrl-C).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { build } from 'esbuild';
import type { Light, SyncPeerCommand } from './syncPeer';

const ROOT = path.resolve(import.meta.dirname, '..');
export const PEER_BUNDLE = path.join(ROOT, 'dist/bench/syncPeer.cjs');

/** How a peer process is started: on this host, or inside a network namespace. */
export type Spawner = (command: string, args: string[], options: SpawnOptions) => ChildProcess;
export const spawnHere: Spawner = (command, args, options) => spawn(command, args, options);

export interface SyncPeer {
  name: string;
  pid: number;
  send<T = Record<string, unknown>>(command: SyncPeerCommand): Promise<T>;
  light(): Promise<Light>;
  /** Why the process ended, if it ended on its own (a crash); null while it runs or once stopped on purpose. */
  crash(): string | null;
  kill(): void;
}

const children = new Set<ChildProcess>();
const exitCleanups: (() => void)[] = [];

/** Runs (synchronously) when the bench exits, after every peer is killed: e.g. removing network namespaces. */
export function onBenchExit(cleanup: () => void): () => void {
  installExitHandlers();
  exitCleanups.push(cleanup);
  return () => {
    const i = exitCleanups.indexOf(cleanup);
    if (i >= 0) exitCleanups.splice(i, 1);
  };
}

function killEverything() {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const cleanup of exitCleanups.splice(0)) {
    try {
      cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}
let exitHandlersInstalled = false;
function installExitHandlers() {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping every peer`);
      killEverything();
      process.exit(130);
    });
  }
}

export async function bundlePeer(): Promise<void> {
  await build({
    entryPoints: [path.join(ROOT, 'bench/syncPeer.ts')],
    outfile: PEER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Libraries load from node_modules as they are (only Cairn's TypeScript is compiled in): one copy of
    // Yjs, native WebRTC, and stack traces that name the library (peerGuard recognises y-webrtc's races by them).
    packages: 'external',
    logLevel: 'warning',
  });
}

export async function startSyncPeer(name: string, spawner: Spawner = spawnHere): Promise<SyncPeer> {
  installExitHandlers();
  const child = spawner(process.execPath, [PEER_BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, PEER_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      // @roamhq/wrtc prints this for every mDNS or TCP candidate it skips: thousands of lines at thirty peers.
      if (!line.startsWith('Ignoring unsupported ICE candidate')) console.error(`[${name}] ${line}`);
    });
  }
  let next = 1;
  let stopping = false;
  let crash: string | null = null;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    // A peer that dies fails whatever was waiting on it, instead of hanging the bench.
    child.once('exit', (code, signal) => {
      children.delete(child);
      const error = new Error(`peer ${name} exited (${signal ?? code})`);
      if (!stopping) crash = error.message;
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on('message', (message: { ready?: boolean; pid?: number; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) return resolve(message.pid ?? child.pid ?? -1);
      const waiter = pending.get(message.id ?? -1);
      if (!waiter) return;
      pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(`${name}: ${message.error}`));
      else waiter.resolve(message.result);
    });
  });
  const send = <T>(command: SyncPeerCommand) =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`peer ${name} is gone`));
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, command });
    });
  return {
    name,
    pid,
    send: <T>(command: SyncPeerCommand) => {
      if (command.type === 'exit') stopping = true;
      return send<T>(command);
    },
    light: () => send<Light>({ type: 'light' }),
    crash: () => crash,
    kill: () => {
      stopping = true;
      child.kill('SIGKILL');
    },
  };
}

/** A few at a time, so that starting them does not starve the peers already running. */
export async function startSyncPeers(names: string[], spawnerOf: (index: number) => Spawner = () => spawnHere): Promise<SyncPeer[]> {
  const peers: SyncPeer[] = [];
  for (let i = 0; i < names.length; i += 4) {
    peers.push(...(await Promise.all(names.slice(i, i + 4).map((n, j) => startSyncPeer(n, spawnerOf(i + j))))));
  }
  return peers;
}

export async function stopSyncPeers(peers: SyncPeer[]): Promise<void> {
  await Promise.all(peers.map((p) => p.send({ type: 'exit' }).catch(() => undefined)));
  await new Promise((r) => setTimeout(r, 100));
  peers.forEach((p) => p.kill());
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the condition holds or the time is up; returns whether it held. */
export async function pollUntil(condition: () => Promise<boolean>, ms: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
