/*
 * Attackers of the signaling server, in their own Node process (driven over
 * IPC like the peers), from loopback addresses other than 127.0.0.1 (on Linux
 * all of 127/8 is loopback), so that the server's per-address limits can be
 * told apart from the honest peers, which connect from 127.0.0.1.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { exitAfterAnswer, serveCommands } from '../support/servePeerCommands';

export type AttackCommand =
  /** Sockets that complete the WebSocket handshake, subscribe, then never read again (from each address in turn). */
  | { type: 'non-readers'; port: number; count: number; topic: string; from: string[] }
  /** Members of `topic` that publish `bytes`-sized messages, `perSecond` each, until stopped. */
  | { type: 'publishers'; port: number; count: number; topic: string; bytes: number; perSecond: number; from: string }
  /** Opens `count` connections; answers how many the server kept open. */
  | { type: 'connections'; port: number; count: number; from: string }
  /** `sockets` connections, each subscribing to `topicsEach` topics of its own. */
  | { type: 'topics'; port: number; sockets: number; topicsEach: number; from: string }
  | { type: 'counts' }
  | { type: 'stop' }
  | { type: 'exit' };

const rawSockets = new Set<net.Socket>();
const webSockets = new Set<WebSocket>();
const timers = new Set<ReturnType<typeof setInterval>>();
let publishedMessages = 0;

/** One masked client text frame (RFC 6455 §5.2): what a browser would send. */
function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

/** A raw TCP socket that upgrades to WebSocket, subscribes, and then stops reading (its receive window fills). */
function nonReader(port: number, topic: string, from: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      socket.write(clientTextFrame(JSON.stringify({ type: 'subscribe', topics: [topic] })));
      // From now on nothing is read: the kernel's receive buffer fills and the server must queue or drop.
      socket.pause();
      resolve();
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}

function openSocket(port: number, from: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { localAddress: from });
    webSockets.add(socket);
    socket.on('close', () => webSockets.delete(socket));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.on('error', () => undefined);
  });
}

/** Resolves true when the socket is still open after `ms` (the server kept it), false when it was closed. */
function keptOpen(socket: WebSocket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.readyState !== WebSocket.OPEN) return resolve(false);
    const timer = setTimeout(() => resolve(socket.readyState === WebSocket.OPEN), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

async function inBatches<T>(count: number, make: (i: number) => Promise<T>, batch = 50): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  for (let i = 0; i < count; i += batch) {
    results.push(...(await Promise.allSettled(Array.from({ length: Math.min(batch, count - i) }, (_, j) => make(i + j)))));
  }
  return results;
}

async function handle(command: AttackCommand): Promise<unknown> {
  switch (command.type) {
    case 'non-readers': {
      // Spread over several addresses, so that what is measured is the server's handling of slow readers, not its per-address cap.
      const results = await inBatches(command.count, (i) => nonReader(command.port, command.topic, command.from[i % command.from.length]!));
      return { connected: results.filter((r) => r.status === 'fulfilled').length };
    }
    case 'publishers': {
      const data = 'x'.repeat(command.bytes);
      const sockets = await Promise.all(Array.from({ length: command.count }, () => openSocket(command.port, command.from)));
      for (const socket of sockets) {
        socket.send(JSON.stringify({ type: 'subscribe', topics: [command.topic] }));
        const timer = setInterval(() => {
          if (socket.readyState !== WebSocket.OPEN) return;
          socket.send(JSON.stringify({ type: 'publish', topic: command.topic, data }));
          publishedMessages++;
        }, 1000 / command.perSecond);
        timers.add(timer);
      }
      return { publishers: sockets.length };
    }
    case 'connections': {
      const results = await inBatches(command.count, () => openSocket(command.port, command.from));
      const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const kept = await Promise.all(opened.map((socket) => keptOpen(socket, 500)));
      return { kept: kept.filter(Boolean).length };
    }
    case 'topics': {
      const results = await inBatches(command.sockets, async (i) => {
        const socket = await openSocket(command.port, command.from);
        const topics = Array.from({ length: command.topicsEach }, (_, t) => `attack-${process.pid}-${i}-${t}`);
        socket.send(JSON.stringify({ type: 'subscribe', topics }));
        return socket;
      });
      return { sockets: results.filter((r) => r.status === 'fulfilled').length };
    }
    case 'counts':
      return { rawOpen: [...rawSockets].filter((s) => !s.destroyed).length, webSocketsOpen: webSockets.size, publishedMessages };
    case 'stop':
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      for (const socket of rawSockets) socket.destroy();
      for (const socket of webSockets) socket.terminate();
      return { ok: true };
    case 'exit':
      return exitAfterAnswer(20);
  }
}

serveCommands(handle);
// Gone with the test (or bench) that started it, even when that one crashed or timed out.
process.on('disconnect', () => process.exit(0));
