import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText, moveObjective } from '../../shared/commands/objectives';
import { canonicalJson } from '../../shared/format/canonical';
import { workspaceToJson } from '../../shared/format/json';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { seededRandom } from '../support/random';
import { randomEdit, type Created } from '../support/randomEdits';
import { newWorkspace, replicaOf, syncBoth } from '../support/workspace';

const canonical = (doc: Y.Doc) => canonicalJson(workspaceToJson(readWorkspace(doc)));

describe('two replicas edited concurrently', () => {
  it('merge concurrent typing in the same objective title by character', () => {
    const a = newWorkspace('Ana');
    const o = addObjective(a.ctx, { title: 'Grow revenue' });
    const b = replicaOf(a.doc, 'Ben');
    editObjectiveText(a.ctx, o, 'title', 'Grow recurring revenue');
    editObjectiveText(b.ctx, o, 'title', 'Grow revenue in Europe');
    syncBoth(a.doc, b.doc);
    expect(readWorkspace(a.doc).objectives.get(o)?.title).toBe('Grow recurring revenue in Europe');
    expect(canonical(a.doc)).toBe(canonical(b.doc));
  });

  it('keep a key result added under an objective the other deleted, visibly orphaned', () => {
    const a = newWorkspace('Ana');
    const o = addObjective(a.ctx, { title: 'Doomed' });
    const keep = addKeyResult(a.ctx, o, { title: 'existing', kind: 'milestone' });
    const b = replicaOf(a.doc, 'Ben');
    deleteObjective(a.ctx, o);
    const added = addKeyResult(b.ctx, o, { title: 'added offline', kind: 'milestone' });
    syncBoth(a.doc, b.doc);
    for (const doc of [a.doc, b.doc]) {
      const outline = outlineOf(readWorkspace(doc));
      expect(outline.orphanedKeyResults.map((k) => k.id)).toEqual([added]);
      expect(outline.deletedObjectives[0]?.deletedKeyResultIds).toEqual([keep]);
    }
    expect(canonical(a.doc)).toBe(canonical(b.doc));
  });

  it('converge on one order after concurrent reorders', () => {
    const a = newWorkspace('Ana');
    const ids = ['A', 'B', 'C', 'D'].map((title) => addObjective(a.ctx, { title }));
    const b = replicaOf(a.doc, 'Ben');
    moveObjective(a.ctx, ids[3]!, 0);
    moveObjective(b.ctx, ids[0]!, 3);
    moveObjective(b.ctx, ids[3]!, 1);
    syncBoth(a.doc, b.doc);
    const order = (doc: Y.Doc) => outlineOf(readWorkspace(doc)).objectives.map((o) => o.objective.title);
    expect(order(a.doc)).toEqual(order(b.doc));
    expect(new Set(order(a.doc))).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('keep both concurrent check-ins of the same key result', () => {
    const a = newWorkspace('Ana');
    const o = addObjective(a.ctx, { title: 'O' });
    const kr = addKeyResult(a.ctx, o, { title: 'k', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 10, unit: '' } });
    const b = replicaOf(a.doc, 'Ben');
    const c1 = recordCheckIn(a.ctx, kr, { value: 3 });
    const c2 = recordCheckIn(b.ctx, kr, { value: 4 });
    syncBoth(a.doc, b.doc);
    expect([...readWorkspace(a.doc).checkIns.keys()].sort()).toEqual([c1, c2].sort());
  });
});

describe('randomized multi-peer sessions', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`converge with nothing lost (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const origin = newWorkspace('Peer0');
      const peers = [origin.doc, ...[1, 2, 3].map((i) => replicaOf(origin.doc, `Peer${i}`).doc)];
      let clock = Date.UTC(2026, 6, 1);
      const contexts = peers.map((doc, i) => localContext(doc, `Peer${i}`, () => (clock += 1000)));
      const created: Created = { objectives: new Set(), keyResults: new Set(), checkIns: new Set() };
      // Updates each peer made, delivered to others late, out of order, in partitions.
      const outbox = peers.map(() => [] as Uint8Array[]);
      peers.forEach((doc, i) => doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && outbox[i]!.push(update)));

      for (let round = 0; round < 60; round++) {
        for (let i = 0; i < peers.length; i++) if (random.chance(0.8)) randomEdit(contexts[i]!, random, created);
        if (random.chance(0.5)) {
          // A partial, shuffled delivery from one peer to another.
          const from = random.int(peers.length);
          const to = random.int(peers.length);
          if (from !== to) {
            const pending = [...outbox[from]!].sort(() => random.next() - 0.5);
            for (const update of pending) if (random.chance(0.7)) Y.applyUpdate(peers[to]!, update, 'remote');
          }
        }
        if (random.chance(0.15)) {
          const a = random.int(peers.length);
          const b = random.int(peers.length);
          if (a !== b) syncBoth(peers[a]!, peers[b]!);
        }
      }
      for (let i = 0; i < peers.length; i++) for (let j = i + 1; j < peers.length; j++) syncBoth(peers[i]!, peers[j]!);
      for (let i = 1; i < peers.length; i++) syncBoth(peers[0]!, peers[i]!);

      const reference = canonical(peers[0]!);
      for (const doc of peers) {
        expect(canonical(doc)).toBe(reference);
        expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(peers[0]!));
      }
      const snapshot = readWorkspace(peers[0]!);
      expect(snapshot.problems).toEqual([]);
      // Nothing anybody created vanished (deletes are soft).
      for (const id of created.objectives) expect(snapshot.objectives.has(id)).toBe(true);
      for (const id of created.keyResults) expect(snapshot.keyResults.has(id)).toBe(true);
      for (const id of created.checkIns) expect(snapshot.checkIns.has(id)).toBe(true);
      // Every live KR is visible exactly once: under its live objective or as an orphan.
      const outline = outlineOf(snapshot);
      const shown = [...outline.objectives.flatMap((o) => o.keyResults.map((k) => k.id)), ...outline.orphanedKeyResults.map((k) => k.id)];
      const hiddenWithObjective = [...snapshot.keyResults.values()].filter(
        (k) => k.deletedAt === null && snapshot.objectives.get(k.objectiveId)?.deletedAt != null && snapshot.objectives.get(k.objectiveId)!.deletedKeyResultIds.includes(k.id),
      );
      expect(new Set(shown).size).toBe(shown.length);
      expect(shown.length + hiddenWithObjective.length).toBe([...snapshot.keyResults.values()].filter((k) => k.deletedAt === null).length);
      for (const c of snapshot.checkIns.values()) expect(snapshot.keyResults.has(c.keyResultId)).toBe(true);
      expect(created.objectives.size + created.checkIns.size).toBeGreaterThan(20);
    });
  }
});
