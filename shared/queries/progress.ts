import type { CheckIn, KeyResult } from '../schema/types';

/** Latest first by time; ties (same ms on two devices) break by id, the same everywhere. */
export function compareCheckInsNewestFirst(a: CheckIn, b: CheckIn): number {
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function latestCheckIn(history: readonly CheckIn[]): CheckIn | null {
  let latest: CheckIn | null = null;
  for (const c of history) if (!latest || compareCheckInsNewestFirst(c, latest) < 0) latest = c;
  return latest;
}

/** The KR's current value: its latest check-in, else the baseline (milestones: 0, not done). */
export function currentValueOf(kr: KeyResult, history: readonly CheckIn[]): number | null {
  const latest = latestCheckIn(history);
  if (latest) return latest.value;
  if (kr.kind === 'milestone') return 0;
  if (kr.direction === 'increase' || kr.direction === 'decrease') return kr.baseline;
  return null; // a threshold KR says nothing until someone measures it
}

export interface Progress {
  /** 0..1, or null when nothing is known yet. */
  ratio: number | null;
  current: number | null;
  /** For stay-above / stay-below KRs: is the number on the right side now? */
  holding: boolean | null;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/**
 * Progress of a KR from its check-ins. Metric KRs move linearly from baseline to
 * target (either direction); threshold KRs are 1 while they hold and 0 when
 * breached; milestones are 1 once done.
 */
export function progressOf(kr: KeyResult, history: readonly CheckIn[]): Progress {
  const current = currentValueOf(kr, history);
  if (current === null) return { ratio: null, current, holding: null };
  if (kr.kind === 'milestone') return { ratio: current >= 1 ? 1 : 0, current, holding: null };
  switch (kr.direction) {
    case 'increase':
    case 'decrease': {
      const span = kr.target - kr.baseline;
      if (span === 0) return { ratio: current === kr.target ? 1 : 0, current, holding: null };
      return { ratio: clamp01((current - kr.baseline) / span), current, holding: null };
    }
    case 'stayAbove': {
      const holding = current >= kr.target;
      return { ratio: holding ? 1 : 0, current, holding };
    }
    case 'stayBelow': {
      const holding = current <= kr.target;
      return { ratio: holding ? 1 : 0, current, holding };
    }
  }
}

/** An objective's progress: the mean of its KRs that have a known progress. */
export function objectiveProgressOf(ratios: readonly (number | null)[]): number | null {
  const known = ratios.filter((r): r is number => r !== null);
  if (known.length === 0) return null;
  return known.reduce((a, b) => a + b, 0) / known.length;
}

/** Three confidence levels shown next to the 0–10 number. */
export function confidenceLevel(confidence: number): 'low' | 'medium' | 'high' {
  if (confidence <= 3) return 'low';
  if (confidence <= 6) return 'medium';
  return 'high';
}
