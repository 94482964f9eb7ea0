/*
 * The signaling server under issue 15's attacks at full size, measured from
 * outside: the server in its own process (resident memory from /proc), the
 * attackers in others, two honest WebRTC peers from 127.0.0.1.
 *   1,000 subscribers that never read (from 16 addresses) + 10 publishers within the rate limit;
 *   2,000 connections from one address; 315 sockets × 32 topics from one address;
 *   then two honest peers join and sync an edit; then the attackers leave and memory is read for 60 s.
 * `node --import tsx bench/signalingAbuse.ts` → bench/results/signaling-abuse.json.
 * (The scaled-down versions that run in `npm test`: test/sync/signalingServer{Abuse,UnderAttack}.test.ts.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newWorkshopCode } from '../shared/sync/invite';
import { startPeer, startPeerProcess, stopPeers, type Peer } from '../test/sync/peers';
import type { AttackCommand } from '../test/sync/signalingAttacker';
import type { SignalingServerCommand } from '../test/sync/signalingServerProcess';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NON_READER_ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.0.1.${i + 1}`);

interface ServerStats {
  rss: number;
  connections: number;
  topics: number;
  addresses: number;
  relayed: number;
  dropped: number;
  refusedForAddress: number;
  closedSlowReaders: number;
}

async function main() {
  const server = await startPeerProcess<SignalingServerCommand>('signaling-server', 'signalingServerProcess.ts');
  const { port } = await server.send<{ port: number }>({ type: 'start' });
  const stats = () => server.send<ServerStats>({ type: 'stats' });
  const rssMb = (s: ServerStats) => Math.round(s.rss / MB);
  const attackers = await Promise.all(['non-readers', 'publishers', 'tables'].map((name) => startPeerProcess<AttackCommand>(name, 'signalingAttacker.ts')));
  const [readers, publishers, tables] = attackers as [Peer<AttackCommand>, Peer<AttackCommand>, Peer<AttackCommand>];
  const before = await stats();

  const { connected } = await readers.send<{ connected: number }>({ type: 'non-readers', port, count: 1000, topic: 'flooded', from: NON_READER_ADDRESSES });
  await publishers.send({ type: 'publishers', port, count: 10, topic: 'flooded', bytes: 16 * 1024, perSecond: 40, from: '127.0.0.3' });
  const { kept } = await tables.send<{ kept: number }>({ type: 'connections', port, count: 2000, from: '127.0.0.5' });
  await tables.send({ type: 'topics', port, sockets: 315, topicsEach: 32, from: '127.0.0.4' });

  let peak = before;
  const sampleFor = async (ms: number) => {
    const end = Date.now() + ms;
    let last = await stats();
    while (Date.now() < end) {
      await sleep(500);
      last = await stats();
      if (last.rss > peak.rss) peak = last;
    }
    return last;
  };
  const during = await sampleFor(10_000);

  // Honest peers join while the flood goes on.
  const peers = await Promise.all(['host', 'joiner'].map(startPeer));
  const [host, joiner] = peers as [Peer, Peer];
  await host.send({ type: 'create' });
  const code = newWorkshopCode();
  const joinedAt = Date.now();
  await host.send({ type: 'connect', code, signaling: [`ws://127.0.0.1:${port}`] });
  await joiner.send({ type: 'connect', code, signaling: [`ws://127.0.0.1:${port}`] });
  await host.send({ type: 'set', key: 'edit', value: 'under attack' });
  let syncSeconds: number | null = null;
  while (Date.now() - joinedAt < 60_000) {
    const { plainMap } = await joiner.send<{ plainMap: Record<string, string> }>({ type: 'state' });
    if (plainMap.edit === 'under attack') {
      syncSeconds = (Date.now() - joinedAt) / 1000;
      break;
    }
    await sleep(50);
  }
  const underAttack = await sampleFor(5_000);
  const { publishedMessages } = await publishers.send<{ publishedMessages: number }>({ type: 'counts' });
  await stopPeers(peers);

  for (const attacker of attackers) await attacker.send({ type: 'stop' });
  const leftAt = Date.now();
  const afterSamples: { seconds: number; rssMb: number; connections: number; topics: number; addresses: number }[] = [];
  while (Date.now() - leftAt < 60_000) {
    await sleep(5_000);
    const s = await stats();
    afterSamples.push({ seconds: Math.round((Date.now() - leftAt) / 1000), rssMb: rssMb(s), connections: s.connections, topics: s.topics, addresses: s.addresses });
  }
  for (const child of [...attackers, server]) child.kill();

  const result = {
    date: new Date().toISOString(),
    machine: 'the shared 2-core machine; other engineers\u2019 jobs may have been running (figures are noisy)',
    attack: {
      nonReaders: { requested: 1000, handshakes: connected, addresses: NON_READER_ADDRESSES.length },
      publishers: { count: 10, messageBytes: 16 * 1024, perSecondEach: 40, published: publishedMessages },
      connectionsFromOneAddress: { requested: 2000, keptOpen: kept },
      topicsFromOneAddress: { sockets: 315, topicsEach: 32 },
    },
    serverRssMb: { before: rssMb(before), peak: rssMb(peak), duringFlood: rssMb(during), withHonestPeers: rssMb(underAttack) },
    serverDuringFlood: during,
    honestJoinToSyncedEditSeconds: syncSeconds,
    afterAttackersLeft: afterSamples,
  };
  console.log(JSON.stringify(result, null, 1));
  const out = path.join(__dirname, 'results', 'signaling-abuse.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 1)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
