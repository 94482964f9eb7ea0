import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { globalWebSocket, statusFeed } from './statusFeed';
import { assertShareable, isPrivate } from './privacy';
import { roomOf, secretOf } from './invite';
import { newTransportStats, type TransportStats } from './framedChannel';
import { CairnRoom, type MeshView } from './room/cairnRoom';
import type { WrtcLike } from './room/peerLink';
import type { WebSocketConstructor } from './room/signalingClient';
import { newRoomStats, type RoomStats } from './room/roomStats';
import { rootMap } from '../schema/roots';

export type { WrtcLike } from './room/peerLink';
export type { WebSocketConstructor } from './room/signalingClient';
export type { RoomStats } from './room/roomStats';
export type { MeshView } from './room/cairnRoom';

/*
 * Joins a workspace document to a workshop room: Cairn's own WebRTC provider
 * (shared/sync/room/), speaking y-webrtc's signaling protocol and messages so
 * stock y-webrtc peers still meet Cairn peers. LAN-only by default (no public
 * STUN). Runs wherever WebRTC and a WebSocket exist: the browser passes its
 * own RTCPeerConnection, Node (the `cairn join` peer, tests) passes
 * @roamhq/wrtc and `ws`. Never touches the UI.
 */

export interface WorkshopOptions {
  code: string;
  signaling: string[];
  /** Empty on a LAN (the default): no public STUN server is contacted. */
  iceServers?: { urls: string | string[]; username?: string; credential?: string }[];
  /** The WebRTC implementation: the browser's globals, or @roamhq/wrtc in Node. */
  wrtc: WrtcLike;
  /** The WebSocket class for signaling; the global one when absent (Node 20 has none: pass `ws`). */
  WebSocket?: WebSocketConstructor;
  /** Accepted and ignored: Cairn syncs tabs through signaling like any peers, never a BroadcastChannel. */
  broadcastChannel?: boolean;
  /**
   * An awareness that outlives this connection (the window keeps one per open
   * workspace across a pause for the network). Its clock keeps growing, so the
   * others accept this laptop's state again after it rejoins; a fresh one
   * would restart at 0, below the "left" they last heard, and stay unseen.
   * The caller owns it: leaving does not destroy it.
   */
  awareness?: Awareness;
  /**
   * This laptop hosts the room (the facilitator's, which also runs its
   * signaling server): above ten people every peer links to it and it relays
   * for all, so edits take two hops and a newcomer is served at once
   * (shared/sync/room/meshPlan.ts).
   */
  hub?: boolean;
}

/**
 * connecting: first attempt to reach signaling, just after joining or hosting;
 * offline: signaling unreachable (and no peer connected);
 * looking: signaling reached, no peer yet; connected: peers, still syncing;
 * in-sync: every connected peer has exchanged state with us.
 */
export type SyncState = 'connecting' | 'offline' | 'looking' | 'connected' | 'in-sync';

export interface SyncStatus {
  state: SyncState;
  /**
   * The people in the room this peer is in sync with: Cairn peers present and
   * reached through the mesh (directly or relayed), plus stock y-webrtc peers
   * linked directly. 0 while no link is open.
   */
  peers: number;
  signalingConnected: boolean;
  /** Epoch ms of the last change received from a peer, or of the last complete sync. */
  lastSyncAt: number | null;
}

export interface WorkshopConnection {
  readonly code: string;
  readonly awareness: Awareness;
  readonly transport: TransportStats;
  /** Everything the room did: relays, anti-entropy, links, messages by type (shared/sync/room/roomStats.ts). */
  readonly relay: RoomStats;
  status(): SyncStatus;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** The open links, for diagnostics and tests. */
  links(): { peerId: string; cairn: boolean; framed: boolean; synced: boolean }[];
  /** The mesh plan as this peer sees it (shared/sync/room/meshPlan.ts): Cairn members (itself included), wanted links, and how many of those are open. */
  mesh(): MeshView;
  /** Leaves the room (drops this window's reference; the last one disconnects). */
  leave(): void;
}

/** Until then, an unreached signaling server reads as "connecting", not "offline". */
const FIRST_CONNECT_GRACE_MS = 8000;

interface Entry {
  doc: Y.Doc;
  refs: number;
  connection: WorkshopConnection;
  destroy: () => void;
}

/** One room per workspace per window (React StrictMode mounts twice): share it, count references. */
const open = new Map<string, Entry>();


export function connectWorkshop(doc: Y.Doc, options: WorkshopOptions): WorkshopConnection {
  assertShareable(doc);
  const roomName = roomOf(options.code);
  const existing = open.get(roomName);
  if (existing) {
    if (existing.doc !== doc) throw new Error('This window is already in that workshop with another workspace.');
    existing.refs++;
    return existing.connection;
  }
  const transport = newTransportStats();
  const stats = newRoomStats();
  const ownsAwareness = !options.awareness;
  const awareness = options.awareness ?? new Awareness(doc);
  const openedAt = Date.now();
  let everReachedSignaling = false;
  /** Set once the document turned into a journal while connected: it has left the room for good. */
  let becamePrivate = false;
  let room: CairnRoom | null = null;

  const status = (): SyncStatus => {
    if (becamePrivate || !room) return { state: 'offline', peers: 0, signalingConnected: false, lastSyncAt: null };
    const view = room.view();
    if (view.signalingConnected) everReachedSignaling = true;
    // Give the first connection a moment before calling it "offline".
    let state: SyncState = everReachedSignaling || Date.now() - openedAt > FIRST_CONNECT_GRACE_MS ? 'offline' : 'connecting';
    if (view.peers > 0) state = view.allSynced ? 'in-sync' : 'connected';
    else if (view.signalingConnected) state = 'looking';
    return { state, peers: view.peers, signalingConnected: view.signalingConnected, lastSyncAt: view.lastSyncAt };
  };
  const feed = statusFeed(() => status());
  const emit = () => feed.emit();
  // "connecting" turns into "offline" by the clock alone, once: the one status change no event brings.
  const graceTimer = setTimeout(emit, FIRST_CONNECT_GRACE_MS + 1);

  room = new CairnRoom({
    roomName,
    secret: secretOf(options.code),
    signaling: options.signaling,
    WebSocket: options.WebSocket ?? globalWebSocket<WebSocketConstructor>(),
    wrtc: options.wrtc,
    iceServers: options.iceServers ?? [],
    doc,
    awareness,
    transport,
    stats,
    changed: () => emit(),
    hub: options.hub === true,
  });

  const destroy = () => {
    clearTimeout(graceTimer);
    rootMap(doc, 'meta').unobserve(onMeta);
    room?.destroy();
    if (ownsAwareness) awareness.destroy();
    open.delete(roomName);
  };
  // A document can become a journal while connected (a merged file or a peer's
  // update sets meta.kind). Yjs runs observers before it emits 'update', so
  // leaving here (synchronously) means the room never sends the transaction
  // that made it a journal, nor anything after it.
  function onMeta() {
    if (becamePrivate || !isPrivate(doc)) return;
    becamePrivate = true;
    destroy();
    emit();
  }
  rootMap(doc, 'meta').observe(onMeta);
  const connection: WorkshopConnection = {
    code: options.code,
    awareness,
    transport,
    relay: stats,
    status,
    links: () => (becamePrivate ? [] : (room?.links() ?? [])),
    mesh: () => (becamePrivate || !room ? { peerId: '', members: 0, wanted: 0, linkedWanted: 0 } : room.mesh()),
    onStatus: (listener) => feed.subscribe(listener),
    leave() {
      const entry = open.get(roomName);
      if (entry?.connection !== connection) return;
      if (--entry.refs === 0) entry.destroy();
    },
  };
  open.set(roomName, { doc, refs: 1, connection, destroy });
  return connection;
}
