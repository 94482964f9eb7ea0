import { describe, expect, it } from 'vitest';
import { dateWordsFor, type DateWords } from '../../shared/dateWords';
import { decisionsBySignal } from '../../shared/queries/decisions';
import { healthOfKeyResult, healthOfObjective, openSignals, type KeyResultHealthInput } from '../../shared/queries/health';
import { signalsOf } from '../../shared/queries/signals';
import { DEFAULT_SIGNAL_THRESHOLDS, type CheckIn, type Decision, type KeyResult, type Objective, type Question } from '../../shared/schema/types';
import { CYCLE, day, plainCheckIn, plainKeyResult, plainQuestion } from './issue4Fixtures';

const meta = { ...CYCLE, signalThresholds: DEFAULT_SIGNAL_THRESHOLDS };
const openObjective: Pick<Objective, 'deletedAt' | 'status'> = { deletedAt: null, status: 'active' };

/** The verdict at `now`, with the KR's open signals computed as the app does (answered ones left out). */
function verdict(kr: KeyResult, history: CheckIn[], now: number, extra: { questions?: Question[]; decisions?: Decision[]; objective?: Pick<Objective, 'deletedAt' | 'status'>; dates?: DateWords } = {}) {
  const questions = extra.questions ?? [];
  const signals = signalsOf(kr, history, meta, now, meta.signalThresholds, questions);
  const input: KeyResultHealthInput = {
    keyResult: kr,
    objective: extra.objective ?? openObjective,
    history,
    questions,
    meta,
    openSignals: openSignals(signals, decisionsBySignal(extra.decisions ?? [])),
    dates: extra.dates ?? dateWordsFor('en-US'),
  };
  return healthOfKeyResult(input, now);
}

const increase = plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 0, target: 100, unit: '' });

describe('health of a metric KR (increase or decrease)', () => {
  it('is on track at the pace line, at risk more than 15 points behind it, off track more than 30 behind, with the numbers in words', () => {
    // Day 45 of 90: half the cycle gone.
    expect(verdict(increase, [plainCheckIn(day(44), 40, { confidence: 8 })], day(45))).toEqual({
      health: 'on-track',
      reasons: ['40% done with 50% of the cycle gone.', 'Confidence 8/10 (high) on Feb 14, 2026.'],
    });
    expect(verdict(increase, [plainCheckIn(day(44), 30)], day(45)).health).toBe('at-risk');
    const off = verdict(increase, [plainCheckIn(day(44), 15)], day(45));
    expect(off.health).toBe('off-track');
    expect(off.reasons[0]).toBe('15% done with 50% of the cycle gone, 35 points behind the pace line.');
  });

  it('judges a decreasing metric by its share of the way down', () => {
    const down = plainKeyResult({ kind: 'metric', direction: 'decrease', baseline: 200, target: 100, unit: '' });
    expect(verdict(down, [plainCheckIn(day(44), 150)], day(45)).health).toBe('on-track');
    expect(verdict(down, [plainCheckIn(day(44), 190)], day(45)).health).toBe('off-track');
  });

  it('counts a reached target as on track, whatever the date', () => {
    expect(verdict(increase, [plainCheckIn(day(85), 100)], day(89))).toEqual({ health: 'on-track', reasons: ['Target reached: 100% done.'] });
  });
});

describe('health of a threshold KR (stay above or below)', () => {
  it('is on track while it holds and off track once breached, never judged on pace', () => {
    const floor = plainKeyResult({ kind: 'metric', direction: 'stayAbove', baseline: 0, target: 40, unit: '' });
    expect(verdict(floor, [plainCheckIn(day(80), 42)], day(81))).toEqual({ health: 'on-track', reasons: ['Holding: 42 is at or above 40 (Mar 22, 2026).'] });
    expect(verdict(floor, [plainCheckIn(day(80), 38)], day(81))).toEqual({ health: 'off-track', reasons: ['Breached: 38 is not at or above 40 (Mar 22, 2026).'] });
  });
});

describe('reasons in the reader\'s locale', () => {
  it('write a check-in\'s day and the numbers as the reader\'s locale does (the board and the report pass theirs)', () => {
    const floor = plainKeyResult({ kind: 'metric', direction: 'stayAbove', baseline: 0, target: 12_500, unit: '' });
    const history = [plainCheckIn(day(80), 12_000, { confidence: 8 })];
    expect(verdict(floor, history, day(81), { dates: dateWordsFor('en-GB') }).reasons).toEqual(['Breached: 12,000 is not at or above 12,500 (22 Mar 2026).', 'Confidence 8/10 (high) on 22 Mar 2026.']);
    expect(verdict(floor, history, day(81), { dates: dateWordsFor('de-DE') }).reasons).toEqual(['Breached: 12.000 is not at or above 12.500 (22.03.2026).', 'Confidence 8/10 (high) on 22.03.2026.']);
    const milestone = plainKeyResult({ kind: 'milestone' });
    expect(verdict(milestone, [plainCheckIn(day(61), 1)], day(62), { dates: dateWordsFor('en-GB') }).reasons).toEqual(['Done (3 Mar 2026).']);
  });
});

describe('health of an output KR', () => {
  it('speaks of deliverables', () => {
    const guides = plainKeyResult({ kind: 'output', target: 10, unit: 'guides' });
    const v = verdict(guides, [plainCheckIn(day(71), 3)], day(72));
    expect(v.health).toBe('off-track');
    expect(v.reasons[0]).toBe('3 of 10 delivered (30%) with 80% of the cycle gone, 50 points behind the pace line.');
  });
});

describe('health of a learning KR', () => {
  const learning = plainKeyResult({ kind: 'learning' });
  const questions = [plainQuestion('q1', 'Do teams want it?'), plainQuestion('q2', 'Will they pay?'), plainQuestion('q3', 'Who decides?'), plainQuestion('q4', 'How often?')];

  it('counts questions answered against the cycle gone, in its own words', () => {
    const answered = plainCheckIn(day(44), 2, { answers: { q1: 'validated', q2: 'invalidated' } });
    expect(verdict(learning, [answered], day(45), { questions })).toEqual({ health: 'on-track', reasons: ['2 of 4 questions answered with 50% of the cycle gone.'] });
    const one = plainCheckIn(day(71), 1, { answers: { q1: 'validated' } });
    const late = verdict(learning, [one], day(72), { questions });
    expect(late.health).toBe('off-track');
    expect(late.reasons[0]).toBe('1 of 4 questions answered with 80% of the cycle gone, 55 points behind the pace line.');
  });

  it('has no pace without questions, and never reads as a metric', () => {
    const v = verdict(learning, [plainCheckIn(day(44), 0, { confidence: 7 })], day(45));
    expect(v.health).toBe('on-track');
    expect(v.reasons.join(' ')).not.toMatch(/% done/);
  });
});

describe('health of a milestone', () => {
  const milestone = plainKeyResult({ kind: 'milestone' });
  it('is judged on confidence and signals while not done, and off track when the cycle ends undone', () => {
    expect(verdict(milestone, [plainCheckIn(day(70), 0, { confidence: 8 })], day(71)).health).toBe('on-track');
    expect(verdict(milestone, [plainCheckIn(day(85), 0, { confidence: 8 })], day(90)).health).toBe('off-track');
    expect(verdict(milestone, [plainCheckIn(day(85), 1)], day(90)).health).toBe('on-track');
  });
});

describe('confidence and signals', () => {
  it('reads the latest confidence given: low is off track, medium at risk', () => {
    expect(verdict(increase, [plainCheckIn(day(44), 50, { confidence: 3 })], day(45)).health).toBe('off-track');
    expect(verdict(increase, [plainCheckIn(day(44), 50, { confidence: 5 })], day(45)).health).toBe('at-risk');
    // A later check-in without a confidence keeps the last one given.
    expect(verdict(increase, [plainCheckIn(day(40), 45, { confidence: 3 }), plainCheckIn(day(44), 50)], day(45)).reasons).toContain('Confidence 3/10 (low) on Feb 10, 2026.');
  });

  it('is at risk while a stale, confidence-drop or divergence signal is open, and no longer once a decision answered it', () => {
    const history = [plainCheckIn(day(30), 40, { confidence: 9 })];
    const stale = verdict(increase, history, day(40));
    expect(stale.health).toBe('at-risk');
    expect(stale.reasons).toContain('No check-in for 10 days (the team checks in every 7).');
    const signal = signalsOf(increase, history, meta, day(40)).find((s) => s.kind === 'stale')!;
    const decision: Decision = { id: 'd1', kind: 'persevere', rationale: 'Holiday', keyResultIds: ['kr1'], checkInIds: [], signalKeys: [signal.key], author: 'Ana', at: day(40) };
    expect(verdict(increase, history, day(40), { decisions: [decision] }).health).toBe('on-track');
  });

  it('calls a KR with no check-in yet on track until its first check-in is overdue', () => {
    expect(verdict(increase, [], day(5))).toEqual({ health: 'on-track', reasons: ['No check-in yet, and nothing says it is off course.'] });
    expect(verdict(increase, [], day(9)).health).toBe('at-risk');
  });

  it('leaves out check-ins after the moment asked about', () => {
    expect(verdict(increase, [plainCheckIn(day(44), 50, { confidence: 8 }), plainCheckIn(day(60), 50, { confidence: 1 })], day(45)).health).toBe('on-track');
  });
});

describe('KRs that are not judged', () => {
  it('gives no health to a closed or dropped KR, nor to a KR of a closed objective', () => {
    const behind = [plainCheckIn(day(44), 0, { confidence: 1 })];
    expect(verdict({ ...increase, status: 'closed', closedAs: 'abandoned' }, behind, day(45))).toEqual({ health: null, reasons: [] });
    expect(verdict({ ...increase, status: 'closed', closedAs: 'achieved' }, behind, day(45)).health).toBeNull();
    expect(verdict(increase, behind, day(45), { objective: { deletedAt: null, status: 'closed' } }).health).toBeNull();
    expect(verdict({ ...increase, deletedAt: day(2) }, behind, day(45)).health).toBeNull();
  });
});

describe('health of an objective', () => {
  const kr = (title: string, health: 'on-track' | 'at-risk' | 'off-track' | null) => ({ title, health });

  it('is on track when every tracked KR is, at risk when one is at risk or off track, off track when at least half are off track', () => {
    expect(healthOfObjective(openObjective, [kr('A', 'on-track'), kr('B', 'on-track')]).health).toBe('on-track');
    expect(healthOfObjective(openObjective, [kr('A', 'on-track'), kr('B', 'on-track'), kr('C', 'off-track')])).toEqual({
      health: 'at-risk',
      reasons: ['1 of 3 key results off track: “C”.'],
    });
    expect(healthOfObjective(openObjective, [kr('A', 'on-track'), kr('B', 'off-track')]).health).toBe('off-track');
  });

  it('leaves closed KRs out, and has no health when nothing is tracked or it is closed', () => {
    expect(healthOfObjective(openObjective, [kr('A', 'on-track'), kr('Closed', null)]).reasons).toEqual(['Its key result is on track.']);
    expect(healthOfObjective(openObjective, [kr('Closed', null)]).health).toBeNull();
    expect(healthOfObjective(openObjective, []).health).toBeNull();
    expect(healthOfObjective({ deletedAt: null, status: 'closed' }, [kr('A', 'off-track')]).health).toBeNull();
  });
});
