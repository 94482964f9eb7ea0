import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkshopCode } from '../../shared/sync/invite';
import { canMakeNamespaces } from '../support/netns';
import { converged, stopPeers, waitUntil, type Peer } from './peers';
import { delayUntil, describeNetwork, lanHostOf, makeNetwork, startPeerAt, startSignalingOn, viewOf, type Network, type PeerView, type SignalingProcess } from './lanNetwork';

/*
 * The workshop on a real network (issue 15): five peers, each on its own host
 * of a namespace LAN (test/support/netns.ts), the facilitator's host also runs
 * `cairn signal`. Faults a room meets: a link cut and healed, a flapping link,
 * the signaling server crashing, the facilitator's laptop asleep for a minute,
 * a newcomer's multi-MB sync over a 5 Mbit/s link. After each: everyone holds
 * the same workspace with every edit made during the fault (nothing lost), and
 * the status and presence each peer shows tell the truth within 5 s.
 *
 * One LAN and one room for all scenarios (sequential, each starts by waiting
 * for a full, converged room): setting up five WebRTC peers costs more than
 * most scenarios. Where namespaces cannot be made, the same file runs on
 * loopback: the faults that need a link (cut, flap, bandwidth) are skipped,
 * the rest (signaling crash, SIGSTOP, a peer that is gone) run as they are.
 * About 3 minutes on a loaded 2-core machine, the 60 s sleep included, once
 * the transport meets the issue's targets; with y-webrtc today the truth
 * checks fail and their waits run out (about 5.5 minutes).
 */

const TRUTH_TARGET_MS = 5000;
/**
 * The issue's deadline is 5 s; the assertion allows 3 s more because on this
 * shared 2-core machine a peer process can wait seconds for the CPU (six
 * WebRTC processes plus other engineers' suites), and the test's own polling
 * adds up to 100 ms plus an IPC round trip. A transport that holds stale
 * presence for 20–30 s still fails by far. The measured figure is printed.
 */
const TRUTH_BOUND_MS = TRUTH_TARGET_MS + 3000;
/**
 * How long a truth delay is measured before it is recorded as "more than
 * this" (CAIRN_LAN_MEASURE_MS to measure today's transport further; the
 * default keeps a failing run short).
 */
const MEASURE_MS = Number(process.env.CAIRN_LAN_MEASURE_MS ?? 15_000);
const SIGNALING_PORT = 5302;
const NAMES = ['fac', 'ana', 'ben', 'chen', 'dana'] as const;

const namespacesAvailable = process.env.CAIRN_LAN_LOOPBACK ? false : await canMakeNamespaces();

let network: Network;
let signaling: SignalingProcess;
let peers: Peer[] = [];
let extra: Peer[] = [];
let code = newWorkshopCode();
/** Every marker any peer set in this room: all must be everywhere at the end of each scenario. */
const markers: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[lan] ${line}`);
const others = (peer: Peer, all: Peer[] = peers) => all.filter((p) => p !== peer);
const namesOf = (all: Peer[]) => all.map((p) => p.name).sort();

/** Every peer connected to every other, in sync, and showing each of them as present. */
function fullRoom(all: Peer[]) {
  return async () => {
    const views = await Promise.all(all.map((p) => viewOf(p)));
    return views.every((v, i) => v.status?.state === 'in-sync' && v.status.peers === all.length - 1 && JSON.stringify(v.presence) === JSON.stringify(namesOf(others(all[i]!, all))));
  };
}

const explainViews = (all: Peer[]) => async () => Object.fromEntries(await Promise.all(all.map(async (p) => [p.name, { ...(await viewOf(p)), stateVector: undefined }] as const)));

const sameStateVectors = (all: Peer[]) => async () => new Set((await Promise.all(all.map((p) => viewOf(p)))).map((v) => v.stateVector)).size === 1;

/** Waits for a converged, full room; returns how long it took. */
async function settle(all: Peer[], what: string, ms = 60_000): Promise<number> {
  const start = Date.now();
  // Equal state vectors first (cheap to poll), then the full comparison (deletions are not in a state vector).
  await waitUntil(async () => (await sameStateVectors(all)()) && (await fullRoom(all)()), ms, what, explainViews(all));
  await waitUntil(async () => (await converged(all)) && (await fullRoom(all)()), Math.max(5000, ms - (Date.now() - start)), what, explainViews(all));
  const took = Date.now() - start;
  log(`${what}: ${took} ms`);
  return took;
}

/** Each peer sets a marker and makes seeded random edits; the markers are remembered. */
async function editOn(all: Peer[], label: string, seed: number): Promise<void> {
  await Promise.all(
    all.map(async (p, i) => {
      const marker = `${label}:${p.name}`;
      markers.push(marker);
      await p.send({ type: 'set', key: marker, value: marker });
      await p.send({ type: 'edits', count: 5, seed: seed + i });
    }),
  );
}

interface FullState {
  canonical: string;
  plainMap: Record<string, unknown>;
  created: { objectives: string[]; keyResults: string[]; checkIns: string[] };
}

/** Nothing lost: every marker and every record any peer created is in everyone's (converged) workspace. */
async function expectNothingLost(all: Peer[]): Promise<void> {
  const states = await Promise.all(all.map((p) => p.send<FullState>({ type: 'state' })));
  const workspace = JSON.parse(states[0]!.canonical) as { objectives: { id: string }[]; keyResults: { id: string }[]; checkIns: { id: string }[] };
  const ids = new Set([...workspace.objectives, ...workspace.keyResults, ...workspace.checkIns].map((e) => e.id));
  for (const state of states) {
    for (const marker of markers) expect(state.plainMap[marker], marker).toBe(marker);
    for (const id of [...state.created.objectives, ...state.created.keyResults, ...state.created.checkIns]) expect(ids.has(id), id).toBe(true);
  }
}

/** Measures, for each peer in parallel, how long until its view tells the truth (null: not within MEASURE_MS). */
async function measureTruth(cases: { peer: Peer; truth: (view: PeerView) => boolean; what: string }[], since: number): Promise<{ what: string; ms: number | null; last: PeerView }[]> {
  const results = await Promise.all(cases.map(async (c) => ({ what: c.what, ...(await delayUntil(c.peer, c.truth, since, MEASURE_MS)) })));
  for (const r of results) {
    log(`  ${r.what}: ${r.ms === null ? `NOT within ${MEASURE_MS} ms (still ${JSON.stringify({ ...r.last.status, presence: r.last.presence })})` : `${r.ms} ms`}`);
  }
  return results;
}

function expectTruthful(results: { what: string; ms: number | null }[]): void {
  for (const r of results) expect.soft(r.ms ?? Infinity, `${r.what} (target ${TRUTH_TARGET_MS} ms)`).toBeLessThanOrEqual(TRUTH_BOUND_MS);
}

/** The others see `gone` as gone: one peer fewer, and not in their presence. */
const goneFrom = (gone: Peer, remaining: Peer[], label: string) =>
  remaining.map((peer) => ({
    peer,
    what: `${label}: ${peer.name} stops showing ${gone.name}`,
    truth: (v: PeerView) => v.status !== null && v.status.peers === remaining.length - 1 && !v.presence.includes(gone.name),
  }));

/** Five new peer processes, one per host, in a new room. */
async function openRoom(): Promise<void> {
  await stopPeers([...peers, ...extra]);
  extra = [];
  markers.length = 0;
  code = newWorkshopCode();
  peers = await Promise.all(NAMES.map((name, i) => startPeerAt(name, network.hosts[i]!)));
  await peers[0]!.send({ type: 'create' });
  for (const peer of peers) await peer.send({ type: 'connect', code, signaling: [signaling.url] });
  await settle(peers, 'five peers in one room', 90_000);
}

/**
 * Each scenario starts from a full, converged room: the last scenario's when
 * it recovered (cheaper), else a new one, so that one scenario's failure
 * (already reported there) does not fail the next ones' preconditions.
 */
async function roomReady(): Promise<void> {
  try {
    await settle(peers, 'precondition: the room from the last scenario, full and converged', 20_000);
  } catch {
    log('the room did not recover from the last scenario (see its failure): a new room for this one');
    await openRoom();
  }
}

beforeAll(async () => {
  network = await makeNetwork(NAMES.length + 1);
  log(`network: ${describeNetwork(network)}`);
  if (network.kind === 'namespaces') log(`  hosts ${network.hosts.map((h) => `${h.name}=${h.address}`).join(', ')} on one bridge; signaling on ${network.hosts[0]!.address}:${SIGNALING_PORT}`);
  else log('  skipped here: the partition, the flapping link and the bandwidth limit (they need a link to cut or limit); run: the signaling crash, a peer gone, the facilitator asleep');
  signaling = await startSignalingOn(network.hosts[0]!, SIGNALING_PORT);
  await openRoom();
}, 180_000);

afterAll(async () => {
  await stopPeers([...peers, ...extra]);
  await signaling?.kill();
  await network?.destroy();
});

describe('the workshop on a real network', { timeout: 300_000 }, () => {
  it.skipIf(!namespacesAvailable)('a partition: one host cut off edits alone, the rest keep syncing, and all converge after healing', async () => {
    await roomReady();
    const lan = network.lan!;
    const [, ana] = peers as [Peer, Peer];
    const rest = others(ana);
    log('partition: ana\'s link cut');
    const cutAt = Date.now();
    await lan.cut(lanHostOf(network, network.hosts[1]!));
    const [truth] = await Promise.all([
      measureTruth(
        [
          { peer: ana, what: 'partition: ana (cut off) says offline, 0 peers, nobody present', truth: (v) => v.status?.state === 'offline' && v.status.peers === 0 && v.presence.length === 0 },
          ...goneFrom(ana, rest, 'partition'),
        ],
        cutAt,
      ),
      (async () => {
        await editOn(peers, 'partition', 100);
        // The connected side still syncs among itself while ana is away.
        await waitUntil(() => converged(rest), 30_000, 'the connected side to sync during the partition');
        // And the cut is real: nothing of theirs reached ana (a check of the harness, not of Cairn).
        const cutOff = await ana.send<FullState>({ type: 'state' });
        expect(Object.keys(cutOff.plainMap).filter((key) => key.startsWith('partition:') && key !== 'partition:ana')).toEqual([]);
      })(),
    ]);
    await lan.heal(lanHostOf(network, network.hosts[1]!));
    log('partition: healed');
    await settle(peers, 'partition: converged and full room after healing', 60_000);
    await expectNothingLost(peers);
    expectTruthful(truth);
  });

  it.skipIf(!namespacesAvailable)('a flapping link (down/up every 2 s for 20 s): converges, nothing lost, once it settles', async () => {
    await roomReady();
    const lan = network.lan!;
    const host = lanHostOf(network, network.hosts[2]!);
    log('flapping: ben\'s link down/up every 2 s for 20 s, everyone editing');
    for (let flap = 0; flap < 5; flap++) {
      await lan.cut(host);
      await editOn(peers, `flap${flap}down`, 200 + flap * 10);
      await sleep(2000);
      await lan.heal(host);
      await editOn(peers, `flap${flap}up`, 300 + flap * 10);
      await sleep(2000);
    }
    // Once the link is steady again the room must be whole again: a wait (generous, for a loaded machine), not a timing.
    await settle(peers, 'flapping: converged and full room after the link settled', 60_000);
    await expectNothingLost(peers);
  });

  it('the signaling server crashes and restarts on the same port: peers see it, reconnect, a newcomer joins, and one that is gone is not shown', async () => {
    await roomReady();
    log('signaling: killed (SIGKILL)');
    const killedAt = Date.now();
    await signaling.kill();
    const down = await measureTruth(
      peers.map((peer) => ({ peer, what: `signaling down: ${peer.name} says signaling is unreachable, keeps its ${peers.length - 1} peers`, truth: (v: PeerView) => v.status?.signalingConnected === false && v.status.peers === peers.length - 1 })),
      killedAt,
    );
    await editOn(peers, 'nosignaling', 400);
    // The mesh does not need the server to carry edits.
    await waitUntil(() => converged(peers), 30_000, 'edits to sync without the signaling server');
    signaling = await startSignalingOn(network.hosts[0]!, SIGNALING_PORT);
    const restartedAt = Date.now();
    log('signaling: restarted on the same port');
    const up = await measureTruth(
      peers.map((peer) => ({ peer, what: `signaling back: ${peer.name} reconnected to it`, truth: (v: PeerView) => v.status?.signalingConnected === true })),
      restartedAt,
    );
    const newcomer = await startPeerAt('erin', network.hosts[NAMES.length]!);
    extra.push(newcomer);
    const joinAt = Date.now();
    await newcomer.send({ type: 'connect', code, signaling: [signaling.url] });
    await settle([...peers, newcomer], 'signaling: a newcomer joined through the restarted server', 60_000);
    log(`  newcomer in a full room after ${Date.now() - joinAt} ms`);
    await expectNothingLost([...peers, newcomer]);
    // The newcomer's laptop dies: it is gone, and must not be shown as present.
    const goneAt = Date.now();
    newcomer.kill();
    extra = extra.filter((p) => p !== newcomer);
    const gone = await measureTruth(goneFrom(newcomer, peers, 'a peer gone (killed)'), goneAt);
    expectTruthful([...down, ...gone]);
    // Reconnecting to a restarted server is not a truth deadline; generous, for a loaded machine.
    for (const r of up) expect.soft(r.ms ?? Infinity, r.what).toBeLessThanOrEqual(MEASURE_MS);
  });

  it.skipIf(!namespacesAvailable)('a newcomer\'s multi-MB sync over 5 Mbit/s links: the others\' edits still reach each other meanwhile', async () => {
    await roomReady();
    const lan = network.lan!;
    const [fac] = peers as [Peer];
    const { bytes } = await fac.send<{ bytes: number }>({ type: 'grow', checkIns: 24_000 });
    log(`bandwidth: the workspace grew to ${(bytes / 1e6).toFixed(1)} MB`);
    expect(bytes).toBeGreaterThan(3_000_000);
    await waitUntil(sameStateVectors(peers), 120_000, 'the grown workspace to reach the room');
    const newcomerHost = network.hosts[NAMES.length]!;
    // The newcomer and the facilitator (who holds the workspace and answers first) on a crowded Wi-Fi's bandwidth.
    await lan.limit(lanHostOf(network, newcomerHost), { rateKbit: 5000 });
    await lan.limit(lanHostOf(network, network.hosts[0]!), { rateKbit: 5000 });
    try {
      await Promise.all(peers.map((p) => p.send({ type: 'watch' })));
      const newcomer = await startPeerAt('fay', newcomerHost);
      extra.push(newcomer);
      const joinAt = Date.now();
      await newcomer.send({ type: 'connect', code, signaling: [signaling.url] });
      const probes: { from: Peer; marker: string; at: number }[] = [];
      let transferred: number | null = null;
      const target = (await viewOf(fac)).stateVector;
      for (let i = 0; transferred === null; i++) {
        const from = peers[i % peers.length]!;
        const marker = `bw${i}:${from.name}`;
        const { at } = await from.send<{ at: number }>({ type: 'probe', kind: 'plain', marker });
        probes.push({ from, marker, at });
        await sleep(500);
        if (((await viewOf(newcomer, true)).bytes ?? 0) >= bytes) transferred = Date.now() - joinAt;
        if (Date.now() - joinAt > 150_000) throw new Error(`the newcomer did not receive the workspace within 150 s (target state vector ${target})`);
      }
      log(`bandwidth: newcomer received ${(bytes / 1e6).toFixed(1)} MB over 5 Mbit/s in ${transferred} ms`);
      // The limit is real (a check of the harness): no faster than 5 Mbit/s allows, whatever the machine's load.
      expect(transferred).toBeGreaterThanOrEqual(((bytes * 8) / 5_000_000) * 1000 * 0.9);
      await sleep(3000);
      const arrivals = await Promise.all(peers.map((p) => p.send<Record<string, number>>({ type: 'arrivals' })));
      const latencies: number[] = [];
      const missing: string[] = [];
      for (const probe of probes) {
        peers.forEach((p, j) => {
          if (p === probe.from) return;
          const arrived = arrivals[j]![`probe:${probe.marker}`];
          if (arrived === undefined) missing.push(`${probe.marker}→${p.name}`);
          else latencies.push(arrived - probe.at);
        });
      }
      latencies.sort((a, b) => a - b);
      const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
      log(`bandwidth: edits among the others during the transfer: ${probes.length} probes, latency p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms; ${missing.length} not arrived 3 s after`);
      expect(missing).toEqual([]);
    } finally {
      await lan.unlimit(lanHostOf(network, newcomerHost));
      await lan.unlimit(lanHostOf(network, network.hosts[0]!));
    }
    await waitUntil(sameStateVectors([...peers, ...extra]), 120_000, 'everyone, the newcomer included, to hold the same workspace');
    // The newcomer leaves (saying goodbye), so the last scenario starts from the five.
    await stopPeers(extra);
    extra = [];
  });

  it('the facilitator\'s laptop sleeps for 60 s (peer and signaling server SIGSTOPped): the others keep syncing, and all converge when it wakes', async () => {
    await roomReady();
    const [fac] = peers as [Peer];
    const rest = others(fac);
    log('sleep: facilitator\'s peer and signaling server SIGSTOPped for 60 s');
    const asleepAt = Date.now();
    process.kill(fac.pid, 'SIGSTOP');
    process.kill(signaling.pid, 'SIGSTOP');
    let truth: Awaited<ReturnType<typeof measureTruth>> = [];
    try {
      [truth] = await Promise.all([
        measureTruth(goneFrom(fac, rest, 'facilitator asleep'), asleepAt),
        (async () => {
          await editOn(rest, 'asleep', 500);
          await waitUntil(() => converged(rest), 30_000, 'the others to sync with each other while the facilitator sleeps');
          log(`  the others synced with each other ${Date.now() - asleepAt} ms into the sleep`);
        })(),
      ]);
      await sleep(Math.max(0, 60_000 - (Date.now() - asleepAt)));
      await editOn(rest, 'asleep-late', 600);
    } finally {
      process.kill(signaling.pid, 'SIGCONT');
      process.kill(fac.pid, 'SIGCONT');
    }
    const wokeAt = Date.now();
    log('sleep: woken (SIGCONT)');
    // Awake, the facilitator must not say "in sync" while it lacks what the others wrote meanwhile.
    const roomState = (await viewOf(rest[0]!)).stateVector;
    // Measured while the room heals, so a failing run costs no more time than the wait for healing.
    const [woken, healed] = await Promise.allSettled([
      measureTruth(
        [{ peer: fac, what: 'woken: the facilitator says in-sync only once it holds the others\' edits', truth: (v) => v.status?.state !== 'in-sync' || v.stateVector === roomState }],
        wokeAt,
      ),
      settle(peers, 'sleep: converged and full room after waking', 45_000),
    ]);
    if (woken.status === 'fulfilled') expectTruthful([...truth, ...woken.value]);
    if (healed.status === 'rejected') throw healed.reason;
    await expectNothingLost(peers);
  });
});
