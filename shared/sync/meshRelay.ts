import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

/*
 * y-webrtc sends every document update to every connected peer, including
 * updates it just received from a peer, so in a full mesh each edit costs
 * N·(N−1) messages: 90 at ten peers, 380 at twenty. When every peer we know of
 * is connected to us directly, the author already sent them the update and
 * our relay is pure duplication. So a received update is relayed only while
 * some known peer (known through awareness, which does travel transitively)
 * is not directly connected to us. Edits made here are always sent.
 *
 * What the relay rule cannot know is whether the author reaches everyone we
 * reach. As a backstop, every few seconds each peer sends its state vector to
 * its direct peers (sync step 1); they answer with anything it lacks. A
 * partial mesh therefore still converges within that period even when no one
 * relays.
 */

export const ANTI_ENTROPY_INTERVAL_MS = 5000;
const MESSAGE_SYNC = 0; // y-webrtc's message type for y-protocols sync messages

interface ConnInternals {
  connected: boolean;
  peer: { send(data: Uint8Array): void };
}

export interface RoomInternals {
  webrtcConns: Map<string, ConnInternals>;
  bcConns: Set<string>;
  _docUpdateHandler: (update: Uint8Array, origin: unknown) => void;
}

export interface MeshRelayStats {
  relayed: number;
  relaysSkipped: number;
  antiEntropyRounds: number;
}

export function installMeshRelay(room: RoomInternals, doc: Y.Doc, awareness: Awareness, stats: MeshRelayStats) {
  const broadcast = room._docUpdateHandler;
  const directPeers = () => [...room.webrtcConns.values()].filter((c) => c.connected).length + room.bcConns.size;
  const knownPeers = () => awareness.getStates().size - (awareness.getStates().has(doc.clientID) ? 1 : 0);

  const handler = (update: Uint8Array, origin: unknown) => {
    if (origin === room) {
      if (directPeers() >= knownPeers()) {
        stats.relaysSkipped++;
        return;
      }
      stats.relayed++;
    }
    broadcast(update, origin);
  };
  // y-webrtc registers its handler on connect and removes it by the same property on disconnect.
  doc.off('update', broadcast);
  room._docUpdateHandler = handler;
  doc.on('update', handler);

  const antiEntropy = () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    const message = encoding.toUint8Array(encoder);
    for (const conn of room.webrtcConns.values()) {
      if (!conn.connected) continue;
      try {
        conn.peer.send(message);
      } catch {
        // A channel closing under us; the next round goes to whoever is still here.
      }
    }
    stats.antiEntropyRounds++;
  };
  const timer = setInterval(antiEntropy, ANTI_ENTROPY_INTERVAL_MS);
  return {
    dispose() {
      clearInterval(timer);
    },
  };
}
