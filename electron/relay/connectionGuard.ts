import type http from 'node:http';
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import { TokenBucket, type RelayLimits } from './relayLimits';

/*
 * Limits enforced on the raw WebSocket, before Hocuspocus reads a message:
 * Hocuspocus queues every message for a workspace until that workspace's
 * authentication ends, and keeps queueing after a refusal, so its own hooks
 * (beforeHandleMessage runs only once admitted) come too late to bound memory.
 * A connection that breaks a limit is terminated; Hocuspocus then cleans up
 * as for any closed socket, and everyone else keeps being served.
 */

export interface GuardStats {
  connections: number;
  refusedForAddress: number;
  refusedForCapacity: number;
  closedForAbuse: number;
}

interface Address {
  connections: number;
  messages: TokenBucket;
}

interface Guarded {
  address: Address;
  messages: TokenBucket;
  documents: Set<string>;
  admitted: Set<string>;
  unadmittedBytes: number;
}

export interface ConnectionGuard {
  /** Whether a new connection from `request` may be accepted (counts it if so, until its socket closes). */
  admitConnection(request: http.IncomingMessage): 'ok' | 'address-full' | 'server-full';
  /** Watches an accepted socket's messages; must be called before Hocuspocus adds its listener. */
  watch(socket: WebSocket, request: http.IncomingMessage): void;
  /** The workspace passed authentication on this request's connection: its messages are no longer held against it. */
  admitted(request: http.IncomingMessage, workspaceId: string): void;
  stats(): GuardStats;
}

export function createConnectionGuard(limits: RelayLimits, now: () => number = Date.now): ConnectionGuard {
  const addresses = new Map<string, Address>();
  const guarded = new WeakMap<http.IncomingMessage, Guarded>();
  const counters = { connections: 0, refusedForAddress: 0, refusedForCapacity: 0, closedForAbuse: 0 };

  const addressKey = (request: http.IncomingMessage) => request.socket.remoteAddress ?? 'unknown';

  const documentNameOf = (data: Uint8Array): string | null => {
    try {
      return decoding.readVarString(decoding.createDecoder(data));
    } catch {
      return null;
    }
  };

  const violates = (client: Guarded, data: Uint8Array): boolean => {
    // The rate limits come before any decoding: a flood costs the relay almost nothing.
    if (!client.messages.take() || !client.address.messages.take()) return true;
    const name = documentNameOf(data);
    if (name === null) return true;
    if (!client.documents.has(name)) {
      if (client.documents.size >= limits.maxDocumentsPerConnection) return true;
      client.documents.add(name);
    }
    if (!client.admitted.has(name)) {
      client.unadmittedBytes += data.byteLength;
      if (client.unadmittedBytes > limits.maxUnadmittedBytes) return true;
    }
    return false;
  };

  return {
    admitConnection(request) {
      if (counters.connections >= limits.maxConnections) {
        counters.refusedForCapacity++;
        return 'server-full';
      }
      const key = addressKey(request);
      let address = addresses.get(key);
      if (!address) {
        address = { connections: 0, messages: new TokenBucket(limits.addressMessagesPerSecond, limits.addressMessageBurst, now) };
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
        messages: new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now),
        documents: new Set(),
        admitted: new Set(),
        unadmittedBytes: 0,
      };
      guarded.set(request, client);
      request.socket.once('close', () => {
        counters.connections--;
        if (--address.connections > 0) return;
        // The address's bucket outlives its last connection until it would be full again anyway:
        // reconnecting must not refill it sooner than waiting does.
        const refillMs = (limits.addressMessageBurst / limits.addressMessagesPerSecond) * 1000;
        setTimeout(() => {
          if (address.connections === 0 && addresses.get(key) === address) addresses.delete(key);
        }, refillMs).unref();
      });
      return 'ok';
    },
    watch(socket, request) {
      const client = guarded.get(request);
      if (!client) {
        socket.terminate();
        return;
      }
      socket.on('message', (data: RawData) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data as ArrayBuffer | Buffer);
        if (socket.readyState !== socket.OPEN || !violates(client, bytes)) return;
        counters.closedForAbuse++;
        socket.terminate();
      });
    },
    admitted(request, workspaceId) {
      guarded.get(request)?.admitted.add(workspaceId);
    },
    stats: () => ({ ...counters }),
  };
}
