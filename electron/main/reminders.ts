import { Notification, powerMonitor } from 'electron';
import fs from 'node:fs';
import { z } from 'zod';
import type { ReminderSchedule } from '../../shared/platform';
import { dueWithin, nextReminderAt, reminderHorizonMs, reminderNotification, workspaceToOpen } from '../../shared/reminders';
import { writeFileAtomicSync } from '../common/atomicWrite';

/*
 * Desktop reminders in the main process. The renderer computes which of the
 * person's KRs are due (it has the workspaces) and hands over a summary
 * whenever it changes; this module only schedules and shows. The rule —
 * when, and what counts as due — is shared/reminders.ts. Nothing leaves the
 * machine: a notification is the operating system's, shown locally.
 */

/**
 * The longest a timer waits before looking again. Timers stop while the
 * computer sleeps and the clock can be changed: looking every hour (and on
 * resume) keeps a weekly reminder from drifting.
 */
export const MAX_TIMER_MS = 60 * 60_000;

export interface SchedulerDependencies {
  /** Shows a notification; `onClick` runs when the person clicks it. */
  notify(content: { title: string; body: string }, onClick: () => void): void;
  /** Brings the window forward and opens the workspace's KRs due this week. */
  openDue(workspaceId: string): void;
  /** When the last reminder was shown (kept across restarts), or null. */
  lastShownAt: number | null;
  onShown(at: number): void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** IANA zone; the system's when absent. */
  timeZone?: string;
}

export interface ReminderScheduler {
  /** New settings or a new list of KRs due: reschedules. */
  update(schedule: ReminderSchedule): void;
  /** Looks again now (the computer woke up, the screen was unlocked). */
  wake(): void;
  /** When the next reminder is due, or null when none is scheduled. */
  nextAt(): number | null;
  dispose(): void;
}

export function createReminderScheduler(deps: SchedulerDependencies): ReminderScheduler {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let schedule: ReminderSchedule | null = null;
  let lastShownAt = deps.lastShownAt;
  let target: number | null = null;
  let timer: unknown = null;

  const remind = (at: number) => {
    if (!schedule) return;
    lastShownAt = at;
    deps.onShown(at);
    const due = dueWithin(schedule.due, at, reminderHorizonMs(schedule.settings.cadence));
    const workspaceId = workspaceToOpen(due);
    // Nothing due, nothing to say: the slot still counts as handled.
    if (workspaceId === null) return;
    deps.notify(reminderNotification(due), () => deps.openDue(workspaceId));
  };

  const evaluate = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (!schedule?.settings.enabled) {
      target = null;
      return;
    }
    const { settings } = schedule;
    const at = now();
    // The time waited for has come (the rule, asked now, would already point at the next slot).
    if (target !== null && at >= target) remind(at);
    target = nextReminderAt(settings, lastShownAt, at, deps.timeZone);
    // A slot missed while no timer ran (asleep, or Cairn was not running) is due at once.
    if (target !== null && at >= target) {
      remind(at);
      target = nextReminderAt(settings, lastShownAt, at, deps.timeZone);
    }
    if (target !== null) timer = setTimer(evaluate, Math.min(Math.max(0, target - at), MAX_TIMER_MS));
  };

  return {
    update(next) {
      schedule = next;
      evaluate();
    },
    wake: evaluate,
    nextAt: () => target,
    dispose() {
      if (timer !== null) clearTimer(timer);
      timer = null;
      schedule = null;
      target = null;
    },
  };
}

const stateSchema = z.object({ lastShownAt: z.number().nullable() });

/** The last reminder's time, from `file`; null on first start or when the file cannot be read. */
export function loadLastShown(file: string): number | null {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.lastShownAt : null;
  } catch {
    return null;
  }
}

/**
 * Starts reminders with Electron's notifications and power monitor (call it
 * once the app is ready). Notifications are held until clicked or closed:
 * one collected by the garbage collector no longer answers its click.
 */
export function startReminders(options: { stateFile: string; openDue: (workspaceId: string) => void; log?: (message: string) => void }): ReminderScheduler {
  const log = options.log ?? ((message: string) => console.error(message));
  const shown = new Set<Notification>();
  const scheduler = createReminderScheduler({
    lastShownAt: loadLastShown(options.stateFile),
    onShown: (at) => {
      try {
        writeFileAtomicSync(options.stateFile, new TextEncoder().encode(JSON.stringify({ lastShownAt: at })));
      } catch (error) {
        log(`cairn: could not remember when the last reminder was shown: ${String(error)}`);
      }
    },
    notify: (content, onClick) => {
      if (!Notification.isSupported()) return log('cairn: this system shows no desktop notifications; the reminder was skipped');
      const notification = new Notification({ title: content.title, body: content.body, silent: false });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        onClick();
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
    openDue: options.openDue,
  });
  powerMonitor.on('resume', scheduler.wake);
  powerMonitor.on('unlock-screen', scheduler.wake);
  return scheduler;
}
