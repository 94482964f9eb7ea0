import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { CommandError, localContext } from '../../shared/commands/context';
import { recordRetrospective, scoreKeyResult, startNextCycle } from '../../shared/commands/cycle';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { addInitiative } from '../../shared/commands/initiatives';
import { latestRetrospectives, latestScores, objectiveScore, suggestedScore } from '../../shared/queries/scoring';
import { readWorkspace } from '../../shared/schema/read';
import { day, newCycleWorkspace, replicaOf, syncBoth } from './issue4Fixtures';

describe('end of cycle', () => {
  it('suggests a score from progress, rounded to a tenth', () => {
    expect(suggestedScore({ ratio: 0.44, current: 0, holding: null })).toBe(0.4);
    expect(suggestedScore({ ratio: 0.45, current: 0, holding: null })).toBe(0.5);
    expect(suggestedScore({ ratio: 1, current: 0, holding: true })).toBe(1);
    expect(suggestedScore({ ratio: null, current: null, holding: null })).toBeNull();
  });

  it('explains an objective score as the mean of its scored KRs', () => {
    expect(objectiveScore([0.4, 0.7, null])).toEqual({ score: 0.55, explanation: 'Mean of 2 key result scores (0.4, 0.7); 1 not scored yet.' });
    expect(objectiveScore([null]).score).toBeNull();
  });

  it('keeps every score and counts the latest, also when two people score offline', () => {
    const a = newCycleWorkspace();
    const o = addObjective(a.ctx, { title: 'O' });
    const kr = addKeyResult(a.ctx, o, { title: 'KR', kind: 'milestone' });
    const b = replicaOf(a.doc, 'Ben', day(90));
    a.clock.t = day(89);
    scoreKeyResult(a.ctx, kr, { score: 0.3, note: 'late', suggested: 0 });
    scoreKeyResult(b.ctx, kr, { score: 0.5, note: 'partly shipped', suggested: 0 });
    syncBoth(a.doc, b.doc);
    const scores = readWorkspace(a.doc).scores;
    expect(scores.size).toBe(2);
    expect(latestScores(scores.values()).get(kr)?.score).toBe(0.5);
  });

  it('refuses a score outside 0–1 and a de-scope without a reason', () => {
    const a = newCycleWorkspace();
    const o = addObjective(a.ctx, { title: 'O' });
    const kr = addKeyResult(a.ctx, o, { title: 'KR', kind: 'milestone' });
    expect(() => scoreKeyResult(a.ctx, kr, { score: 1.2, suggested: null })).toThrow(CommandError);
    expect(() => recordRetrospective(a.ctx, o, { learned: 'x', next: 'de-scope' })).toThrow('Say why');
    recordRetrospective(a.ctx, o, { learned: 'We learned', next: 'de-scope', reason: 'Another team owns it' });
    expect(latestRetrospectives(readWorkspace(a.doc).retrospectives.values()).get(o)?.next).toBe('de-scope');
  });

  it('starts the next cycle with the chosen objectives and KRs, their questions, and no check-ins', () => {
    const a = newCycleWorkspace();
    const kept = addObjective(a.ctx, { title: 'Keep me', description: 'd', owner: 'Ana' });
    const dropped = addObjective(a.ctx, { title: 'Drop me' });
    const metric = addKeyResult(a.ctx, kept, { title: 'Revenue', kind: 'metric', risk: 'execution', why: 'Pays the bills', metric: { direction: 'increase', baseline: 1, target: 9, unit: 'k€' } });
    const learning = addKeyResult(a.ctx, kept, { title: 'Learn', kind: 'learning', questions: ['Why?'] });
    const notChosen = addKeyResult(a.ctx, kept, { title: 'Not chosen', kind: 'milestone' });
    addKeyResult(a.ctx, dropped, { title: 'Gone', kind: 'milestone' });
    recordCheckIn(a.ctx, metric, { value: 5 });
    addInitiative(a.ctx, { title: 'Sales calls', status: 'active', keyResultIds: [metric, notChosen] });
    addInitiative(a.ctx, { title: 'Shipped already', status: 'done', keyResultIds: [metric] });
    addInitiative(a.ctx, { title: 'Only for a KR left behind', status: 'active', keyResultIds: [notChosen] });

    const next = new Y.Doc();
    startNextCycle(localContext(next, 'Ana', () => day(95)), readWorkspace(a.doc), {
      id: 'ws-next-0001',
      title: 'Next',
      cycleStart: '2026-04-01',
      cycleEnd: '2026-06-30',
      objectiveIds: [kept],
      keyResultIds: [metric, learning],
    });
    const snapshot = readWorkspace(next);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.meta).toMatchObject({ id: 'ws-next-0001', cycleStart: '2026-04-01', cycleEnd: '2026-06-30' });
    expect([...snapshot.objectives.values()].map((o) => [o.title, o.description, o.owner, o.carriedFrom])).toEqual([['Keep me', 'd', 'Ana', `ws-issue4-0001/${kept}`]]);
    const krs = [...snapshot.keyResults.values()].sort((x, y) => x.title.localeCompare(y.title));
    expect(krs.map((k) => k.title)).toEqual(['Learn', 'Revenue']);
    expect(krs[1]).toMatchObject({ kind: 'metric', baseline: 1, target: 9, unit: 'k€', risk: 'execution', why: 'Pays the bills', carriedFrom: `ws-issue4-0001/${metric}` });
    expect(krs.some((k) => k.id === metric || k.id === notChosen)).toBe(false);
    expect([...snapshot.questions.values()].map((q) => [q.text, q.keyResultId])).toEqual([['Why?', krs[0]!.id]]);
    expect(snapshot.checkIns.size).toBe(0);
    // The plan comes along: unfinished work on carried KRs, relinked to their new ids.
    expect([...snapshot.initiatives.values()].map((i) => [i.title, i.status, i.keyResultIds])).toEqual([['Sales calls', 'active', [krs[1]!.id]]]);
  });

  it('refuses to start a next cycle with no objective chosen, writing nothing', () => {
    const a = newCycleWorkspace();
    addObjective(a.ctx, { title: 'O' });
    const next = new Y.Doc();
    expect(() =>
      startNextCycle(localContext(next, 'Ana'), readWorkspace(a.doc), { id: 'ws-next-0002', title: 'N', cycleStart: '2026-04-01', cycleEnd: '2026-06-30', objectiveIds: [], keyResultIds: [] }),
    ).toThrow('Choose at least one objective');
    expect(Y.encodeStateAsUpdate(next).length).toBeLessThan(3);
  });
});
