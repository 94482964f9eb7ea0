/*
 * `npm run bench` (second part): workshop sync figures, not tests. Real WebRTC
 * peers (@roamhq/wrtc), each in its own Node process, on loopback through
 * Cairn's signaling server:
 *  - edit-to-peer latency, p50/p95: an app command on peer A (add an
 *    objective; type into a title) until the change is in each other peer's
 *    document, at 2, 10 and 20 peers; in the same run the raw floor, a plain Y.Map set between two
 *    stock y-webrtc providers (no framing, no app code);
 *  - data-channel messages and bytes sent per edit, summed over all peers;
 *  - the initial sync of a 5 MB workspace to a joining peer.
 * Writes bench/results/workshop-sync.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSignalingServer, type SignalingServer } from '../electron/server/signalingServer';
import { newWorkshopCode, roomOf, secretOf } from '../shared/sync/invite';
import { startPeer, stopPeers, waitUntil, type Peer } from '../test/sync/peers';
import { percentile, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const EDITS = 100;
const EDIT_SPACING_MS = 25;
const INITIAL_SYNC_RUNS = 3;

interface Light {
  status: { state: string; peers: number } | null;
  transport: { messagesSent: number; bytesSent: number } | null;
  checkIns: number;
}

// Latencies: the nearest-rank 50th percentile, like the other percentiles of the same lists.
const median = (values: number[]) => percentile(values, 50);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startPeers(count: number, prefix: string): Promise<Peer[]> {
  const peers: Peer[] = [];
  // A few at a time: twenty processes compiling TypeScript at once starve two cores.
  for (let i = 0; i < count; i += 4) {
    peers.push(...(await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, j) => startPeer(`${prefix}${i + j}`)))));
  }
  return peers;
}

const light = (peers: Peer[]) => Promise.all(peers.map((p) => p.send<Light>({ type: 'light' })));

/** Sends EDITS probe edits from the first peer and measures when each other peer saw each one. */
async function probe(peers: Peer[], kind: 'app' | 'type' | 'plain') {
  const [sender, ...receivers] = peers;
  const sentAt: Record<string, number> = {};
  for (let i = 0; i < EDITS; i++) {
    const marker = `${kind}-${i}`;
    sentAt[marker] = (await sender!.send<{ at: number }>({ type: 'probe', kind, marker })).at;
    await sleep(EDIT_SPACING_MS);
  }
  const key = (marker: string) => `probe:${marker}`;
  await waitUntil(
    async () => (await Promise.all(receivers.map((r) => r.send<Record<string, number>>({ type: 'arrivals' })))).every((a) => Object.keys(sentAt).every((m) => key(m) in a)),
    60_000,
    'every probe edit to arrive everywhere',
  ).catch(() => undefined); // report what arrived
  const latencies: number[] = [];
  let missing = 0;
  for (const arrivals of await Promise.all(receivers.map((r) => r.send<Record<string, number>>({ type: 'arrivals' })))) {
    for (const [marker, at] of Object.entries(sentAt)) {
      const arrived = arrivals[key(marker)];
      if (arrived === undefined) missing++;
      else latencies.push(arrived - at);
    }
  }
  return { samples: latencies.length, missing, p50Ms: round(percentile(latencies, 50), 2), p95Ms: round(percentile(latencies, 95), 2), maxMs: round(Math.max(...latencies), 2) };
}

async function appMesh(server: SignalingServer, count: number) {
  console.log(`App: ${count} peers…`);
  const peers = await startPeers(count, 'app');
  try {
    const code = newWorkshopCode();
    await peers[0]!.send({ type: 'create' });
    const started = performance.now();
    await Promise.all(peers.map((p) => p.send({ type: 'connect', code, signaling: [server.url] })));
    let fullMesh = true;
    await waitUntil(async () => (await light(peers)).every((s) => s.status?.peers === count - 1), 180_000, 'a full mesh').catch(() => (fullMesh = false));
    const meshSeconds = round((performance.now() - started) / 1000);
    const connections = (await light(peers)).reduce((sum, s) => sum + (s.status?.peers ?? 0), 0) / 2;
    await Promise.all(peers.map((p) => p.send({ type: 'watch' })));
    // The objective that typing goes into exists everywhere before timing starts.
    await peers[0]!.send({ type: 'probe', kind: 'type', marker: 'warmup' });
    await sleep(1500);
    const before = await light(peers);
    const latency = await probe(peers, 'app');
    const after = await light(peers);
    const typing = await probe(peers, 'type');
    const sum = (states: Light[], field: 'messagesSent' | 'bytesSent') => states.reduce((total, s) => total + (s.transport?.[field] ?? 0), 0);
    const result = {
      peers: count,
      fullMesh,
      connections,
      expectedConnections: (count * (count - 1)) / 2,
      secondsToFormMesh: meshSeconds,
      latency,
      typingLatency: typing,
      // Of the add-objective probes. Includes awareness heartbeats and y-webrtc's re-broadcast of every received update.
      messagesPerEdit: round((sum(after, 'messagesSent') - sum(before, 'messagesSent')) / EDITS),
      bytesPerEdit: round((sum(after, 'bytesSent') - sum(before, 'bytesSent')) / EDITS),
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await stopPeers(peers);
  }
}

async function floor(server: SignalingServer) {
  console.log('Floor: two stock y-webrtc providers…');
  const peers = await startPeers(2, 'stock');
  try {
    const code = newWorkshopCode();
    await Promise.all(peers.map((p) => p.send({ type: 'watch' })));
    // One after the other: stock y-webrtc peers that announce at the same moment can deadlock (glare),
    // and stock peers have no watchdog to recover.
    for (const p of peers) {
      await p.send({ type: 'connect-stock', room: roomOf(code), password: secretOf(code), signaling: [server.url], chunked: false });
      await sleep(1000);
    }
    // Connected once a warm-up edit crosses.
    await peers[0]!.send({ type: 'probe', kind: 'plain', marker: 'warmup' });
    await waitUntil(async () => 'probe:warmup' in (await peers[1]!.send<Record<string, number>>({ type: 'arrivals' })), 60_000, 'stock peers to connect');
    await sleep(1000);
    const latency = await probe(peers, 'plain');
    console.log(JSON.stringify(latency));
    return { peers: 2, latency };
  } finally {
    await stopPeers(peers);
  }
}

async function initialSync(server: SignalingServer) {
  console.log('Initial sync of a 5 MB workspace…');
  const seconds: number[] = [];
  let bytes = 0;
  for (let run = 0; run < INITIAL_SYNC_RUNS; run++) {
    const [host, joiner] = await startPeers(2, 'big');
    try {
      const code = newWorkshopCode();
      bytes = (await host!.send<{ bytes: number }>({ type: 'create', large: { objectives: 200, keyResults: 1000, checkIns: 31_000 } })).bytes;
      await host!.send({ type: 'connect', code, signaling: [server.url] });
      await waitUntil(async () => (await light([host!]))[0]!.status?.state === 'looking', 30_000, 'the host to reach signaling');
      const started = performance.now();
      await joiner!.send({ type: 'connect', code, signaling: [server.url] });
      await waitUntil(async () => (await light([joiner!]))[0]!.checkIns === 31_000, 180_000, 'the workspace to arrive');
      seconds.push((performance.now() - started) / 1000);
      console.log(`  run ${run + 1}: ${round(seconds.at(-1)!, 2)} s`);
    } finally {
      await stopPeers([host!, joiner!]);
    }
  }
  return { encodedBytes: bytes, runs: INITIAL_SYNC_RUNS, medianSeconds: round(median(seconds), 2), allSeconds: seconds.map((s) => round(s, 2)) };
}

async function main() {
  const server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  try {
    const floorResult = await floor(server);
    const app = [];
    for (const count of [2, 10, 20]) app.push(await appMesh(server, count));
    const sync5mb = await initialSync(server);
    const two = app.find((a) => a.peers === 2)!;
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      method: `${EDITS} edits from one peer, ${EDIT_SPACING_MS} ms apart; latency = wall clock from before the command on the sender to the change observed in each receiver's document; separate Node processes on loopback.`,
      floor: floorResult,
      app,
      overFloorAt2Peers: {
        addObjectiveP50: round(two.latency.p50Ms / floorResult.latency.p50Ms, 2),
        addObjectiveP95: round(two.latency.p95Ms / floorResult.latency.p95Ms, 2),
        typingP50: round(two.typingLatency.p50Ms / floorResult.latency.p50Ms, 2),
        typingP95: round(two.typingLatency.p95Ms / floorResult.latency.p95Ms, 2),
      },
      initialSync5MB: sync5mb,
      targets: { p95At2PeersMs: 50, p95At10PeersMs: 100, maxOverheadOverFloor: 1.5 },
    };
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    const out = path.join(ROOT, 'bench/results/workshop-sync.json');
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    console.log(`Wrote ${path.relative(ROOT, out)}`);
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
