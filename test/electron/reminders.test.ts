import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, createReminderScheduler, loadLastShown, startReminders } from '../../electron/main/reminders';
import type { ReminderSchedule } from '../../shared/platform';
import { DEFAULT_REMINDER_SETTINGS, type DueKeyResult } from '../../shared/reminders';
import { useTempDirs } from './tempDir';

/*
 * Desktop reminders in the main process, against a faked Electron: scheduled
 * on timers, re-evaluated on resume, a notification naming the KRs due, and a
 * click that brings Cairn forward on the workspace.
 */
const electron = vi.hoisted(() => {
  const shown: { options: { title: string; body: string }; handlers: Map<string, () => void> }[] = [];
  const power = new Map<string, (() => void)[]>();
  class Notification {
    static isSupported = () => true;
    handlers = new Map<string, () => void>();
    constructor(public options: { title: string; body: string }) {}
    on(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
    show() {
      shown.push(this);
    }
  }
  return {
    shown,
    power,
    module: {
      Notification,
      powerMonitor: { on: (event: string, listener: () => void) => power.set(event, [...(power.get(event) ?? []), listener]) },
    },
  };
});
vi.mock('electron', () => electron.module);

const tempDir = useTempDirs();
const BERLIN = 'Europe/Berlin';
const utc = (iso: string) => Date.parse(`${iso}Z`);
const DAY = 86_400_000;

function dueKr(title: string, dueAt: number, workspaceId = 'ws_growth'): DueKeyResult {
  return { workspaceId, workspaceName: workspaceId === 'ws_growth' ? 'Growth Q3' : 'Platform Q3', keyResultId: `kr_${title}`, title, dueAt };
}

const weekly: ReminderSchedule['settings'] = { ...DEFAULT_REMINDER_SETTINGS, enabled: true };

/** A scheduler on a fake clock and fake timers that the test advances by hand. */
function fakeClock(start: number) {
  let now = start;
  const timers = new Map<number, { run: () => void; at: number }>();
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => {
      timers.set(nextId, { run, at: now + ms });
      return nextId++;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    pending: () => [...timers.values()].map((t) => t.at - now),
    /** Moves the clock to `to`, running each timer that comes due on the way, in order. */
    advanceTo(to: number) {
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = to;
    },
    /** The clock jumps without any timer firing: the computer slept. */
    sleepUntil(to: number) {
      now = to;
    },
  };
}

function scheduler(start: number, lastShownAt: number | null = null) {
  const clock = fakeClock(start);
  const notify = vi.fn();
  const openDue = vi.fn();
  const onShown = vi.fn();
  const reminders = createReminderScheduler({ ...clock, notify, openDue, onShown, lastShownAt, timeZone: BERLIN });
  return { clock, notify, openDue, onShown, reminders };
}

describe('createReminderScheduler', () => {
  it('schedules nothing while reminders are off (the default)', () => {
    const { reminders, clock } = scheduler(utc('2026-06-03T10:00'));
    reminders.update({ settings: DEFAULT_REMINDER_SETTINGS, due: [dueKr('Activation', utc('2026-06-05T00:00'))] });
    expect(reminders.nextAt()).toBeNull();
    expect(clock.pending()).toEqual([]);
  });

  it('shows the KRs due on Monday at 09:00, never waiting on one timer longer than an hour', () => {
    const { reminders, clock, notify, onShown } = scheduler(utc('2026-06-03T10:00'));
    reminders.update({ settings: weekly, due: [dueKr('Activation', utc('2026-06-05T00:00')), dueKr('Churn', utc('2026-06-10T00:00')), dueKr('Later', utc('2026-07-01T00:00'))] });
    expect(reminders.nextAt()).toBe(utc('2026-06-08T07:00'));
    expect(Math.max(...clock.pending())).toBeLessThanOrEqual(MAX_TIMER_MS);

    clock.advanceTo(utc('2026-06-08T06:59'));
    expect(notify).not.toHaveBeenCalled();
    clock.advanceTo(utc('2026-06-08T07:00'));

    expect(notify).toHaveBeenCalledOnce();
    expect(notify.mock.calls[0]![0]).toEqual({
      title: '2 key results are due for a check-in',
      body: '• Activation (Growth Q3)\n• Churn (Growth Q3)',
    });
    expect(onShown).toHaveBeenCalledWith(utc('2026-06-08T07:00'));
    expect(reminders.nextAt()).toBe(utc('2026-06-15T07:00'));
  });

  it('opens the workspace with the most KRs due when the notification is clicked', () => {
    const { reminders, clock, notify, openDue } = scheduler(utc('2026-06-08T06:00'));
    reminders.update({ settings: weekly, due: [dueKr('A', 0, 'ws_platform'), dueKr('B', 0), dueKr('C', 0)] });
    clock.advanceTo(utc('2026-06-08T07:00'));
    const onClick = notify.mock.calls[0]![1] as () => void;
    onClick();
    expect(openDue).toHaveBeenCalledWith('ws_growth');
  });

  it('says nothing when nothing is due, and waits for the next slot', () => {
    const { reminders, clock, notify } = scheduler(utc('2026-06-08T06:00'));
    reminders.update({ settings: weekly, due: [dueKr('Far off', utc('2026-08-01T00:00'))] });
    clock.advanceTo(utc('2026-06-08T07:30'));
    expect(notify).not.toHaveBeenCalled();
    expect(reminders.nextAt()).toBe(utc('2026-06-15T07:00'));
  });

  it('reminds on resume when the computer slept through the slot', () => {
    const { reminders, clock, notify } = scheduler(utc('2026-06-07T20:00'), utc('2026-06-01T07:00'));
    reminders.update({ settings: weekly, due: [dueKr('Activation', utc('2026-06-08T00:00'))] });
    // Asleep from Sunday evening to Monday 11:00 (Berlin): no timer ran.
    clock.sleepUntil(utc('2026-06-08T09:00'));
    reminders.wake();
    expect(notify).toHaveBeenCalledOnce();
  });

  it('reschedules when the settings change', () => {
    const { reminders } = scheduler(utc('2026-06-03T10:00'));
    reminders.update({ settings: weekly, due: [] });
    reminders.update({ settings: { ...weekly, weekday: 5, time: '16:30' }, due: [] });
    expect(reminders.nextAt()).toBe(utc('2026-06-05T14:30'));
    reminders.update({ settings: { ...weekly, enabled: false }, due: [] });
    expect(reminders.nextAt()).toBeNull();
  });
});

describe('startReminders with Electron', () => {
  beforeEach(() => {
    electron.shown.length = 0;
    electron.power.clear();
    vi.useFakeTimers({ now: utc('2026-06-08T06:00') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an Electron notification whose click opens the workspace, and remembers when it was shown', () => {
    const stateFile = path.join(tempDir(), 'reminders.json');
    const openDue = vi.fn();
    const reminders = startReminders({ stateFile, openDue });
    // Daily at midnight in the test machine's zone, no quiet hours: within a day the reminder shows.
    reminders.update({ settings: { ...weekly, cadence: 'daily', time: '00:00', quietHours: { start: '00:00', end: '00:00' } }, due: [dueKr('Activation', 0)] });
    vi.advanceTimersByTime(DAY);

    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.options).toMatchObject({ title: '1 key result is due for a check-in', body: '• Activation (Growth Q3)' });
    electron.shown[0]!.handlers.get('click')!();
    expect(openDue).toHaveBeenCalledWith('ws_growth');
    const lastShown = loadLastShown(stateFile);
    expect(lastShown).toBeGreaterThan(utc('2026-06-08T06:00'));
    expect(lastShown).toBeLessThanOrEqual(Date.now());
    reminders.dispose();
  });

  it('wakes on resume and on unlocking the screen', () => {
    const reminders = startReminders({ stateFile: path.join(tempDir(), 'reminders.json'), openDue: vi.fn() });
    expect([...electron.power.keys()].sort()).toEqual(['resume', 'unlock-screen']);
    reminders.dispose();
  });

  it('reads an unreadable state file as never shown', () => {
    const stateFile = path.join(tempDir(), 'reminders.json');
    fs.writeFileSync(stateFile, '{"lastShownAt": "yesterday"}');
    expect(loadLastShown(stateFile)).toBeNull();
    expect(loadLastShown(path.join(tempDir(), 'missing.json'))).toBeNull();
  });
});
