/*
 * Local wall-clock time in a named time zone, from Intl alone: what day and
 * time an instant reads as there, and which instant a local date and time
 * is. Reminders are set in wall-clock terms ("Monday 09:00"), so they must
 * survive daylight-saving changes. `timeZone` undefined means the system's.
 */

/** A local calendar date. */
export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
}

/** A local date and the minutes since its midnight. */
export interface WallClock extends LocalDate {
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

function isoWeekdayOf(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** How `at` reads on a wall clock in `timeZone`. */
export function wallClockOf(at: number, timeZone: string | undefined): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return { year, month, day, isoWeekday: isoWeekdayOf(year, month, day), minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0) };
}

/** The local date `days` days after `date` (calendar days, whatever their length). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  return { year, month, day, isoWeekday: isoWeekdayOf(year, month, day) };
}

/** The wall clock read as if it were UTC: the difference to the instant is the zone's offset then. */
function asUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day) + clock.minutes * 60_000;
}

/**
 * The instant a local date and time is in `timeZone`. A time that a
 * spring-forward jump skips (02:30 in Berlin on the last Sunday of March)
 * is taken as the same distance past the jump (03:30); a time a fall-back
 * repeats is its first occurrence.
 */
export function instantOf(clock: Omit<WallClock, 'isoWeekday'> & { isoWeekday?: number }, timeZone: string | undefined): number {
  const wanted = asUtc({ ...clock, isoWeekday: 0 });
  const offsetAt = (at: number) => asUtc(wallClockOf(at, timeZone)) - at;
  // The offsets in force a day either side bracket any change near this time.
  const candidates = [offsetAt(wanted - 86_400_000), offsetAt(wanted + 86_400_000)].map((offset) => wanted - offset);
  const exact = candidates.filter((at) => asUtc(wallClockOf(at, timeZone)) === wanted).sort((a, b) => a - b);
  if (exact.length > 0) return exact[0]!;
  // Skipped by a jump forward: the earlier offset carries the time past the gap.
  return Math.max(...candidates);
}

/** "HH:MM" as minutes since midnight. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Quiet hours from `start` to `end`, local "HH:MM"; they may cross midnight, and equal times mean none. */
export interface QuietHours {
  start: string;
  end: string;
}

export function inQuietHours(at: number, quiet: QuietHours, timeZone: string | undefined): boolean {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  const now = wallClockOf(at, timeZone).minutes;
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant after `at` at which the quiet hours end (today's end, else tomorrow's). */
export function quietHoursEnd(at: number, quiet: QuietHours, timeZone: string | undefined): number {
  const clock = wallClockOf(at, timeZone);
  const end = minutesOfDay(quiet.end);
  const date = clock.minutes < end ? clock : addLocalDays(clock, 1);
  return instantOf({ year: date.year, month: date.month, day: date.day, minutes: end }, timeZone);
}
