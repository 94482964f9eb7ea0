import { afterEach, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../electron/server/signalingServer';
import { newWorkshopCode } from '../../shared/sync/invite';
import { converged, startPeer, stopPeers, waitUntil, type Peer } from './peers';

/*
 * A room full of laptops, and a facilitator's laptop that restarts its
 * signaling server: peers find each other again by themselves.
 */

interface PeerState {
  canonical: string;
  stateVector: string;
  problems: number;
  status: { state: string; peers: number; signalingConnected: boolean } | null;
  transport: { messagesReceived: number } | null;
  created: { objectives: string[]; keyResults: string[]; checkIns: string[] };
}

let server: SignalingServer | null = null;
let peers: Peer[] = [];

afterEach(async () => {
  await stopPeers(peers);
  peers = [];
  await server?.close();
  server = null;
});

const states = (all: Peer[]) => Promise.all(all.map((p) => p.send<PeerState>({ type: 'state' })));

const views = async (all: Peer[]) => (await states(all)).map((s) => ({ status: s.status, transport: s.transport }));

describe('many peers and a restarting signaling server', { timeout: 240_000 }, () => {
  it('ten peers in one room, all editing at once, converge', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const code = newWorkshopCode();
    const names = ['ana', 'ben', 'chen', 'dara', 'eli', 'fay', 'gus', 'hana', 'ivo', 'jo'];
    peers = await Promise.all(names.map(startPeer));
    await peers[0]!.send({ type: 'create' });
    await Promise.all(peers.map((p) => p.send({ type: 'connect', code, signaling: [server!.url] })));
    await waitUntil(() => converged(peers), 120_000, 'ten peers to receive the workspace', () => views(peers));
    await Promise.all(peers.map((p, i) => p.send({ type: 'edits', count: 8, seed: 500 + i })));
    await waitUntil(() => converged(peers), 120_000, 'ten peers to converge after concurrent edits', () => views(peers));

    const all = await states(peers);
    const everything = JSON.parse(all[0]!.canonical) as { objectives: { id: string }[]; checkIns: { id: string }[] };
    const ids = new Set([...everything.objectives, ...everything.checkIns].map((e) => e.id));
    for (const s of all) {
      expect(s.problems).toBe(0);
      for (const id of [...s.created.objectives, ...s.created.checkIns]) expect(ids.has(id)).toBe(true);
      expect(s.transport!.messagesReceived).toBeGreaterThan(0);
    }
    // A full mesh: each peer is directly connected to the nine others.
    await waitUntil(async () => (await states(peers)).every((s) => s.status!.peers === names.length - 1), 60_000, 'a full mesh', () => views(peers));
  });

  it('peers reconnect to a restarted signaling server and a newcomer finds them', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const { port } = server;
    const code = newWorkshopCode();
    const [a, b, c] = (peers = await Promise.all(['ana', 'ben', 'chen'].map(startPeer)));
    await a!.send({ type: 'create' });
    await a!.send({ type: 'connect', code, signaling: [server.url] });
    await b!.send({ type: 'connect', code, signaling: [server.url] });
    await waitUntil(() => converged([a!, b!]), 60_000, 'ben to sync');

    // The facilitator's laptop drops its server: peers already connected keep working directly.
    await server.close();
    server = null;
    await waitUntil(async () => (await states([a!, b!])).every((s) => !s.status!.signalingConnected), 30_000, 'peers to notice');
    await a!.send({ type: 'edits', count: 5, seed: 1 });
    await waitUntil(() => converged([a!, b!]), 30_000, 'edits to cross without signaling');

    server = await startSignalingServer({ host: '127.0.0.1', port });
    await waitUntil(async () => (await states([a!, b!])).every((s) => s.status!.signalingConnected), 60_000, 'peers to reconnect to signaling');
    await c!.send({ type: 'connect', code, signaling: [server.url] });
    await waitUntil(() => converged(peers), 60_000, 'the newcomer to sync');
    await waitUntil(async () => (await states(peers)).every((s) => s.status!.peers === 2), 60_000, 'everyone to be connected to everyone');
  });
});
