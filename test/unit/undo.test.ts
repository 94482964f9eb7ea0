import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../shared/commands/context';
import { addObjective, deleteObjective, editObjectiveText } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { readWorkspace } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';

function workspace() {
  const doc = new Y.Doc();
  const ctx = localContext(doc, 'Ana');
  initWorkspace(ctx, { id: 'ws-undo-0001', title: 'Undo', kind: 'team', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
  return { doc, ctx, undo: createUndoManager(doc) };
}

describe('undo steps', () => {
  it('makes a delete its own step even right after other edits, so Ctrl+Z undoes only the delete', () => {
    const { doc, ctx, undo } = workspace();
    const id = addObjective(ctx, { title: 'Grow' });
    editObjectiveText(ctx, id, 'title', 'Grow revenue', 'Grow');
    deleteObjective(ctx, id); // all within the half-second capture window
    undo.undo();
    const objective = readWorkspace(doc).objectives.get(id);
    expect(objective?.deletedAt).toBeNull();
    expect(objective?.title).toBe('Grow revenue');
  });

  it('still merges keystrokes typed in quick succession into one step', () => {
    const { doc, ctx, undo } = workspace();
    const id = addObjective(ctx, { title: 'G' });
    editObjectiveText(ctx, id, 'title', 'Gr', 'G');
    editObjectiveText(ctx, id, 'title', 'Gro', 'Gr');
    editObjectiveText(ctx, id, 'title', 'Grow', 'Gro');
    undo.undo();
    expect(readWorkspace(doc).objectives.get(id)?.title).toBe('G');
  });
});
