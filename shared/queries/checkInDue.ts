import { DAY_MS, addDays, dateMs, localDateOf, mondayOf, utcDateOf } from '../dates';
import type { CheckIn, KeyResult, WorkspaceMeta } from '../schema/types';
import { latestCheckIn } from './progress';

/*
 * When each tracked KR's next check-in is due, from the workspace's check-in
 * rhythm (its `checkInRhythmDays` threshold). The rule is the stale signal's
 * (signals.ts), read forwards: the rhythm is counted from the latest check-in
 * that counts, or, before the first one, from when the KR was added — or the
 * cycle start, when it was written before the cycle began. Rule and examples:
 * docs/health.md.
 */

export interface CheckInDue {
  keyResultId: string;
  /** The UTC day (YYYY-MM-DD) the next check-in is due: the rhythm's last day. */
  due: string;
  /** The moment the rhythm is counted from: the latest check-in, or when the KR was added, or the cycle start. */
  since: number;
  /** True when `since` is the latest check-in (false: no check-in yet). */
  checkedIn: boolean;
  /** Past due at `now`: a whole day after the due day began, exactly when the stale signal opens. */
  overdue: boolean;
}

/**
 * The next check-in due of a KR at `now`. `history` is its effective history
 * (shared/queries/checkInHistory.ts: corrections applied, withdrawals left
 * out), any order; check-ins after `now` are ignored. Callers ask only for
 * tracked KRs (tracking.ts isTracked): a closed KR is due nothing.
 */
export function checkInDueOf(
  kr: Pick<KeyResult, 'id' | 'createdAt'>,
  history: readonly CheckIn[],
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'signalThresholds'>,
  now: number,
): CheckInDue {
  const latest = latestCheckIn(history.filter((c) => c.at <= now));
  const cycleStart = dateMs(meta.cycleStart);
  const added = Number.isFinite(kr.createdAt) && kr.createdAt > cycleStart ? kr.createdAt : null;
  const since = latest?.at ?? added ?? cycleStart;
  const rhythm = meta.signalThresholds.checkInRhythmDays;
  const dueAt = since + rhythm * DAY_MS;
  // The stale signal opens once more whole days than the rhythm have passed: overdue means the same.
  const overdue = now >= cycleStart && Math.floor((now - since) / DAY_MS) > rhythm;
  return { keyResultId: kr.id, due: utcDateOf(dueAt), since, checkedIn: latest !== null, overdue };
}

/** ISO weekday numbers: 1 Monday … 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The last day (YYYY-MM-DD) of the week `now` is in, in the person's calendar; weeks start on `weekStart` (ISO: Monday). */
export function endOfWeek(now: number, weekStart: Weekday = 1): string {
  const today = localDateOf(now);
  // Monday-based offset of the week's first day, then six days on.
  const monday = mondayOf(today);
  let start = addDays(monday, weekStart - 1);
  if (start > today) start = addDays(start, -7);
  return addDays(start, 6);
}

/**
 * Due this week: overdue, or due on or before the last day of the current
 * week (ISO weeks by default: Monday to Sunday, in the person's calendar).
 */
export function isDueThisWeek(due: Pick<CheckInDue, 'due' | 'overdue'>, now: number, weekStart: Weekday = 1): boolean {
  return due.overdue || due.due <= endOfWeek(now, weekStart);
}

/** Overdue first, then by due day, then by KR id (the same order on every device). */
export function compareDue(a: CheckInDue, b: CheckInDue): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.due < b.due ? -1 : a.due > b.due ? 1 : a.keyResultId < b.keyResultId ? -1 : a.keyResultId > b.keyResultId ? 1 : 0;
}
