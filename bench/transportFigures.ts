/*
 * Quick figures for Cairn's own WebRTC provider (issue 15, transport part),
 * not a test: mesh formation time and edit-to-peer latency p50/p95 at the
 * peer counts given on the command line (default 2 and 10), against the raw
 * floor of two stock y-webrtc providers in the same run. Real WebRTC peers,
 * each its own Node process, on loopback through Cairn's signaling server.
 * The full benchmark is bench/sync.ts; this one is small enough to run under
 * `flock /tmp/cairn-heavy.lock` in a few minutes:
 *   node --import tsx bench/transportFigures.ts 2 10 [30]
 * Writes bench/results/transport-figures-<counts>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSignalingServer, type SignalingServer } from '../electron/server/signalingServer';
import { newWorkshopCode, roomOf, secretOf } from '../shared/sync/invite';
import { startPeer, stopPeers, waitUntil, type Peer } from '../test/sync/peers';
import { percentile, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const EDITS = 50;
const EDIT_SPACING_MS = 25;

interface Light {
  status: { state: string; peers: number } | null;
  transport: { messagesSent: number; bytesSent: number } | null;
  presence: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const light = (peers: Peer[]) => Promise.all(peers.map((p) => p.send<Light>({ type: 'light' })));

async function startPeers(count: number, prefix: string): Promise<Peer[]> {
  const peers: Peer[] = [];
  // A few at a time: many processes compiling TypeScript at once starve two cores.
  for (let i = 0; i < count; i += 4) peers.push(...(await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, j) => startPeer(`${prefix}${i + j}`)))));
  return peers;
}

async function probe(peers: Peer[], kind: 'app' | 'plain') {
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
  ).catch(() => undefined);
  const latencies: number[] = [];
  let missing = 0;
  for (const arrivals of await Promise.all(receivers.map((r) => r.send<Record<string, number>>({ type: 'arrivals' })))) {
    for (const [marker, at] of Object.entries(sentAt)) {
      const arrived = arrivals[key(marker)];
      if (arrived === undefined) missing++;
      else latencies.push(arrived - at);
    }
  }
  return { samples: latencies.length, missing, p50Ms: round(percentile(latencies, 50), 2), p95Ms: round(percentile(latencies, 95), 2) };
}

async function floor(server: SignalingServer) {
  const peers = await startPeers(2, 'stock');
  try {
    const code = newWorkshopCode();
    await Promise.all(peers.map((p) => p.send({ type: 'watch' })));
    for (const p of peers) {
      await p.send({ type: 'connect-stock', room: roomOf(code), password: secretOf(code), signaling: [server.url], chunked: false });
      await sleep(1000);
    }
    await peers[0]!.send({ type: 'probe', kind: 'plain', marker: 'warmup' });
    await waitUntil(async () => 'probe:warmup' in (await peers[1]!.send<Record<string, number>>({ type: 'arrivals' })), 60_000, 'stock peers to connect');
    await sleep(1000);
    return await probe(peers, 'plain');
  } finally {
    await stopPeers(peers);
  }
}

async function mesh(server: SignalingServer, count: number) {
  const peers = await startPeers(count, 'cairn');
  try {
    const code = newWorkshopCode();
    await peers[0]!.send({ type: 'create' });
    const started = performance.now();
    await Promise.all(peers.map((p) => p.send({ type: 'connect', code, signaling: [server.url] })));
    let fullMesh = true;
    await waitUntil(async () => (await light(peers)).every((s) => s.status?.peers === count - 1), 120_000, 'a full mesh').catch(() => (fullMesh = false));
    const secondsToFullMesh = round((performance.now() - started) / 1000, 2);
    await Promise.all(peers.map((p) => p.send({ type: 'watch' })));
    await sleep(1500);
    const before = await light(peers);
    const latency = await probe(peers, 'app');
    const after = await light(peers);
    const sum = (states: Light[], field: 'messagesSent' | 'bytesSent') => states.reduce((total, s) => total + (s.transport?.[field] ?? 0), 0);
    return {
      peers: count,
      fullMesh,
      secondsToFullMesh,
      latency,
      // Includes keepalives and presence renewals sent during the probes.
      messagesPerEdit: round((sum(after, 'messagesSent') - sum(before, 'messagesSent')) / EDITS),
      bytesPerEdit: round((sum(after, 'bytesSent') - sum(before, 'bytesSent')) / EDITS),
    };
  } finally {
    await stopPeers(peers);
  }
}

async function main() {
  const given = process.argv.slice(2).map(Number).filter((n) => n >= 2);
  const counts = given.length > 0 ? given : [2, 10];
  const server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  try {
    const floorLatency = await floor(server);
    console.log('floor', JSON.stringify(floorLatency));
    const app = [];
    for (const count of counts) {
      app.push(await mesh(server, count));
      console.log(JSON.stringify(app.at(-1)));
    }
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 1)), node: process.version },
      method: `${EDITS} add-objective edits from one peer, ${EDIT_SPACING_MS} ms apart; latency = wall clock from before the command to the change in each receiver's document; full mesh = every peer reports count−1 open links, from the moment all were told to connect.`,
      floor: { peers: 2, latency: floorLatency },
      app,
    };
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(path.join(ROOT, `bench/results/transport-figures-${counts.join('-')}.json`), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
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
