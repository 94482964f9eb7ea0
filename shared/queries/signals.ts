import type { CheckIn, KeyResult, WorkspaceMeta } from '../schema/types';
import { compareCheckInsNewestFirst, confidenceLevel, progressOf } from './progress';

/*
 * Signals: changes detected in a KR's check-ins, each explained in one
 * sentence that names the numbers, so a team can decide what to do about it.
 * Pure and local: computed from the check-ins, the cycle dates and the
 * workspace's thresholds, never stored (only the decisions that answer them
 * are). Issue 4 adds learning KRs and closing signals by decisions on top.
 */

export type SignalKind = 'behind-pace' | 'stale' | 'confidence-drop' | 'divergence' | 'breakthrough';

export interface Signal {
  kind: SignalKind;
  keyResultId: string;
  /** One sentence with the numbers that triggered it. */
  explanation: string;
  /** When the evidence arose: the check-in that triggered it, or `now` for time-based signals. */
  at: number;
  /** Stable across recomputations, so a decision can refer to (and close) it. */
  key: string;
}

export interface SignalThresholds {
  /** Behind pace when progress trails the pace line by more than this many percentage points. */
  behindPacePoints: number;
  /** Stale after this many days without a check-in. */
  checkInRhythmDays: number;
  /** A single fall of at least this much confidence is a drop. */
  confidenceDrop: number;
  /** Divergence: confidence at least this high while the value has not moved for `divergenceCheckIns`. */
  divergenceConfidence: number;
  divergenceCheckIns: number;
}

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = {
  behindPacePoints: 15,
  checkInRhythmDays: 7,
  confidenceDrop: 3,
  divergenceConfidence: 7,
  divergenceCheckIns: 3,
};

const DAY_MS = 86_400_000;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** Epoch ms of a cycle date (YYYY-MM-DD, UTC): its start, or with `endOfDay` its end. */
function dateMs(date: string, endOfDay = false): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return endOfDay ? ms + DAY_MS : ms;
}

/** Share of the cycle elapsed at `at`, 0..1. */
export function elapsedShare(meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>, at: number): number {
  const start = dateMs(meta.cycleStart);
  const end = dateMs(meta.cycleEnd, true);
  if (!(end > start)) return 0;
  return Math.min(1, Math.max(0, (at - start) / (end - start)));
}

/** KRs with a pace: a number moving from a baseline to a target. */
function hasPace(kr: KeyResult): boolean {
  return kr.kind === 'metric' && (kr.direction === 'increase' || kr.direction === 'decrease') && kr.target !== kr.baseline;
}

/** The signals of one KR at time `now`, oldest evidence first. */
export function signalsOf(
  kr: KeyResult,
  history: readonly CheckIn[],
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>,
  now: number,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): Signal[] {
  const signals: Signal[] = [];
  const newestFirst = [...history].filter((c) => c.at <= now).sort(compareCheckInsNewestFirst);
  const latest = newestFirst[0];
  const previous = newestFirst[1];
  const add = (kind: SignalKind, explanation: string, at: number, evidence: string) =>
    signals.push({ kind, keyResultId: kr.id, explanation, at, key: `${kind}:${kr.id}:${evidence}` });

  // Stale: measured from the last check-in, or from the cycle start when there is none.
  const cycleStart = dateMs(meta.cycleStart);
  const since = latest?.at ?? cycleStart;
  const quietDays = Math.floor((now - since) / DAY_MS);
  if (now >= cycleStart && quietDays > thresholds.checkInRhythmDays) {
    add(
      'stale',
      latest
        ? `No check-in for ${quietDays} days (the team checks in every ${thresholds.checkInRhythmDays}).`
        : `No check-in yet, ${quietDays} days into the cycle (the team checks in every ${thresholds.checkInRhythmDays}).`,
      now,
      latest ? latest.id : 'none',
    );
  }

  if (hasPace(kr) && latest) {
    const expected = elapsedShare(meta, latest.at);
    const actual = progressOf(kr, [latest]).ratio ?? 0;
    // Rounded to a thousandth of a point, so 50% − 35% is 15 points, not 15.000000000000002.
    const gap = Math.round((expected - actual) * 100_000) / 1000;
    if (gap > thresholds.behindPacePoints) {
      add(
        'behind-pace',
        `Progress is ${percent(actual)} where the pace line expects ${percent(expected)} by now: ${Math.round(gap)} points behind (more than ${thresholds.behindPacePoints}).`,
        latest.at,
        latest.id,
      );
    }
    if (previous) {
      const before = progressOf(kr, [previous]).ratio ?? 0;
      const expectedBefore = elapsedShare(meta, previous.at);
      if (before < expectedBefore && actual >= expected) {
        add(
          'breakthrough',
          `The value moved from ${previous.value} to ${latest.value}, past the pace line: ${percent(actual)} done where ${percent(expected)} was expected.`,
          latest.at,
          latest.id,
        );
      }
    }
  }
  if (kr.kind === 'milestone' && latest && latest.value >= 1 && (!previous || previous.value < 1)) {
    add('breakthrough', 'The milestone was reached.', latest.at, latest.id);
  }

  // Confidence: the last three check-ins that gave one, newest first.
  const rated = newestFirst.filter((c): c is CheckIn & { confidence: number } => c.confidence !== null);
  const [c0, c1, c2] = rated;
  if (c0 && c1) {
    const fall = c1.confidence - c0.confidence;
    if (fall >= thresholds.confidenceDrop) {
      add('confidence-drop', `Confidence fell from ${c1.confidence} to ${c0.confidence} (−${fall}) since the previous check-in.`, c0.at, c0.id);
    } else if (c2 && c2.confidence > c1.confidence && c1.confidence > c0.confidence) {
      add('confidence-drop', `Confidence fell twice in a row: ${c2.confidence} → ${c1.confidence} → ${c0.confidence}.`, c0.at, c0.id);
    }
  }

  // Divergence: high confidence while the number stands still.
  const recent = newestFirst.slice(0, thresholds.divergenceCheckIns);
  if (
    latest &&
    latest.confidence !== null &&
    latest.confidence >= thresholds.divergenceConfidence &&
    recent.length === thresholds.divergenceCheckIns &&
    recent.every((c) => c.value === latest.value) &&
    !(kr.kind === 'milestone' && latest.value >= 1) &&
    !(kr.kind === 'metric' && progressOf(kr, [latest]).ratio === 1)
  ) {
    add(
      'divergence',
      `Confidence is ${latest.confidence} (${confidenceLevel(latest.confidence)}) but the value has stayed at ${latest.value} for the last ${recent.length} check-ins.`,
      latest.at,
      latest.id,
    );
  }
  return signals.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}
