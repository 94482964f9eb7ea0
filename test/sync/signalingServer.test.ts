import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSignalingServer, type SignalingServer } from '../../electron/server/signalingServer';
import { until } from '../support/until';

let server: SignalingServer;
const sockets: WebSocket[] = [];

async function connect(): Promise<{ socket: WebSocket; messages: Record<string, unknown>[]; closed: Promise<number> }> {
  const socket = new WebSocket(server.url);
  sockets.push(socket);
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, closed };
}

const send = (socket: WebSocket, message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message));

/** A round trip through the server: once pong arrives, everything sent before was handled. */
async function settle(client: { socket: WebSocket; messages: Record<string, unknown>[] }) {
  const before = client.messages.filter((m) => m.type === 'pong').length;
  send(client.socket, { type: 'ping' });
  await until(() => client.messages.filter((m) => m.type === 'pong').length > before, 'the pong');
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server?.close();
});

describe('signaling server (y-webrtc protocol)', () => {
  it('relays a publish to every subscriber of the topic, with the subscriber count', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const a = await connect();
    const b = await connect();
    const outsider = await connect();
    send(a.socket, { type: 'subscribe', topics: ['room-1'] });
    send(b.socket, { type: 'subscribe', topics: ['room-1'] });
    send(outsider.socket, { type: 'subscribe', topics: ['room-2'] });
    await settle(a);
    await settle(b);
    await settle(outsider);
    send(a.socket, { type: 'publish', topic: 'room-1', data: { hello: 'peers' } });
    await until(() => b.messages.some((m) => m.type === 'publish'), 'the publish to arrive');
    expect(b.messages.find((m) => m.type === 'publish')).toEqual({ type: 'publish', topic: 'room-1', data: { hello: 'peers' }, clients: 2 });
    await settle(outsider);
    expect(outsider.messages.filter((m) => m.type === 'publish')).toEqual([]);
  });

  it('ignores malformed messages, then closes a connection that keeps sending them', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0, limits: { maxBadMessages: 5 } });
    const bad = await connect();
    const good = await connect();
    for (const junk of ['{not json', '42', '{"type":"subscribe","topics":"room"}', '{"type":"teleport"}', 'null']) send(bad.socket, junk);
    await settle(bad); // still open after five
    for (let i = 0; i < 3; i++) send(bad.socket, '{oops');
    expect(await bad.closed).toBe(1008);
    await settle(good);
    expect(server.hub.stats().closedForAbuse).toBe(1);
  });

  it('closes a connection that sends an oversized message, and keeps serving others', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const big = await connect();
    const other = await connect();
    send(big.socket, { type: 'publish', topic: 'x', data: 'a'.repeat(200_000) });
    expect(await big.closed).toBe(1009);
    await settle(other);
  });

  it('does not relay for a client that never joined the room', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const member = await connect();
    const intruder = await connect();
    send(member.socket, { type: 'subscribe', topics: ['room'] });
    await settle(member);
    send(intruder.socket, { type: 'publish', topic: 'room', data: 'spam' });
    await settle(intruder);
    await settle(member);
    expect(member.messages.filter((m) => m.type === 'publish')).toEqual([]);
  });

  it('limits topics per connection and in all, and drops floods beyond the rate limit', async () => {
    server = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      limits: { maxTopicsPerConnection: 4, maxTopics: 6, messageBurst: 20, messagesPerSecond: 1, maxBadMessages: 10_000 },
    });
    const a = await connect();
    const b = await connect();
    send(a.socket, { type: 'subscribe', topics: ['1', '2', '3', '4', '5', '6'] });
    send(b.socket, { type: 'subscribe', topics: ['7', '8', '9', '10'] });
    await settle(a);
    await settle(b);
    expect(server.hub.stats().topics).toBe(6);
    for (let i = 0; i < 50; i++) send(a.socket, { type: 'ping' });
    await new Promise((r) => setTimeout(r, 200));
    expect(a.messages.filter((m) => m.type === 'pong').length).toBeLessThan(25);
    expect(server.hub.stats().dropped).toBeGreaterThan(20);
  });

  it('forgets rooms and connections when clients vanish abruptly (no leak)', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const clients = await Promise.all(Array.from({ length: 40 }, () => connect()));
    clients.forEach((c, i) => send(c.socket, { type: 'subscribe', topics: [`room-${i % 10}`, `solo-${i}`] }));
    await Promise.all(clients.map(settle));
    expect(server.hub.stats()).toMatchObject({ connections: 40, topics: 50 });
    for (const c of clients) c.socket.terminate();
    await until(() => server.hub.stats().connections === 0, 'every connection to close');
    expect(server.hub.stats().topics).toBe(0);
  });
});
