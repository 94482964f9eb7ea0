import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { recordDecision } from '../../shared/commands/decisions';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import type { KeyResult } from '../../shared/schema/types';
import type { Projection } from '../../renderer/state/projection';
import { selectOpenSignalCount, selectWorkspaceSignals } from '../../renderer/state/signals';
import { counting } from './countingRecords';
import { day, followProjection, newCycleWorkspace } from './issue4Fixtures';

/*
 * What a check-in costs the Signals tab's count (the tab bar asks on every
 * store change): counted, not timed, as the KRs whose records the count reads.
 * A check-in changes one KR's signals, so only that KR may be read; the count
 * itself is the open signals of every tracked KR, as the Signals tab lists them.
 */

const OBJECTIVES = 20;
const KEY_RESULTS_EACH = 3;
const metric = { direction: 'increase', baseline: 0, target: 100, unit: 'teams' } as const;

/** KRs far behind pace with falling confidence at day 50 of 90: each raises signals. */
function workspace() {
  const ws = newCycleWorkspace();
  const krs: string[] = [];
  for (let o = 0; o < OBJECTIVES; o++) {
    const objective = addObjective(ws.ctx, { title: `Objective ${o}` });
    for (let k = 0; k < KEY_RESULTS_EACH; k++) krs.push(addKeyResult(ws.ctx, objective, { title: `KR ${o}.${k}`, kind: 'metric', metric }));
  }
  krs.forEach((kr, i) => {
    ws.clock.t = day(30);
    recordCheckIn(ws.ctx, kr, { value: 5 + (i % 7), confidence: 8 });
    ws.clock.t = day(35 + (i % 5));
    recordCheckIn(ws.ctx, kr, { value: 6 + (i % 7), confidence: 3 + (i % 3) });
  });
  return { ...ws, krs, projection: followProjection(ws.doc) };
}

/** The projection with each KR record counting the reads of its fields (unchanged ones keep their identity). */
function countingProjection(readsOf: Set<string>) {
  const maps = new WeakMap<object, Projection['keyResults']>();
  const counted = counting<KeyResult>((kr) => readsOf.add(kr.id));
  return (p: Projection): Projection => {
    let keyResults = maps.get(p.keyResults);
    if (!keyResults) maps.set(p.keyResults, (keyResults = Object.fromEntries(Object.entries(p.keyResults).map(([id, kr]) => [id, counted(kr)]))));
    return { ...p, keyResults };
  };
}

const openOf = (p: Projection, now: number) => selectWorkspaceSignals(p, now).filter((s) => !s.closedBy).length;

describe('the Signals count after a check-in', () => {
  it('reads only the KR checked in, and counts what the Signals tab lists as open', () => {
    const ws = workspace();
    const now = day(50);
    const reads = new Set<string>();
    const counting = countingProjection(reads);
    const before = selectOpenSignalCount(counting(ws.projection()), now);
    expect(before).toBeGreaterThan(ws.krs.length);
    // Asked of the same projection throughout: the outline's memo holds one workspace's records at a time.
    expect(before).toBe(openOf(counting(ws.projection()), now));

    const checkedIn = ws.krs[41]!;
    ws.clock.t = day(49);
    recordCheckIn(ws.ctx, checkedIn, { value: 70, confidence: 9 });
    reads.clear();
    const after = selectOpenSignalCount(counting(ws.projection()), now);
    expect([...reads]).toEqual([checkedIn]);
    // On pace and confident again: that KR's signals are gone from the count, the others' stay.
    expect(after).toBe(openOf(counting(ws.projection()), now));
    expect(after).toBeLessThan(before);
  });

  it('follows decisions and the clock, counting what the Signals tab lists as open', () => {
    const ws = workspace();
    const now = day(50);
    const first = selectOpenSignalCount(ws.projection(), now);
    const signal = selectWorkspaceSignals(ws.projection(), now).find((s) => s.signal.kind === 'behind-pace')!.signal;
    recordDecision(ws.ctx, { kind: 'persevere', rationale: 'We know why', keyResultIds: [signal.keyResultId], signalKeys: [signal.key] });
    expect(selectOpenSignalCount(ws.projection(), now)).toBe(first - 1);
    expect(selectOpenSignalCount(ws.projection(), day(80))).toBe(openOf(ws.projection(), day(80)));
  });
});
