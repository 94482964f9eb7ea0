// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult, editKeyResultText } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { glanceOf, standingsOfSnapshot, type Glance } from '../../shared/queries/glance';
import type { ObjectiveStanding } from '../../shared/queries/standing';
import { readWorkspace } from '../../shared/schema/read';
import { selectGlance, selectStandings } from '../../renderer/state/health';
import { selectWorkspaceSignals } from '../../renderer/state/signals';
import { workspaceSignals } from '../../shared/queries/decisions';
import { personDateWords } from '../../renderer/ui/format';
import { seededRandom } from '../support/random';
import { day, followProjection, newCycleWorkspace, signalsInputOf } from './issue4Fixtures';

/*
 * The once-a-minute clock (renderer/state/clock.ts) and a check-in, counted,
 * not timed: a minute recomputes only the standings whose time boundary it
 * crossed (shared/queries/timeBoundary.ts), a check-in patches At a glance
 * (only its KR's lines and its objective's chip are new objects), and whatever
 * the order of minutes, days, check-ins and titles, the standings and the
 * glance say what a computation afresh from the document says.
 */

const counts = vi.hoisted(() => ({ health: { healthOfKeyResult: 0 }, due: { checkInDueOf: 0 }, signals: { signalsOf: 0 } }));
vi.mock('../../shared/queries/health', async (original) => (await import('../support/countingModule')).countingModule(await original(), counts.health));
vi.mock('../../shared/queries/checkInDue', async (original) => (await import('../support/countingModule')).countingModule(await original(), counts.due));
vi.mock('../../shared/queries/signals', async (original) => (await import('../support/countingModule')).countingModule(await original(), counts.signals));
const counted = () => ({ health: counts.health.healthOfKeyResult, due: counts.due.checkInDueOf, signals: counts.signals.signalsOf });

const MINUTE = 60_000;
const OBJECTIVES = 6;
const KRS_PER_OBJECTIVE = 4;
const metric = { direction: 'increase', baseline: 0, target: 100, unit: 'teams' } as const;

const resetCounts = () => {
  counts.health.healthOfKeyResult = counts.due.checkInDueOf = counts.signals.signalsOf = 0;
};
beforeEach(resetCounts);

/** Six objectives of four KRs (metrics, outputs, a milestone each), all checked in on day 30 at midnight. */
function workspace() {
  const ws = newCycleWorkspace();
  const krs: string[] = [];
  for (let o = 0; o < OBJECTIVES; o++) {
    const objective = addObjective(ws.ctx, { title: `Objective ${o}` });
    for (let k = 0; k < KRS_PER_OBJECTIVE; k++) {
      const title = `KR ${o}.${k}`;
      if (k === 3) krs.push(addKeyResult(ws.ctx, objective, { title, kind: 'milestone' }));
      else if (k === 2) krs.push(addKeyResult(ws.ctx, objective, { title, kind: 'output', output: { target: 8, unit: 'guides' } }));
      else krs.push(addKeyResult(ws.ctx, objective, { title, kind: 'metric', metric }));
    }
  }
  ws.clock.t = day(30);
  krs.forEach((id, i) => recordCheckIn(ws.ctx, id, { value: i % 4 === 3 ? 0 : (i * 7) % 8, confidence: 1 + (i % 10) }));
  return { ...ws, krs, projection: followProjection(ws.doc) };
}

/** What a standing says, without the stale signal's `at` ("now" itself: a standing kept since an earlier minute keeps that minute's). */
const said = (standings: readonly ObjectiveStanding[]) =>
  standings.map((o) => ({
    id: o.objective.id,
    progress: o.progress,
    health: o.health,
    keyResults: o.keyResults.map((kr) => ({
      id: kr.keyResult.id,
      title: kr.keyResult.title,
      progress: kr.progress,
      health: kr.health,
      due: kr.due,
      signals: kr.openSignals.map((s) => [s.key, s.explanation, s.kind === 'stale' ? 'now' : s.at]),
    })),
  }));
const glanceSays = (g: Glance) => ({
  ...g,
  dueThisWeek: g.dueThisWeek.map((d) => [d.keyResultId, d.title, d.due]),
  topSignals: g.topSignals.map((s) => [s.signal.key, s.keyResultTitle, s.signal.explanation]),
});

describe('a minute passing', () => {
  it('recomputes no standing when it crosses no boundary, and every KR’s when it crosses their day', () => {
    const ws = workspace();
    const p = ws.projection();
    const now = day(31) + 3 * 3_600_000;
    const standings = selectStandings(p, now);
    const glance = selectGlance(p, now);
    expect(counted().health).toBe(ws.krs.length);

    const signals = selectWorkspaceSignals(p, now);
    expect(signals.length).toBeGreaterThan(0);

    resetCounts();
    const minuteLater = selectStandings(p, now + MINUTE);
    // The Signals tab's count asks every KR's signals: the same ones, but a stale signal's "now".
    const signalsLater = selectWorkspaceSignals(p, now + MINUTE);
    expect(counted()).toEqual({ health: 0, due: 0, signals: 0 });
    expect(signalsLater.map((s) => [s.signal.key, s.signal.explanation])).toEqual(signals.map((s) => [s.signal.key, s.signal.explanation]));
    expect(signalsLater.filter((s) => s.signal.kind === 'stale').map((s) => s.signal.at)).toEqual(signals.filter((s) => s.signal.kind === 'stale').map(() => now + MINUTE));
    expect(minuteLater.every((o, i) => o === standings[i])).toBe(true);
    expect(selectGlance(p, now + MINUTE)).toBe(glance);

    // Midnight: the quiet days since day 30's check-ins went from one to two, for every KR.
    resetCounts();
    const nextDay = day(32) + MINUTE;
    const afterMidnight = selectStandings(p, nextDay);
    expect(counted().health).toBe(ws.krs.length);
    expect(said(afterMidnight)).toEqual(said(standingsOfSnapshot(readWorkspace(ws.doc), nextDay, personDateWords())));
  });
});

describe('a check-in', () => {
  it('patches At a glance: only its KR’s lines and its objective’s chip are new', () => {
    const ws = workspace();
    // A fortnight after day 30: every KR's check-in is overdue.
    const now = day(45);
    const before = selectGlance(ws.projection(), now);
    expect(before.dueThisWeek).toHaveLength(ws.krs.length);
    const kr = ws.krs[9]!;
    ws.clock.t = now;
    recordCheckIn(ws.ctx, kr, { value: 3, confidence: 2 });
    const after = selectGlance(ws.projection(), now);

    const objectiveId = ws.projection().keyResults[kr]!.objectiveId;
    expect(after.objectives.filter((chip, i) => chip !== before.objectives[i]).map((chip) => chip.id)).toEqual([objectiveId]);
    const oldLines = new Set(before.dueThisWeek);
    expect(after.dueThisWeek.filter((line) => !oldLines.has(line)).map((line) => line.keyResultId)).toEqual([]);
    expect(after.dueThisWeek.map((line) => line.keyResultId)).not.toContain(kr);
    expect(glanceSays(after)).toEqual(glanceSays(glanceOf(standingsOfSnapshot(readWorkspace(ws.doc), now, personDateWords()), now)));
  });
});

describe('minutes, days, check-ins and titles in any order', () => {
  it('give the standings and the glance a computation afresh gives (seeded)', () => {
    const ws = workspace();
    const random = seededRandom(17);
    let now = day(31);
    const fresh = () => standingsOfSnapshot(readWorkspace(ws.doc), now, personDateWords());
    for (let step = 0; step < 120; step++) {
      const roll = random.next();
      if (roll < 0.6) now += MINUTE * (1 + random.int(random.chance(0.5) ? 5 : 3 * 24 * 60));
      else if (roll < 0.85) {
        ws.clock.t = now;
        recordCheckIn(ws.ctx, random.pick(ws.krs)!, { value: random.int(9), confidence: 1 + random.int(10) });
      } else {
        const kr = random.pick(ws.krs)!;
        const title = ws.projection().keyResults[kr]!.title;
        editKeyResultText(ws.ctx, kr, 'title', `${title}'`, title);
      }
      const p = ws.projection();
      const expected = fresh();
      expect(said(selectStandings(p, now)), `step ${step}`).toEqual(said(expected));
      expect(glanceSays(selectGlance(p, now)), `step ${step}`).toEqual(glanceSays(glanceOf(expected, now)));
      expect(selectWorkspaceSignals(p, now).map((s) => s.signal), `step ${step}`).toEqual(workspaceSignals(signalsInputOf(readWorkspace(ws.doc)), now).map((s) => s.signal));
    }
  });
});
