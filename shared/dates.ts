/*
 * Calendar days, written YYYY-MM-DD. Cycle, rollout and dependency dates are
 * UTC days: their arithmetic is done in UTC, so a daylight-saving change never
 * shifts a day. A journal's days and a focus week are the person's local
 * calendar (localDateOf, isoWeekOf).
 */

export const DAY_MS = 86_400_000;

/** Written like a day (YYYY-MM-DD), whether or not the day exists. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Written like an ISO week (YYYY-Www). */
export const ISO_WEEK_PATTERN = /^\d{4}-W\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE_PATTERN.test(value)) return false;
  const ms = dateMs(value);
  return Number.isFinite(ms) && utcDateOf(ms) === value;
}

/** Epoch ms of the start (UTC midnight) of a YYYY-MM-DD day. */
export function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The last millisecond of a YYYY-MM-DD day (UTC), the moment an "as of" date means. */
export function endOfDay(date: string): number {
  return dateMs(date) + DAY_MS - 1;
}

/** The UTC day of a moment, YYYY-MM-DD (cycle dates are UTC days too). */
export function utcDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days since the epoch of a YYYY-MM-DD day (UTC). */
export function dayNumber(date: string): number {
  return Math.floor(dateMs(date) / DAY_MS);
}

/** The YYYY-MM-DD day of a day number (see dayNumber). */
export function dateOfDay(day: number): string {
  return utcDateOf(day * DAY_MS);
}

/** Days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateMs(to) - dateMs(from)) / DAY_MS);
}

/** Calendar arithmetic on a YYYY-MM-DD day, done in UTC so a daylight-saving change never shifts it. */
export function addDays(date: string, days: number): string {
  const d = new Date(dateMs(date));
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the ISO week a YYYY-MM-DD day is in. */
export function mondayOf(date: string): string {
  const weekday = new Date(dateMs(date)).getUTCDay() || 7;
  return addDays(date, 1 - weekday);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of a moment, YYYY-MM-DD: a reflection is for the day the person lives, not UTC's. */
export function localDateOf(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The ISO 8601 week of a moment (local calendar), as YYYY-Www. */
export function isoWeekOf(at: number): string {
  const thursday = addDays(mondayOf(localDateOf(at)), 3); // the Thursday of this week decides its year
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${pad(week)}`;
}
