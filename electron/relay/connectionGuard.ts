import type http from 'node:http';
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import type { ClientAddressOf } from './clientAddress';
import { TokenBucket, type RelayLimits } from './relayLimits';

/*
 * Limits enforced on the raw WebSocket, before Hocuspocus reads a message:
 * Hocuspocus queues every message for a workspace until that workspace's
 * authentication ends, and keeps queueing after a refusal, so its own hooks
 * (beforeHandleMessage runs only once admitted) come too late to bound memory.
 * The guard is the socket's only 'message' listener: Hocuspocus's listeners
 * are taken off the socket and hear only the messages the guard accepts, so
 * the message that breaks a limit never reaches Hocuspocus (a listener added
 * beside Hocuspocus's could close the socket, but the same event would still
 * reach Hocuspocus, which would apply it). A connection that breaks a limit is
 * closed with 1008 and the limit's name as the reason, and nothing more it
 * sends is passed on; Hocuspocus then cleans up as for any closed socket, and
 * everyone else keeps being served.
 */

export interface GuardStats {
  connections: number;
  refusedForAddress: number;
  refusedForCapacity: number;
  closedForAbuse: number;
}

/** The reasons a connection is closed for, as its close frame says them. */
export type GuardRefusal = 'too many messages' | 'too many bytes' | 'malformed message' | 'too many workspaces' | 'too much before authentication';

/** What a connection, and every connection of one address, may still send. */
interface Budget {
  messages: TokenBucket;
  bytes: TokenBucket;
}

interface Address extends Budget {
  connections: number;
}

interface Guarded extends Budget {
  address: Address;
  documents: Set<string>;
  admitted: Set<string>;
  unadmittedBytes: number;
}

export interface ConnectionGuard {
  /** Whether a new connection from `request` may be accepted (counts it if so, until its socket closes). */
  admitConnection(request: http.IncomingMessage): 'ok' | 'address-full' | 'server-full';
  /**
   * Serves an accepted socket: `startServing` adds the server's listeners (Hocuspocus's handleConnection);
   * the 'message' listeners it adds are taken off the socket and called only for messages within the limits,
   * each after `onAccepted` (called in arrival order, before the server has handled any of them).
   */
  serve(socket: WebSocket, request: http.IncomingMessage, startServing: () => void, onAccepted?: (message: Uint8Array) => void): void;
  /** The workspace passed authentication on this request's connection: its messages are no longer held against it. */
  admitted(request: http.IncomingMessage, workspaceId: string): void;
  stats(): GuardStats;
}

/**
 * A refused connection is read no more, so its answer to the close frame is
 * never read: its socket is destroyed once the close frame has had time to go out.
 */
const CLOSE_GRACE_MS = 200;
const POLICY_VIOLATION = 1008;

export function createConnectionGuard(limits: RelayLimits, addressKey: ClientAddressOf, now: () => number = Date.now): ConnectionGuard {
  const addresses = new Map<string, Address>();
  const guarded = new WeakMap<http.IncomingMessage, Guarded>();
  const counters = { connections: 0, refusedForAddress: 0, refusedForCapacity: 0, closedForAbuse: 0 };

  const documentNameOf = (data: Uint8Array): string | null => {
    try {
      return decoding.readVarString(decoding.createDecoder(data));
    } catch {
      return null;
    }
  };

  const refusal = (client: Guarded, data: Uint8Array): GuardRefusal | null => {
    // The rate limits come before any decoding: a flood costs the relay almost nothing.
    if (!client.messages.take() || !client.address.messages.take()) return 'too many messages';
    if (!client.bytes.take(data.byteLength) || !client.address.bytes.take(data.byteLength)) return 'too many bytes';
    const name = documentNameOf(data);
    if (name === null) return 'malformed message';
    if (!client.documents.has(name)) {
      if (client.documents.size >= limits.maxDocumentsPerConnection) return 'too many workspaces';
      client.documents.add(name);
    }
    if (!client.admitted.has(name)) {
      client.unadmittedBytes += data.byteLength;
      if (client.unadmittedBytes > limits.maxUnadmittedBytes) return 'too much before authentication';
    }
    return null;
  };

  const budget = (messagesPerSecond: number, messageBurst: number, bytesPerSecond: number, byteBurst: number): Budget => ({
    messages: new TokenBucket(messagesPerSecond, messageBurst, now),
    bytes: new TokenBucket(bytesPerSecond, byteBurst, now),
  });

  return {
    admitConnection(request) {
      if (counters.connections >= limits.maxConnections) {
        counters.refusedForCapacity++;
        return 'server-full';
      }
      const key = addressKey(request);
      let address = addresses.get(key);
      if (!address) {
        address = { connections: 0, ...budget(limits.addressMessagesPerSecond, limits.addressMessageBurst, limits.addressBytesPerSecond, limits.addressByteBurst) };
        addresses.set(key, address);
      }
      if (address.connections >= limits.maxConnectionsPerAddress) {
        counters.refusedForAddress++;
        return 'address-full';
      }
      address.connections++;
      counters.connections++;
      const client: Guarded = {
        address,
        ...budget(limits.messagesPerSecond, limits.messageBurst, limits.bytesPerSecond, limits.byteBurst),
        documents: new Set(),
        admitted: new Set(),
        unadmittedBytes: 0,
      };
      guarded.set(request, client);
      request.socket.once('close', () => {
        counters.connections--;
        if (--address.connections > 0) return;
        // The address's buckets outlive its last connection until they would be full again anyway:
        // reconnecting must not refill them sooner than waiting does.
        const refillMs = Math.max(limits.addressMessageBurst / limits.addressMessagesPerSecond, limits.addressByteBurst / limits.addressBytesPerSecond) * 1000;
        setTimeout(() => {
          if (address.connections === 0 && addresses.get(key) === address) addresses.delete(key);
        }, refillMs).unref();
      });
      return 'ok';
    },
    serve(socket, request, startServing, onAccepted) {
      const client = guarded.get(request);
      if (!client) {
        socket.terminate();
        return;
      }
      const served = takeNewMessageListeners(socket, startServing);
      socket.on('message', (data: RawData, isBinary: boolean) => {
        // Nothing is passed on once the socket is closing, whoever closed it.
        if (socket.readyState !== socket.OPEN) return;
        const bytes = Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data as ArrayBuffer | Buffer);
        const reason = refusal(client, bytes);
        if (reason === null) {
          onAccepted?.(bytes);
          for (const listener of served) listener.call(socket, data, isBinary);
          return;
        }
        counters.closedForAbuse++;
        // Read nothing more from it, say why, and destroy the socket if the client does not answer.
        socket.pause();
        socket.close(POLICY_VIOLATION, reason);
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      });
    },
    admitted(request, workspaceId) {
      guarded.get(request)?.admitted.add(workspaceId);
    },
    stats: () => ({ ...counters }),
  };
}

type MessageListener = (this: WebSocket, data: RawData, isBinary: boolean) => void;

/** Runs `addListeners`, then takes the 'message' listeners it added off the socket and returns them. */
function takeNewMessageListeners(socket: WebSocket, addListeners: () => void): MessageListener[] {
  const before = new Set(socket.listeners('message'));
  addListeners();
  const added = socket.listeners('message').filter((listener) => !before.has(listener)) as MessageListener[];
  for (const listener of added) socket.removeListener('message', listener);
  return added;
}
