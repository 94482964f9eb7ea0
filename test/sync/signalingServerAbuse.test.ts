import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SignalingLimits } from '../../electron/server/signalingServer';
import { startPeerProcess, type Peer } from './peers';
import type { AttackCommand } from './signalingAttacker';
import type { SignalingServerCommand } from './signalingServerProcess';

/*
 * The signaling server under abuse, measured from outside: the server runs in
 * its own process (its memory is the kernel's VmRSS for it), the attackers in
 * another, from 127.0.0.2 and up; honest clients connect from 127.0.0.1. Sized
 * down from the figures to stay under ~90 s; `bench/signalingAbuse.ts`
 * runs the full-size attacks.
 */

interface ServerStats {
  rss: number;
  connections: number;
  topics: number;
  relayed: number;
  dropped: number;
  closedForAbuse: number;
}

let server: Peer<SignalingServerCommand> | null = null;
let attackers: Peer<AttackCommand>[] = [];
const honest: WebSocket[] = [];
const MB = 1024 * 1024;
/** Non-readers come from five addresses (60 each at most), within the per-address cap of 64. */
const FIVE_ADDRESSES = ['127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  for (const socket of honest.splice(0)) socket.terminate();
  // Killed whatever they answer: a swamped server may not answer `exit` at all, and must not outlive the test.
  await Promise.all([...attackers, ...(server ? [server] : [])].map((child) => Promise.race([child.send({ type: 'exit' }).catch(() => undefined), sleep(2000)]).then(() => child.kill())));
  attackers = [];
  server = null;
});

async function startServer(limits?: Partial<SignalingLimits>): Promise<{ port: number; stats: () => Promise<ServerStats> }> {
  server = await startPeerProcess<SignalingServerCommand>('signaling-server', 'signalingServerProcess.ts');
  const { port } = await server.send<{ port: number }>({ type: 'start', limits });
  const running = server;
  return { port, stats: () => running.send<ServerStats>({ type: 'stats' }) };
}

async function startAttacker(name: string): Promise<Peer<AttackCommand>> {
  const attacker = await startPeerProcess<AttackCommand>(name, 'signalingAttacker.ts');
  attackers.push(attacker);
  return attacker;
}

/** An honest client from 127.0.0.1; resolves once the server accepted it, rejects if it is turned away. */
async function honestClient(port: number): Promise<{ socket: WebSocket; published: unknown[] }> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { localAddress: '127.0.0.1' });
  honest.push(socket);
  const published: unknown[] = [];
  const pongs: number[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string };
    if (message.type === 'publish') published.push(message);
    if (message.type === 'pong') pongs.push(Date.now());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed by the server (${code})`)));
  });
  // Accepted, not accepted-then-closed: a ping comes back.
  socket.send(JSON.stringify({ type: 'ping' }));
  const start = Date.now();
  while (pongs.length === 0) {
    if (socket.readyState !== WebSocket.OPEN) throw new Error('closed by the server');
    if (Date.now() - start > 10_000) throw new Error('no pong within 10 s');
    await sleep(20);
  }
  return { socket, published };
}

/** Two honest clients join a new room; one publishes; resolves whether the other received it within `ms`. */
async function honestRoomWorks(port: number, room: string, ms = 5000): Promise<boolean> {
  const a = await honestClient(port);
  const b = await honestClient(port);
  a.socket.send(JSON.stringify({ type: 'subscribe', topics: [room] }));
  b.socket.send(JSON.stringify({ type: 'subscribe', topics: [room] }));
  await sleep(200);
  a.socket.send(JSON.stringify({ type: 'publish', topic: room, data: 'hello' }));
  const start = Date.now();
  while (b.published.length === 0 && Date.now() - start < ms) await sleep(20);
  return b.published.length > 0;
}

describe('signaling server under abuse, measured from outside its process', { timeout: 120_000 }, () => {
  it('drops subscribers that never read, and gives their memory back once the attackers leave', async () => {
    const { port, stats } = await startServer();
    const before = await stats();
    const readers = await startAttacker('non-readers');
    const publishers = await startAttacker('publishers');
    const { connected } = await readers.send<{ connected: number }>({ type: 'non-readers', port, count: 300, topic: 'flooded', from: FIVE_ADDRESSES });
    expect(connected).toBe(300);
    // Within the rate limit (60 messages/s sustained): 10 publishers at 40 messages/s of 16 KB each.
    await publishers.send({ type: 'publishers', port, count: 10, topic: 'flooded', bytes: 16 * 1024, perSecond: 40, from: '127.0.0.3' });
    let peak = before.rss;
    let during = before;
    for (let i = 0; i < 30; i++) {
      await sleep(500);
      during = await stats();
      peak = Math.max(peak, during.rss);
    }
    await publishers.send({ type: 'stop' });
    await readers.send({ type: 'stop' });
    // What the server holds once they are gone: allow a few seconds for closes and a garbage collection.
    let after = await stats();
    for (let i = 0; i < 40 && (after.connections > 0 || after.rss > before.rss + 64 * MB); i++) {
      await sleep(500);
      after = await stats();
    }
    console.log(
      `[signaling abuse] 300 non-readers + 10 publishers: RSS before ${Math.round(before.rss / MB)} MB, peak ${Math.round(peak / MB)} MB, ` +
        `connections during ${during.connections}, after ${Math.round(after.rss / MB)} MB (connections ${after.connections}, topics ${after.topics})`,
    );
    // Today's bound (1 MiB queued per socket) lets 300 non-readers hold ~300 MB; 256 KiB and dropping slow readers
    // keeps it near 80 MB on an idle machine. 160 MB leaves room for a loaded machine's lazier garbage collection.
    expect(peak - before.rss).toBeLessThan(160 * MB);
    // The slow readers were dropped while the flood went on, not only when they left.
    expect(during.connections).toBeLessThan(300);
    expect(after).toMatchObject({ connections: 0, topics: 0 });
    expect(after.rss - before.rss).toBeLessThan(64 * MB);
  });

  it('caps connections per address, so one address cannot fill the table', async () => {
    const { port, stats } = await startServer({ maxConnections: 300 });
    const attacker = await startAttacker('connections');
    const { kept } = await attacker.send<{ kept: number }>({ type: 'connections', port, count: 400, from: '127.0.0.2' });
    console.log(`[signaling abuse] 400 connections from one address: the server kept ${kept}; ${(await stats()).connections} in its table`);
    expect(kept).toBeLessThanOrEqual(64);
    expect(await honestRoomWorks(port, 'honest-room')).toBe(true);
  });

  it('caps topics per address, so one address cannot take the topic table from a new room', async () => {
    const { port, stats } = await startServer();
    const attacker = await startAttacker('topics');
    // The attack: 315 sockets × 32 topics fill the 10,000-topic table.
    await attacker.send({ type: 'topics', port, sockets: 315, topicsEach: 32, from: '127.0.0.2' });
    await sleep(500);
    const { topics } = await stats();
    console.log(`[signaling abuse] 315 sockets × 32 topics from one address: ${topics} topics in the table`);
    expect(topics).toBeLessThanOrEqual(256);
    expect(await honestRoomWorks(port, 'honest-room')).toBe(true);
  });
});
