import { describe, expect, it } from 'vitest';
import { ANNOUNCE_MEMBERSHIP_MS, FULL_MESH_UP_TO, MeshPlan, degreeBound, spokeDegreeBound, wantedPeers } from '../../shared/sync/room/meshPlan';
import { seededRandom } from '../support/random';

/*
 * The mesh plan (shared/sync/room/meshPlan.ts): full mesh in small rooms;
 * above, a bounded degree, symmetric (both ends agree), connected, with a
 * diameter of about log2 n, whatever the ids.
 */

function ids(n: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Math.floor(random.next() * 2 ** 48).toString(16).padStart(12, '0'));
}

function graph(members: string[], hubs: ReadonlySet<string> = new Set()): Map<string, Set<string>> {
  return new Map(members.map((id) => [id, wantedPeers(id, members, hubs)]));
}

/** How many links differ between two plans of the same room (a link is an unordered pair). */
function linksChanged(before: Map<string, Set<string>>, after: Map<string, Set<string>>): number {
  const pairs = (g: Map<string, Set<string>>) => new Set([...g].flatMap(([id, wanted]) => [...wanted].map((other) => [id, other].sort().join('-'))));
  const [a, b] = [pairs(before), pairs(after)];
  return [...a].filter((pair) => !b.has(pair)).length + [...b].filter((pair) => !a.has(pair)).length;
}

function eccentricity(g: Map<string, Set<string>>, from: string): number {
  const depth = new Map([[from, 0]]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const next of g.get(at)!) {
      if (depth.has(next)) continue;
      depth.set(next, depth.get(at)! + 1);
      queue.push(next);
    }
  }
  return depth.size === g.size ? Math.max(...depth.values()) : Infinity;
}

describe('mesh plan', () => {
  it('is a full mesh up to FULL_MESH_UP_TO peers', () => {
    for (let n = 1; n <= FULL_MESH_UP_TO; n++) {
      const members = ids(n, n);
      for (const id of members) expect(wantedPeers(id, members)).toEqual(new Set(members.filter((m) => m !== id)));
    }
  });

  it('above that: degree within the bound, symmetric, connected, diameter at most ⌈log2 n⌉', () => {
    for (let n = FULL_MESH_UP_TO + 1; n <= 64; n++) {
      for (let seed = 0; seed < 5; seed++) {
        const members = ids(n, 1000 * n + seed);
        const g = graph(members);
        for (const [id, wanted] of g) {
          expect(wanted.size).toBeLessThanOrEqual(degreeBound(n));
          expect(wanted.size).toBeLessThan(n - 1);
          expect(wanted.has(id)).toBe(false);
          for (const other of wanted) expect(g.get(other)!.has(id)).toBe(true);
        }
        const diameter = Math.max(...members.map((id) => eccentricity(g, id)));
        expect(diameter).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
      }
    }
    expect(degreeBound(30)).toBe(10);
    expect(degreeBound(12)).toBe(8);
  });

  it('the peer asking may be missing from the members it was given', () => {
    const members = ids(20, 7);
    const [self, ...rest] = members;
    expect(wantedPeers(self!, rest)).toEqual(wantedPeers(self!, members));
  });

  it('membership: announces for a while, presence and links for as long as they last', () => {
    const plan = new MeshPlan('m');
    plan.heardAnnounce('a', 0);
    plan.heardAnnounce('m', 0); // ourselves, through another server
    plan.setPresent(new Set(['b']));
    plan.setLinked(new Set(['c']));
    expect(plan.members(1000)).toEqual(['a', 'b', 'c', 'm']);
    expect(plan.size(1000)).toBe(4);
    expect(plan.wanted(1000)).toEqual(new Set(['a', 'b', 'c']));
    expect(plan.members(ANNOUNCE_MEMBERSHIP_MS + 1)).toEqual(['b', 'c', 'm']);
    plan.setPresent(new Set());
    expect(plan.wanted(ANNOUNCE_MEMBERSHIP_MS + 1)).toEqual(new Set(['c']));
  });

  it('an announced peer, once confirmed by presence or a link, is a member only while they last', () => {
    const plan = new MeshPlan('m');
    plan.heardAnnounce('a', 0);
    plan.heardAnnounce('b', 0);
    plan.setPresent(new Set(['a']));
    plan.setLinked(new Set(['b']));
    expect(plan.members(100)).toEqual(['a', 'b', 'm']);
    // Both leave within the announce's 10 s: gone at once, not kept until the announce runs out.
    plan.setPresent(new Set());
    plan.setLinked(new Set());
    expect(plan.members(200)).toEqual(['m']);
    plan.heardAnnounce('c', 0);
    plan.forget('c');
    expect(plan.members(300)).toEqual(['m']);
  });

  it('membership of a large room: wanted set computed once per membership', () => {
    const members = ids(30, 3);
    const plan = new MeshPlan(members[0]!);
    plan.setPresent(new Set(members.slice(1)));
    const first = plan.wanted(0);
    expect(plan.wanted(1)).toBe(first);
    expect(first.size).toBe(10);
    plan.setPresent(new Set(members.slice(1, 29)));
    expect(plan.wanted(2)).not.toBe(first);
  });

  it('with a hub: the hub links to everyone, each spoke to the hubs and four ring neighbours; symmetric, connected, two hops', () => {
    for (let n = FULL_MESH_UP_TO + 1; n <= 64; n++) {
      for (let seed = 0; seed < 3; seed++) {
        const members = ids(n, 7000 * n + seed);
        const hub = members[seed % n]!;
        const g = graph(members, new Set([hub]));
        expect(g.get(hub)!.size).toBe(n - 1);
        for (const [id, wanted] of g) {
          if (id === hub) continue;
          expect(wanted.has(hub)).toBe(true);
          expect(wanted.size).toBeLessThanOrEqual(spokeDegreeBound(1));
          for (const other of wanted) expect(g.get(other)!.has(id)).toBe(true);
        }
        expect(Math.max(...members.map((id) => eccentricity(g, id)))).toBe(2);
        // Without the hub, the spokes' ring still holds them together.
        const spokes = members.filter((id) => id !== hub);
        const ring = new Map([...g].filter(([id]) => id !== hub).map(([id, wanted]) => [id, new Set([...wanted].filter((other) => other !== hub))]));
        expect(Math.max(...spokes.map((id) => eccentricity(ring, id)))).toBeLessThan(Infinity);
      }
    }
  });

  it('with a hub, a join changes a handful of links; without one, a third of the room’s', () => {
    const members = ids(30, 11);
    const newcomer = ids(1, 99)[0]!;
    const hubs = new Set([members[0]!]);
    const withHub = linksChanged(graph(members, hubs), graph([...members, newcomer], hubs));
    const ring = linksChanged(graph(members), graph([...members, newcomer]));
    // The newcomer's own links (one to the hub, four on the ring) and the few ring links it displaces.
    expect(withHub).toBeLessThanOrEqual(spokeDegreeBound(1) + 4);
    expect(ring).toBeGreaterThan(3 * withHub);
  });

  it('learns hubs from announces and presence; without hubs it falls back to the ring', () => {
    const members = ids(20, 5);
    const [self, hub, ...rest] = members;
    const plan = new MeshPlan(self!);
    plan.setPresent(new Set(rest));
    plan.heardAnnounce(hub!, 0, true);
    expect(plan.hubs(1)).toEqual(new Set([hub]));
    expect(plan.wanted(1).has(hub!)).toBe(true);
    expect(plan.wanted(1).size).toBeLessThanOrEqual(spokeDegreeBound(1));
    // Presence confirms it; then the hub leaves (gone from presence): the plan is the ring again.
    plan.setPresent(new Set([hub!, ...rest]), new Set([hub!]));
    expect(plan.hubs(1)).toEqual(new Set([hub]));
    plan.setPresent(new Set(rest));
    expect(plan.hubs(1).size).toBe(0);
    expect(plan.wanted(2)).toEqual(wantedPeers(self!, [self!, ...rest]));
    // A hub itself wants everyone.
    const hubPlan = new MeshPlan(hub!, true);
    hubPlan.setPresent(new Set([self!, ...rest]));
    expect(hubPlan.wanted(0).size).toBe(members.length - 1);
  });
});
