import { afterEach, describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { recordDecision } from '../../shared/commands/decisions';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective, editObjectiveText } from '../../shared/commands/objectives';
import { workspaceSignals } from '../../shared/queries/decisions';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { observeProjection, type Projection } from '../../renderer/state/projection';
import { selectQuestionsByKeyResult } from '../../renderer/state/selectors';
import { openSignalsOf, selectWorkspaceSignals } from '../../renderer/state/signals';
import type { WorkspaceState } from '../../renderer/state/workspaceSession';
import { day, historyOf, newCycleWorkspace, type Replica } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';

/*
 * The renderer's signal selectors, over the live projection as the app builds
 * it: right answers, and the same answer (same identity) while nothing they
 * depend on changed, since every KR row and the Signals tab ask on every
 * keystroke.
 */

const metric = { direction: 'increase', baseline: 0, target: 100, unit: 'teams' } as const;

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

/** Two objectives, three metric KRs far behind pace with falling confidence, at day 50 of 90. */
function workspaceWithSignals() {
  const ws: Replica = newCycleWorkspace();
  const { ctx, clock } = ws;
  const o1 = addObjective(ctx, { title: 'Grow' });
  const o2 = addObjective(ctx, { title: 'Keep' });
  const krs = [
    addKeyResult(ctx, o1, { title: 'Active teams', kind: 'metric', metric }),
    addKeyResult(ctx, o1, { title: 'Paying teams', kind: 'metric', metric }),
    addKeyResult(ctx, o2, { title: 'Retained teams', kind: 'metric', metric }),
  ];
  for (const kr of krs) {
    clock.t = day(40);
    recordCheckIn(ctx, kr, { value: 5, confidence: 8 });
    clock.t = day(45);
    recordCheckIn(ctx, kr, { value: 10, confidence: 4 });
  }
  clock.t = day(50);
  let projection!: Projection;
  stops.push(observeProjection(ws.doc, (p) => (projection = p), (flush) => flush()));
  const state = () => ({ ...projection, workspaceId: 'w', phase: 'ready', error: null, restoredFromFile: false, canUndo: false, canRedo: false }) as WorkspaceState;
  return { ...ws, o1, o2, krs, state };
}

/** The same figures from the shared query, on a fresh read of the document. */
function expected(ws: Replica, now: number) {
  const snapshot = readWorkspace(ws.doc);
  const keyResults = outlineOf(snapshot).objectives.flatMap((o) => o.keyResults);
  const checkInsByKeyResult = Object.fromEntries(keyResults.map((kr) => [kr.id, historyOf(snapshot, kr.id).sort((a, b) => b.at - a.at)]));
  const questionsByKeyResult = selectQuestionsByKeyResult({ questions: Object.fromEntries(snapshot.questions) } as WorkspaceState);
  return workspaceSignals({ meta: snapshot.meta!, keyResults, checkInsByKeyResult, questionsByKeyResult, decisions: snapshot.decisions.values() }, now);
}

describe('signals in the renderer', () => {
  it('finds the signals the shared query finds, in outline order', () => {
    const ws = workspaceWithSignals();
    const now = day(50);
    const found = selectWorkspaceSignals(ws.state(), now);
    expect(found.length).toBeGreaterThanOrEqual(6);
    expect(found).toEqual(expected(ws, now));
  });

  it('keeps the same answer while an objective title is typed', () => {
    const ws = workspaceWithSignals();
    const now = day(50);
    const before = selectWorkspaceSignals(ws.state(), now);
    const openBefore = ws.krs.map((kr) => openSignalsOf(ws.state().keyResults[kr]!, ws.state(), now));
    editObjectiveText(ws.ctx, ws.o1, 'title', 'Grow faster', 'Grow');
    expect(selectWorkspaceSignals(ws.state(), now)).toBe(before);
    ws.krs.forEach((kr, i) => expect(openSignalsOf(ws.state().keyResults[kr]!, ws.state(), now)).toBe(openBefore[i]));
  });

  it('recomputes only the KR that was checked in on, keeping the others’ statuses', () => {
    const ws = workspaceWithSignals();
    const now = day(50);
    const before = selectWorkspaceSignals(ws.state(), now);
    recordCheckIn(ws.ctx, ws.krs[0]!, { value: 60, confidence: 9 });
    const after = selectWorkspaceSignals(ws.state(), now);
    expect(after).toEqual(expected(ws, now));
    const untouched = (list: typeof before) => list.filter((s) => s.signal.keyResultId !== ws.krs[0]);
    expect(untouched(after)).toHaveLength(untouched(before).length);
    untouched(after).forEach((status, i) => expect(status).toBe(untouched(before)[i]));
  });

  it('closes a signal answered by a decision, in the list and in its KR’s open signals', () => {
    const ws = workspaceWithSignals();
    const now = day(50);
    const target = selectWorkspaceSignals(ws.state(), now).find((s) => s.signal.keyResultId === ws.krs[1])!.signal;
    recordDecision(ws.ctx, { kind: 'pivot', rationale: 'Wrong channel', keyResultIds: [ws.krs[1]!], signalKeys: [target.key] });
    const closed = selectWorkspaceSignals(ws.state(), now).find((s) => s.signal.key === target.key);
    expect(closed?.closedBy?.kind).toBe('pivot');
    expect(openSignalsOf(ws.state().keyResults[ws.krs[1]!]!, ws.state(), now).map((s) => s.key)).not.toContain(target.key);
    expect(selectWorkspaceSignals(ws.state(), now)).toEqual(expected(ws, now));
  });

  it('keeps the signals that do not depend on the time when the clock moves on', () => {
    const ws = workspaceWithSignals();
    const before = selectWorkspaceSignals(ws.state(), day(50));
    const later = day(50) + 60_000;
    const after = selectWorkspaceSignals(ws.state(), later);
    expect(after).toEqual(expected(ws, later));
    expect(after).toHaveLength(before.length);
    after.forEach((status, i) => expect(status).toBe(before[i]));
  });
});

describe('a learning KR check-in among many check-ins', () => {
  it('reads only its own check-ins: a malformed check-in of another KR does not matter, a malformed one of its own is skipped', () => {
    const ws = newCycleWorkspace();
    const o = addObjective(ws.ctx, { title: 'Learn' });
    const learning = addKeyResult(ws.ctx, o, { title: 'Understand', kind: 'learning', questions: ['Will teams pay?', 'Weekly?'] });
    const other = addKeyResult(ws.ctx, o, { title: 'Other', kind: 'metric', metric });
    const [q1, q2] = readWorkspace(ws.doc).questions.keys();
    ws.clock.t = day(10);
    recordCheckIn(ws.ctx, learning, { value: 0, answers: { [q1!]: 'validated' } });
    recordCheckIn(ws.ctx, other, { value: 3 });
    // A peer's garbage: one record for the other KR, one for the learning KR that claims an answer.
    ws.doc.transact(() => {
      rootMap(ws.doc, 'checkIns').set('garbage-other-0001', { keyResultId: other, value: 'lots' });
      rootMap(ws.doc, 'checkIns').set('garbage-mine-00001', { keyResultId: learning, value: 1, answers: { [q2!]: 'validated' } });
      rootMap(ws.doc, 'checkIns').set('garbage-null-00001', null);
    });
    ws.clock.t = day(20);
    const id = recordCheckIn(ws.ctx, learning, { value: 0, answers: { [q2!]: 'invalidated' } });
    expect(readWorkspace(ws.doc).checkIns.get(id)).toMatchObject({ value: 2, answers: { [q2!]: 'invalidated' } });
  });
});
