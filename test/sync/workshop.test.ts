import { afterEach, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../electron/server/signalingServer';
import { newWorkshopCode } from '../../shared/sync/invite';
import { converged, startPeer, stopPeers, waitUntil, type Peer } from './peers';

interface PeerState {
  canonical: string;
  stateVector: string;
  problems: number;
  checkIns: number;
  status: { state: string; peers: number } | null;
  transport: { bytesReceived: number; bytesSent: number; messagesReceived: number } | null;
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

describe('workshop sync over real WebRTC, peers in separate processes', { timeout: 240_000 }, () => {
  it('syncs a 5 MB workspace completely to a joining peer, over WebRTC', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const code = newWorkshopCode();
    const host = await startPeer('host');
    const joiner = await startPeer('joiner');
    peers = [host, joiner];
    const { bytes } = await host.send<{ bytes: number }>({ type: 'create', large: { objectives: 200, keyResults: 1000, checkIns: 31_000 } });
    expect(bytes).toBeGreaterThan(5_000_000);
    await host.send({ type: 'connect', code, signaling: [server.url] });
    await joiner.send({ type: 'connect', code, signaling: [server.url] });
    await waitUntil(() => converged(peers), 120_000, 'the 5 MB workspace to arrive');
    const joined = await joiner.send<PeerState>({ type: 'state' });
    expect(joined.problems).toBe(0);
    expect(joined.checkIns).toBe(31_000);
    // It came over the data channel: more than the whole workspace was received over WebRTC.
    expect(joined.transport!.bytesReceived).toBeGreaterThan(bytes);
    expect(joined.status).toMatchObject({ state: 'in-sync', peers: 1 });
  });

  it('converges after random concurrent edits with partitions and reconnections', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const code = newWorkshopCode();
    peers = await Promise.all(['ana', 'ben', 'chen'].map(startPeer));
    await peers[0]!.send({ type: 'create' });
    // One by one, as people walk into the room.
    for (let i = 0; i < peers.length; i++) {
      await peers[i]!.send({ type: 'connect', code, signaling: [server.url] });
      if (i > 0) await waitUntil(() => converged(peers.slice(0, i + 1)), 90_000, `peer ${i + 1} to sync`);
    }

    for (let round = 0; round < 4; round++) {
      const offline = peers[round % peers.length]!;
      await offline.send({ type: 'leave' }); // a partition: this one edits alone
      await Promise.all(peers.map((p, i) => p.send({ type: 'edits', count: 15, seed: round * 10 + i })));
      await offline.send({ type: 'connect', code, signaling: [server.url] });
      await Promise.all(peers.map((p, i) => p.send({ type: 'edits', count: 5, seed: 100 + round * 10 + i })));
    }
    await waitUntil(() => converged(peers), 90_000, 'all peers to converge');

    const states = await Promise.all(peers.map((p) => p.send<PeerState>({ type: 'state' })));
    expect(states[0]!.problems).toBe(0);
    const everything = JSON.parse(states[0]!.canonical) as { objectives: { id: string }[]; keyResults: { id: string }[]; checkIns: { id: string }[] };
    const has = (list: { id: string }[]) => new Set(list.map((e) => e.id));
    for (const s of states) {
      for (const id of s.created.objectives) expect(has(everything.objectives).has(id)).toBe(true);
      for (const id of s.created.checkIns) expect(has(everything.checkIns).has(id)).toBe(true);
      // Each peer received data over WebRTC (BroadcastChannel is off, and they are separate processes).
      expect(s.transport!.messagesReceived).toBeGreaterThan(0);
    }
  });

  it('admits no peer with the wrong secret: it learns nothing of the workspace', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const code = newWorkshopCode();
    const host = await startPeer('host');
    const friend = await startPeer('friend');
    const intruder = await startPeer('intruder');
    peers = [host, friend, intruder];
    await host.send({ type: 'create' });
    await host.send({ type: 'connect', code, signaling: [server.url] });
    await intruder.send({ type: 'connect-stock', room: `cairn-workshop-${code.replace(/-/g, '')}`, password: 'not-the-code', signaling: [server.url], chunked: true });
    await friend.send({ type: 'connect', code, signaling: [server.url] });
    await waitUntil(() => converged([host, friend]), 60_000, 'the invited friend to sync');
    await new Promise((r) => setTimeout(r, 3000));
    const seen = await intruder.send<PeerState>({ type: 'state' });
    expect(JSON.parse(seen.canonical).meta).toBeNull();
    const hostState = await host.send<PeerState>({ type: 'state' });
    expect(hostState.status!.peers).toBe(1);
  });

  it('refuses to connect a personal journal to any workshop', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const journal = await startPeer('journal');
    peers = [journal];
    await journal.send({ type: 'create', kind: 'journal' });
    const result = await journal.send<{ ok: boolean; error?: string }>({ type: 'connect', code: newWorkshopCode(), signaling: [server.url] });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/journal is private/) });
    expect(server.hub.stats().connections).toBe(0);
  });
});
