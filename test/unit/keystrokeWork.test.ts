// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult, editKeyResultText } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText, moveObjective } from '../../shared/commands/objectives';
import { NO_FILTER, boardView } from '../../shared/queries/boardFilter';
import { glanceOfSnapshot } from '../../shared/queries/glance';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import type { CheckIn, Objective } from '../../shared/schema/types';
import { selectBoardView } from '../../renderer/state/boardView';
import { selectGlance } from '../../renderer/state/health';
import type { Projection } from '../../renderer/state/projection';
import { useWorkspace } from '../../renderer/state/workspaceSession';
import { selectObjectiveIds, selectOutline } from '../../renderer/state/selectors';
import { personDateWords } from '../../renderer/ui/format';
import { counting } from './countingRecords';
import { day, followProjection, newCycleWorkspace } from './issue4Fixtures';

/*
 * What a keystroke in one objective's title costs the board: the outline, the
 * board's view and At a glance, as the OKRs view asks for them on each store
 * change. Counted, not timed: which objectives' records are read and which
 * KRs' check-ins, through records that count their reads. Only the objective
 * typed in, and its own KRs' check-ins, may be read; every other entry keeps
 * its object, and the view is the same object (the list does not render again).
 */

const OBJECTIVES = 30;
const KEY_RESULTS_EACH = 3;
const metric = { direction: 'increase', baseline: 0, target: 100, unit: 'teams' } as const;

function workspace() {
  const ws = newCycleWorkspace();
  const objectives: { id: string; krs: string[] }[] = [];
  for (let o = 0; o < OBJECTIVES; o++) {
    const id = addObjective(ws.ctx, { title: `Objective ${o}` });
    const krs = Array.from({ length: KEY_RESULTS_EACH }, (_, k) => addKeyResult(ws.ctx, id, { title: `KR ${o}.${k}`, kind: 'metric', metric }));
    objectives.push({ id, krs });
  }
  ws.clock.t = day(30);
  objectives.forEach(({ krs }, o) => krs.forEach((kr, k) => recordCheckIn(ws.ctx, kr, { value: (o * 7 + k * 13) % 60, confidence: 3 + ((o + k) % 7) })));
  return { ...ws, objectives, projection: followProjection(ws.doc) };
}

/** Reads of objective records (by objective id) and of check-in records (by their KR's id), through the counting projection below. */
interface Reads {
  objectives: Map<string, number>;
  checkInsOf: Set<string>;
}

/**
 * The projection with each objective record and each check-in record counting
 * the reads of its fields. Wrappers are kept per underlying object, so an unchanged record
 * keeps its identity, as in the app (what the memos key on).
 */
function countingProjection(reads: Reads) {
  const maps = new WeakMap<object, Projection['objectives']>();
  const checkInMaps = new WeakMap<object, Projection['checkInsByKeyResult']>();
  const lists = new WeakMap<readonly CheckIn[], readonly CheckIn[]>();
  const countedObjective = counting<Objective>((o) => reads.objectives.set(o.id, (reads.objectives.get(o.id) ?? 0) + 1));
  const countedCheckIn = counting<CheckIn>((c) => reads.checkInsOf.add(c.keyResultId));
  const countedList = (list: readonly CheckIn[]) => {
    let counted = lists.get(list);
    if (!counted) lists.set(list, (counted = list.map(countedCheckIn)));
    return counted;
  };
  return (p: Projection): Projection => {
    let objectives = maps.get(p.objectives);
    if (!objectives) maps.set(p.objectives, (objectives = Object.fromEntries(Object.entries(p.objectives).map(([id, o]) => [id, countedObjective(o)]))));
    let byKeyResult = checkInMaps.get(p.checkInsByKeyResult);
    if (!byKeyResult) {
      byKeyResult = Object.fromEntries(Object.entries(p.checkInsByKeyResult).map(([id, list]) => [id, countedList(list)]));
      checkInMaps.set(p.checkInsByKeyResult, byKeyResult);
    }
    return { ...p, objectives, checkInsByKeyResult: byKeyResult };
  };
}


/** What the OKRs view asks for on a store change: the board's view, its ids, At a glance. */
function askAsTheBoardDoes(p: Projection, now: number) {
  return { view: selectBoardView({ ...useWorkspace.getState(), ...p }, NO_FILTER, now), ids: selectObjectiveIds(p), glance: selectGlance(p, now), outline: selectOutline(p) };
}

describe('a keystroke in a title', () => {
  it('reads only that objective and its own KRs’ check-ins, and keeps every other entry’s object', () => {
    const ws = workspace();
    const now = day(31);
    const reads: Reads = { objectives: new Map(), checkInsOf: new Set() };
    const counting = countingProjection(reads);
    const before = askAsTheBoardDoes(counting(ws.projection()), now);
    expect(before.view.groups[0]!.entries).toHaveLength(OBJECTIVES);
    expect(before.glance.objectives).toHaveLength(OBJECTIVES);

    const typed = ws.objectives[17]!;
    reads.objectives.clear();
    reads.checkInsOf.clear();
    editObjectiveText(ws.ctx, typed.id, 'title', 'Objective 17!', 'Objective 17');
    const after = askAsTheBoardDoes(counting(ws.projection()), now);

    // The work: one objective's record, its own KRs' check-ins (its standings are looked at again).
    expect([...reads.objectives.keys()]).toEqual([typed.id]);
    expect([...reads.checkInsOf].filter((id) => !typed.krs.includes(id))).toEqual([]);

    // What it gives: the same view and ids, one new outline entry and one new chip, the glance's sorted lists kept.
    expect(after.view).toBe(before.view);
    expect(after.ids).toBe(before.ids);
    const newEntries = after.outline.objectives.filter((entry, i) => entry !== before.outline.objectives[i]);
    expect(newEntries.map((e) => e.objective.id)).toEqual([typed.id]);
    const newChips = after.glance.objectives.filter((chip, i) => chip !== before.glance.objectives[i]);
    expect(newChips.map((c) => c.title)).toEqual(['Objective 17!']);
    expect(after.glance.dueThisWeek).toBe(before.glance.dueThisWeek);
    expect(after.glance.topSignals).toBe(before.glance.topSignals);
  });

  it('in a KR’s title, patches At a glance: its counts kept, the KR’s new title in its lines', () => {
    const ws = workspace();
    // Ten days after the check-ins: some are due again.
    const now = day(40);
    const before = askAsTheBoardDoes(ws.projection(), now);
    expect(before.glance.dueThisWeek.length).toBeGreaterThan(1);
    const kr = before.glance.dueThisWeek[1]!.keyResultId;
    const title = ws.projection().keyResults[kr]!.title;
    editKeyResultText(ws.ctx, kr, 'title', `${title}!`, title);
    const after = askAsTheBoardDoes(ws.projection(), now);
    expect(after.view).toBe(before.view);
    expect(after.glance.keyResultsByHealth).toBe(before.glance.keyResultsByHealth);
    // Its objective's chip alone is new: the objective's health names its KRs.
    const objectiveId = ws.projection().keyResults[kr]!.objectiveId;
    expect(after.glance.objectives.filter((chip, i) => chip !== before.glance.objectives[i]).map((chip) => chip.id)).toEqual([objectiveId]);
    expect(after.glance.dueThisWeek.find((d) => d.keyResultId === kr)?.title).toBe(`${title}!`);
    expect(after.glance.dueThisWeek.filter((d, i) => d !== before.glance.dueThisWeek[i]).map((d) => d.keyResultId)).toEqual([kr]);
  });

  it('after a check-in, reads the check-ins of that KR alone', () => {
    const ws = workspace();
    const now = day(31);
    const reads: Reads = { objectives: new Map(), checkInsOf: new Set() };
    const counting = countingProjection(reads);
    askAsTheBoardDoes(counting(ws.projection()), now);
    const kr = ws.objectives[4]!.krs[2]!;
    reads.checkInsOf.clear();
    ws.clock.t = day(31);
    recordCheckIn(ws.ctx, kr, { value: 59, confidence: 9 });
    const after = askAsTheBoardDoes(counting(ws.projection()), now);
    expect([...reads.checkInsOf]).toEqual([kr]);
    const shared = glanceOfSnapshot(readWorkspace(ws.doc), now, personDateWords());
    expect(after.glance.keyResultsByHealth).toEqual(shared.keyResultsByHealth);
    expect(after.glance.objectives.map((o) => [o.id, o.progress, o.health.health])).toEqual(shared.objectives.map((o) => [o.id, o.progress, o.health.health]));
  });

  it('leaves the outline, the board and the glance as a rebuild from the document gives them, through titles, a move and a delete', () => {
    const ws = workspace();
    const now = day(31);
    const check = () => {
      const p = ws.projection();
      const asked = askAsTheBoardDoes(p, now);
      const rebuilt = outlineOf({ objectives: new Map(Object.entries(p.objectives)), keyResults: new Map(Object.entries(p.keyResults)) });
      expect(asked.outline).toEqual(rebuilt);
      expect(asked.ids).toEqual(rebuilt.objectives.map((o) => o.objective.id));
      expect(asked.view).toEqual(boardView(rebuilt, NO_FILTER, { teamOf: () => null, teamName: () => '', healthOf: () => null, dueThisWeek: () => false }));
      const shared = glanceOfSnapshot(readWorkspace(ws.doc), now, personDateWords());
      const chips = (g: typeof shared) => g.objectives.map((o) => [o.id, o.title, o.progress, o.health.health]);
      expect(chips(asked.glance)).toEqual(chips(shared));
      expect(asked.glance.dueThisWeek.map((d) => [d.keyResultId, d.title])).toEqual(shared.dueThisWeek.map((d) => [d.keyResultId, d.title]));
    };
    check();
    editObjectiveText(ws.ctx, ws.objectives[3]!.id, 'title', 'Objective three', 'Objective 3');
    check();
    editKeyResultText(ws.ctx, ws.objectives[5]!.krs[1]!, 'title', 'KR five-one', 'KR 5.1');
    check();
    moveObjective(ws.ctx, ws.objectives[3]!.id, 0);
    check();
    editObjectiveText(ws.ctx, ws.objectives[3]!.id, 'title', 'Objective 3', 'Objective three');
    check();
    deleteObjective(ws.ctx, ws.objectives[8]!.id);
    check();
    editObjectiveText(ws.ctx, ws.objectives[8]!.id, 'title', 'Objective eight', 'Objective 8');
    check();
  });
});
