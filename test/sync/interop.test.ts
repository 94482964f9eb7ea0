import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../electron/server/signalingServer';
import { hasRoom, newWorkshopCode, parseInvite } from '../../shared/sync/invite';
import { converged, startPeer, stopPeers, waitUntil, type Peer } from './peers';

/*
 * Cairn speaks plain y-webrtc: a stock y-webrtc peer (no framing, as any other
 * y-webrtc app makes it) syncs with a Cairn peer, through y-webrtc's own
 * signaling server and through Cairn's. The stock peer knows only what
 * README.md and docs/workshop-protocol.md say: it derives the room and the
 * password from the code as a person would type it, by the documented rule,
 * never through Cairn's own functions.
 */

/** docs/workshop-protocol.md, followed literally: drop dashes and spaces, upper-case; the room is `cairn-workshop-` + that, the password is that. */
function roomFromTheDocs(typedCode: string): { room: string; password: string } {
  const code = typedCode.replace(/[\s-]/g, '').toUpperCase();
  return { room: `cairn-workshop-${code}`, password: code };
}

const readme = readFileSync('README.md', 'utf8');
const protocol = readFileSync(path.join('docs', 'workshop-protocol.md'), 'utf8');

describe('the documented rule', () => {
  it('is the one README.md and docs/workshop-protocol.md state, with their worked example', () => {
    expect(readme).toContain('room `cairn-workshop-<CODE>`');
    expect(readme).toContain('password `<CODE>`');
    expect(readme).toContain('docs/workshop-protocol.md');
    // The page's example row: code, room, password.
    const example = /\| room name[^|]*\|[^|]*\| `(cairn-workshop-[^`]+)` \|\n\| `password` \|[^|]*\| `([^`]+)` \|/.exec(protocol);
    expect(example?.slice(1)).toEqual([roomFromTheDocs('GQHV-V56V-U2ZR').room, roomFromTheDocs('gqhv v56v u2zr').password]);
  });

  it("the page's example invite reads as the page says it does", () => {
    const text = /```text\n(cairn-invite:[^\n]+)\n```/.exec(protocol)?.[1] ?? '';
    expect(parseInvite(text)).toEqual({ code: 'GQHVV56VU2ZR', signaling: ['ws://192.168.1.20:4444'], title: 'Q1 planning' });
    const linked = parseInvite(`http://192.168.1.20:5173/#/join/${text}`);
    expect(hasRoom(linked) && linked.code).toBe('GQHVV56VU2ZR');
  });
});

interface PeerState {
  canonical: string;
  stateVector: string;
  plainMap: Record<string, string>;
  transport: { plainPeers: number; messagesReceived: number } | null;
}

let peers: Peer[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  await stopPeers(peers);
  peers = [];
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** y-webrtc's own `bin/server.js`, unmodified, in its own process. */
async function startStockServer(): Promise<string> {
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [path.join('node_modules', 'y-webrtc', 'bin', 'server.js')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => void server.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`y-webrtc's server exited (${code})`)));
    server.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('running')) resolve();
    });
  });
  return `ws://127.0.0.1:${port}`;
}

async function ourServer(): Promise<string> {
  const server: SignalingServer = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => server.close());
  return server.url;
}

/** On a timeout, what each peer saw: enough to tell signaling, connection and framing apart. */
async function explain(all: Peer[]): Promise<unknown> {
  const states = await Promise.all(all.map((p) => p.send<Record<string, unknown>>({ type: 'state' })));
  return states.map((s, i) => ({ peer: all[i]!.name, status: s.status, transport: s.transport, stateVector: s.stateVector }));
}

async function cairnAndStockSync(signaling: string): Promise<void> {
  const code = newWorkshopCode();
  // As a person would type what the facilitator reads out: lower case, dashes and all.
  const { room, password } = roomFromTheDocs(code.toLowerCase());
  const cairn = await startPeer('cairn');
  const stock = await startPeer('stock');
  peers = [cairn, stock];
  await cairn.send({ type: 'create' });
  await cairn.send({ type: 'connect', code, signaling: [signaling] });
  // As in a workshop: the facilitator is in the room before anyone has the code to join with.
  await waitUntil(async () => (await cairn.send<{ status: { signalingConnected: boolean } | null }>({ type: 'state' })).status?.signalingConnected === true, 20_000, 'the Cairn peer to reach the signaling server');
  // The signaling URL as the docs write it: ws://HOST:PORT/.
  await stock.send({ type: 'connect-stock', room, password, signaling: [`${signaling}/`], chunked: false });
  // On the first try: no rejoin. (Started at the same instant as the Cairn peer, the stock peer's first
  // handshake failed in about a third of our runs and it never retried — most likely y-webrtc's glare
  // handling, when both sides make an offer; docs/workshop-protocol.md says to rejoin then. Joining a
  // room the facilitator is already in, as people do and as here, needed no retry in our runs.)
  await waitUntil(() => converged(peers), 30_000, 'the stock peer to receive the workspace on its first try', () => explain(peers));
  // Both directions, after the initial sync: a Cairn command, and a plain Y.Map set on the stock side.
  await cairn.send({ type: 'edits', count: 10, seed: 7 });
  await stock.send({ type: 'set', key: 'from-stock', value: 'hello' });
  await waitUntil(() => converged(peers), 60_000, 'edits from both sides to cross');
  const seen = await cairn.send<PeerState>({ type: 'state' });
  expect(seen.plainMap).toEqual({ 'from-stock': 'hello' });
  expect(JSON.parse(seen.canonical).meta).not.toBeNull();
  // The Cairn end recognised a peer that does not frame, and spoke plain y-webrtc to it.
  expect(seen.transport!.plainPeers).toBeGreaterThan(0);
  expect(seen.transport!.messagesReceived).toBeGreaterThan(0);
}

describe('interoperability with stock y-webrtc', { timeout: 120_000 }, () => {
  it("a Cairn peer and a stock y-webrtc peer sync through y-webrtc's own signaling server", async () => {
    await cairnAndStockSync(await startStockServer());
  });

  it("a stock y-webrtc peer syncs with a Cairn peer through Cairn's signaling server", async () => {
    await cairnAndStockSync(await ourServer());
  });

  it("two Cairn peers sync through y-webrtc's own signaling server, framed", async () => {
    const signaling = await startStockServer();
    const code = newWorkshopCode();
    const a = await startPeer('a');
    const b = await startPeer('b');
    peers = [a, b];
    await a.send({ type: 'create', large: { objectives: 40, keyResults: 200, checkIns: 4000 } });
    await a.send({ type: 'connect', code, signaling: [signaling] });
    await b.send({ type: 'connect', code, signaling: [signaling] });
    await waitUntil(() => converged(peers), 60_000, 'a workspace larger than one data-channel message to arrive', () => explain(peers));
    const state = await b.send<PeerState>({ type: 'state' });
    expect(state.transport!.plainPeers).toBe(0);
  });
});
