import { afterEach, describe, expect, it } from 'vitest';
import { newWorkshopCode } from '../../shared/sync/invite';
import { startPeer, startPeerProcess, stopPeers, type Peer } from './peers';
import type { AttackCommand } from './signalingAttacker';
import type { SignalingServerCommand } from './signalingServerProcess';

/*
 * Two honest workshop peers (real WebRTC, each its own process, from
 * 127.0.0.1) join and sync an edit while the signaling server (its own
 * process) is under every attack of issue 15 at once, from 127.0.0.2 and up:
 * subscribers that never read, publishers flooding within the rate limit, a
 * connection flood and a topic flood. Sized down to stay under ~90 s; the
 * full-size attack is `bench/signalingAbuse.ts`.
 */

let server: Peer<SignalingServerCommand> | null = null;
let attackers: Peer<AttackCommand>[] = [];
let peers: Peer[] = [];
/** Non-readers come from five addresses (60 each at most), within the per-address cap of 64. */
const FIVE_ADDRESSES = ['127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  await stopPeers(peers);
  peers = [];
  // Killed whatever they answer: a swamped server may not answer `exit` at all, and must not outlive the test.
  await Promise.all([...attackers, ...(server ? [server] : [])].map((child) => Promise.race([child.send({ type: 'exit' }).catch(() => undefined), sleep(2000)]).then(() => child.kill())));
  attackers = [];
  server = null;
}, 30_000);

describe('honest peers under attack', { timeout: 120_000 }, () => {
  it('sync from join to an edit within a few seconds while the signaling server is flooded', async () => {
    server = await startPeerProcess<SignalingServerCommand>('signaling-server', 'signalingServerProcess.ts');
    const { port } = await server.send<{ port: number }>({ type: 'start' });
    const url = `ws://127.0.0.1:${port}`;
    attackers = await Promise.all(['non-readers', 'publishers', 'tables'].map((name) => startPeerProcess<AttackCommand>(name, 'signalingAttacker.ts')));
    const [readers, publishers, tables] = attackers as [Peer<AttackCommand>, Peer<AttackCommand>, Peer<AttackCommand>];
    await readers.send({ type: 'non-readers', port, count: 200, topic: 'flooded', from: FIVE_ADDRESSES });
    await publishers.send({ type: 'publishers', port, count: 10, topic: 'flooded', bytes: 16 * 1024, perSecond: 40, from: '127.0.0.3' });
    await tables.send({ type: 'topics', port, sockets: 315, topicsEach: 32, from: '127.0.0.4' });
    await tables.send({ type: 'connections', port, count: 2000, from: '127.0.0.5' });
    await sleep(2000); // the flood is on

    peers = await Promise.all(['host', 'joiner'].map(startPeer));
    const [host, joiner] = peers as [Peer, Peer];
    await host.send({ type: 'create' });
    const code = newWorkshopCode();
    const joinedAt = Date.now();
    await host.send({ type: 'connect', code, signaling: [url] });
    await joiner.send({ type: 'connect', code, signaling: [url] });
    await host.send({ type: 'set', key: 'edit', value: 'made under attack' });
    let synced = false;
    while (!synced && Date.now() - joinedAt < 30_000) {
      const { plainMap } = await joiner.send<{ plainMap: Record<string, string> }>({ type: 'state' });
      synced = plainMap.edit === 'made under attack';
      if (!synced) await sleep(50);
    }
    const seconds = (Date.now() - joinedAt) / 1000;
    const { publishedMessages } = await publishers.send<{ publishedMessages: number }>({ type: 'counts' });
    const serverStats = await server.send<Record<string, number>>({ type: 'stats' });
    console.log(`[signaling under attack] join to synced edit: ${synced ? `${seconds.toFixed(2)} s` : 'not within 30 s'}; flood published ${publishedMessages}; server ${JSON.stringify(serverStats)}`);
    expect(synced).toBe(true);
    // The target is 2 s (about 0.5 s on an idle machine with the fix). 5 s leaves margin for a loaded 2-core CI
    // machine running WebRTC peers, attackers and the server at once; today it does not sync at all (the tables are full).
    expect(seconds).toBeLessThan(5);
  });
});
