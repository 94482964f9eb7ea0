/*
 * Workshop votes, figures not tests: 10 laptops (real WebRTC via @roamhq/wrtc,
 * each its own Node process, on loopback through Cairn's signaling server)
 * run a secret confidence vote; we time from the opener's close to the
 * moment each laptop first shows the full result (every ballot revealed and
 * counted), and count the data-channel bytes the vote's commits and reveals
 * cost. `node --import tsx bench/votes.ts`; writes bench/results/votes.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSignalingServer } from '../electron/server/signalingServer';
import { newWorkshopCode } from '../shared/sync/invite';
import { startPeerProcess, waitUntil, type Peer } from '../test/sync/peers';
import type { VotePeerCommand } from '../test/sync/votePeerProcess';
import { percentile, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const PEERS = Number(process.env.VOTE_PEERS ?? 10);

interface Light {
  peers: number;
  hasVote: boolean;
  commits: number;
  resultAt: number | null;
  transport: { messagesSent: number; bytesSent: number } | null;
}

const light = (peers: Peer<VotePeerCommand>[]) => Promise.all(peers.map((p) => p.send<Light>({ type: 'light' })));
const bytes = (states: Light[]) => states.reduce((sum, s) => sum + (s.transport?.bytesSent ?? 0), 0);

async function main(): Promise<void> {
  const server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  const peers: Peer<VotePeerCommand>[] = [];
  try {
    for (let i = 0; i < PEERS; i += 4) {
      peers.push(...(await Promise.all(Array.from({ length: Math.min(4, PEERS - i) }, (_, j) => startPeerProcess<VotePeerCommand>(`voter${i + j}`, 'votePeerProcess.ts')))));
    }
    const [opener] = peers;
    await opener!.send({ type: 'create' });
    const code = newWorkshopCode();
    await Promise.all(peers.map((p) => p.send({ type: 'connect', code, signaling: [server.url] })));
    await waitUntil(async () => (await light(peers)).every((s) => s.peers === PEERS - 1), 180_000, 'a full mesh');
    await opener!.send({ type: 'open', expected: PEERS });
    await Promise.all(peers.slice(1).map((p) => p.send({ type: 'expect', expected: PEERS })));
    await waitUntil(async () => (await light(peers)).every((s) => s.hasVote), 60_000, 'the vote everywhere');
    await new Promise((r) => setTimeout(r, 1000));
    const beforeCommits = bytes(await light(peers));
    await Promise.all(peers.map((p, i) => p.send({ type: 'commit', value: i % 11 })));
    await waitUntil(async () => (await light(peers)).every((s) => s.commits === PEERS), 60_000, 'every commit everywhere');
    await new Promise((r) => setTimeout(r, 1000));
    const afterCommits = bytes(await light(peers));
    const { at: closedAt } = await opener!.send<{ at: number }>({ type: 'close' });
    await waitUntil(async () => (await light(peers)).every((s) => s.resultAt !== null), 60_000, 'the result on every laptop');
    const states = await light(peers);
    await new Promise((r) => setTimeout(r, 1000));
    const afterReveals = bytes(await light(peers));
    const latencies = states.map((s) => s.resultAt! - closedAt);
    const result = {
      peers: PEERS,
      revealToAllMs: { p50: round(percentile(latencies, 50), 1), max: round(Math.max(...latencies), 1) },
      // Data-channel bytes sent by all laptops, over all connections (a mesh: each update goes to every peer, plus y-webrtc's re-broadcast and awareness heartbeats).
      meshBytesPerCommit: Math.round((afterCommits - beforeCommits) / PEERS),
      meshBytesPerCloseAndReveal: Math.round((afterReveals - afterCommits) / PEERS),
    };
    console.log(JSON.stringify(result));
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(path.join(ROOT, 'bench/results/votes.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  } finally {
    await Promise.all(peers.map((p) => p.send({ type: 'exit' }).catch(() => undefined)));
    peers.forEach((p) => p.kill());
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
