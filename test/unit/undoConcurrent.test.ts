import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addInitiative, setInitiativeKind } from '../../shared/commands/initiatives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, moveObjective } from '../../shared/commands/objectives';
import { addTeam, renameTeam } from '../../shared/commands/teams';
import { initWorkspace, setCycle } from '../../shared/commands/workspace';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';
import { syncBoth } from '../support/workspace';

/*
 * Undo after a concurrent overwrite. Yjs's UndoManager deletes the user's own
 * value of a map key but declines to bring back the older one when a peer
 * wrote that key concurrently: without care the key is left with no value.
 */

/** A replica with a fixed client id: in a concurrent write to one key, the higher id wins. */
function replica(clientID: number, actor: string, from?: Y.Doc): { doc: Y.Doc; ctx: CommandContext } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from), 'remote');
  let now = Date.UTC(2026, 6, 1, 9);
  return { doc, ctx: localContext(doc, actor, () => (now += 1000)) };
}

/** Ana (client 1) sets up a workspace; Ben (client 2, whose concurrent writes win) has a copy and an undo manager. */
function anaAndBen() {
  const ana = replica(1, 'Ana');
  initWorkspace(ana.ctx, { id: 'ws-undo-0002', title: 'Trust', kind: 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  const ben = replica(2, 'Ben', ana.doc);
  return { ana, ben, benUndo: createUndoManager(ben.doc, { actor: () => 'Ben' }) };
}

function expectReadable(doc: Y.Doc) {
  expect(readWorkspace(doc).problems).toEqual([]);
}

describe('undo after a peer overwrote the same field concurrently', () => {
  it('keeps the cycle dates and the objective’s place when Ben undoes his winning edits', () => {
    const { ana, ben, benUndo } = anaAndBen();
    const ids = ['A', 'B', 'C'].map((title) => addObjective(ana.ctx, { title }));
    syncBoth(ana.doc, ben.doc);
    // Both offline: each changes the cycle and moves objective A.
    setCycle(ana.ctx, '2026-07-06', '2026-10-02');
    moveObjective(ana.ctx, ids[0]!, 2);
    setCycle(ben.ctx, '2026-08-01', '2026-10-31');
    moveObjective(ben.ctx, ids[0]!, 1);
    syncBoth(ana.doc, ben.doc);
    expect(readWorkspace(ben.doc).meta?.cycleStart).toBe('2026-08-01');

    benUndo.undo();
    benUndo.undo();
    syncBoth(ana.doc, ben.doc);

    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      const snapshot = readWorkspace(doc);
      expect(snapshot.meta?.cycleStart).toMatch(/^2026-/);
      expect(snapshot.meta?.cycleEnd).toMatch(/^2026-/);
      expect(outlineOf(snapshot).objectives.map((o) => o.objective.id).sort()).toEqual([...ids].sort());
    }
  });

  it('keeps a team’s name', () => {
    const { ana, ben, benUndo } = anaAndBen();
    const team = addTeam(ana.ctx, { name: 'Payments' });
    syncBoth(ana.doc, ben.doc);
    renameTeam(ana.ctx, team, 'Payments EU');
    renameTeam(ben.ctx, team, 'Checkout');
    syncBoth(ana.doc, ben.doc);
    benUndo.undo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      expect(readWorkspace(doc).alignment.teams.get(team)?.name).toBeTypeOf('string');
    }
  });

  it('keeps an initiative’s kind', () => {
    const { ana, ben, benUndo } = anaAndBen();
    const work = addInitiative(ana.ctx, { title: 'Onboarding emails', kind: 'activity' });
    syncBoth(ana.doc, ben.doc);
    setInitiativeKind(ana.ctx, work, 'experiment');
    setInitiativeKind(ben.ctx, work, 'deliverable');
    syncBoth(ana.doc, ben.doc);
    benUndo.undo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      expect(readWorkspace(doc).initiatives.get(work)?.kind).toBeTypeOf('string');
    }
  });

  it('still undoes an edit nobody else touched, and redoes it', () => {
    const { ana, ben, benUndo } = anaAndBen();
    setCycle(ben.ctx, '2026-08-01', '2026-10-31');
    syncBoth(ana.doc, ben.doc);
    benUndo.undo();
    expect(readWorkspace(ben.doc).meta?.cycleStart).toBe('2026-07-01');
    benUndo.redo();
    expect(readWorkspace(ben.doc).meta?.cycleStart).toBe('2026-08-01');
  });

  it('leaves a conflicting field as it was through undo and redo, never absent', () => {
    const { ana, ben, benUndo } = anaAndBen();
    setCycle(ana.ctx, '2026-07-06', '2026-10-02');
    setCycle(ben.ctx, '2026-08-01', '2026-10-31');
    syncBoth(ana.doc, ben.doc);
    benUndo.undo();
    benUndo.redo();
    benUndo.undo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      expect(readWorkspace(doc).meta?.cycleStart).toMatch(/^2026-0[78]-0[16]$/);
    }
  });
});

describe('redo of adding something a teammate changed while it was undone', () => {
  it('brings the objective back whole, with the order Ben gave it', () => {
    const { ana, ben, benUndo } = anaAndBen();
    addObjective(ana.ctx, { title: 'First' });
    syncBoth(ana.doc, ben.doc);
    benUndo.clear();
    const objective = addObjective(ben.ctx, { title: 'Second' });
    syncBoth(ana.doc, ben.doc);
    const order = readWorkspace(ben.doc).objectives.get(objective)?.order;
    benUndo.undo(); // removed on Ben's side…
    moveObjective(ana.ctx, objective, 0); // …while Ana, not yet in sync, moves it
    syncBoth(ana.doc, ben.doc);
    benUndo.redo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      expect(readWorkspace(doc).objectives.get(objective)).toMatchObject({ title: 'Second', order });
    }
  });
});

describe('undo and redo while a teammate’s updates arrive out of order', () => {
  it('brings an objective back with its order though, at the undo, its order was in transit', () => {
    const { ana, ben, benUndo } = anaAndBen();
    benUndo.clear();
    const objective = addObjective(ben.ctx, { title: 'Second' });
    syncBoth(ana.doc, ben.doc);
    const anaUpdates: Uint8Array[] = [];
    ana.doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && anaUpdates.push(update));
    addObjective(ana.ctx, { title: 'Unrelated' });
    moveObjective(ana.ctx, objective, 0);
    // Ben gets the move before the edit preceding it: Yjs deletes his order at once and holds Ana's back.
    Y.applyUpdate(ben.doc, anaUpdates[1]!, 'remote');
    benUndo.undo();
    benUndo.redo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      expect(readWorkspace(doc).objectives.get(objective)?.order).toBeTypeOf('string');
    }
  });
});

describe('undo of adding something a teammate already built on', () => {
  function krWithTeammatesCheckIn() {
    const { ana, ben, benUndo } = anaAndBen();
    const objective = addObjective(ana.ctx, { title: 'Activation' });
    syncBoth(ana.doc, ben.doc);
    benUndo.clear();
    const kr = addKeyResult(ben.ctx, objective, { title: 'Teams active in week 1', kind: 'metric', metric: { direction: 'increase', baseline: 10, target: 40, unit: '%' } });
    syncBoth(ana.doc, ben.doc);
    const checkIn = recordCheckIn(ana.ctx, kr, { value: 18, confidence: 6, note: 'first cohort' });
    syncBoth(ana.doc, ben.doc);
    return { ana, ben, benUndo, kr, checkIn };
  }

  it('keeps the key result, soft-deleted, in Deleted items with the teammate’s check-ins', () => {
    const { ana, ben, benUndo, kr, checkIn } = krWithTeammatesCheckIn();
    benUndo.undo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      const snapshot = readWorkspace(doc);
      expect(snapshot.keyResults.get(kr)).toMatchObject({ title: 'Teams active in week 1', deletedBy: 'Ben' });
      expect(snapshot.keyResults.get(kr)?.deletedAt).toBeTypeOf('number');
      expect(outlineOf(snapshot).deletedKeyResults.map((k) => k.id)).toEqual([kr]);
      expect(snapshot.checkIns.get(checkIn)?.keyResultId).toBe(kr);
    }
  });

  it('brings the key result back live on redo', () => {
    const { ana, ben, benUndo, kr } = krWithTeammatesCheckIn();
    benUndo.undo();
    benUndo.redo();
    syncBoth(ana.doc, ben.doc);
    for (const doc of [ana.doc, ben.doc]) {
      expectReadable(doc);
      expect(readWorkspace(doc).keyResults.get(kr)?.deletedAt).toBeNull();
    }
  });

  it('still removes a key result nobody built on', () => {
    const { ana, ben, benUndo } = anaAndBen();
    const objective = addObjective(ana.ctx, { title: 'Activation' });
    syncBoth(ana.doc, ben.doc);
    const kr = addKeyResult(ben.ctx, objective, { title: 'Unused', kind: 'milestone' });
    benUndo.undo();
    expect(readWorkspace(ben.doc).keyResults.has(kr)).toBe(false);
    expectReadable(ben.doc);
  });
});
