import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { canMakeNamespaces, createLan, type Lan, type LanHost } from '../support/netns';
import type { SyncStatus } from '../../shared/sync/workshopConnection';
import type { TransportStats } from '../../shared/sync/framedChannel';
import { startPeerOn, type Peer } from './peers';

/*
 * The network the LAN tests run on: a namespace LAN (test/support/netns.ts)
 * where the machine allows it, else loopback, where every "host" is this
 * machine and faults that need a real link (cut, flap, bandwidth) cannot be
 * made. The tests say which ran.
 */

export interface Host {
  name: string;
  address: string;
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
}

export interface Network {
  kind: 'namespaces' | 'loopback';
  /** Why the loopback fallback, when it is one. */
  reason: string | null;
  hosts: Host[];
  /** The namespace LAN's link faults; null on loopback. */
  lan: Lan | null;
  destroy(): Promise<void>;
}

export async function makeNetwork(hosts: number): Promise<Network> {
  if (process.env.CAIRN_LAN_LOOPBACK) return loopback(hosts, 'CAIRN_LAN_LOOPBACK is set');
  if (!(await canMakeNamespaces())) return loopback(hosts, 'cannot create network namespaces (needs root and iproute2)');
  const lan = await createLan({ hosts });
  return { kind: 'namespaces', reason: null, hosts: lan.hosts, lan, destroy: () => lan.destroy() };
}

function loopback(count: number, reason: string): Network {
  const hosts = Array.from({ length: count }, (_, i) => ({
    name: `h${i}`,
    address: '127.0.0.1',
    spawn: (command: string, args: readonly string[], options: SpawnOptions = {}) => spawn(command, args, options),
  }));
  return { kind: 'loopback', reason, hosts, lan: null, destroy: async () => undefined };
}

export function describeNetwork(network: Network): string {
  return network.kind === 'namespaces' ? 'namespaces' : `loopback fallback (${network.reason})`;
}

export function lanHostOf(network: Network, host: Host): LanHost {
  const found = network.lan?.hosts.find((h) => h.name === host.name);
  if (!found) throw new Error(`no namespace LAN here (${describeNetwork(network)})`);
  return found;
}

// `cairn signal` on a host (the facilitator's laptop): shared with the sync bench.
export { startSignalingOn, type SignalingProcess } from '../support/signalingProcess';

export function startPeerAt(name: string, host: Host): Promise<Peer> {
  return startPeerOn(name, { host });
}

/** What a peer says: its status pill, whom it shows as present, and what it holds. */
export interface PeerView {
  status: SyncStatus | null;
  presence: string[];
  stateVector: string;
  transport: TransportStats | null;
  /** The encoded workspace's size, only when asked for (it costs on a large workspace). */
  bytes: number | null;
}

export const viewOf = (peer: Peer, withBytes = false) => peer.send<PeerView>({ type: 'view', bytes: withBytes });

/**
 * Waits until `holds` is true of a peer's view; returns how long that took
 * (ms from `since`), or null at the deadline. Polls every 100 ms.
 */
export async function delayUntil(peer: Peer, holds: (view: PeerView) => boolean, since: number, deadlineMs: number): Promise<{ ms: number | null; last: PeerView }> {
  for (;;) {
    const view = await viewOf(peer);
    if (holds(view)) return { ms: Date.now() - since, last: view };
    if (Date.now() - since > deadlineMs) return { ms: null, last: view };
    await new Promise((r) => setTimeout(r, 100));
  }
}
