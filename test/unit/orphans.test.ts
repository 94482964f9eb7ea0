import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import { orphansOf } from '../../shared/queries/orphans';
import { addQuestions } from '../../shared/commands/questions';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { createUndoManager } from '../../shared/undo';
import { syncBoth } from '../support/workspace';

/*
 * Ben adds something and, still offline, takes it back with Ctrl+Z while Ana
 * (who had received it) builds on it: nothing referred to it when Ben undid,
 * so it is gone, and Ana's work arrives pointing at nothing. It must still be
 * shown somewhere a person can reach it.
 */
function anaAndBen() {
  const ana = new Y.Doc();
  let now = Date.UTC(2026, 6, 1, 9);
  const anaCtx = localContext(ana, 'Ana', () => (now += 1000));
  initWorkspace(anaCtx, { id: 'ws-orphans-01', title: 'Orphans', kind: 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  const ben = new Y.Doc();
  Y.applyUpdate(ben, Y.encodeStateAsUpdate(ana), 'remote');
  const benCtx = localContext(ben, 'Ben', () => (now += 1000));
  return { ana, anaCtx, ben, benCtx, benUndo: createUndoManager(ben, { actor: () => 'Ben' }) };
}

describe('records whose parent is missing entirely', () => {
  it('lists the check-ins and questions of a key result that was removed while a teammate built on it, grouped by that key result', () => {
    const { ana, anaCtx, ben, benCtx, benUndo } = anaAndBen();
    const objective = addObjective(anaCtx, { title: 'Activation' });
    syncBoth(ana, ben);
    benUndo.clear();
    const kr = addKeyResult(benCtx, objective, { title: 'Week-1 teams', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 10, unit: '' } });
    syncBoth(ana, ben);
    const first = recordCheckIn(anaCtx, kr, { value: 2, note: 'two teams' });
    const second = recordCheckIn(anaCtx, kr, { value: 3 });
    const [question] = addQuestions(anaCtx, kr, ['Do teams invite a second member?']);
    benUndo.undo(); // Ben has not received Ana's check-ins yet
    syncBoth(ana, ben);

    for (const doc of [ana, ben]) {
      const snapshot = readWorkspace(doc);
      expect(snapshot.keyResults.has(kr)).toBe(false);
      expect(orphansOf({ checkIns: snapshot.checkIns.values(), questions: snapshot.questions.values() }, snapshot.keyResults)).toEqual([
        { keyResultId: kr, checkIns: [snapshot.checkIns.get(second), snapshot.checkIns.get(first)], questions: [snapshot.questions.get(question!)] },
      ]);
    }
  });

  it('lists nothing while every check-in has its key result', () => {
    const { anaCtx, ana } = anaAndBen();
    const objective = addObjective(anaCtx, { title: 'Activation' });
    const kr = addKeyResult(anaCtx, objective, { title: 'k', kind: 'milestone' });
    recordCheckIn(anaCtx, kr, { value: 1 });
    const snapshot = readWorkspace(ana);
    expect(orphansOf({ checkIns: snapshot.checkIns.values(), questions: snapshot.questions.values() }, snapshot.keyResults)).toEqual([]);
  });

  it('shows a key result whose objective was removed the same way among the orphaned key results', () => {
    const { ana, anaCtx, ben, benCtx, benUndo } = anaAndBen();
    benUndo.clear();
    const objective = addObjective(benCtx, { title: 'Retention' });
    syncBoth(ana, ben);
    const kr = addKeyResult(anaCtx, objective, { title: 'Churn below 3%', kind: 'milestone' });
    benUndo.undo();
    syncBoth(ana, ben);
    for (const doc of [ana, ben]) {
      const snapshot = readWorkspace(doc);
      expect(snapshot.objectives.has(objective)).toBe(false);
      expect(outlineOf(snapshot).orphanedKeyResults.map((k) => k.id)).toEqual([kr]);
    }
  });
});
