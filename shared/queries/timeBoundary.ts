import { DAY_MS, dateMs } from '../dates';
import type { CheckIn, KeyResult, Question, WorkspaceMeta } from '../schema/types';
import { latestCheckIn, progressOf } from './progress';

/*
 * How long a tracked KR's standing (standing.ts: its health, next check-in due
 * and signals) computed at `now` stays what it would be if computed again
 * later: the first moment time alone can change it. "Now" enters those rules
 * in few places (docs/health.md, docs/schema.md Signals):
 *  - check-ins dated after `now` are ignored until their moment comes;
 *  - the stale signal and "overdue" count whole quiet days since the latest
 *    check-in (or since the KR was added, or the cycle start), and open only
 *    from the cycle start;
 *  - the pace finding reads the share of the cycle gone, in whole percent, its
 *    gap to progress in whole points, and whether the gap passed the
 *    workspace's behind-pace points (and twice them), or the cycle is over.
 * The once-a-minute clock then recomputes only the standings whose boundary it
 * crossed (renderer/state/health.ts), not every KR of the workspace. One thing
 * is left out on purpose: the stale signal's `at` is "now" itself; a reader
 * that shows it asks the signals of its own "now" (renderer/state/signals.ts).
 */

/**
 * How close (in points of the cycle's share) a pace boundary is taken to be
 * reached: the rules round the share and the gap (to whole percent, and the gap
 * to a thousandth of a point first), so a standing is recomputed from a little
 * before each boundary until a little after it, on every tick in between.
 */
const MARGIN_POINTS = 0.002;

/** The smallest `base + k·step` (k whole) not yet surely passed by `x`, within MARGIN_POINTS. */
function nextOnLattice(x: number, base: number, step: number): number {
  return base + (Math.floor((x - MARGIN_POINTS - base) / step) + 1) * step;
}

/**
 * The earliest moment after which a tracked KR's standing computed at `now`
 * may differ (`now` itself when it may already differ at the next tick);
 * Infinity when time alone never changes it. `history` is its effective
 * history, any order; `now` the moment its standing was computed at.
 */
export function standingChangesAt(
  kr: KeyResult,
  history: readonly CheckIn[],
  questions: readonly Question[],
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd' | 'signalThresholds'>,
  now: number,
): number {
  let at = Infinity;
  const seen: CheckIn[] = [];
  for (const c of history) {
    if (c.at > now) at = Math.min(at, c.at);
    else seen.push(c);
  }
  const cycleStart = dateMs(meta.cycleStart);
  if (now < cycleStart) at = Math.min(at, cycleStart);

  // Whole quiet days (stale, overdue): the next one begins a day after the last.
  const latest = latestCheckIn(seen);
  const added = Number.isFinite(kr.createdAt) && kr.createdAt > cycleStart ? kr.createdAt : null;
  const since = latest?.at ?? added ?? cycleStart;
  at = Math.min(at, since + Math.max(0, Math.floor((now - since) / DAY_MS) + 1) * DAY_MS);

  // The cycle's share gone, in points (0..100): it moves from the cycle's first day to the day after its last.
  const end = dateMs(meta.cycleEnd) + DAY_MS;
  if (!(end > cycleStart) || now >= end) return at;
  if (now < cycleStart) return at;
  const timeOf = (points: number) => cycleStart + ((points - MARGIN_POINTS) / 100) * (end - cycleStart);
  const x = ((now - cycleStart) / (end - cycleStart)) * 100;
  const boundaries = [nextOnLattice(x, 0.5, 1), 100];
  const ratio = progressOf(kr, seen, questions).ratio;
  if (ratio !== null) {
    const r = ratio * 100;
    const behind = meta.signalThresholds.behindPacePoints;
    // The gap's whole points (in words), and where it passes 0, the behind-pace points and twice them (the health).
    boundaries.push(nextOnLattice(x, r + 0.5, 1));
    for (const v of [r, r + behind, r + 2 * behind]) if (v + MARGIN_POINTS > x) boundaries.push(v);
  }
  for (const v of boundaries) at = Math.min(at, Math.max(now, timeOf(v)));
  return at;
}
