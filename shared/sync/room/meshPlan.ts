/*
 * Which Cairn peers of a room link directly to which: a bounded-degree mesh.
 * Pure (no timers, no I/O): the room (cairnRoom.ts) feeds it what it knows
 * and asks whom it wants.
 *
 * Up to FULL_MESH_UP_TO Cairn peers the room is a full mesh (every pair
 * linked, no relay needed). Above that, the Cairn peer ids of the room are
 * sorted on a ring and each peer wants the peers at ring distances 1, 2, 4,
 * 8, … (below n) in both directions: at most 2·⌈log2 n⌉ links per peer
 * (10 at 30 peers instead of 29), every pair within ⌈log2 n⌉ hops (3 at 30),
 * and connected whatever the ids, since the distance-1 links alone make a
 * cycle. The relation is symmetric (A at +d from B is B at −d from A), so
 * both ends of a pair compute the same answer from the same membership.
 *
 * A hub (the facilitator's laptop, which also runs the signaling server the
 * room meets on) changes the shape above FULL_MESH_UP_TO: the hub links to
 * every Cairn peer (up to MAX_HUB_LINKS), and every other peer (a spoke)
 * links to the hubs plus its neighbours at distances 1 and 2 on the ring of
 * spokes. Edits then reach everyone in two hops through the hub (the room
 * relays through hubs, cairnRoom.ts), and a join reshapes a few ring links
 * instead of a third of the room's. The ring of spokes is what keeps the
 * others together when the hub leaves; then, with no hub left, the plan is
 * the ring of distances 1, 2, 4, … again.
 *
 * Membership is what this peer has heard: Cairn announces on signaling
 * (kept for ANNOUNCE_MEMBERSHIP_MS, enough for the newcomer's presence to
 * arrive, or until its presence or a link confirms it), Cairn peers in presence (each puts its transport id in its
 * awareness state), and its own open Cairn links. Stock y-webrtc peers are
 * not on the ring: they link to everyone, as y-webrtc does.
 */

/** Rooms of up to this many Cairn peers (this one included) are a full mesh. */
export const FULL_MESH_UP_TO = 10;
/** An announced Cairn peer counts as a member this long, unless its presence or a link confirms it. */
export const ANNOUNCE_MEMBERSHIP_MS = 10_000;
/** A hub accepts links from up to this many peers (a department's workshop, with room to spare). */
export const MAX_HUB_LINKS = 64;
/** With a hub, each spoke links to the spokes this far either way on the ring of spokes. */
const SPOKE_RING_DISTANCES = [1, 2];

/** The most direct Cairn links the plan gives one peer of a room of `n` Cairn peers. */
export function degreeBound(n: number): number {
  if (n <= 1) return 0;
  if (n <= FULL_MESH_UP_TO) return n - 1;
  return 2 * Math.ceil(Math.log2(n));
}

/** The most direct Cairn links the plan gives a spoke (not a hub) of a room with `hubs` hubs above FULL_MESH_UP_TO. */
export function spokeDegreeBound(hubs: number): number {
  return hubs + 2 * SPOKE_RING_DISTANCES.length;
}

/** Whether a room of `n` Cairn peers is planned as a full mesh. */
export function isFullMesh(n: number): boolean {
  return n <= FULL_MESH_UP_TO;
}

/**
 * The peers `self` should be linked to, given every Cairn peer of the room
 * (`self` may or may not be among them) and which of them are hubs.
 */
export function wantedPeers(self: string, members: Iterable<string>, hubs: ReadonlySet<string> = new Set()): Set<string> {
  const ring = [...new Set([...members, self])].sort();
  const n = ring.length;
  const others = ring.filter((id) => id !== self);
  if (isFullMesh(n)) return new Set(others);
  const roomHubs = ring.filter((id) => hubs.has(id));
  if (roomHubs.length === 0) return ringNeighbours(ring, self, powersOfTwoBelow(n));
  if (hubs.has(self)) return new Set(others);
  const spokes = ring.filter((id) => !hubs.has(id));
  const wanted = ringNeighbours(spokes, self, SPOKE_RING_DISTANCES.filter((d) => d < spokes.length));
  for (const hub of roomHubs) wanted.add(hub);
  return wanted;
}

function powersOfTwoBelow(n: number): number[] {
  const distances: number[] = [];
  for (let d = 1; d < n; d *= 2) distances.push(d);
  return distances;
}

/** The members of the sorted `ring` at each of `distances` from `self`, both ways. */
function ringNeighbours(ring: readonly string[], self: string, distances: readonly number[]): Set<string> {
  const n = ring.length;
  const at = ring.indexOf(self);
  const wanted = new Set<string>();
  for (const d of distances) {
    wanted.add(ring[(at + d) % n]!);
    wanted.add(ring[(at - d + n) % n]!);
  }
  wanted.delete(self);
  return wanted;
}

/**
 * One peer's view of the room's Cairn membership and the links it wants,
 * recomputed only when the membership changes.
 */
export class MeshPlan {
  private readonly announced = new Map<string, number>();
  /** Announced peers that said they are hubs (kept as long as their announce is). */
  private readonly announcedHubs = new Set<string>();
  private present: ReadonlySet<string> = new Set();
  private presentHubs: ReadonlySet<string> = new Set();
  private linked: ReadonlySet<string> = new Set();
  private cache: { key: string; members: number; wanted: Set<string> } | null = null;

  /** @param isHub this peer is a hub (it links to everyone). */
  constructor(
    readonly self: string,
    private readonly isHub = false,
  ) {}

  /** A Cairn peer announced itself on signaling at `now` (as a hub, if `hub`). */
  heardAnnounce(peerId: string, now: number, hub = false): void {
    if (peerId === this.self) return;
    this.announced.set(peerId, now);
    if (hub) this.announcedHubs.add(peerId);
  }

  /** The Cairn peers whose presence is alive here (their transport ids), and which of them are hubs. */
  setPresent(peerIds: ReadonlySet<string>, hubs: ReadonlySet<string> = new Set()): void {
    this.present = peerIds;
    this.presentHubs = hubs;
  }

  /** The Cairn peers this peer has an open link to. */
  setLinked(peerIds: ReadonlySet<string>): void {
    this.linked = peerIds;
  }

  /** Forgets an announced peer (its link closed, its presence is gone). */
  forget(peerId: string): void {
    this.announced.delete(peerId);
    this.announcedHubs.delete(peerId);
  }

  /** Every Cairn peer of the room as known at `now`, this one included. */
  members(now: number): string[] {
    // An announce stands in until presence or a link confirms the peer; from then on those decide, so
    // a peer that leaves soon after it came is not kept for the rest of ANNOUNCE_MEMBERSHIP_MS.
    for (const [id, at] of this.announced) {
      if (now - at > ANNOUNCE_MEMBERSHIP_MS || this.present.has(id) || this.linked.has(id)) {
        this.announced.delete(id);
        this.announcedHubs.delete(id);
      }
    }
    return [...new Set([this.self, ...this.present, ...this.linked, ...this.announced.keys()])].sort();
  }

  /** Whom this peer wants a direct link to at `now`. */
  wanted(now: number): ReadonlySet<string> {
    return this.evaluate(now).wanted;
  }

  /** How many Cairn peers the room has as known at `now`, this one included. */
  size(now: number): number {
    return this.evaluate(now).members;
  }

  /** The hubs among the members as known at `now` (this peer, if it is one). */
  hubs(now: number): ReadonlySet<string> {
    this.members(now); // lets announces that presence or a link replaced, or that ran out, go
    const hubs = new Set([...this.presentHubs, ...this.announcedHubs]);
    if (this.isHub) hubs.add(this.self);
    return hubs;
  }

  private evaluate(now: number): { members: number; wanted: Set<string> } {
    const members = this.members(now);
    const hubs = this.hubs(now);
    const key = `${members.join(' ')}|${[...hubs].sort().join(' ')}`;
    if (this.cache?.key !== key) this.cache = { key, members: members.length, wanted: wantedPeers(this.self, members, hubs) };
    return this.cache;
  }
}
