import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

/*
 * y-webrtc sends every document update to every connected peer, including
 * updates it just received from a peer, so in a full mesh each edit costs
 * N·(N−1) messages: 90 at ten peers, 380 at twenty. When the mesh is complete
 * (every peer directly connected to every other), the author already sent
 * everyone the update and relaying it is pure duplication.
 *
 * Each peer tells the room, in its awareness state, how many direct links it
 * has (`meshLinks`); awareness travels transitively, so everyone knows the
 * room's size and whether anyone is missing a link. A received update is
 * relayed unless the mesh is complete by that measure. A peer that does not
 * report links (a stock y-webrtc peer) counts as incomplete, so relaying
 * stays on around it. Edits made here are always sent.
 *
 * As a backstop, every two seconds each peer sends its state vector to its
 * direct peers (sync step 1) and they answer with anything it lacks, so a
 * link that goes quiet delays updates by at most that period. (At twenty
 * peers on one 2-core machine some links do go quiet while reported
 * connected; see bench/results/workshop-sync.json.)
 */

export const ANTI_ENTROPY_INTERVAL_MS = 2000;
const LINK_REPORT_INTERVAL_MS = 1000;
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
  /** Everyone reports a direct link to everyone else we know of, and so do we. */
  const meshComplete = () => {
    const others = [...awareness.getStates().entries()].filter(([id]) => id !== doc.clientID);
    if (directPeers() < others.length) return false;
    return others.every(([, state]) => typeof (state as { meshLinks?: unknown }).meshLinks === 'number' && (state as { meshLinks: number }).meshLinks >= others.length);
  };
  const reportLinks = () => {
    const links = directPeers();
    if ((awareness.getLocalState() as { meshLinks?: number } | null)?.meshLinks !== links) awareness.setLocalStateField('meshLinks', links);
  };

  const handler = (update: Uint8Array, origin: unknown) => {
    if (origin === room) {
      if (meshComplete()) {
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
  reportLinks();
  const linkTimer = setInterval(reportLinks, LINK_REPORT_INTERVAL_MS);
  return {
    dispose() {
      clearInterval(timer);
      clearInterval(linkTimer);
    },
  };
}
