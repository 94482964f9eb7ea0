import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { uuidv4 } from 'lib0/random';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { TransportStats } from '../framedChannel';
import { deriveRoomKey, openJson, sealJson } from './roomKey';
import { SignalingClient, type WebSocketConstructor } from './signalingClient';
import { PeerLink, type Signal, type WrtcLike } from './peerLink';
import { readRoomSignal, YIELDING_TOKEN, type RoomSignal } from './signalingMessages';
import { tally, type RoomStats } from './roomStats';
import { MAX_HUB_LINKS, MeshPlan } from './meshPlan';
import { MESH_HUB_FIELD, MESH_LINKS_FIELD, MESH_PEER_FIELD, MESH_VIA_HUB_FIELD, MeshPresence, isCairnState } from './meshPresence';
import { PresenceBatcher, groupBySameClients } from './presenceBatcher';

/*
 * A workshop room: who is linked to whom, and what goes over the links.
 * Membership and WebRTC signaling follow y-webrtc (announce, then the member
 * that hears it offers), so stock y-webrtc peers meet Cairn peers. Messages
 * on a link are y-webrtc's too (0 sync, 1 awareness, 3 query awareness; 4,
 * BroadcastChannel peer ids, is read and ignored: Cairn syncs no tabs that
 * way). The policy is Cairn's, and explicit:
 *
 * - Initial sync, one at a time. A link that opens gets our awareness, and
 *   our sync step 1 only if no first exchange is under way: a newcomer sends
 *   its state vector to the first peer that links and defers the others
 *   until that peer's step 2 arrived, so a room of 29 does not each send it
 *   the whole workspace (then their answers are tiny).
 * - Links. Up to FULL_MESH_UP_TO Cairn peers every pair links; above that
 *   each Cairn peer links to a bounded set (meshPlan.ts: ring distances 1, 2,
 *   4, … both ways). Offers go only to wanted peers (on hearing an announce,
 *   at once; on learning of one through presence, the smaller id after
 *   OFFER_DELAY_MS and the larger only if no offer came by FALLBACK_OFFER_MS,
 *   so the pair rarely offers at once); incoming offers are
 *   accepted up to MAX_LINKS; a Cairn link no longer wanted (membership
 *   changed) is closed after UNWANTED_GRACE_MS, doubled each time the same
 *   peer's link is closed so, so two peers whose views differ cannot flap.
 *   Stock peers link to everyone and are never closed for being unwanted.
 *   A hub (the facilitator's laptop: `hub` below) links to every Cairn peer
 *   (up to MAX_HUB_LINKS) and says so in its announce and presence.
 * - Updates. A local edit goes to every open link. A received update is
 *   relayed to the other links unless the mesh is complete: each Cairn
 *   peer reports its direct links in awareness (`meshLinks`, awareness
 *   travels transitively), a peer that reports none (stock) counts as
 *   incomplete. Yjs emits no update for one it already has, so relaying
 *   floods at most once per peer: one to two messages per link per edit.
 *   With a hub, a spoke passes on only what the hub cannot have reached:
 *   to a hub, what came from a peer not linked to one; to another spoke,
 *   only if that spoke reports no hub link (`meshViaHub`). So an edit costs
 *   its author's few direct sends plus the hub's one per peer: linear in
 *   the room's size. The hub itself relays everything. Presence still
 *   floods the spokes' links (batched): when the hub goes, nobody's
 *   presence lapses while the spokes find out; only the hub is spared
 *   what it has already, by the same rule as updates.
 *   What a peer's answer to our state vector (sync step 2) brought is not
 *   relayed: the other links' own anti-entropy asks for it, and a newcomer
 *   would otherwise send the whole workspace back out to every link.
 *   Relayed presence is batched (presenceBatcher.ts); our own goes at once.
 * - Anti-entropy. Every ANTI_ENTROPY_INTERVAL_MS our state vector goes to
 *   every open link (step 1 only; the answer is what we lack): a backstop
 *   for anything a link lost.
 * - Liveness. Between Cairn peers a 1-byte keepalive goes on a link that
 *   carried nothing else for KEEPALIVE_INTERVAL_MS; a link silent for
 *   LINK_SILENT_MS closes. Each
 *   Cairn peer renews its presence every PRESENCE_RENEW_MS, and a Cairn
 *   peer's presence not renewed for PRESENCE_EXPIRE_MS is removed here
 *   (stock peers keep y-protocols' 30 s). So a peer whose network is cut
 *   leaves the peer count and presence within 5 s, everywhere (its renewals
 *   stop arriving over every path), and one reachable only through others
 *   stays present.
 * - Status is pushed: every change (signaling up or down, a link opening or
 *   closing, an exchange finishing, a peer arriving in or leaving presence)
 *   calls `changed`, at once. `peers` counts the people we are in the room
 *   with: the Cairn peers present (reached through the mesh) or directly
 *   linked, plus direct stock links; none while we have no open link.
 */

export const MAX_LINKS = 32;
export const ANTI_ENTROPY_INTERVAL_MS = 3000;
export const KEEPALIVE_INTERVAL_MS = 1000;
export const LINK_SILENT_MS = 3500;
export const PRESENCE_RENEW_MS = 1500;
export const PRESENCE_EXPIRE_MS = 4000;
/** How often keepalives, silence and presence are looked at. */
const LIVENESS_TICK_MS = 500;
/**
 * A link attempt that has not opened by then was lost (the remote left or
 * restarted mid-negotiation, or a signal was dropped): it is retired and the
 * pair meets again. Not a glare watchdog (perfect negotiation settles
 * collisions): lost messages.
 */
export const PENDING_LINK_MS = 15_000;
/** A wanted peer learned of through presence is offered to after this (the larger id waits longer). */
export const OFFER_DELAY_MS = 1000;
/** The larger id of a pair offers only if the smaller has not by then (it may not know of us yet). */
export const FALLBACK_OFFER_MS = 3000;
/** An announce from a peer we have a link attempt to that is older than this replaces the attempt. */
const STALE_ATTEMPT_MS = 2000;
/** A peer with no link while signaling is up announces again this often. */
const LONELY_ANNOUNCE_MS = 5000;
/** A Cairn link that neither end wants any more closes after this (doubled per earlier close of the same peer). */
export const UNWANTED_GRACE_MS = 10_000;
const UNWANTED_GRACE_MAX_MS = 120_000;

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const MESSAGE_BC_PEER_ID = 4;

/** The origin of what a peer's sync step 2 (its answer to our state vector) changed in our document. */
class Answer {
  constructor(readonly link: PeerLink) {}
}

/** The origin of presence removals made here (expired peers): not sent on, each peer expires its own. */
const EXPIRED = Symbol('presence expired');

export interface RoomOptions {
  roomName: string;
  secret: string;
  signaling: string[];
  WebSocket: WebSocketConstructor;
  wrtc: WrtcLike;
  iceServers: RTCIceServer[];
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  transport: TransportStats;
  stats: RoomStats;
  /** Called at once whenever what `status()` reports may have changed. */
  changed: () => void;
  /** This peer is the room's hub (the facilitator's laptop): every Cairn peer links to it, it relays for all (meshPlan.ts). */
  hub?: boolean;
}

interface Member {
  link: PeerLink;
  /** Said `cairn: 1` in signaling. */
  cairn: boolean;
  /** Answered our state vector (a sync step 2) since the link opened. */
  synced: boolean;
  /** When the attempt began (for retiring one that never opened). */
  since: number;
  /** Since when the plan has not wanted this (Cairn) link, if it does not. */
  unwantedSince: number | null;
  /** The newest presence clock this link sent us, per client: not relayed back to it. */
  heard: Map<number, number>;
}

export interface RoomView {
  signalingConnected: boolean;
  peers: number;
  /** Every open link exchanged state with us (the mesh carries the rest). */
  allSynced: boolean;
  lastSyncAt: number | null;
}

/** The mesh plan as one peer sees it. */
export interface MeshView {
  /** This peer's transport id (what others' `links()` call it). */
  peerId: string;
  /** Cairn peers of the room as known here, this one included. */
  members: number;
  /** Cairn peers the plan wants a direct link to. */
  wanted: number;
  /** Of those, linked now. */
  linkedWanted: number;
}

type InitialSync = { phase: 'none' } | { phase: 'in-flight'; since: number } | { phase: 'done' };

export class CairnRoom {
  readonly peerId = uuidv4();
  private readonly members = new Map<string, Member>();
  private readonly offersSeen = new Map<string, string>();
  private clients: SignalingClient[] = [];
  private key: CryptoKey | null = null;
  private destroyed = false;
  private inbox: Promise<void> = Promise.resolve();
  private outbox: Promise<void> = Promise.resolve();
  private initialSync: InitialSync = { phase: 'none' };
  private readonly deferred = new Set<Member>();
  private lastSyncAt: number | null = null;
  private lastRenewal = 0;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly plan: MeshPlan;
  private readonly maxLinks: number;
  private readonly presence: MeshPresence;
  private readonly batcher = new PresenceBatcher<Member>((pending) => this.sendRelayedPresence(pending));
  /** Wanted peers without a link, and since when. */
  private readonly wantedSince = new Map<string, number>();
  /** How many times a link to this peer was closed as unwanted (for the grace's backoff). */
  private readonly unwantedCloses = new Map<string, number>();
  private presentCount = 0;
  /** How many entries of the link presence being applied y-protocols reported as changes (applyPresence). */
  private presenceEntriesReported = 0;
  private lastAnnounceAt = 0;

  constructor(private readonly options: RoomOptions) {
    const { doc, awareness } = options;
    this.plan = new MeshPlan(this.peerId, options.hub === true);
    this.maxLinks = options.hub ? MAX_HUB_LINKS : MAX_LINKS;
    this.presence = new MeshPresence(awareness, this.peerId);
    doc.on('update', this.onDocUpdate);
    awareness.on('update', this.onAwarenessUpdate);
    awareness.on('change', this.onAwarenessChange);
    this.reportLinks();
    void deriveRoomKey(options.secret, options.roomName).then((key) => {
      if (this.destroyed) return;
      this.key = key;
      this.clients = options.signaling.map(
        (url) =>
          new SignalingClient(url, options.roomName, options.WebSocket, {
            up: () => {
              this.announce();
              options.changed();
            },
            down: () => options.changed(),
            publish: (data) => this.receiveSignaling(data),
          }),
      );
    }, () => {
      // No WebCrypto here (a page served over plain http from another machine): the room stays
      // offline, as the status says; there is nothing to retry.
    });
    this.timers.push(setInterval(() => this.antiEntropy(), ANTI_ENTROPY_INTERVAL_MS));
    this.timers.push(setInterval(() => this.liveness(), LIVENESS_TICK_MS));
  }

  view(): RoomView {
    const open = this.openMembers();
    return {
      signalingConnected: this.clients.some((c) => c.connected),
      peers: this.peerCount(open),
      allSynced: open.every((m) => m.synced),
      lastSyncAt: this.lastSyncAt,
    };
  }

  /** The people we are in the room with: Cairn peers present or directly linked, and direct stock links. */
  private peerCount(open: Member[]): number {
    if (open.length === 0) return 0;
    const present = this.presence.cairnPeers();
    let count = present.size;
    for (const member of open) if (!member.cairn || !present.has(member.link.remoteId)) count++;
    return count;
  }

  /** The plan as this peer sees it: Cairn members (this one included), wanted links, and how many of those are open. */
  mesh(): MeshView {
    const now = Date.now();
    const wanted = this.plan.wanted(now);
    const linkedWanted = [...wanted].filter((id) => this.members.get(id)?.link.open).length;
    return { peerId: this.peerId, members: this.plan.size(now), wanted: wanted.size, linkedWanted };
  }

  /** Per open link: who, whether it speaks Cairn (framed), and whether it exchanged state. */
  links(): { peerId: string; cairn: boolean; framed: boolean; synced: boolean }[] {
    return [...this.members.entries()].filter(([, m]) => m.link.open).map(([peerId, m]) => ({ peerId, cairn: m.cairn, framed: m.link.framed, synced: m.synced }));
  }

  /** Leaves synchronously: nothing about the document is sent after this returns. */
  destroy(): void {
    if (this.destroyed) return;
    const { doc, awareness } = this.options;
    doc.off('update', this.onDocUpdate);
    // Tell the peers we are gone (our presence only), then stop listening.
    awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], 'leave');
    this.destroyed = true;
    awareness.off('update', this.onAwarenessUpdate);
    awareness.off('change', this.onAwarenessChange);
    this.batcher.destroy();
    for (const timer of this.timers) clearInterval(timer);
    for (const member of [...this.members.values()]) member.link.close();
    for (const client of this.clients) client.close();
  }

  // --- Signaling --------------------------------------------------------

  private announce(): void {
    if (this.members.size >= this.maxLinks) return;
    this.lastAnnounceAt = Date.now();
    this.publish(this.options.hub ? { type: 'announce', from: this.peerId, cairn: 1, hub: 1 } : { type: 'announce', from: this.peerId, cairn: 1 });
  }

  private publish(message: { [key: string]: encoding.AnyEncodable }): void {
    const key = this.key;
    if (!key || this.destroyed) return;
    // Sealing is asynchronous: keep what we publish in the order it was made.
    this.outbox = this.outbox
      .then(() => sealJson(message, key))
      .then((sealed) => {
        for (const client of this.clients) client.publish(sealed);
      })
      .catch(() => undefined);
  }

  private receiveSignaling(data: unknown): void {
    const key = this.key;
    if (!key) return;
    if (typeof data !== 'string') {
      this.options.stats.signalsMalformed++;
      return;
    }
    // Opening is asynchronous: handle what arrives in the order it arrived.
    this.inbox = this.inbox.then(async () => {
      const json = await openJson(data, key);
      if (this.destroyed) return;
      if (json === null) {
        this.options.stats.signalsUndecryptable++;
        return;
      }
      const message = readRoomSignal(json);
      if (!message) {
        this.options.stats.signalsMalformed++;
        return;
      }
      this.onSignal(message);
    }).catch(() => {
      // Whatever one message did, the next ones are still handled.
      this.options.stats.signalsMalformed++;
    });
  }

  private onSignal(message: RoomSignal): void {
    if (message.from === this.peerId) return;
    if (message.type === 'announce') {
      // A newcomer: the members offer (as y-webrtc does, so a stock newcomer works too); to a Cairn
      // newcomer only those whose plan wants it.
      if (message.cairn) this.plan.heardAnnounce(message.from, Date.now(), message.hub);
      // An attempt of ours still pending is stale now (made while the peer could not hear it, e.g. cut
      // off): the announce says it is listening, so we offer afresh.
      const pending = this.members.get(message.from);
      if (pending && !pending.link.open && Date.now() - pending.since > STALE_ATTEMPT_MS) pending.link.close();
      if (this.members.has(message.from) || this.members.size >= this.maxLinks) return;
      if (message.cairn && !this.plan.wanted(Date.now()).has(message.from)) return;
      this.join(message.from, message.cairn).link.offer();
      return;
    }
    if (message.to !== this.peerId) return;
    const signal = message.signal;
    if (!signal) {
      this.options.stats.signalsMalformed++;
      return;
    }
    let member = this.members.get(message.from);
    if (signal.type === 'offer') {
      if (this.offersSeen.get(message.from) === signal.sdp) return; // the same offer through another server
      this.offersSeen.set(message.from, signal.sdp);
      // An offer on an open link: the remote dropped its side and starts over.
      if (member?.link.open) {
        member.link.close();
        member = undefined;
      }
    }
    if (!member) {
      if (signal.type !== 'offer') return; // for a link we no longer have
      if (this.members.size >= this.maxLinks) return;
      member = this.join(message.from, message.cairn);
    }
    member.link.signal(signal);
  }

  private join(remoteId: string, cairn: boolean): Member {
    const member: Member = {
      link: new PeerLink(remoteId, {
        wrtc: this.options.wrtc,
        iceServers: this.options.iceServers,
        // Perfect negotiation: between Cairn peers the larger id yields; with a stock peer, always us.
        polite: cairn ? this.peerId > remoteId : true,
        stats: this.options.transport,
        events: {
          signal: (signal: Signal) => this.publish({ type: 'signal', from: this.peerId, to: remoteId, token: YIELDING_TOKEN, signal, cairn: 1 }),
          open: () => this.onLinkOpen(member),
          message: (bytes) => this.onLinkMessage(member, bytes),
          close: () => this.onLinkClose(member),
          collision: () => void this.options.stats.offerCollisions++,
        },
      }),
      cairn,
      synced: false,
      since: Date.now(),
      unwantedSince: null,
      heard: new Map(),
    };
    this.members.set(remoteId, member);
    return member;
  }

  // --- Links --------------------------------------------------------------

  private onLinkOpen(member: Member): void {
    if (this.destroyed) return;
    this.options.stats.linksOpened++;
    this.refreshPlan();
    this.startSync(member);
    const states = this.options.awareness.getStates();
    if (states.size > 0) this.send(member, awarenessMessage(this.options.awareness, [...states.keys()]));
    this.reportLinks();
    this.options.changed();
  }

  private onLinkClose(member: Member): void {
    const remoteId = member.link.remoteId;
    if (this.members.get(remoteId) !== member) return;
    this.members.delete(remoteId);
    this.offersSeen.delete(remoteId);
    this.deferred.delete(member);
    this.batcher.drop(member);
    this.plan.forget(remoteId);
    if (this.destroyed) return;
    this.refreshPlan();
    this.options.stats.linksClosed++;
    if (this.initialSync.phase === 'in-flight' && ![...this.members.values()].some((m) => m.link.open && !this.deferred.has(m))) {
      // The peer we were syncing from left before answering: the next one serves.
      this.initialSync = { phase: 'none' };
      const next = [...this.deferred][0];
      if (next) {
        this.deferred.delete(next);
        this.startSync(next);
      }
    }
    this.reportLinks();
    this.options.changed();
    // As y-webrtc does: if the peer is still there, hearing us again makes it offer. Not for a Cairn peer
    // while we have other links: the plan offers again if it still wants the link (an announce would make
    // every peer of the room that wants us and is not linked yet offer at once, crossing the plan's offers).
    if (!member.cairn || this.openMembers().length === 0) this.announce();
  }

  private startSync(member: Member): void {
    if (this.initialSync.phase === 'in-flight') {
      this.deferred.add(member);
      this.options.stats.initialSyncsDeferred++;
      return;
    }
    if (this.initialSync.phase === 'none') this.initialSync = { phase: 'in-flight', since: Date.now() };
    this.send(member, syncStep1Message(this.options.doc));
  }

  private onLinkMessage(member: Member, bytes: Uint8Array): void {
    if (this.destroyed) return;
    const { stats, doc, awareness } = this.options;
    tally(stats.received, bytes);
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC: {
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          // An answer to our state vector (step 2) is applied with its own origin: it is not relayed.
          const origin = decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2 ? new Answer(member.link) : member.link;
          const kind = syncProtocol.readSyncMessage(decoder, reply, doc, origin);
          if (kind === syncProtocol.messageYjsSyncStep1) this.send(member, encoding.toUint8Array(reply));
          else if (kind === syncProtocol.messageYjsSyncStep2) this.exchanged(member);
          break;
        }
        case MESSAGE_AWARENESS: {
          this.applyPresence(member, decoding.readVarUint8Array(decoder));
          break;
        }
        case MESSAGE_QUERY_AWARENESS:
          this.send(member, awarenessMessage(awareness, [...awareness.getStates().keys()]));
          break;
        case MESSAGE_BC_PEER_ID:
          break; // tabs of a stock peer's browser; Cairn has no BroadcastChannel sync
        default:
          break; // a newer or foreign message type: counted (tally), not understood
      }
    } catch {
      // Bytes that do not decode (a broken or hostile peer): counted and dropped, the link stays.
      stats.undecodableMessages++;
    }
  }

  /**
   * Applies a link's presence, noting in `member.heard` the clocks it sent (not relayed back to it).
   * y-protocols reports the entries newer than ours, and onAwarenessUpdate notes those from what it
   * decoded (`awareness.meta`). An entry that was not newer (it reached us first by another link) goes
   * unreported, yet this link sent it too and must not get it back: only then, which the update's
   * entry count tells, are the clocks read from the update itself.
   */
  private applyPresence(member: Member, update: Uint8Array): void {
    this.presenceEntriesReported = 0;
    awarenessProtocol.applyAwarenessUpdate(this.options.awareness, update, member.link);
    if (this.presenceEntriesReported < awarenessEntryCount(update)) noteClocks(update, member.heard);
  }

  /** A step 2 arrived: this link has exchanged state with us. */
  private exchanged(member: Member): void {
    this.lastSyncAt = Date.now();
    member.synced = true;
    if (this.initialSync.phase === 'in-flight') {
      this.initialSync = { phase: 'done' };
      for (const waiting of [...this.deferred]) {
        this.deferred.delete(waiting);
        if (waiting.link.open) this.send(waiting, syncStep1Message(this.options.doc));
      }
    }
    this.options.changed();
  }

  private send(member: Member, message: Uint8Array): void {
    tally(this.options.stats.sent, message);
    member.link.send(message);
  }

  private openMembers(except?: PeerLink): Member[] {
    return [...this.members.values()].filter((m) => m.link.open && m.link !== except);
  }

  // --- Updates and presence ---------------------------------------------------

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin instanceof Answer) {
      // What we lacked, as one peer answered our state vector (a newcomer's whole workspace, or what a
      // partition missed): not flooded on. Our other links ask for what they lack themselves (their
      // anti-entropy, every ANTI_ENTROPY_INTERVAL_MS), so a newcomer does not send the workspace back out.
      this.lastSyncAt = Date.now();
      this.options.stats.answersNotRelayed++;
      this.options.changed();
      return;
    }
    const fromLink = origin instanceof PeerLink ? origin : null;
    if (fromLink) {
      this.lastSyncAt = Date.now();
      this.options.changed();
      if (this.presence.meshComplete(this.openMembers().length)) {
        this.options.stats.relaysSkipped++;
        return;
      }
    }
    const targets = fromLink ? this.relayTargets(fromLink) : this.openMembers();
    if (targets.length === 0) return;
    if (fromLink) this.options.stats.relayed++;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const member of targets) this.send(member, message);
  };

  /**
   * Whom an update received on `from` goes on to. A hub, or a room without
   * one: every other link. A spoke: a hub only if the update came from a peer
   * that is neither a hub nor linked to one (else that peer or a hub already
   * sent it there), and another spoke only if that spoke has no hub link.
   */
  private relayTargets(from: PeerLink): Member[] {
    const others = this.openMembers(from);
    const hubs = this.plan.hubs(Date.now());
    if (this.options.hub || hubs.size === 0) return others;
    const { viaHub } = this.presence.present();
    const hubsHaveIt = this.hubsHaveWhatCameOn(from, hubs);
    const targets = others.filter((member) => (hubs.has(member.link.remoteId) ? !hubsHaveIt : !viaHub.has(member.link.remoteId)));
    this.options.stats.relaysSpared += others.length - targets.length;
    return targets;
  }

  /**
   * As a spoke: whether what came on `from` has reached the hubs already
   * (its sender is a hub, or linked to one and so sent it there itself, or
   * passed it on there by this same rule).
   */
  private hubsHaveWhatCameOn(from: PeerLink, hubs: ReadonlySet<string>): boolean {
    if (this.options.hub || hubs.size === 0) return false;
    return hubs.has(from.remoteId) || this.presence.present().viaHub.has(from.remoteId);
  }

  private readonly onAwarenessUpdate = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === EXPIRED || origin === 'timeout') return; // each peer expires on its own
    const fromLink = origin instanceof PeerLink ? origin : null;
    if (!fromLink) {
      // Our own change: at once, to every link.
      const message = awarenessMessage(this.options.awareness, [...changes.added, ...changes.updated, ...changes.removed]);
      for (const member of this.openMembers()) this.send(member, message);
      return;
    }
    this.noteHeard(fromLink, changes);
    const open = this.openMembers();
    if (this.presence.meshComplete(open.length)) return;
    // Presence floods the spokes' ring (so nobody lapses while the spokes find out a hub has gone),
    // but a hub is spared what it has already: it would otherwise get each renewal from every spoke.
    const hubs = this.plan.hubs(Date.now());
    const spareHubs = this.hubsHaveWhatCameOn(fromLink, hubs);
    const others = open.filter((m) => m.link !== fromLink && !(spareHubs && hubs.has(m.link.remoteId)));
    // A peer that left says so once: that goes on at once. Renewals and other changes are batched.
    if (changes.removed.length > 0) {
      const message = awarenessMessage(this.options.awareness, changes.removed);
      for (const member of others) this.send(member, message);
    }
    this.batcher.queue([...changes.added, ...changes.updated], others);
  };

  /** What a link's presence changed here, this link sent us at the clock y-protocols just stored. */
  private noteHeard(link: PeerLink, changes: { added: number[]; updated: number[]; removed: number[] }): void {
    const clients = [...changes.added, ...changes.updated, ...changes.removed];
    this.presenceEntriesReported = clients.length;
    const member = this.members.get(link.remoteId);
    if (member?.link !== link) return;
    const { meta } = this.options.awareness;
    for (const client of clients) {
      const clock = meta.get(client)?.clock;
      if (clock !== undefined && clock > (member.heard.get(client) ?? -1)) member.heard.set(client, clock);
    }
  }

  private sendRelayedPresence(pending: ReadonlyMap<Member, ReadonlySet<number>>): void {
    if (this.destroyed) return;
    // Only states still here: a client expired here since it was queued is not sent on (as a removal it
    // would remove it everywhere; each peer expires on its own). And not what the link itself sent us.
    const { awareness } = this.options;
    const states = awareness.getStates();
    const unheard = new Map<Member, number[]>();
    for (const [member, clients] of pending) {
      if (!member.link.open) continue;
      unheard.set(member, [...clients].filter((client) => states.has(client) && (member.heard.get(client) ?? -1) < (awareness.meta.get(client)?.clock ?? 0)));
    }
    for (const group of groupBySameClients(unheard)) {
      const message = awarenessMessage(awareness, group.clients);
      this.options.stats.presenceBatches++;
      for (const member of group.links) this.send(member, message);
    }
  }

  private readonly onAwarenessChange = (): void => {
    this.presence.invalidate();
    this.refreshPlan();
    // A link's peer may just have shown itself a hub: say at once that we are linked to one.
    this.reportLinks();
    const count = this.presence.cairnPeers().size;
    if (count !== this.presentCount) {
      this.presentCount = count;
      this.options.changed();
    }
  };

  private reportLinks(): void {
    const { awareness } = this.options;
    const local = awareness.getLocalState() as Record<string, unknown> | null;
    if (this.destroyed || local === null) return;
    const open = this.openMembers();
    const hubs = this.plan.hubs(Date.now());
    const viaHub = !this.options.hub && open.some((m) => hubs.has(m.link.remoteId));
    if (local[MESH_PEER_FIELD] !== this.peerId) awareness.setLocalStateField(MESH_PEER_FIELD, this.peerId);
    if (local[MESH_LINKS_FIELD] !== open.length) awareness.setLocalStateField(MESH_LINKS_FIELD, open.length);
    if (this.options.hub && local[MESH_HUB_FIELD] !== true) awareness.setLocalStateField(MESH_HUB_FIELD, true);
    if (local[MESH_VIA_HUB_FIELD] !== viaHub) awareness.setLocalStateField(MESH_VIA_HUB_FIELD, viaHub);
  }

  // --- The plan ------------------------------------------------------------------

  /** What the plan knows of the membership: presence and open Cairn links, as they are now. */
  private refreshPlan(): void {
    const present = this.presence.present();
    this.plan.setPresent(present.all, present.hubs);
    this.plan.setLinked(new Set(this.openMembers().filter((m) => m.cairn).map((m) => m.link.remoteId)));
  }

  /** Offers to wanted peers not linked yet; closes Cairn links no longer wanted, after the grace. */
  private reconcile(now: number): void {
    const open = this.openMembers();
    this.refreshPlan();
    const wanted = this.plan.wanted(now);
    for (const id of this.wantedSince.keys()) if (!wanted.has(id) || this.members.has(id)) this.wantedSince.delete(id);
    for (const id of wanted) {
      if (this.members.has(id)) continue;
      const since = this.wantedSince.get(id);
      if (since === undefined) {
        this.wantedSince.set(id, now);
        continue;
      }
      // Whoever heard the other's announce offered already; failing that, the smaller id offers, then the larger.
      if (now - since < (this.peerId < id ? OFFER_DELAY_MS : FALLBACK_OFFER_MS) || this.members.size >= this.maxLinks) continue;
      this.wantedSince.delete(id);
      this.options.stats.planOffers++;
      this.join(id, true).link.offer();
    }
    for (const member of open) {
      if (!member.cairn || wanted.has(member.link.remoteId)) {
        member.unwantedSince = null;
        continue;
      }
      member.unwantedSince ??= now;
      const closes = this.unwantedCloses.get(member.link.remoteId) ?? 0;
      const grace = Math.min(UNWANTED_GRACE_MAX_MS, UNWANTED_GRACE_MS * 2 ** closes);
      // Never in the middle of the first exchange.
      if (!member.synced || now - member.unwantedSince < grace) continue;
      this.unwantedCloses.set(member.link.remoteId, closes + 1);
      this.options.stats.linksUnwantedClosed++;
      member.link.close();
    }
  }

  // --- Timers -----------------------------------------------------------------

  private antiEntropy(): void {
    if (this.initialSync.phase === 'in-flight') {
      if (Date.now() - this.initialSync.since <= ANTI_ENTROPY_INTERVAL_MS) return;
      // The first exchange is slow (a large workspace, a slow peer) or its step 1 was lost (Chromium
      // can drop what one end sends the moment its data channel opens): ask the peer again, and one more.
      const message = syncStep1Message(this.options.doc);
      for (const member of this.openMembers()) if (!this.deferred.has(member) && !member.synced) this.send(member, message);
      const next = [...this.deferred][0];
      if (next) {
        this.deferred.delete(next);
        if (next.link.open) this.send(next, message);
      }
      return;
    }
    const open = this.openMembers();
    if (open.length === 0) return;
    const message = syncStep1Message(this.options.doc);
    for (const member of open) this.send(member, message);
    this.options.stats.antiEntropyRounds++;
  }

  private liveness(): void {
    const now = Date.now();
    this.reconcile(now);
    // Alone while signaling is up: say so again now and then (an offer made to us while we could not
    // hear it is answered by no one; in a planned mesh nobody else announces on our behalf).
    if (now - this.lastAnnounceAt > LONELY_ANNOUNCE_MS && this.openMembers().length === 0 && this.clients.some((c) => c.connected)) this.announce();
    for (const member of [...this.members.values()]) {
      if (!member.link.open && now - member.since > PENDING_LINK_MS) member.link.close();
    }
    for (const member of this.openMembers()) {
      // Stock peers send no keepalives (their links end by ICE). Any other link, including one that has
      // not said a word since it opened, or a Cairn peer's whose HELLO was lost (Chromium and libwebrtc
      // can drop what is sent the moment a channel opens) so that it reads as plain, must be heard from
      // within LINK_SILENT_MS: the remote, which did hear our HELLO, sends keepalives.
      if (member.link.plain && !member.cairn) continue;
      if (now - member.link.lastHeardAt > LINK_SILENT_MS) {
        this.options.stats.linksSilent++;
        member.link.close();
      } else if (now - member.link.lastSentAt >= KEEPALIVE_INTERVAL_MS - LIVENESS_TICK_MS / 2) {
        // Anything we sent counts as a sign of life: a keepalive only on a link quiet for about a second.
        member.link.sendKeepalive();
      }
    }
    const { awareness, doc } = this.options;
    if (now - this.lastRenewal >= PRESENCE_RENEW_MS && awareness.getLocalState() !== null) {
      this.lastRenewal = now;
      this.reportLinks();
      awareness.setLocalState(awareness.getLocalState());
    }
    const expired: number[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === doc.clientID || !isCairnState(state)) continue;
      const meta = awareness.meta.get(clientId);
      if (meta && now - meta.lastUpdated > PRESENCE_EXPIRE_MS) expired.push(clientId);
    }
    if (expired.length > 0) {
      this.options.stats.presenceExpired += expired.length;
      awarenessProtocol.removeAwarenessStates(awareness, expired, EXPIRED);
    }
  }
}

function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** How many clients an awareness update carries (y-protocols' format: count, then client, clock, state each). */
function awarenessEntryCount(update: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(update));
}

/** Notes the clock of each client in an awareness update (y-protocols' format: count, then client, clock, state). */
function noteClocks(update: Uint8Array, heard: Map<number, number>): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
    if (clock > (heard.get(client) ?? -1)) heard.set(client, clock);
  }
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
