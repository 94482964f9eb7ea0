import { describe, expect, it } from 'vitest';
import { TREND_PADDING, niceTicks, trendModel, type TrendInput } from '../../shared/queries/trend';
import type { CheckIn, KeyResult, LearningKeyResult, MetricKeyResult, MilestoneKeyResult, OutputKeyResult } from '../../shared/schema/types';

const DAY = 86_400_000;
// 90 days: 2026-01-01 00:00Z to the end of 2026-03-31.
const start = Date.UTC(2026, 0, 1);
const end = start + 90 * DAY;
const day = (n: number) => start + n * DAY;
const WIDTH = 560;
const HEIGHT = 200;
const left = TREND_PADDING.left;
const right = WIDTH - TREND_PADDING.right;
const top = TREND_PADDING.top;
const bottom = HEIGHT - TREND_PADDING.bottom;

const base = { title: 'KR', description: '', why: '', risk: null, carriedFrom: null, status: 'active' as const, closedAs: null, addedReason: null, owner: '', order: 'a0', createdAt: start, createdBy: 'Ana', deletedAt: null, deletedBy: null, objectiveId: 'o1' };
const metric = (overrides: Partial<MetricKeyResult> = {}): MetricKeyResult => ({ ...base, id: 'kr1', kind: 'metric', direction: 'increase', baseline: 0, target: 100, unit: '', ...overrides });
const output: OutputKeyResult = { ...base, id: 'kr1', kind: 'output', target: 8, unit: 'releases' };
const learning: LearningKeyResult = { ...base, id: 'kr1', kind: 'learning' };
const milestone: MilestoneKeyResult = { ...base, id: 'kr1', kind: 'milestone' };

let n = 0;
const checkIn = (at: number, value: number, confidence: number | null = 5, note = ''): CheckIn => ({ id: `c${++n}`, keyResultId: 'kr1', value, confidence, note, author: 'Ana', at });

const model = (keyResult: KeyResult, history: CheckIn[] = [], overrides: Partial<TrendInput> = {}) =>
  trendModel({ keyResult, history, questionCount: 0, cycleStart: '2026-01-01', cycleEnd: '2026-03-31', asOf: null, width: WIDTH, height: HEIGHT, ...overrides });

describe('trendModel', () => {
  it('puts the cycle start on the left edge of the plot and the end of its last day on the right', () => {
    const { points } = model(metric(), [checkIn(start, 10), checkIn(end, 20), checkIn(day(45), 15)]);
    expect(points.map((p) => p.x)).toEqual([left, (left + right) / 2, right]);
  });

  it('lists the points oldest first whatever the order of the history', () => {
    const { points } = model(metric(), [checkIn(day(30), 30), checkIn(day(10), 10), checkIn(day(20), 20)]);
    expect(points.map((p) => p.value)).toEqual([10, 20, 30]);
  });

  it('draws a higher value higher on screen for an increasing metric', () => {
    const [low, high] = model(metric(), [checkIn(day(1), 20), checkIn(day(2), 80)]).points;
    expect(high!.y).toBeLessThan(low!.y);
  });

  it('draws a higher value higher on screen for a decreasing metric too', () => {
    const [high, low] = model(metric({ direction: 'decrease', baseline: 200, target: 100 }), [checkIn(day(1), 180), checkIn(day(2), 120)]).points;
    expect(high!.y).toBeLessThan(low!.y);
  });

  it('spans baseline, target and every value with some headroom', () => {
    const m = model(metric({ baseline: 10, target: 40 }), [checkIn(day(1), 55)]);
    expect(m.yMin).toBeLessThan(10);
    expect(m.yMax).toBeGreaterThan(55);
    for (const p of m.points) {
      expect(p.y).toBeGreaterThan(top);
      expect(p.y).toBeLessThan(bottom);
    }
  });

  it('runs the pace line from the baseline at the cycle start to the target at its end', () => {
    const m = model(metric({ direction: 'decrease', baseline: 200, target: 100 }), [checkIn(day(45), 150)]);
    const middle = m.points[0]!;
    expect(m.paceLine).toMatchObject({ x1: left, x2: right, from: 200, to: 100 });
    // Half-way through the cycle, on pace means half-way between baseline and target.
    expect((m.paceLine!.y1 + m.paceLine!.y2) / 2).toBeCloseTo(middle.y);
    expect(m.thresholdLine).toBeNull();
  });

  it('paces outputs from zero to the target count, and draws no pace line for a milestone (done or not)', () => {
    expect(model(output).paceLine).toMatchObject({ from: 0, to: 8, y1: bottom, y2: top });
    expect(model(milestone).paceLine).toBeNull();
  });

  it('draws a horizontal threshold line instead of a pace line for a stay-above metric', () => {
    const m = model(metric({ direction: 'stayAbove', target: 99.5, unit: '%' }), [checkIn(day(1), 99.9), checkIn(day(2), 99.1)]);
    expect(m.paceLine).toBeNull();
    expect(m.thresholdLine).toMatchObject({ value: 99.5, x1: left, x2: right });
    expect(m.thresholdLine!.y1).toBe(m.thresholdLine!.y2);
    const [above, below] = m.points;
    expect(above!.y).toBeLessThan(m.thresholdLine!.y1);
    expect(below!.y).toBeGreaterThan(m.thresholdLine!.y1);
  });

  it('scales a learning KR from zero to its number of questions', () => {
    const m = model(learning, [checkIn(day(10), 2)], { questionCount: 4 });
    expect([m.yMin, m.yMax]).toEqual([0, 4]);
    expect(m.paceLine).toMatchObject({ from: 0, to: 4, y2: top });
    expect(m.points[0]!.y).toBeCloseTo((top + bottom) / 2);
    expect(m.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it('marks check-ins after the as-of moment as future and stops the value path at it', () => {
    const history = [checkIn(day(10), 10), checkIn(day(20), 20), checkIn(day(30), 30), checkIn(day(40), 40)];
    const m = model(metric(), history, { asOf: day(25) });
    expect(m.points.map((p) => p.future)).toEqual([false, false, true, true]);
    expect(m.valuePath.match(/[ML]/g)).toEqual(['M', 'L']);
    const lastPast = m.points[1]!;
    expect(m.valuePath.endsWith(`${lastPast.x} ${lastPast.y}`)).toBe(true);
    expect(m.futurePath.match(/[ML]/g)).toEqual(['M', 'L', 'L']);
    expect(m.asOfX).toBeGreaterThan(lastPast.x);
    expect(m.asOfX).toBeLessThan(m.points[2]!.x);
  });

  it('draws every check-in as past and no marker when there is no as-of moment', () => {
    const m = model(metric(), [checkIn(day(10), 10), checkIn(day(20), 20)]);
    expect(m.points.some((p) => p.future)).toBe(false);
    expect(m.valuePath.match(/[ML]/g)).toEqual(['M', 'L']);
    expect(m.futurePath).toBe('');
    expect(m.asOfX).toBeNull();
  });

  it('clamps check-ins outside the cycle to its edges', () => {
    const m = model(metric(), [checkIn(day(-20), 10), checkIn(day(130), 90)], { asOf: day(200) });
    expect(m.points.map((p) => p.x)).toEqual([left, right]);
    expect(m.asOfX).toBe(right);
  });

  it('carries what the tooltip shows: confidence level, note and author', () => {
    const [rated, unrated] = model(metric(), [checkIn(day(1), 10, 8, 'Launch went well'), checkIn(day(2), 12, null)]).points;
    expect(rated).toMatchObject({ confidence: 8, confidenceLevel: 'high', note: 'Launch went well', author: 'Ana', at: day(1) });
    expect(unrated).toMatchObject({ confidence: null, confidenceLevel: null });
  });

  it('ticks the x axis at the start, middle and end of the cycle with ISO dates', () => {
    const { xTicks } = model(metric());
    expect(xTicks).toEqual([
      { at: start, x: left, label: '2026-01-01' },
      { at: day(45), x: (left + right) / 2, label: '2026-02-15' },
      { at: end, x: right, label: '2026-03-31' },
    ]);
  });

  it('ticks the y axis with three to five round values inside the range', () => {
    for (const m of [model(metric()), model(metric({ baseline: 3, target: 1170 })), model(metric({ direction: 'stayBelow', target: 0.35 }), [checkIn(day(1), 0.2)]), model(output)]) {
      expect(m.yTicks.length).toBeGreaterThanOrEqual(3);
      expect(m.yTicks.length).toBeLessThanOrEqual(5);
      for (const tick of m.yTicks) {
        expect(tick.value).toBeGreaterThanOrEqual(m.yMin);
        expect(tick.value).toBeLessThanOrEqual(m.yMax);
      }
    }
    expect(model(metric()).yTicks.map((t) => t.value)).toEqual([0, 25, 50, 75, 100]);
  });

  it('keeps counts whole on the y axis', () => {
    expect(niceTicks(0, 3, true)).toEqual([0, 1, 2, 3]);
    expect(model(milestone).yTicks.map((t) => t.value)).toEqual([0, 1]);
  });

  it('steps a milestone from not done to done at the check-in that finished it', () => {
    const m = model(milestone, [checkIn(day(10), 0), checkIn(day(60), 1)]);
    const [before, done] = m.points;
    expect(m.valuePath).toBe(`M ${before!.x} ${bottom} L ${done!.x} ${bottom} L ${done!.x} ${top}`);
  });

  it('has no points and empty paths without check-ins', () => {
    const m = model(metric());
    expect(m.points).toEqual([]);
    expect(m.valuePath).toBe('');
  });
});
