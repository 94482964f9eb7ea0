import { DAY_MS, dateMs, utcDateOf } from '../dates';
import type { CheckIn, KeyResult } from '../schema/types';
import { compareCheckInsNewestFirst, confidenceLevel } from './progress';
import { elapsedShare } from './signals';

/*
 * The layout of a KR's trend chart: check-ins placed in time (the cycle) and
 * value, with the pace line (or a threshold) to compare them against. Pure
 * pixel geometry, so the renderer only draws and the numbers can be tested.
 */

export interface TrendInput {
  keyResult: KeyResult;
  /** The KR's check-ins, in any order. */
  history: readonly CheckIn[];
  /** Learning KRs: how many live questions there are (the top of the scale). */
  questionCount: number;
  /** YYYY-MM-DD, inclusive, UTC. */
  cycleStart: string;
  cycleEnd: string;
  /** The moment the chart is "as of": later check-ins are marked future. Null: no marker, nothing is future. */
  asOf: number | null;
  width: number;
  height: number;
}

/** The plotting area inside the axes, in pixels. */
export interface TrendPlot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface TrendPoint {
  id: string;
  x: number;
  y: number;
  value: number;
  confidence: number | null;
  confidenceLevel: 'low' | 'medium' | 'high' | null;
  note: string;
  author: string;
  at: number;
  /** Recorded after `asOf`. */
  future: boolean;
}

export interface TrendSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where the value should be over the cycle: from its start value to its target. */
export interface TrendPaceLine extends TrendSegment {
  from: number;
  to: number;
}

/** The level a stay-above / stay-below KR must hold, across the whole cycle. */
export interface TrendThresholdLine extends TrendSegment {
  value: number;
}

export interface TrendYTick {
  value: number;
  y: number;
}

export interface TrendXTick {
  at: number;
  x: number;
  /** YYYY-MM-DD (UTC). */
  label: string;
}

export interface TrendModel {
  width: number;
  height: number;
  plot: TrendPlot;
  /** The value range the plot's height spans. */
  yMin: number;
  yMax: number;
  /** Oldest first. */
  points: TrendPoint[];
  paceLine: TrendPaceLine | null;
  thresholdLine: TrendThresholdLine | null;
  /** SVG path through the points up to `asOf` ('' when there are none). */
  valuePath: string;
  /** SVG path from the last point up to `asOf` through the later ones ('' when there are none). */
  futurePath: string;
  asOfX: number | null;
  yTicks: TrendYTick[];
  xTicks: TrendXTick[];
}

/** Room for the legend above, tick labels left and below. */
export const TREND_PADDING = { top: 24, right: 14, bottom: 24, left: 46 } as const;

/** Share of the value span added above and below a metric's range, so points do not sit on the edge. */
const HEADROOM = 0.08;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function trendModel(input: TrendInput): TrendModel {
  const { keyResult: kr, cycleStart, cycleEnd, asOf, width, height } = input;
  const cycle = { cycleStart, cycleEnd };
  const plot: TrendPlot = {
    left: TREND_PADDING.left,
    top: TREND_PADDING.top,
    right: Math.max(TREND_PADDING.left + 1, width - TREND_PADDING.right),
    bottom: Math.max(TREND_PADDING.top + 1, height - TREND_PADDING.bottom),
  };
  const history = [...input.history].sort(compareCheckInsNewestFirst).reverse();
  const values = history.map((c) => c.value);
  const { min: yMin, max: yMax } = valueRange(kr, values, input.questionCount);

  // elapsedShare clamps to the cycle, so check-ins outside it land on the edges.
  // Hundredths of a pixel: finer is invisible and only bloats the markup.
  const xOf = (at: number) => round2(plot.left + elapsedShare(cycle, at) * (plot.right - plot.left));
  const yOf = (value: number) => round2(plot.bottom - ((value - yMin) / (yMax - yMin)) * (plot.bottom - plot.top));

  const points: TrendPoint[] = history.map((c) => ({
    id: c.id,
    x: xOf(c.at),
    y: yOf(c.value),
    value: c.value,
    confidence: c.confidence,
    confidenceLevel: c.confidence === null ? null : confidenceLevel(c.confidence),
    note: c.note,
    author: c.author,
    at: c.at,
    future: asOf !== null && c.at > asOf,
  }));
  const past = points.filter((p) => !p.future);
  const future = points.filter((p) => p.future);
  const lastPast = past[past.length - 1];

  const startMs = dateMs(cycleStart);
  const endMs = dateMs(cycleEnd) + DAY_MS;
  // A milestone is done or not: a line from "not done" to "done" across the cycle says nothing, so none is drawn.
  const pace = kr.kind === 'milestone' ? null : paceOf(kr, input.questionCount);
  const threshold = kr.kind === 'metric' && (kr.direction === 'stayAbove' || kr.direction === 'stayBelow') ? kr.target : null;

  return {
    width,
    height,
    plot,
    yMin,
    yMax,
    points,
    paceLine: pace && { x1: plot.left, y1: yOf(pace.from), x2: plot.right, y2: yOf(pace.to), ...pace },
    thresholdLine: threshold === null ? null : { x1: plot.left, y1: yOf(threshold), x2: plot.right, y2: yOf(threshold), value: threshold },
    valuePath: pathThrough(past, kr.kind === 'milestone'),
    futurePath: pathThrough(lastPast && future.length ? [lastPast, ...future] : future, kr.kind === 'milestone'),
    asOfX: asOf === null ? null : xOf(asOf),
    yTicks: niceTicks(yMin, yMax, kr.kind !== 'metric').map((value) => ({ value, y: yOf(value) })),
    xTicks: xTicksOf(startMs, endMs, cycleEnd, xOf),
  };
}

/** The value span of the chart (never empty), per kind of KR. */
function valueRange(kr: KeyResult, values: readonly number[], questionCount: number): { min: number; max: number } {
  switch (kr.kind) {
    case 'milestone':
      return { min: 0, max: 1 };
    case 'learning':
      // Values above the count happen when questions were deleted after being answered.
      return { min: 0, max: Math.max(questionCount, ...values, 1) };
    case 'output':
      return { min: 0, max: Math.max(kr.target, ...values, 1) };
    case 'metric': {
      const anchors = kr.direction === 'increase' || kr.direction === 'decrease' ? [kr.baseline, kr.target] : [kr.target];
      return withHeadroom(Math.min(...anchors, ...values), Math.max(...anchors, ...values));
    }
  }
}

function withHeadroom(min: number, max: number): { min: number; max: number } {
  const pad = max > min ? (max - min) * HEADROOM : Math.abs(max) * 0.1 || 1;
  // Do not invent negative values for a measure that never went below zero.
  return { min: min >= 0 ? Math.max(0, min - pad) : min - pad, max: max + pad };
}

function paceOf(kr: KeyResult, questionCount: number): { from: number; to: number } | null {
  switch (kr.kind) {
    case 'milestone':
      return { from: 0, to: 1 };
    case 'output':
      return { from: 0, to: kr.target };
    case 'learning':
      return questionCount > 0 ? { from: 0, to: questionCount } : null;
    case 'metric':
      return kr.direction === 'increase' || kr.direction === 'decrease' ? { from: kr.baseline, to: kr.target } : null;
  }
}

/**
 * `step`: hold each value until the next check-in (a milestone is done or not,
 * never half-way, so a slope between two check-ins would mislead).
 */
function pathThrough(points: readonly { x: number; y: number }[], step = false): string {
  return points
    .map((p, i) => {
      if (i === 0) return `M ${p.x} ${p.y}`;
      const before = points[i - 1]!;
      return step && before.y !== p.y ? `L ${p.x} ${before.y} L ${p.x} ${p.y}` : `L ${p.x} ${p.y}`;
    })
    .join(' ');
}

function xTicksOf(startMs: number, endMs: number, cycleEnd: string, xOf: (at: number) => number): TrendXTick[] {
  if (!(endMs > startMs)) return [];
  const middle = startMs + Math.floor((endMs - startMs) / 2 / DAY_MS) * DAY_MS;
  // The end tick sits at the end of the last day, and is labelled with that (inclusive) day.
  return [
    { at: startMs, x: xOf(startMs), label: utcDateOf(startMs) },
    { at: middle, x: xOf(middle), label: utcDateOf(middle) },
    { at: endMs, x: xOf(endMs), label: cycleEnd },
  ];
}

const NICE_STEPS = [1, 2, 2.5, 5];

/**
 * Round values inside [min, max]: the finest 1/2/2.5/5 × 10ⁿ step that gives
 * at most five. `integer` keeps counts (outputs, questions, milestones) whole,
 * so a milestone gets just 0 and 1.
 */
export function niceTicks(min: number, max: number, integer: boolean): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return Number.isFinite(min) ? [min] : [];
  const magnitude = Math.floor(Math.log10(span));
  for (let exponent = magnitude - 1; exponent <= magnitude + 1; exponent++) {
    for (const multiple of NICE_STEPS) {
      const step = multiple * 10 ** exponent;
      if (integer && (step < 1 || !Number.isInteger(step))) continue;
      const first = Math.ceil(min / step - 1e-9);
      const last = Math.floor(max / step + 1e-9);
      if (last - first + 1 > 5) continue;
      const decimals = Math.max(0, 1 - Math.floor(Math.log10(step)));
      const ticks: number[] = [];
      for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(decimals)));
      return ticks;
    }
  }
  return [min, max];
}
