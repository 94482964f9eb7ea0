import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_SETTINGS,
  dueThisWeek,
  nextReminderAt,
  parseReminderSettings,
  reminderHorizonMs,
  reminderNotification,
  remindersDue,
  workspaceToOpen,
  type OwnedDueKeyResult,
  type ReminderSettings,
} from '../../shared/reminders';

/*
 * Issue 13, reminders: opt-in, weekly on Monday 09:00 by default, never in
 * quiet hours, wall-clock times across daylight-saving changes, and only the
 * KRs the device's person owns.
 */

const BERLIN = 'Europe/Berlin';
const on = (patch: Partial<ReminderSettings> = {}): ReminderSettings => ({ ...DEFAULT_REMINDER_SETTINGS, enabled: true, ...patch });
/** An instant given as UTC, readable in the test. */
const utc = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 16));

describe('reminder settings', () => {
  it('are opt-in: off by default, weekly on Monday at 09:00, quiet from 18:00 to 08:00', () => {
    expect(parseReminderSettings(undefined)).toEqual({
      enabled: false,
      cadence: 'weekly',
      weekday: 1,
      time: '09:00',
      quietHours: { start: '18:00', end: '08:00' },
    });
  });

  it('fall back to the default field by field when a value cannot be read', () => {
    const parsed = parseReminderSettings({ enabled: true, cadence: 'hourly', weekday: 9, time: '25:00', quietHours: { start: '7pm', end: '07:00' } });
    expect(parsed).toEqual({ ...DEFAULT_REMINDER_SETTINGS, enabled: true });
  });

  it('read anything at all without throwing', () => {
    for (const raw of [null, 42, 'weekly', [], { quietHours: null }, { enabled: 'yes' }]) {
      expect(parseReminderSettings(raw)).toEqual(DEFAULT_REMINDER_SETTINGS);
    }
  });

  it('keep every valid value', () => {
    const settings: ReminderSettings = { enabled: true, cadence: 'daily', weekday: 5, time: '07:45', quietHours: { start: '22:00', end: '06:30' } };
    expect(parseReminderSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });
});

describe('nextReminderAt', () => {
  it('is null while reminders are off', () => {
    expect(nextReminderAt(DEFAULT_REMINDER_SETTINGS, null, utc('2026-06-03T10:00'), BERLIN)).toBeNull();
  });

  it('is next Monday at 09:00 local by default', () => {
    // Wednesday 3 June 2026, 12:00 in Berlin (CEST, UTC+2).
    expect(iso(nextReminderAt(on(), null, utc('2026-06-03T10:00'), BERLIN))).toBe('2026-06-08T07:00');
  });

  it('is today at 09:00 on a Monday morning before nine', () => {
    expect(iso(nextReminderAt(on(), null, utc('2026-06-08T05:30'), BERLIN))).toBe('2026-06-08T07:00');
  });

  it('is due now when the computer slept through a slot since the last reminder', () => {
    const lastShown = utc('2026-06-01T07:00');
    const now = utc('2026-06-08T12:00'); // Monday 14:00, five hours after the missed slot
    expect(nextReminderAt(on(), lastShown, now, BERLIN)).toBe(now);
  });

  it('waits for the next slot once this one was shown', () => {
    const shown = utc('2026-06-08T07:00');
    expect(iso(nextReminderAt(on(), shown, shown, BERLIN))).toBe('2026-06-15T07:00');
  });

  it('moves a slot in quiet hours that cross midnight to their end', () => {
    // Daily at 06:30, quiet 22:00–07:00: the reminder comes at 07:00.
    const settings = on({ cadence: 'daily', time: '06:30', quietHours: { start: '22:00', end: '07:00' } });
    expect(iso(nextReminderAt(settings, null, utc('2026-06-03T10:00'), BERLIN))).toBe('2026-06-04T05:00');
  });

  it('holds a missed reminder found late in the evening until the quiet hours end the next morning', () => {
    const settings = on({ cadence: 'daily', time: '09:00' });
    // Wednesday 23:30 in Berlin; the 09:00 slot was missed; quiet 18:00–08:00.
    const at = nextReminderAt(settings, utc('2026-06-02T07:00'), utc('2026-06-03T21:30'), BERLIN);
    expect(iso(at)).toBe('2026-06-04T06:00');
  });

  it('keeps Monday 09:00 on the wall clock across the change to summer time in Berlin', () => {
    // Summer time starts on Sunday 29 March 2026: 09:00 is 08:00 UTC before, 07:00 UTC after.
    const before = nextReminderAt(on(), null, utc('2026-03-18T12:00'), BERLIN);
    const after = nextReminderAt(on(), before, before! + 60_000, BERLIN);
    const next = nextReminderAt(on(), after, after! + 60_000, BERLIN);
    expect([iso(before), iso(after), iso(next)]).toEqual(['2026-03-23T08:00', '2026-03-30T07:00', '2026-04-06T07:00']);
  });

  it('keeps the time across the change back to winter time in Berlin', () => {
    const before = nextReminderAt(on(), null, utc('2026-10-20T12:00'), BERLIN);
    const after = nextReminderAt(on(), before, before! + 60_000, BERLIN);
    expect([iso(before), iso(after)]).toEqual(['2026-10-26T08:00', '2026-11-02T08:00']);
  });

  it('takes a time the jump to summer time skips just after the jump', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it is taken as 03:30 CEST (01:30 UTC).
    const settings = on({ cadence: 'daily', time: '02:30', quietHours: { start: '00:00', end: '00:00' } });
    expect(iso(nextReminderAt(settings, null, utc('2026-03-28T12:00'), BERLIN))).toBe('2026-03-29T01:30');
  });

  it('is a fixed instant in a time zone without daylight saving', () => {
    expect(iso(nextReminderAt(on({ weekday: 3, time: '10:15' }), null, utc('2026-06-01T00:00'), 'Asia/Tokyo'))).toBe('2026-06-03T01:15');
  });
});

describe('remindersDue', () => {
  const DAY = 86_400_000;
  const now = utc('2026-06-08T07:00');
  const kr = (id: string, owner: string, dueInDays: number, workspaceId = 'ws_growth'): OwnedDueKeyResult => ({
    workspaceId,
    workspaceName: workspaceId === 'ws_growth' ? 'Growth Q2' : 'Platform Q2',
    keyResultId: id,
    title: `KR ${id}`,
    owner,
    dueAt: now + dueInDays * DAY,
  });

  it('lists only the KRs the person owns, case and spaces aside, overdue first', () => {
    const due = remindersDue([kr('a', 'Ana', 3), kr('b', ' ana ', -2), kr('c', 'Ben', 1), kr('d', '', 0)], {
      name: 'ANA',
      now,
      horizonMs: reminderHorizonMs('weekly'),
    });
    expect(due.map((d) => d.keyResultId)).toEqual(['b', 'a']);
  });

  it('leaves out what is due after the next reminder', () => {
    const due = remindersDue([kr('soon', 'Ana', 0.5), kr('later', 'Ana', 2)], { name: 'Ana', now, horizonMs: reminderHorizonMs('daily') });
    expect(due.map((d) => d.keyResultId)).toEqual(['soon']);
  });

  it('is empty for a device without a name: nobody owns anything then', () => {
    expect(remindersDue([kr('a', '', 0), kr('b', 'Ana', 0)], { name: '  ', now, horizonMs: reminderHorizonMs('weekly') })).toEqual([]);
  });
});

describe('the notification', () => {
  const due = (n: number, workspaceId = 'ws_a') =>
    Array.from({ length: n }, (_, i) => ({ workspaceId, workspaceName: 'Growth Q2', keyResultId: `kr${i}`, title: `Activation rate ${i}`, dueAt: 0 }));

  it('counts the KRs due and names them', () => {
    expect(reminderNotification(due(3))).toEqual({
      title: '3 key results are due for a check-in',
      body: '• Activation rate 0 (Growth Q2)\n• Activation rate 1 (Growth Q2)\n• Activation rate 2 (Growth Q2)',
    });
  });

  it('says one in the singular and counts the titles it leaves out', () => {
    expect(reminderNotification(due(1)).title).toBe('1 key result is due for a check-in');
    expect(reminderNotification(due(5)).body.split('\n').at(-1)).toBe('and 2 more');
  });

  it('opens the workspace with the most KRs due', () => {
    expect(workspaceToOpen([...due(1, 'ws_first'), ...due(2, 'ws_most')])).toBe('ws_most');
    expect(workspaceToOpen([])).toBeNull();
  });
});

describe('due this week (the library list)', () => {
  it('counts to the end of the calendar week, as the board does, overdue ones included', () => {
    // Wednesday 10 June 2026, noon UTC: the week ends on Sunday the 14th.
    const now = utc('2026-06-10T12:00');
    const kr = (title: string, dueAt: string) => ({ workspaceId: 'w', workspaceName: 'W', keyResultId: title, title, dueAt: utc(dueAt) });
    const due = [kr('sunday', '2026-06-14T10:00'), kr('monday', '2026-06-15T08:00'), kr('overdue', '2026-06-01T09:00')];
    expect(dueThisWeek(due, now).map((d) => d.title)).toEqual(['overdue', 'sunday']);
  });
});
