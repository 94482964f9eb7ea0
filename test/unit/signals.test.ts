import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNAL_THRESHOLDS, elapsedShare, signalsOf } from '../../shared/queries/signals';
import type { CheckIn, KeyResult, MetricKeyResult, MilestoneKeyResult } from '../../shared/schema/types';

const DAY = 86_400_000;
// 90 days: 2026-01-01 00:00Z to the end of 2026-03-31.
const meta = { cycleStart: '2026-01-01', cycleEnd: '2026-03-31' };
const start = Date.UTC(2026, 0, 1);
const day = (n: number) => start + n * DAY;

const base = { title: 'KR', description: '', why: '', risk: null, carriedFrom: null, status: 'active' as const, closedAs: null, addedReason: null, owner: '', order: 'a0', createdAt: start, createdBy: 'Ana', deletedAt: null, deletedBy: null, objectiveId: 'o1' };
const metric = (overrides: Partial<MetricKeyResult> = {}): MetricKeyResult => ({ ...base, id: 'kr1', kind: 'metric', direction: 'increase', baseline: 0, target: 100, unit: '', ...overrides });
const milestone: MilestoneKeyResult = { ...base, id: 'kr2', kind: 'milestone' };

let n = 0;
const checkIn = (at: number, value: number, confidence: number | null = null): CheckIn => ({ id: `c${++n}`, keyResultId: 'kr1', value, confidence, note: '', author: 'Ana', at });
const kinds = (kr: KeyResult, history: CheckIn[], now: number) => signalsOf(kr, history, meta, now).map((s) => s.kind);
const find = (kr: KeyResult, history: CheckIn[], now: number, kind: string) => signalsOf(kr, history, meta, now).find((s) => s.kind === kind);

describe('signals', () => {
  it('measures the elapsed share of the cycle', () => {
    expect(elapsedShare(meta, day(0))).toBe(0);
    expect(elapsedShare(meta, day(45))).toBe(0.5);
    expect(elapsedShare(meta, day(90))).toBe(1);
    expect(elapsedShare(meta, day(200))).toBe(1);
    expect(elapsedShare(meta, day(-5))).toBe(0);
  });

  describe('behind pace', () => {
    it('is silent at exactly the threshold and fires just over it, naming the numbers', () => {
      // Half-way through the cycle the pace line expects 50%.
      expect(kinds(metric(), [checkIn(day(45), 35)], day(46))).not.toContain('behind-pace');
      const signal = find(metric(), [checkIn(day(45), 34)], day(46), 'behind-pace');
      expect(signal?.explanation).toBe('Progress is 34% where the pace line expects 50% by now: 16 points behind (more than 15).');
    });

    it('works for decreasing metrics and ignores bands and milestones', () => {
      const down = metric({ direction: 'decrease', baseline: 200, target: 100 });
      expect(kinds(down, [checkIn(day(45), 165)], day(46))).not.toContain('behind-pace'); // 35% done
      expect(kinds(down, [checkIn(day(45), 167)], day(46))).toContain('behind-pace'); // 33% done
      expect(kinds(metric({ direction: 'stayAbove', target: 90 }), [checkIn(day(45), 10)], day(46))).not.toContain('behind-pace');
      expect(kinds(milestone, [checkIn(day(80), 0)], day(81))).not.toContain('behind-pace');
    });

    it('follows the team threshold', () => {
      const strict = { ...DEFAULT_SIGNAL_THRESHOLDS, behindPacePoints: 5 };
      expect(signalsOf(metric(), [checkIn(day(45), 44)], meta, day(46), strict).map((s) => s.kind)).toContain('behind-pace');
      expect(signalsOf(metric(), [checkIn(day(45), 45)], meta, day(46), strict).map((s) => s.kind)).not.toContain('behind-pace');
    });
  });

  describe('stale', () => {
    it('fires after the check-in rhythm, not on its last day', () => {
      expect(kinds(metric(), [checkIn(day(10), 20)], day(17) + DAY - 1)).not.toContain('stale'); // 7 days and change
      expect(find(metric(), [checkIn(day(10), 20)], day(18), 'stale')?.explanation).toBe('No check-in for 8 days (the team checks in every 7).');
    });

    it('counts from the cycle start when no one has checked in, and not before it starts', () => {
      expect(find(metric(), [], day(9), 'stale')?.explanation).toBe('No check-in yet, 9 days into the cycle (the team checks in every 7).');
      expect(kinds(metric(), [], day(7))).not.toContain('stale');
      expect(kinds(metric(), [], day(-30))).not.toContain('stale');
    });
  });

  describe('confidence drop', () => {
    it('fires on a fall of 3 or more, not 2', () => {
      expect(kinds(metric(), [checkIn(day(1), 10, 8), checkIn(day(2), 12, 6)], day(3))).not.toContain('confidence-drop');
      expect(find(metric(), [checkIn(day(1), 10, 8), checkIn(day(2), 12, 5)], day(3), 'confidence-drop')?.explanation).toBe(
        'Confidence fell from 8 to 5 (−3) since the previous check-in.',
      );
    });

    it('fires on two falls in a row, not on a fall and a hold', () => {
      expect(find(metric(), [checkIn(day(1), 1, 8), checkIn(day(2), 2, 7), checkIn(day(3), 3, 6)], day(4), 'confidence-drop')?.explanation).toBe(
        'Confidence fell twice in a row: 8 → 7 → 6.',
      );
      expect(kinds(metric(), [checkIn(day(1), 1, 8), checkIn(day(2), 2, 7), checkIn(day(3), 3, 7)], day(4))).not.toContain('confidence-drop');
    });

    it('skips check-ins without a confidence', () => {
      expect(kinds(metric(), [checkIn(day(1), 1, 9), checkIn(day(2), 2, null), checkIn(day(3), 3, 5)], day(4))).toContain('confidence-drop');
    });
  });

  describe('divergence', () => {
    it('fires when confidence is high and the value has not moved for three check-ins', () => {
      const history = [checkIn(day(1), 40, 7), checkIn(day(2), 40, 7), checkIn(day(3), 40, 7)];
      expect(find(metric(), history, day(4), 'divergence')?.explanation).toBe('Confidence is 7 (high) but the value has stayed at 40 for the last 3 check-ins.');
    });

    it('is silent just under each condition', () => {
      expect(kinds(metric(), [checkIn(day(1), 40, 6), checkIn(day(2), 40, 6), checkIn(day(3), 40, 6)], day(4))).not.toContain('divergence');
      expect(kinds(metric(), [checkIn(day(1), 39, 8), checkIn(day(2), 40, 8), checkIn(day(3), 40, 8)], day(4))).not.toContain('divergence');
      expect(kinds(metric(), [checkIn(day(2), 40, 8), checkIn(day(3), 40, 8)], day(4))).not.toContain('divergence');
      // Already at the target: standing still is the point.
      expect(kinds(metric(), [checkIn(day(1), 100, 9), checkIn(day(2), 100, 9), checkIn(day(3), 100, 9)], day(4))).not.toContain('divergence');
    });
  });

  describe('breakthrough', () => {
    it('fires when the value jumps from behind the pace line to past it', () => {
      const signal = find(metric(), [checkIn(day(30), 10), checkIn(day(45), 60)], day(46), 'breakthrough');
      expect(signal?.explanation).toBe('The value moved from 10 to 60, past the pace line: 60% done where 50% was expected.');
      expect(kinds(metric(), [checkIn(day(30), 10), checkIn(day(45), 49)], day(46))).not.toContain('breakthrough');
      expect(kinds(metric(), [checkIn(day(30), 40), checkIn(day(45), 60)], day(46))).not.toContain('breakthrough'); // was already on pace
    });

    it('fires when a milestone is reached', () => {
      const history = [checkIn(day(10), 0), { ...checkIn(day(20), 1), keyResultId: 'kr2' }];
      expect(find(milestone, history, day(21), 'breakthrough')?.explanation).toBe('The milestone was reached.');
    });
  });

  it('gives each signal a stable key and ignores check-ins from the future', () => {
    const history = [checkIn(day(45), 34)];
    const a = signalsOf(metric(), history, meta, day(46));
    const b = signalsOf(metric(), history, meta, day(47));
    expect(a.find((s) => s.kind === 'behind-pace')!.key).toBe(b.find((s) => s.kind === 'behind-pace')!.key);
    expect(kinds(metric(), [checkIn(day(60), 1)], day(46))).not.toContain('behind-pace');
  });
});
