import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult, deleteKeyResult, restoreKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText, restoreObjective } from '../../shared/commands/objectives';
import { IMPORT_ORIGIN } from '../../shared/origins';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';
import { newWorkspace, replicaOf } from '../support/workspace';

describe('soft delete and restore', () => {
  it('moves an objective with its key results to the trash and back', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'k', kind: 'milestone' });
    deleteObjective(ctx, o);
    let outline = outlineOf(readWorkspace(doc));
    expect(outline.objectives).toEqual([]);
    expect(outline.deletedObjectives.map((d) => d.id)).toEqual([o]);
    expect(outline.deletedObjectives[0]).toMatchObject({ deletedBy: 'Ana', deletedKeyResultIds: [kr] });
    expect(outline.orphanedKeyResults).toEqual([]);
    restoreObjective(ctx, o);
    outline = outlineOf(readWorkspace(doc));
    expect(outline.objectives[0]!.keyResults.map((k) => k.id)).toEqual([kr]);
    expect(outline.deletedObjectives).toEqual([]);
  });

  it('lists a deleted key result of a live objective in the trash, and restores it in place', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const k1 = addKeyResult(ctx, o, { title: 'k1', kind: 'milestone' });
    const k2 = addKeyResult(ctx, o, { title: 'k2', kind: 'milestone' });
    deleteKeyResult(ctx, k1);
    expect(outlineOf(readWorkspace(doc)).deletedKeyResults.map((k) => k.id)).toEqual([k1]);
    restoreKeyResult(ctx, k1);
    expect(outlineOf(readWorkspace(doc)).objectives[0]!.keyResults.map((k) => k.id)).toEqual([k1, k2]);
  });
});

describe('undo scope', () => {
  it('undoes and redoes the local user’s edits', () => {
    const { doc, ctx } = newWorkspace();
    const undo = createUndoManager(doc);
    const o = addObjective(ctx, { title: 'O' });
    undo.stopCapturing();
    editObjectiveText(ctx, o, 'title', 'Objective');
    undo.undo();
    expect(readWorkspace(doc).objectives.get(o)?.title).toBe('O');
    undo.redo();
    expect(readWorkspace(doc).objectives.get(o)?.title).toBe('Objective');
  });

  it('never undoes a remote peer’s update', () => {
    const { doc, ctx } = newWorkspace('Ana');
    const undo = createUndoManager(doc);
    const peer = replicaOf(doc, 'Ben');
    const o = addObjective(ctx, { title: 'Mine' });
    undo.stopCapturing();
    const theirs = addObjective(peer.ctx, { title: 'Theirs' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer.doc), 'remote-peer');
    undo.undo();
    const snapshot = readWorkspace(doc);
    expect(snapshot.objectives.has(o)).toBe(false);
    expect(snapshot.objectives.get(theirs)?.title).toBe('Theirs');
    expect(undo.canUndo()).toBe(false);
  });

  it('never undoes an import', () => {
    const { doc, ctx } = newWorkspace();
    const undo = createUndoManager(doc);
    const other = replicaOf(doc, 'Ben');
    const imported = addObjective(other.ctx, { title: 'Imported' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other.doc), IMPORT_ORIGIN);
    expect(undo.canUndo()).toBe(false);
    const o = addObjective(ctx, { title: 'Mine' });
    undo.undo();
    expect(readWorkspace(doc).objectives.has(o)).toBe(false);
    expect(readWorkspace(doc).objectives.has(imported)).toBe(true);
  });

  it('undoes a check-in as one step without touching earlier ones', () => {
    const { doc, ctx, tick } = newWorkspace();
    const undo = createUndoManager(doc);
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'k', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 10, unit: '' } });
    const first = recordCheckIn(ctx, kr, { value: 3 });
    undo.stopCapturing();
    tick();
    recordCheckIn(ctx, kr, { value: 5 });
    undo.undo();
    expect([...readWorkspace(doc).checkIns.keys()]).toEqual([first]);
  });
});
