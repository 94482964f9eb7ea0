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
  relayed: number;
  dropped: number;
  closedForAbuse: number;
}

export interface SignalingHub {
  /** Handles an HTTP upgrade request (for sharing a port with another server). */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): SignalingStats;
  close(): Promise<void>;
}

interface Client {
  socket: WebSocket;
  topics: Set<string>;
  tokens: number;
  lastRefill: number;
  bad: number;
  alive: boolean;
}

export function createSignalingHub(overrides: Partial<SignalingLimits> = {}, now: () => number = Date.now): SignalingHub {
  const limits: SignalingLimits = { ...SIGNALING_LIMITS, ...overrides };
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const topics = new Map<string, Set<Client>>();
  const clients = new Set<Client>();
  const counters = { relayed: 0, dropped: 0, closedForAbuse: 0 };

  const send = (client: Client, message: unknown) => {
    if (client.socket.readyState !== client.socket.OPEN) return;
    // Back-pressure: a peer that stops reading does not make us buffer forever.
    if (client.socket.bufferedAmount > limits.maxMessageBytes * 16) {
      counters.dropped++;
      return;
    }
    client.socket.send(JSON.stringify(message));
  };

  const leave = (client: Client, topic: string) => {
    const subscribers = topics.get(topic);
    subscribers?.delete(client);
    if (subscribers && subscribers.size === 0) topics.delete(topic);
    client.topics.delete(topic);
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
    if (!takeToken(client)) {
      counters.dropped++;
      misbehaved(client);
      return;
    }
    const message = isBinary ? null : parseClientMessage(data.toString());
    if (!message) return misbehaved(client);
    switch (message.type) {
      case 'subscribe':
        for (const topic of message.topics) {
          if (client.topics.has(topic)) continue;
          if (client.topics.size >= limits.maxTopicsPerConnection || (!topics.has(topic) && topics.size >= limits.maxTopics)) {
            misbehaved(client);
            continue;
          }
          let subscribers = topics.get(topic);
          if (!subscribers) topics.set(topic, (subscribers = new Set()));
          subscribers.add(client);
          client.topics.add(topic);
        }
        return;
      case 'unsubscribe':
        for (const topic of message.topics) leave(client, topic);
        return;
      case 'publish': {
        // Only members of a room may speak in it.
        if (!client.topics.has(message.topic)) return misbehaved(client);
        const receivers = topics.get(message.topic);
        if (!receivers) return;
        const relayed = { ...message, clients: receivers.size };
        for (const receiver of receivers) send(receiver, relayed);
        counters.relayed++;
        return;
      }
      case 'ping':
        send(client, { type: 'pong' });
        return;
    }
  };

  wss.on('connection', (socket: WebSocket) => {
    if (clients.size >= limits.maxConnections) {
      socket.close(1013, 'server full');
      return;
    }
    const client: Client = { socket, topics: new Set(), tokens: limits.messageBurst, lastRefill: now(), bad: 0, alive: true };
    clients.add(client);
    socket.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    socket.on('pong', () => (client.alive = true));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      for (const topic of [...client.topics]) leave(client, topic);
      clients.delete(client);
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

  return {
    handleUpgrade(request, socket, head) {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    stats: () => ({ connections: clients.size, topics: topics.size, ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
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
