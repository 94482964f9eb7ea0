import { z } from 'zod';
import { utcDateOf } from './dates';
import { endOfWeek } from './queries/checkInDue';
import { addLocalDays, inQuietHours, instantOf, minutesOfDay, quietHoursEnd, wallClockOf } from './wallClock';

/*
 * Due-for-check-in reminders: when to remind (a weekly or daily slot, never
 * in quiet hours) and about what (the KRs you own whose next check-in falls
 * before the next reminder). Pure: the Electron main process schedules with
 * it, the renderer lists "due this week" with it. Nothing leaves the machine.
 */

export const REMINDER_CADENCES = ['weekly', 'daily'] as const;
export type ReminderCadence = (typeof REMINDER_CADENCES)[number];

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "HH:MM", 24-hour. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export interface ReminderSettings {
  /** Opt-in: off until the person turns it on. */
  enabled: boolean;
  cadence: ReminderCadence;
  /** ISO weekday of the weekly reminder (1 = Monday). */
  weekday: number;
  /** Local time of day of the reminder, "HH:MM". */
  time: string;
  /** No reminder from `start` to `end` (local, may cross midnight); equal times mean none. */
  quietHours: { start: string; end: string };
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  enabled: false,
  cadence: 'weekly',
  weekday: 1,
  time: '09:00',
  quietHours: { start: '18:00', end: '08:00' },
};

/** Total: anything at all reads as settings; what cannot be read falls back to the default. */
export function parseReminderSettings(raw: unknown): ReminderSettings {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const quiet = typeof record.quietHours === 'object' && record.quietHours !== null ? (record.quietHours as Record<string, unknown>) : {};
  const start = clockTime.safeParse(quiet.start);
  const end = clockTime.safeParse(quiet.end);
  // Field by field, so one bad value (an old version's, a hand edit's) costs only itself.
  const or = <T>(parsed: { success: true; data: T } | { success: false }, fallback: T): T => (parsed.success ? parsed.data : fallback);
  const defaults = DEFAULT_REMINDER_SETTINGS;
  return {
    enabled: or(z.boolean().safeParse(record.enabled), defaults.enabled),
    cadence: or(z.enum(REMINDER_CADENCES).safeParse(record.cadence), defaults.cadence),
    weekday: or(z.number().int().min(1).max(7).safeParse(record.weekday), defaults.weekday),
    time: or(clockTime.safeParse(record.time), defaults.time),
    quietHours:
      start.success && end.success ? { start: start.data, end: end.data } : { ...DEFAULT_REMINDER_SETTINGS.quietHours },
  };
}

/** The scheduled slots around `now`, newest last: each day's time (daily) or the weekday's (weekly). */
function slotsAround(settings: ReminderSettings, now: number, timeZone: string | undefined): number[] {
  const today = wallClockOf(now, timeZone);
  const minutes = minutesOfDay(settings.time);
  const slots: number[] = [];
  for (let offset = -8; offset <= 8; offset++) {
    const date = addLocalDays(today, offset);
    if (settings.cadence === 'weekly' && date.isoWeekday !== settings.weekday) continue;
    slots.push(instantOf({ ...date, minutes }, timeZone));
  }
  return slots;
}

/** A slot that falls in quiet hours waits for their end. */
function outOfQuietHours(at: number, settings: ReminderSettings, timeZone: string | undefined): number {
  return inQuietHours(at, settings.quietHours, timeZone) ? quietHoursEnd(at, settings.quietHours, timeZone) : at;
}

/**
 * When the next reminder is due (epoch ms), or null when reminders are off.
 * A slot missed since the last reminder (the computer slept through it) is
 * due now; a first reminder waits for the next slot. Never in quiet hours: it
 * moves to their end. Slots are local wall-clock times, so "Monday 09:00"
 * stays 09:00 across a daylight-saving change; a time a DST jump skips is
 * taken just after the jump.
 */
export function nextReminderAt(settings: ReminderSettings, lastShownAt: number | null, now: number, timeZone?: string): number | null {
  if (!settings.enabled) return null;
  const slots = slotsAround(settings, now, timeZone);
  const missed = slots.filter((slot) => slot <= now).pop();
  if (missed !== undefined && lastShownAt !== null && lastShownAt < missed) return outOfQuietHours(now, settings, timeZone);
  const next = slots.find((slot) => slot > now);
  // Unreachable with 17 days of slots around now; a day from now keeps the caller's timer sane regardless.
  return outOfQuietHours(next ?? now + DAY_MS, settings, timeZone);
}

const DAY_MS = 86_400_000;

/** A KR with the date its next check-in is due: what a check-in rhythm query hands the reminders. */
export interface DueKeyResult {
  workspaceId: string;
  workspaceName: string;
  keyResultId: string;
  title: string;
  /** Epoch ms of the next check-in due (in the past when overdue). */
  dueAt: number;
}

/** A due KR with the owner it is assigned to (the KR's, else its objective's; '' for nobody, whom no name matches). */
export interface OwnedDueKeyResult extends DueKeyResult {
  owner: string;
}

/** How far ahead a reminder looks: until the next one would come. */
export function reminderHorizonMs(cadence: ReminderCadence): number {
  return cadence === 'daily' ? DAY_MS : 7 * DAY_MS;
}

/** Owner names compare as people type them: case and surrounding spaces do not matter. */
export function isOwnedBy(owner: string, name: string): boolean {
  const me = name.trim().toLocaleLowerCase();
  return me !== '' && owner.trim().toLocaleLowerCase() === me;
}

/** The KRs due within `horizonMs` of `now` (overdue ones too), earliest first. */
export function dueWithin(due: readonly DueKeyResult[], now: number, horizonMs: number): DueKeyResult[] {
  return due.filter((kr) => kr.dueAt < now + horizonMs).sort((a, b) => a.dueAt - b.dueAt || a.title.localeCompare(b.title));
}

/** The KRs `name` owns, without the owner (what the shell is handed). */
export function ownedBy(candidates: readonly OwnedDueKeyResult[], name: string): DueKeyResult[] {
  return candidates.filter((kr) => isOwnedBy(kr.owner, name)).map(({ owner: _owner, ...due }) => due);
}

/** The KRs `name` owns whose check-in is due within `horizonMs` of `now` (overdue ones too), earliest first. */
export function remindersDue(
  candidates: readonly OwnedDueKeyResult[],
  { name, now, horizonMs }: { name: string; now: number; horizonMs: number },
): DueKeyResult[] {
  return dueWithin(ownedBy(candidates, name), now, horizonMs);
}

/**
 * Due this week, as the board counts it (checkInDue.ts): due on or before the
 * last day of this week, in the person's calendar, overdue ones included.
 */
export function dueThisWeek(due: readonly DueKeyResult[], now: number): DueKeyResult[] {
  const lastDay = endOfWeek(now);
  return due.filter((kr) => utcDateOf(kr.dueAt) <= lastDay).sort((a, b) => a.dueAt - b.dueAt || a.title.localeCompare(b.title));
}

/** At most this many titles in a notification's body; the rest are counted. */
const TITLES_SHOWN = 3;

/** The desktop notification for KRs due: "3 key results are due for a check-in", with their titles. */
export function reminderNotification(due: readonly DueKeyResult[]): { title: string; body: string } {
  const title = due.length === 1 ? '1 key result is due for a check-in' : `${due.length} key results are due for a check-in`;
  const lines = due.slice(0, TITLES_SHOWN).map((kr) => `• ${kr.title || 'Untitled key result'} (${kr.workspaceName})`);
  if (due.length > TITLES_SHOWN) lines.push(`and ${due.length - TITLES_SHOWN} more`);
  return { title, body: lines.join('\n') };
}

/** The workspace a click on the reminder opens: the one with the most KRs due (the earliest due on a tie). */
export function workspaceToOpen(due: readonly DueKeyResult[]): string | null {
  const counts = new Map<string, number>();
  for (const kr of due) counts.set(kr.workspaceId, (counts.get(kr.workspaceId) ?? 0) + 1);
  let best: string | null = null;
  for (const kr of due) if (best === null || (counts.get(kr.workspaceId) ?? 0) > (counts.get(best) ?? 0)) best = kr.workspaceId;
  return best;
}
