// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { checkInDueFor, healthByKeyResult, keyResultHealthOf, objectiveHealthOf, selectGlance } from '../../renderer/state/health';
import { observeProjection, type Projection } from '../../renderer/state/projection';
import { selectOutline } from '../../renderer/state/selectors';
import { day, newCycleWorkspace } from './issue4Fixtures';
import type * as HealthQueries from '../../shared/queries/health';
import type * as DueQueries from '../../shared/queries/checkInDue';

/*
 * Opening the board reads every KR's health and next check-in (its row), every
 * objective's health (its card), the At a glance summary and, under a filter,
 * the health of all KRs at once. Each verdict is computed once per change of
 * what it depends on, however many of those readers ask and however often the
 * store changes around them (the board's open time on a large workspace).
 */

const counts = vi.hoisted(() => ({ keyResultHealth: 0, objectiveHealth: 0, due: 0 }));

vi.mock('../../shared/queries/health', async (importOriginal) => {
  const actual = await importOriginal<typeof HealthQueries>();
  return {
    ...actual,
    healthOfKeyResult: (...args: Parameters<typeof actual.healthOfKeyResult>) => {
      counts.keyResultHealth++;
      return actual.healthOfKeyResult(...args);
    },
    healthOfObjective: (...args: Parameters<typeof actual.healthOfObjective>) => {
      counts.objectiveHealth++;
      return actual.healthOfObjective(...args);
    },
  };
});

vi.mock('../../shared/queries/checkInDue', async (importOriginal) => {
  const actual = await importOriginal<typeof DueQueries>();
  return {
    ...actual,
    checkInDueOf: (...args: Parameters<typeof actual.checkInDueOf>) => {
      counts.due++;
      return actual.checkInDueOf(...args);
    },
  };
});

const metric = { direction: 'increase', baseline: 0, target: 100, unit: 'teams' } as const;
const OBJECTIVES = 6;
const KRS_PER_OBJECTIVE = 4;

let stops: (() => void)[] = [];
beforeEach(() => {
  counts.keyResultHealth = counts.objectiveHealth = counts.due = 0;
});
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

function workspace() {
  const ws = newCycleWorkspace();
  const krs: string[] = [];
  for (let o = 0; o < OBJECTIVES; o++) {
    const objective = addObjective(ws.ctx, { title: `Objective ${o}` });
    for (let k = 0; k < KRS_PER_OBJECTIVE; k++) krs.push(addKeyResult(ws.ctx, objective, { title: `KR ${o}.${k}`, kind: 'metric', metric }));
  }
  ws.clock.t = day(30);
  krs.forEach((id, i) => recordCheckIn(ws.ctx, id, { value: (i * 7) % 100, confidence: 1 + (i % 10) }));
  let projection!: Projection;
  stops.push(observeProjection(ws.doc, (p) => (projection = p), (flush) => flush()));
  return { ...ws, krs, projection: () => projection };
}

/** What the board reads while it opens: each row, each card, the glance, a health filter. */
function readBoard(p: Projection, now: number): void {
  for (const { objective, keyResults } of selectOutline(p).objectives) {
    objectiveHealthOf(objective.id, p, now);
    for (const kr of keyResults) {
      keyResultHealthOf(kr, p, now);
      checkInDueFor(kr, p, now);
    }
  }
  selectGlance(p, now);
  healthByKeyResult(p, now);
}

describe('health and check-ins due on the board', () => {
  it('computes each KR’s health and due, and each objective’s health, once per change of what they read', () => {
    const ws = workspace();
    const now = day(45);
    readBoard(ws.projection(), now);
    expect(counts).toEqual({ keyResultHealth: ws.krs.length, objectiveHealth: OBJECTIVES, due: ws.krs.length });

    // Store changes that touch none of it (people, schema problems): every reader asks again, nothing is computed.
    for (let i = 0; i < 3; i++) readBoard({ ...ws.projection(), people: { ...ws.projection().people }, problems: [] }, now);
    expect(counts).toEqual({ keyResultHealth: ws.krs.length, objectiveHealth: OBJECTIVES, due: ws.krs.length });
    expect(selectGlance({ ...ws.projection(), problems: [] }, now)).toBe(selectGlance(ws.projection(), now));
  });

  it('recomputes only the KR checked in on and its objective', () => {
    const ws = workspace();
    const now = day(45);
    readBoard(ws.projection(), now);
    ws.clock.t = day(44);
    recordCheckIn(ws.ctx, ws.krs[5]!, { value: 90, confidence: 9 });
    readBoard(ws.projection(), now);
    expect(counts).toEqual({ keyResultHealth: ws.krs.length + 1, objectiveHealth: OBJECTIVES + 1, due: ws.krs.length + 1 });
  });
});
