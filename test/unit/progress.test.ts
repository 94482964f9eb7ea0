import { describe, expect, it } from 'vitest';
import { confidenceLevel, currentValueOf, latestCheckIn, objectiveProgressOf, progressOf } from '../../shared/queries/progress';
import type { CheckIn, KeyResult, MetricDirection } from '../../shared/schema/types';

const base = { objectiveId: 'o1', title: 'k', description: '', why: '', risk: null, carriedFrom: null, status: 'active' as const, closedAs: null, addedReason: null, owner: '', order: 'a0', createdAt: 0, createdBy: 'x', deletedAt: null, deletedBy: null };
const metricKr = (direction: MetricDirection, baseline: number, target: number): KeyResult => ({ ...base, id: 'k1', kind: 'metric', direction, baseline, target, unit: '' });
const milestone: KeyResult = { ...base, id: 'k1', kind: 'milestone' };
let seq = 0;
const checkIn = (value: number, at: number, id = `c${seq++}`): CheckIn => ({ id, keyResultId: 'k1', value, confidence: 5, note: '', author: 'a', at });

describe('progressOf', () => {
  it('moves linearly from baseline to target when increasing, clamped to 0..1', () => {
    const kr = metricKr('increase', 10, 40);
    expect(progressOf(kr, []).ratio).toBe(0);
    expect(progressOf(kr, [checkIn(25, 1)]).ratio).toBe(0.5);
    expect(progressOf(kr, [checkIn(55, 1)]).ratio).toBe(1);
    expect(progressOf(kr, [checkIn(2, 1)]).ratio).toBe(0);
  });

  it('moves linearly from baseline down to target when decreasing', () => {
    const kr = metricKr('decrease', 800, 200);
    expect(progressOf(kr, [checkIn(500, 1)]).ratio).toBe(0.5);
    expect(progressOf(kr, [checkIn(150, 1)]).ratio).toBe(1);
    expect(progressOf(kr, [checkIn(900, 1)]).ratio).toBe(0);
  });

  it('is 1 while a threshold holds and 0 once breached, unknown before any check-in', () => {
    const above = metricKr('stayAbove', 0, 99.5);
    expect(progressOf(above, [])).toEqual({ ratio: null, current: null, holding: null });
    expect(progressOf(above, [checkIn(99.5, 1)])).toMatchObject({ ratio: 1, holding: true });
    expect(progressOf(above, [checkIn(99.4, 1)])).toMatchObject({ ratio: 0, holding: false });
    const below = metricKr('stayBelow', 0, 300);
    expect(progressOf(below, [checkIn(300, 1)])).toMatchObject({ ratio: 1, holding: true });
    expect(progressOf(below, [checkIn(301, 1)])).toMatchObject({ ratio: 0, holding: false });
  });

  it('counts a milestone as done from its latest check-in', () => {
    expect(progressOf(milestone, []).ratio).toBe(0);
    expect(progressOf(milestone, [checkIn(1, 1)]).ratio).toBe(1);
    expect(progressOf(milestone, [checkIn(1, 1), checkIn(0, 2)]).ratio).toBe(0);
  });

  it('derives the current value from the latest check-in, ties broken by id', () => {
    const kr = metricKr('increase', 0, 100);
    const history = [checkIn(10, 100), checkIn(30, 300), checkIn(20, 200)];
    expect(currentValueOf(kr, history)).toBe(30);
    const tieA = checkIn(1, 500, 'aaa');
    const tieB = checkIn(2, 500, 'bbb');
    expect(latestCheckIn([tieA, tieB])?.id).toBe('bbb');
    expect(latestCheckIn([tieB, tieA])?.id).toBe('bbb');
  });

  it('averages known KR progress for an objective', () => {
    expect(objectiveProgressOf([0.5, 1, null])).toBe(0.75);
    expect(objectiveProgressOf([null])).toBeNull();
  });

  it('names confidence levels at their boundaries', () => {
    expect([0, 3, 4, 6, 7, 10].map(confidenceLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });
});
