/*
 * `npm run bench` (workshop sync): figures, not tests. Real WebRTC peers
 * (@roamhq/wrtc), each its own Node process (bench/syncPeer.ts), joining
 * through Cairn's signaling server with `connectWorkshop` (the interface the
 * app uses, so this runs on whatever transport is behind it). At each room
 * size N (--peers, default 2,10,30):
 *  - room formation: the facilitator holds the workspace, N−1 others join
 *    empty, one per --join-spacing-ms; time until all N are fully connected
 *    (each in sync with the N−1 others and linked to every peer its mesh plan
 *    wants: everyone up to 10 peers, a bounded set above, where the rest is
 *    reached through relays; shared/sync/room/meshPlan.ts) and hold the
 *    facilitator's workspace (equal state vectors);
 *  - a newcomer joining a room of N−1 (one of the joiners leaves first, the
 *    newcomer takes its place): time until it holds the whole workspace
 *    (state vector equal to the room's, content digest checked afterwards)
 *    and until it is fully connected (as above) in the room of N;
 *  - edit → every peer: --edits app edits (add an objective) from rotating
 *    authors, --edit-spacing-ms apart; p50/p95/max over every (edit,
 *    receiver); data-channel messages and bytes per edit summed over all
 *    peers (whatever counters the connection's `transport` and `relay`
 *    expose); CPU per peer from /proc/<pid>/stat over the edit window;
 *  - at 2 peers, in the same run, interleaved block by block with Cairn's
 *    pair: the floor, two stock y-webrtc providers through the same
 *    signaling server, the same edits.
 * Then the same room scenario in a network of Linux namespaces (each peer
 * its own namespace and address, the newcomer's link limited by tbf), where
 * namespaces can be made. Writes bench/results/workshop-sync.json and the
 * table in README.md (full runs only; `--quick` and other subsets write to
 * .tmp/ unless --out says otherwise).
 *
 *   node --import tsx bench/sync.ts [--quick] [--peers 2,10,30] [--edits 60]
 *     [--netns-peers 2,10,30 | --no-netns] [--no-loopback] [--no-large] [--out FILE] [--readme-only]
 *   One size alone, loopback only: --peers 30 --no-netns --no-large
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { startSignalingServer, type SignalingServer } from '../electron/server/signalingServer';
import { newWorkshopCode, roomOf, secretOf } from '../shared/sync/invite';
import { generateWorkspace } from './generate';
import { canMakeNamespaces, createLan, type Lan, type LanHost, type LinkLimit } from '../test/support/netns';
import { startSignalingOn } from '../test/support/signalingProcess';
import { percentile, round } from './stats';
import { cpuSeconds } from './procStat';
import { bundlePeer, onBenchExit, pollUntil, sleep, startSyncPeers, stopSyncPeers, spawnHere, type Spawner, type SyncPeer } from './syncPeers';
import type { Counters, Light } from './syncPeer';
import { renderSyncTable, replaceReadmeTable } from './syncReport';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_OUT = path.join(ROOT, 'bench/results/workshop-sync.json');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    peers: { type: 'string' },
    edits: { type: 'string', default: '60' },
    'edit-spacing-ms': { type: 'string', default: '100' },
    'join-spacing-ms': { type: 'string', default: '1000' },
    'netns-peers': { type: 'string', default: '2,10,30' },
    'no-netns': { type: 'boolean', default: false },
    'no-loopback': { type: 'boolean', default: false },
    'no-large': { type: 'boolean', default: false },
    out: { type: 'string' },
    'readme-only': { type: 'boolean', default: false },
    'no-hub': { type: 'boolean', default: false },
  },
});

const SIZES = (args.peers ?? (args.quick ? '2,10' : '2,10,30')).split(',').map(Number);
const EDITS = Number(args.edits);
const EDIT_SPACING_MS = Number(args['edit-spacing-ms']);
const JOIN_SPACING_MS = Number(args['join-spacing-ms']);
const NETNS_SIZES = args['no-netns'] ? [] : args['netns-peers'].split(',').map(Number);
/** The facilitator's laptop is the room's hub (meshPlan.ts), as in the app; `--no-hub` measures the ring alone. */
const HUB = !args['no-hub'];
const FULL_RUN = !args['no-hub'] && !args.quick && !args.peers && !args['no-netns'] && !args['no-loopback'] && !args['no-large'];
const OUT = path.resolve(args.out ?? (FULL_RUN ? DEFAULT_OUT : path.join(ROOT, '.tmp/workshop-sync-partial.json')));
/** The workspace every room shares: medium, so that thirty peers on two cores finish; the large one is joined by one newcomer only. */
const WORKSPACE = { objectives: 50, keyResults: 250, checkIns: 5_000 };
const LARGE_WORKSPACE = { objectives: 200, keyResults: 1_000, checkIns: 20_000 };
/** The newcomer's link in the namespace network: a crowded Wi-Fi's share. */
const NEWCOMER_LINK: LinkLimit = { rateKbit: 5_000, burstKb: 32, latencyMs: 100 };
const FLOOR_BLOCKS = 6;
/** The most one block of edits may take (a healthy 30-peer room needs about 10 s for 60 edits). */
const EDIT_BUDGET_MS = 45_000;
/** This part's port (each part of issue 15 has its own); in the facilitator's namespace it is the only one. */
const SIGNALING_PORT = 5304;

/**
 * The others a peer of a room of `size` is in sync with when the room is
 * fully connected (`status().peers`: reached directly or through relays; the
 * direct links are whatever the mesh plan wants, which each peer reports).
 */
const othersIn = (size: number) => size - 1;

const wallClock = () => performance.timeOrigin + performance.now();
const seconds = (ms: number | null) => (ms === null ? null : round(ms / 1000, 2));

interface Network {
  name: 'loopback' | 'namespaces';
  signaling: string;
  /** How the i-th peer process of a room is started (its own namespace, or here). */
  spawnerOf: (index: number) => Spawner;
  /** The floor's stock pair: its own hosts. */
  floorSpawnerOf?: (index: number) => Spawner;
  /** Awaited before the newcomer connects (e.g. limiting its link). */
  beforeNewcomerJoins?: () => Promise<void>;
}

interface Latency {
  samples: number;
  missing: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

function latencyOf(values: number[], missing: number): Latency {
  if (values.length === 0) return { samples: 0, missing, p50Ms: null, p95Ms: null, maxMs: null };
  return { samples: values.length, missing, p50Ms: round(percentile(values, 50), 2), p95Ms: round(percentile(values, 95), 2), maxMs: round(Math.max(...values), 2) };
}

const lights = (peers: SyncPeer[]) => Promise.all(peers.map((p) => p.light().catch((): Light | null => null)));

function sumDeltas(before: Counters[], after: Counters[]): Counters {
  const total: Counters = {};
  after.forEach((counters, i) => {
    for (const [key, value] of Object.entries(counters)) total[key] = (total[key] ?? 0) + value - (before[i]?.[key] ?? 0);
  });
  return total;
}

interface Block {
  latencies: number[];
  missing: number;
  transport: Counters;
  relay: Counters;
  cpu: { peer: string; seconds: number; wallSeconds: number }[];
  edits: number;
  /** Peers that had crashed before the block: neither authors nor receivers. */
  absent: string[];
}

/**
 * Makes `count` edits from rotating authors, one per spacing, and measures
 * what they cost while they spread (counters and CPU, snapshotted a settle
 * time after the last edit, before any polling of results), then when each
 * arrived at every other peer.
 */
async function editBlock(everyone: SyncPeer[], count: number, label: string): Promise<Block> {
  const peers = everyone.filter((p) => p.crash() === null);
  const absent = everyone.filter((p) => p.crash() !== null).map((p) => p.name);
  const beforeLights = await lights(peers);
  const cpuBefore = peers.map((p) => cpuSeconds(p.pid));
  const started = wallClock();
  const sent: { marker: string; author: number; at: number }[] = [];
  for (let i = 0; i < count; i++) {
    // A room that never formed answers so slowly that its edits alone would outlast the run: stop at the budget, report what was made.
    if (wallClock() - started > EDIT_BUDGET_MS) break;
    const author = i % peers.length;
    const marker = `${label}-${i}`;
    // A peer that crashes mid-block is still counted (its edits and arrivals go missing): the crash is reported with the room.
    const at = await peers[author]!.send<{ at: number }>({ type: 'edit', marker }).then((r) => r.at, () => null);
    if (at !== null) sent.push({ marker, author, at });
    await sleep(EDIT_SPACING_MS);
  }
  await sleep(500);
  const cpuAfter = peers.map((p) => cpuSeconds(p.pid));
  const wallSeconds = (wallClock() - started) / 1000;
  const afterLights = await lights(peers);
  const key = (marker: string) => `probe:${marker}`;
  let arrivals: Record<string, number>[] = [];
  await pollUntil(async () => {
    arrivals = await Promise.all(peers.map((p) => p.send<Record<string, number>>({ type: 'arrivals' }).catch(() => ({}))));
    return sent.every((s) => arrivals.every((a, i) => i === s.author || key(s.marker) in a));
  }, 30_000, 500);
  const latencies: number[] = [];
  let missing = 0;
  for (const s of sent) {
    arrivals.forEach((a, i) => {
      if (i === s.author) return;
      const at = a[key(s.marker)];
      if (at === undefined) missing++;
      else latencies.push(at - s.at);
    });
  }
  return {
    latencies,
    missing,
    transport: sumDeltas(beforeLights.map((l) => l?.transport ?? {}), afterLights.map((l) => l?.transport ?? {})),
    relay: sumDeltas(beforeLights.map((l) => l?.relay ?? {}), afterLights.map((l) => l?.relay ?? {})),
    cpu: peers.map((p, i) => ({ peer: p.name, seconds: (cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0), wallSeconds })),
    edits: sent.length,
    absent,
  };
}

function summarizeEdits(blocks: Block[]) {
  const edits = blocks.reduce((n, b) => n + b.edits, 0);
  const latencies = blocks.flatMap((b) => b.latencies);
  const missing = blocks.reduce((n, b) => n + b.missing, 0);
  const perEdit = (counters: Counters[]) => {
    const total: Counters = {};
    for (const c of counters) for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
    return Object.fromEntries(Object.entries(total).map(([k, v]) => [k, round(v / edits, 1)]));
  };
  // % of one core per peer over the measured windows.
  const cpuByPeer = new Map<string, { used: number; wall: number }>();
  for (const { peer, seconds: used, wallSeconds } of blocks.flatMap((b) => b.cpu)) {
    const sum = cpuByPeer.get(peer) ?? { used: 0, wall: 0 };
    cpuByPeer.set(peer, { used: sum.used + used, wall: sum.wall + wallSeconds });
  }
  const cpuPct = [...cpuByPeer.values()].map(({ used, wall }) => (100 * used) / wall);
  const transport = perEdit(blocks.map((b) => b.transport));
  const relay = perEdit(blocks.map((b) => b.relay));
  return {
    edits,
    latency: latencyOf(latencies, missing),
    messagesPerEdit: transport.messagesSent ?? null,
    bytesPerEdit: transport.bytesSent ?? null,
    transportPerEdit: transport,
    relayPerEdit: relay,
    /** The document's own traffic (updates, relays, anti-entropy), without presence and keepalives. */
    syncMessagesPerEdit: relay['sent.sync.count'] ?? null,
    cpuPerPeerPctOfOneCore: { mean: round(cpuPct.reduce((a, b) => a + b, 0) / cpuPct.length, 1), max: round(Math.max(...cpuPct), 1) },
    absentPeers: [...new Set(blocks.flatMap((b) => b.absent))],
  };
}

/** Everyone's stamps reached, or the time is up; the latest stamp of each kind (null when someone never got there). */
async function waitForStamps(peers: SyncPeer[], timeoutMs: number) {
  let latest: Light[] = [];
  await pollUntil(async () => {
    latest = (await lights(peers)).filter((l): l is Light => l !== null);
    // A crashed peer will never get there: stop waiting.
    if (peers.some((p) => p.crash() !== null)) return true;
    return latest.length === peers.length && latest.every((l) => l.heldAt !== null && l.linkedAt !== null);
  }, timeoutMs, 500);
  const last = (field: 'heldAt' | 'linkedAt') => (latest.every((l) => l[field] !== null) && latest.length === peers.length ? Math.max(...latest.map((l) => l[field]!)) : null);
  return {
    heldAt: last('heldAt'),
    linkedAt: last('linkedAt'),
    held: latest.filter((l) => l.heldAt !== null).length,
    linked: latest.filter((l) => l.linkedAt !== null).length,
    links: latest.reduce((n, l) => n + l.directLinks, 0),
    wanted: latest.reduce((n, l) => n + l.wantedLinks, 0),
  };
}

async function connectFloorPair(network: Network, workspaceFile: string): Promise<SyncPeer[]> {
  const pair = await startSyncPeers(['stock0', 'stock1'], network.floorSpawnerOf ?? network.spawnerOf);
  const code = newWorkshopCode();
  for (const p of pair) await p.send({ type: 'load', file: workspaceFile });
  // One after the other: stock y-webrtc peers that announce at the same moment can deadlock (glare), and have no watchdog.
  for (const p of pair) {
    await p.send({ type: 'connect-stock', room: roomOf(code), password: secretOf(code), signaling: [network.signaling] });
    await sleep(1000);
  }
  await pair[0]!.send({ type: 'edit', marker: 'floor-warmup' });
  const connected = await pollUntil(async () => 'probe:floor-warmup' in (await pair[1]!.send<Record<string, number>>({ type: 'arrivals' })), 60_000);
  if (!connected) throw new Error('the stock y-webrtc pair never connected');
  await sleep(1000);
  return pair;
}

interface RoomResult {
  peers: number;
  formation: { joiners: number; joinSpacingMs: number; allLinkedSeconds: number | null; allHeldSeconds: number | null; linked: number; held: number; directLinks: number; plannedLinks: number; fullMeshLinks: number };
  departureSeenSeconds: number | null;
  newcomer: { roomOf: number; linkLimit: LinkLimit | null; holdsWorkspaceSeconds: number | null; fullyConnectedSeconds: number | null; contentMatches: boolean; bytesSentByAllPeers: number | null; newcomerBytesReceived: number };
  edits: ReturnType<typeof summarizeEdits> & { allConnected: boolean };
  crashed: { peer: string; reason: string | null }[];
  floor?: { latency: Latency; cpuPerPeerPctOfOneCore: { mean: number; max: number } };
}

async function roomScenario(size: number, network: Network, workspaceFile: string): Promise<RoomResult> {
  const label = `${network.name}, ${size} peers`;
  console.log(`\n${label}: starting ${size + 1} peer processes…`);
  // Facilitator, N−1 joiners (the last leaves before the newcomer comes), the newcomer.
  const names = ['facilitator', ...Array.from({ length: size - 1 }, (_, i) => `joiner${i + 1}`), 'newcomer'];
  const all = await startSyncPeers(names, network.spawnerOf);
  const [facilitator] = all;
  const room = all.slice(0, size);
  const newcomer = all[size]!;
  const leaver = room[size - 1]!;
  let floorPair: SyncPeer[] = [];
  try {
    const { stateVector } = await facilitator!.send<{ stateVector: string }>({ type: 'load', file: workspaceFile });
    await Promise.all(all.slice(1).map((p) => p.send({ type: 'load', file: null })));
    const code = newWorkshopCode();
    const connect = (p: SyncPeer) =>
      p.send({ type: 'connect', code, signaling: [network.signaling], hub: HUB && p === facilitator }).catch((error: unknown) => console.error(`  ${String(error)}`));

    // Room formation: N peers, one joining per spacing.
    await Promise.all(room.map((p) => p.send({ type: 'expect', stateVector, links: othersIn(size) })));
    const formationStarted = wallClock();
    // On the clock, not after each answer: on a saturated machine a peer answers late, and
    // waiting for it would spread thirty joins over minutes instead of the intended half-minute.
    const joins: Promise<unknown>[] = [];
    for (const [i, p] of room.entries()) {
      await sleep(formationStarted + i * JOIN_SPACING_MS - wallClock());
      joins.push(connect(p));
    }
    await Promise.all(joins);
    const lastJoinSeconds = round((wallClock() - formationStarted) / 1000, 2);
    console.log(`  ${size} joined over ${lastJoinSeconds} s (asked over ${round(((size - 1) * JOIN_SPACING_MS) / 1000)} s); waiting for the mesh and the workspace…`);
    // Three times the 30 s after the last join: what has not formed by then is reported as not reached.
    const formed = await waitForStamps(room, 90_000);
    const formation = {
      joiners: size,
      joinSpacingMs: JOIN_SPACING_MS,
      /** When the last peer's connect had returned, from the first join. */
      lastJoinSeconds,
      allLinkedSeconds: seconds(formed.linkedAt && formed.linkedAt - formationStarted),
      allHeldSeconds: seconds(formed.heldAt && formed.heldAt - formationStarted),
      linked: formed.linked,
      held: formed.held,
      directLinks: formed.links / 2,
      plannedLinks: formed.wanted / 2,
      fullMeshLinks: (size * othersIn(size)) / 2,
    };
    console.log(`  formation: ${JSON.stringify(formation)}`);

    // One leaves; the newcomer takes its place in a room of N−1.
    const stayed = room.slice(0, size - 1);
    await leaver.send({ type: 'leave' });
    const leftAt = wallClock();
    await stopSyncPeers([leaver]);
    const departureSeen = await pollUntil(async () => (await lights(stayed)).every((l) => l?.status?.peers === othersIn(size - 1)), 15_000, 250);
    const departureSeenSeconds = departureSeen ? round((wallClock() - leftAt) / 1000, 2) : null;
    await sleep(1000);
    await newcomer.send({ type: 'expect', stateVector, links: othersIn(size) });
    await network.beforeNewcomerJoins?.();
    const beforeJoin = await lights([...stayed, newcomer]);
    const joinedAt = wallClock();
    await connect(newcomer);
    const joined = await waitForStamps([newcomer], 60_000);
    const afterJoin = await lights([...stayed, newcomer]);
    const joinTraffic = sumDeltas(beforeJoin.map((l) => l?.transport ?? {}), afterJoin.map((l) => l?.transport ?? {}));
    const [facilitatorDigest, newcomerDigest] = await Promise.all([facilitator!, newcomer].map((p) => p.send<{ contentSha256: string }>({ type: 'digest' }).catch(() => ({ contentSha256: p.name }))));
    const newcomerResult = {
      roomOf: size - 1,
      linkLimit: network.name === 'namespaces' ? NEWCOMER_LINK : null,
      holdsWorkspaceSeconds: seconds(joined.heldAt && joined.heldAt - joinedAt),
      fullyConnectedSeconds: seconds(joined.linkedAt && joined.linkedAt - joinedAt),
      contentMatches: facilitatorDigest!.contentSha256 === newcomerDigest!.contentSha256,
      // Until the newcomer held everything (or gave up): what the room sent for it, all peers together, the newcomer included.
      bytesSentByAllPeers: joinTraffic.bytesSent ?? null,
      newcomerBytesReceived: (afterJoin.at(-1)?.transport.bytesReceived ?? 0) - (beforeJoin.at(-1)?.transport.bytesReceived ?? 0),
    };
    console.log(`  newcomer: ${JSON.stringify(newcomerResult)}`);

    // Edits among all N.
    const editors = [...stayed, newcomer];
    const allConnected = await pollUntil(async () => (await lights(editors)).every((l) => l?.status?.peers === othersIn(size) && l.linkedAt !== null), 10_000, 500);
    await sleep(1000);
    let blocks: Block[];
    let floor: RoomResult['floor'];
    if (size === 2) {
      // The floor in the same run, block by block with Cairn's pair, so machine load hits both alike.
      floorPair = await connectFloorPair(network, workspaceFile);
      blocks = [];
      const floorBlocks: Block[] = [];
      const perBlock = Math.ceil(EDITS / FLOOR_BLOCKS);
      for (let b = 0; b < FLOOR_BLOCKS; b++) {
        floorBlocks.push(await editBlock(floorPair, perBlock, `floor${b}`));
        blocks.push(await editBlock(editors, perBlock, `cairn${b}`));
      }
      const floorSummary = summarizeEdits(floorBlocks);
      floor = { latency: floorSummary.latency, cpuPerPeerPctOfOneCore: floorSummary.cpuPerPeerPctOfOneCore };
      console.log(`  floor (stock y-webrtc): ${JSON.stringify(floor)}`);
    } else {
      blocks = [await editBlock(editors, EDITS, 'cairn')];
    }
    const edits = { allConnected, ...summarizeEdits(blocks) };
    console.log(`  edits: ${JSON.stringify(edits)}`);
    // Peers that crashed (a transport defect, not the bench's): named, with why, so a figure is never read without it.
    const crashed = [...all, ...floorPair].filter((p) => p.crash() !== null).map((p) => ({ peer: p.name, reason: p.crash() }));
    if (crashed.length) console.log(`  crashed: ${JSON.stringify(crashed)}`);
    return { peers: size, formation, departureSeenSeconds, newcomer: newcomerResult, edits, crashed, ...(floor ? { floor } : {}) };
  } finally {
    await stopSyncPeers([...all, ...floorPair]);
  }
}

/** The large workspace to one newcomer, room of one, on loopback. */
async function largeJoin(network: Network, file: string, bytes: number) {
  console.log(`\n${network.name}: a newcomer joins a room of 1 holding the large workspace…`);
  const [host, joiner] = await startSyncPeers(['facilitator', 'newcomer'], network.spawnerOf);
  try {
    const { stateVector } = await host!.send<{ stateVector: string }>({ type: 'load', file });
    await joiner!.send({ type: 'load', file: null });
    const code = newWorkshopCode();
    await host!.send({ type: 'connect', code, signaling: [network.signaling] });
    await pollUntil(async () => (await host!.light()).status?.signalingConnected === true, 30_000);
    await joiner!.send({ type: 'expect', stateVector, links: 1 });
    const joinedAt = wallClock();
    await joiner!.send({ type: 'connect', code, signaling: [network.signaling] });
    const joined = await waitForStamps([joiner!], 90_000);
    const result = { workspace: LARGE_WORKSPACE, encodedBytes: bytes, holdsWorkspaceSeconds: seconds(joined.heldAt && joined.heldAt - joinedAt), fullyConnectedSeconds: seconds(joined.linkedAt && joined.linkedAt - joinedAt) };
    console.log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    await stopSyncPeers([host!, joiner!]);
  }
}

async function writeWorkspace(dir: string, name: string, size: { objectives: number; keyResults: number; checkIns: number }) {
  const update = Y.encodeStateAsUpdate(generateWorkspace(size.objectives, size.keyResults, size.checkIns).doc);
  const file = path.join(dir, `${name}.yjs`);
  await writeFile(file, update);
  return { file, bytes: update.length };
}

/** `cairn signal` in the facilitator's namespace, as at a workshop (the facilitator's laptop runs it). */
async function startSignalingIn(host: LanHost): Promise<{ url: string; stop: () => void }> {
  const signaling = await startSignalingOn(host, SIGNALING_PORT);
  const forget = onBenchExit(() => void signaling.kill());
  return {
    url: signaling.url,
    stop: () => {
      void signaling.stop();
      forget();
    },
  };
}

async function runNamespaces(sizes: number[], workspaceFile: string) {
  if (!(await canMakeNamespaces())) {
    const reason = 'network namespaces cannot be made here (needs root and iproute2)';
    console.log(`\nNamespace network skipped: ${reason}`);
    return { ran: false, reason, rooms: [] };
  }
  const rooms: RoomResult[] = [];
  for (const size of sizes) {
    // Hosts: the facilitator (and signaling), the joiners, the newcomer, then the floor's stock pair.
    const lan: Lan = await createLan({ hosts: size + 3 });
    const signaling = await startSignalingIn(lan.hosts[0]!);
    try {
      const network: Network = {
        name: 'namespaces',
        signaling: signaling.url,
        // startSyncPeers numbers the room's processes 0..size (the newcomer last); the floor pair has the two hosts after it.
        spawnerOf: (index) => lan.hosts[index]!.spawn,
        floorSpawnerOf: (index) => lan.hosts[size + 1 + index]!.spawn,
        beforeNewcomerJoins: () => lan.limit(lan.hosts[size]!, NEWCOMER_LINK),
      };
      rooms.push(await roomScenario(size, network, workspaceFile));
    } finally {
      signaling.stop();
      await lan.destroy();
    }
  }
  return { ran: true, newcomerLink: NEWCOMER_LINK, rooms };
}

function cpuModel() {
  return os.cpus()[0]?.model ?? 'unknown';
}

async function main() {
  if (args['readme-only']) {
    const results = JSON.parse(await readFile(DEFAULT_OUT, 'utf8')) as Parameters<typeof renderSyncTable>[0];
    await replaceReadmeTable(path.join(ROOT, 'README.md'), renderSyncTable(results));
    console.log('README.md table rewritten from bench/results/workshop-sync.json');
    return;
  }
  const started = Date.now();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  await bundlePeer();
  const tmp = path.join(ROOT, '.tmp/bench-sync');
  await mkdir(tmp, { recursive: true });
  const medium = await writeWorkspace(tmp, 'medium', WORKSPACE);
  const large = await writeWorkspace(tmp, 'large', LARGE_WORKSPACE);

  const server: SignalingServer = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  const loopback: Network = { name: 'loopback', signaling: server.url, spawnerOf: () => spawnHere };
  const rooms: RoomResult[] = [];
  let joinLarge: Awaited<ReturnType<typeof largeJoin>> | undefined;
  let namespaces: Awaited<ReturnType<typeof runNamespaces>> = { ran: false, reason: args['no-netns'] ? '--no-netns' : 'not run yet', rooms: [] };
  const ratio = (cairn: number | null | undefined, floor: number | null | undefined) => (cairn != null && floor ? round(cairn / floor, 2) : null);
  /** Written after every scenario, so that a run cut short still leaves what it measured (marked incomplete). */
  const save = async (complete: boolean) => {
    const two = rooms.find((r) => r.peers === 2);
    const results = {
      measuredAt: new Date().toISOString(),
      complete,
      machine: { cpus: os.cpus().length, cpuModel: cpuModel(), node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) },
      runSeconds: round((Date.now() - started) / 1000),
      hub: HUB,
      method:
        `Separate Node processes (real WebRTC, @roamhq/wrtc) through Cairn's signaling server, joining with connectWorkshop. ` +
        `Workspace: ${WORKSPACE.objectives} objectives, ${WORKSPACE.keyResults} KRs, ${WORKSPACE.checkIns} check-ins (${medium.bytes} bytes), held by the facilitator; everyone else joins empty. ` +
        `Formation: N peers join ${JOIN_SPACING_MS} ms apart; times from the first join until the last peer is fully connected (in sync with all N−1 others, directly or through relays, and linked to every peer its mesh plan wants: all up to 10 peers; above, ${HUB ? 'with the facilitator as hub: the hub all, the others the hub and 4 ring neighbours' : 'no hub: 2·⌈log2 N⌉ at most'}) / holds the workspace (equal state vectors); given up 90 s after the last join. ` +
        `Newcomer: one joiner leaves, a fresh empty peer joins the N−1 left (given up after 60 s); the content digest of its workspace is compared to the facilitator's. ` +
        `Edits: ${EDITS} add-objective commands from rotating authors, ${EDIT_SPACING_MS} ms apart (no more made after ${EDIT_BUDGET_MS / 1000} s); latency = wall clock from before the command on the author to the change observed in each other peer's document; ` +
        `messages and bytes per edit = the connection's transport counters summed over all peers (awareness heartbeats included; "sync" = the document's own messages: updates, relays, anti-entropy); CPU = /proc/<pid>/stat utime+stime over the edit window, % of one core. ` +
        `At 2 peers the floor (two stock y-webrtc providers, no Cairn transport code, same signaling server, same edits) runs interleaved in ${FLOOR_BLOCKS} blocks with Cairn's pair.`,
      workspace: { ...WORKSPACE, encodedBytes: medium.bytes },
      loopback: rooms,
      overFloorAt2Peers: two?.floor ? { p50: ratio(two.edits.latency.p50Ms, two.floor.latency.p50Ms), p95: ratio(two.edits.latency.p95Ms, two.floor.latency.p95Ms) } : null,
      joinLargeWorkspace: joinLarge,
      namespaces,
      targets: {
        newcomerIn29HoldsWorkspaceSeconds: 2,
        newcomerIn29FullyConnectedSeconds: 5,
        thirtyJoiningAllConnectedSeconds: 30,
        p95At10PeersMs: 50,
        p95At30PeersMs: 100,
        maxOverFloorAt2Peers: 1.5,
      },
    };
    await mkdir(path.dirname(OUT), { recursive: true });
    await writeFile(OUT, `${JSON.stringify(results, null, 2)}\n`);
    return results;
  };
  try {
    if (!args['no-loopback']) {
      for (const size of SIZES) {
        rooms.push(await roomScenario(size, loopback, medium.file));
        await save(false);
      }
      if (!args['no-large']) {
        joinLarge = await largeJoin(loopback, large.file, large.bytes);
        await save(false);
      }
    }
  } finally {
    await server.close();
  }
  if (NETNS_SIZES.length) namespaces = await runNamespaces(NETNS_SIZES, medium.file);
  const results = await save(true);
  const table = renderSyncTable(results);
  console.log(`\n${table}`);
  console.log(`Wrote ${path.relative(ROOT, OUT)} in ${results.runSeconds} s`);
  if (OUT === DEFAULT_OUT) {
    await replaceReadmeTable(path.join(ROOT, 'README.md'), table);
    console.log('Rewrote the workshop sync table in README.md');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
