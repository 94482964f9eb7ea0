import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SIGNALING_LIMITS, parseClientMessage } from '../../shared/sync/signalingProtocol';

/*
 * Cairn's LAN signaling server: y-webrtc's protocol, hardened. Peers only use
 * it to find each other; workspace data flows peer to peer over WebRTC, and
 * with a room secret even the signaling payloads are encrypted.
 */

export type SignalingLimits = { -readonly [K in keyof typeof SIGNALING_LIMITS]: number };

export interface SignalingStats {
  connections: number;
  topics: number;
  /** Addresses with at least one connection (per-address bookkeeping still held). */
  addresses: number;
  relayed: number;
  dropped: number;
  closedForAbuse: number;
  /** Connections refused because their address already had its share. */
  refusedForAddress: number;
  /** Connections closed because they stopped reading what was sent to them. */
  closedSlowReaders: number;
}

export interface SignalingHub {
  /** Handles an HTTP upgrade request (for sharing a port with another server). */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): SignalingStats;
  close(): Promise<void>;
}

interface Client {
  socket: WebSocket;
  address: Address;
  topics: Set<string>;
  tokens: number;
  lastRefill: number;
  bad: number;
  alive: boolean;
  /** When its send queue went above maxQueuedBytes; null while it keeps up. */
  behindSince: number | null;
}

/** What one remote address holds, over all its connections. */
interface Address {
  key: string;
  connections: number;
  topics: number;
}

/** Close code for "try again later": the server, or this address's share of it, is full. */
const TRY_AGAIN_LATER = 1013;

export function createSignalingHub(overrides: Partial<SignalingLimits> = {}, now: () => number = Date.now): SignalingHub {
  const limits: SignalingLimits = { ...SIGNALING_LIMITS, ...overrides };
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const topics = new Map<string, Set<Client>>();
  const clients = new Set<Client>();
  const addresses = new Map<string, Address>();
  const counters = { relayed: 0, dropped: 0, closedForAbuse: 0, refusedForAddress: 0, closedSlowReaders: 0 };

  /** Slow readers are closed, not buffered for: what they had queued is freed with the socket. */
  const keepingUp = (client: Client): boolean => {
    if (client.socket.bufferedAmount <= limits.maxQueuedBytes) {
      client.behindSince = null;
      return true;
    }
    client.behindSince ??= now();
    if (now() - client.behindSince >= limits.slowReaderGraceMs) {
      counters.closedSlowReaders++;
      client.socket.terminate();
    }
    return false;
  };

  /**
   * Sends one serialized message. Callers serialize once per message, not per
   * receiver: every receiver's queue then holds the same buffer, so a relay to
   * many costs one copy of the message in memory, and little CPU.
   */
  const send = (client: Client, serialized: Buffer) => {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (!keepingUp(client)) {
      counters.dropped++;
      return;
    }
    client.socket.send(serialized, { binary: false });
  };
  const serialize = (message: unknown) => Buffer.from(JSON.stringify(message));
  const PONG = serialize({ type: 'pong' });

  const leave = (client: Client, topic: string) => {
    if (!client.topics.delete(topic)) return;
    client.address.topics--;
    const subscribers = topics.get(topic);
    subscribers?.delete(client);
    if (subscribers && subscribers.size === 0) topics.delete(topic);
  };

  const join = (client: Client, topic: string): boolean => {
    if (client.topics.has(topic)) return true;
    if (client.topics.size >= limits.maxTopicsPerConnection) return false;
    if (client.address.topics >= limits.maxTopicsPerAddress) return false;
    let subscribers = topics.get(topic);
    if (!subscribers) {
      if (topics.size >= limits.maxTopics) return false;
      topics.set(topic, (subscribers = new Set()));
    }
    subscribers.add(client);
    client.topics.add(topic);
    client.address.topics++;
    return true;
  };

  const misbehaved = (client: Client) => {
    client.bad++;
    if (client.bad === limits.maxBadMessages + 1) {
      counters.closedForAbuse++;
      client.socket.close(1008, 'too many invalid messages');
    }
  };

  const takeToken = (client: Client): boolean => {
    const t = now();
    client.tokens = Math.min(limits.messageBurst, client.tokens + ((t - client.lastRefill) / 1000) * limits.messagesPerSecond);
    client.lastRefill = t;
    if (client.tokens < 1) return false;
    client.tokens -= 1;
    return true;
  };

  const onMessage = (client: Client, data: RawData, isBinary: boolean) => {
    if (client.bad > limits.maxBadMessages) return; // closing: ignore what is still in flight
    // The rate limit comes before any parsing: a flood beyond it costs the server almost nothing.
    if (!takeToken(client)) {
      counters.dropped++;
      misbehaved(client);
      return;
    }
    const message = isBinary ? null : parseClientMessage(data.toString());
    if (!message) return misbehaved(client);
    switch (message.type) {
      case 'subscribe':
        for (const topic of message.topics) if (!join(client, topic)) misbehaved(client);
        return;
      case 'unsubscribe':
        for (const topic of message.topics) leave(client, topic);
        return;
      case 'publish': {
        // Only members of a room may speak in it.
        if (!client.topics.has(message.topic)) return misbehaved(client);
        const receivers = topics.get(message.topic);
        if (!receivers) return;
        // `clients` as y-webrtc's own server adds it (its client does not read it); the same for every receiver.
        const relayed = serialize({ ...message, clients: receivers.size });
        for (const receiver of receivers) send(receiver, relayed);
        counters.relayed++;
        return;
      }
      case 'ping':
        send(client, PONG);
        return;
    }
  };

  const addressOf = (key: string): Address => {
    let address = addresses.get(key);
    if (!address) addresses.set(key, (address = { key, connections: 0, topics: 0 }));
    return address;
  };
  const release = (address: Address) => {
    if (address.connections === 0 && address.topics === 0) addresses.delete(address.key);
  };

  wss.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
    if (clients.size >= limits.maxConnections) {
      socket.close(TRY_AGAIN_LATER, 'server full');
      return;
    }
    const address = addressOf(request.socket.remoteAddress ?? 'unknown');
    if (address.connections >= limits.maxConnectionsPerAddress) {
      counters.refusedForAddress++;
      release(address);
      socket.close(TRY_AGAIN_LATER, 'too many connections from this address');
      return;
    }
    address.connections++;
    const client: Client = { socket, address, topics: new Set(), tokens: limits.messageBurst, lastRefill: now(), bad: 0, alive: true, behindSince: null };
    clients.add(client);
    socket.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    socket.on('pong', () => (client.alive = true));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      for (const topic of [...client.topics]) leave(client, topic);
      clients.delete(client);
      address.connections--;
      release(address);
    });
  });

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      try {
        client.socket.ping();
      } catch {
        client.socket.terminate();
      }
    }
  }, limits.pingIntervalMs);
  heartbeat.unref();

  // A reader that fell behind and is sent nothing more is still closed once its grace is over.
  const slowReaderSweep = setInterval(() => {
    for (const client of clients) if (client.behindSince !== null) keepingUp(client);
  }, Math.max(100, Math.min(1000, limits.slowReaderGraceMs / 2)));
  slowReaderSweep.unref();

  return {
    handleUpgrade(request, socket, head) {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    stats: () => ({ connections: clients.size, topics: topics.size, addresses: addresses.size, ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        clearInterval(slowReaderSweep);
        for (const client of clients) client.socket.terminate();
        wss.close(() => resolve());
      }),
  };
}

export interface SignalingServer {
  url: string;
  port: number;
  hub: SignalingHub;
  close(): Promise<void>;
}

/** A standalone signaling server (`cairn signal`, the Electron host). */
export function startSignalingServer(options: { host?: string; port?: number; limits?: Partial<SignalingLimits> } = {}): Promise<SignalingServer> {
  const hub = createSignalingHub(options.limits);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Cairn signaling server: connect with WebSocket.\n');
  });
  server.on('upgrade', (request, socket, head) => hub.handleUpgrade(request, socket, head));
  const host = options.host ?? '0.0.0.0';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4444, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `ws://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
        port,
        hub,
        close: async () => {
          await hub.close();
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
