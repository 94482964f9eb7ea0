import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { WebrtcProvider } from 'y-webrtc';
import { assertShareable, isPrivate } from './privacy';
import { roomOf, secretOf } from './invite';
import { installMeshRelay, type MeshRelayStats, type RoomInternals } from './meshRelay';
import { framingWrtc, newTransportStats, type TransportStats, type WrtcLike } from './framedChannel';
import { rootMap } from '../schema/roots';

/*
 * Joins a workspace document to a workshop room: y-webrtc over Cairn's framed
 * data channels, LAN-only by default (no public STUN). Runs wherever WebRTC
 * and a WebSocket global exist: the browser passes its own RTCPeerConnection,
 * Node (the `cairn join` peer, tests) passes @roamhq/wrtc. Never touches the UI.
 */

export interface WorkshopOptions {
  code: string;
  signaling: string[];
  /** Empty on a LAN (the default): simple-peer would add public STUN servers otherwise. */
  iceServers?: { urls: string | string[]; username?: string; credential?: string }[];
  /** The WebRTC implementation: the browser's globals, or @roamhq/wrtc in Node. */
  wrtc: WrtcLike;
  /** Sync across tabs of this browser too (off in tests that must prove WebRTC carried the data). */
  broadcastChannel?: boolean;
  /**
   * An awareness that outlives this connection (the window keeps one per open
   * workspace across a pause for the network). Its clock keeps growing, so the
   * others accept this laptop's state again after it rejoins; a fresh one
   * would restart at 0, below the "left" they last heard, and stay unseen.
   */
  awareness?: Awareness;
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
  /** Peers connected over WebRTC. */
  peers: number;
  signalingConnected: boolean;
  /** Epoch ms of the last change received from a peer, or of the last complete sync. */
  lastSyncAt: number | null;
}

export interface WorkshopConnection {
  readonly code: string;
  readonly awareness: Awareness;
  readonly transport: TransportStats;
  readonly relay: MeshRelayStats;
  status(): SyncStatus;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Leaves the room (drops this window's reference; the last one disconnects). */
  leave(): void;
}

interface PeerConnInternals {
  connected: boolean;
  synced: boolean;
  closed: boolean;
  peer: { destroy(): void };
}

interface ProviderInternals {
  signalingConns: { connected: boolean }[];
  room: (Omit<RoomInternals, 'webrtcConns'> & { webrtcConns: Map<string, PeerConnInternals & { peer: { send(data: Uint8Array): void } }>; synced?: boolean }) | null;
}

/**
 * A connection attempt that has not connected by then is abandoned. y-webrtc's
 * glare handling (two peers that announce at the same moment both make an
 * offer) can leave one side waiting forever for an answer; while it waits, it
 * ignores the other's announcements, so the pair never meets. Abandoning the
 * attempt closes it, y-webrtc announces again, and the next try succeeds.
 * Jittered so that two stuck sides do not retry in lockstep.
 */
const CONNECT_TIMEOUT_MS = 6000;
const CONNECT_JITTER_MS = 4000;
/** Until then, an unreached signaling server reads as "connecting", not "offline". */
const FIRST_CONNECT_GRACE_MS = 8000;

interface Entry {
  doc: Y.Doc;
  refs: number;
  connection: WorkshopConnection;
  destroy: () => void;
}

/** y-webrtc allows one provider per room per JavaScript realm: share it, count references. */
const open = new Map<string, Entry>();

export function connectWorkshop(doc: Y.Doc, options: WorkshopOptions): WorkshopConnection {
  assertShareable(doc);
  const room = roomOf(options.code);
  const existing = open.get(room);
  if (existing) {
    if (existing.doc !== doc) throw new Error('This window is already in that workshop with another workspace.');
    existing.refs++;
    return existing.connection;
  }
  const transport = newTransportStats();
  const provider = new WebrtcProvider(room, doc, {
    signaling: options.signaling,
    password: secretOf(options.code),
    filterBcConns: !(options.broadcastChannel ?? true),
    maxConns: 32,
    awareness: options.awareness,
    peerOpts: { config: { iceServers: options.iceServers ?? [] }, wrtc: framingWrtc(options.wrtc, transport) },
  });
  const internals = provider as unknown as ProviderInternals;
  // y-webrtc opens the room once the password's key is derived (a promise it
  // resolved before ours, so the room exists and is connected by then).
  const relayStats: MeshRelayStats = { relayed: 0, relaysSkipped: 0, antiEntropyRounds: 0 };
  let relay: ReturnType<typeof installMeshRelay> | null = null;
  let destroyed = false;
  void (provider as unknown as { key: PromiseLike<unknown> }).key.then(() => {
    if (destroyed || !internals.room) return;
    relay = installMeshRelay(internals.room, doc, provider.awareness, relayStats);
  });
  /**
   * y-webrtc marks a connection synced only when a sync step 2 arrives while
   * the room is unsynced, and does not unsync the room when a peer connects:
   * a peer that arrives after the first sync would never count as synced, or
   * (read through the room) would count at once, with nothing exchanged. So
   * the room is unsynced while a connected peer has not answered; its next
   * step 2 (y-webrtc's on connect, or the relay's anti-entropy round within
   * two seconds) marks it.
   */
  const requireExchangeWithNewPeers = () => {
    const room = internals.room;
    if (room?.synced && [...room.webrtcConns.values()].some((c) => c.connected && !c.synced)) room.synced = false;
  };
  const listeners = new Set<(status: SyncStatus) => void>();
  let lastSyncAt: number | null = null;
  const openedAt = Date.now();
  let everReachedSignaling = false;

  /** Set once the document turned into a journal while connected: it has left the room for good. */
  let becamePrivate = false;

  const status = (): SyncStatus => {
    if (becamePrivate) return { state: 'offline', peers: 0, signalingConnected: false, lastSyncAt };
    const conns = [...(internals.room?.webrtcConns.values() ?? [])].filter((c) => c.connected);
    const signalingConnected = internals.signalingConns.some((c) => c.connected);
    const peers = conns.length;
    if (signalingConnected) everReachedSignaling = true;
    // Give the first connection a moment before calling it "offline".
    let state: SyncState = everReachedSignaling || Date.now() - openedAt > FIRST_CONNECT_GRACE_MS ? 'offline' : 'connecting';
    // In sync only with every connected peer having answered our state (see requireExchangeWithNewPeers).
    if (peers > 0) state = conns.every((c) => c.synced) ? 'in-sync' : 'connected';
    else if (signalingConnected) state = 'looking';
    return { state, peers, signalingConnected, lastSyncAt };
  };
  let last = '';
  const emit = () => {
    requireExchangeWithNewPeers();
    const next = status();
    const key = JSON.stringify(next);
    if (key === last) return;
    last = key;
    for (const listener of listeners) listener(next);
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === internals.room) {
      lastSyncAt = Date.now();
      emit();
    }
  };
  const onSynced = ({ synced }: { synced: boolean }) => {
    if (synced) lastSyncAt = Date.now();
    emit();
  };
  doc.on('update', onUpdate);
  provider.on('synced', onSynced);
  provider.on('peers', emit);
  const attempts = new WeakMap<PeerConnInternals, number>();
  const abandonStuckAttempts = () => {
    const now = Date.now();
    for (const conn of internals.room?.webrtcConns.values() ?? []) {
      if (conn.connected || conn.closed) continue;
      const deadline = attempts.get(conn);
      if (deadline === undefined) attempts.set(conn, now + CONNECT_TIMEOUT_MS + Math.random() * CONNECT_JITTER_MS);
      else if (now > deadline) conn.peer.destroy();
    }
  };
  // Signaling sockets connect and drop without provider events: look every second.
  const poll = setInterval(() => {
    abandonStuckAttempts();
    emit();
  }, 1000);

  const destroy = () => {
    clearInterval(poll);
    destroyed = true;
    relay?.dispose();
    doc.off('update', onUpdate);
    rootMap(doc, 'meta').unobserve(onMeta);
    // y-webrtc's destroy() leaves the signaling sockets open; disconnect() closes the ones no other room uses.
    provider.disconnect();
    provider.destroy();
    open.delete(room);
  };
  // A document can become a journal while connected (a merged file or a peer's
  // update sets meta.kind). Yjs runs observers before it emits 'update', so
  // disconnecting here (synchronously: provider.destroy() waits for the key)
  // means y-webrtc never sends the transaction that made it a journal, nor
  // anything after it.
  function onMeta() {
    if (becamePrivate || !isPrivate(doc)) return;
    becamePrivate = true;
    destroy();
    emit();
  }
  rootMap(doc, 'meta').observe(onMeta);
  const connection: WorkshopConnection = {
    code: options.code,
    awareness: provider.awareness,
    transport,
    relay: relayStats,
    status,
    onStatus(listener) {
      listeners.add(listener);
      listener(status());
      return () => listeners.delete(listener);
    },
    leave() {
      const entry = open.get(room);
      if (entry?.connection !== connection) return;
      if (--entry.refs === 0) entry.destroy();
    },
  };
  open.set(room, { doc, refs: 1, connection, destroy });
  return connection;
}
