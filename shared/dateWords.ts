import { ISO_DATE_PATTERN, ISO_WEEK_PATTERN, addDays, mondayOf } from './dates';

/*
 * Dates as people read them, in one style (docs/architecture.md, "Dates and
 * words"): a day as a medium date ("Dec 6, 2026", "6 Dec 2026"), a week as
 * "Week of <its Monday>", a moment as a medium date and a short time. Text
 * built in shared/ (a rollout's promise, a journal entry's title, the report)
 * takes these from its caller, who knows the person's locale; shared code
 * never guesses a locale. Machine-readable formats (CSV, JSON) keep ISO 8601.
 */
export interface DateWords {
  readonly locale: string;
  /** A calendar day written YYYY-MM-DD; anything else is returned as it is. */
  day(date: string): string;
  /** An ISO week (YYYY-Www) or the YYYY-MM-DD of its Monday: "Week of Nov 30, 2026". */
  week(weekOrMonday: string): string;
  /** A moment (epoch ms): "Dec 6, 2026, 3:04 PM", in the time zone given (with its name) or the local one. */
  moment(at: number): string;
}

export interface DateWordsOptions {
  /** Moments are written in this zone and name it ("… UTC"); the runtime's zone, unnamed, without it. */
  timeZone?: string;
  /** How a moment names its zone: the zone's short name (the default), or its offset from UTC, "(UTC+01:00)", which reads the same in every locale. */
  zoneName?: 'short' | 'offset';
}

const cache = new Map<string, DateWords>();

/** The date words of a locale (a BCP 47 tag such as "en-GB"). Built once per locale and zone. */
export function dateWordsFor(locale: string, options: DateWordsOptions = {}): DateWords {
  const key = `${locale}|${options.timeZone ?? ''}|${options.zoneName ?? 'short'}`;
  let words = cache.get(key);
  if (!words) {
    words = buildDateWords(locale, options);
    cache.set(key, words);
  }
  return words;
}

function buildDateWords(locale: string, { timeZone, zoneName = 'short' }: DateWordsOptions): DateWords {
  // Calendar days are written in UTC on both sides, so no zone shifts a day.
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const moment = timeZone ? momentInZone(locale, timeZone, zoneName) : localMoment(locale);
  const day = (date: string) => (ISO_DATE_PATTERN.test(date) && Number.isFinite(Date.parse(`${date}T00:00:00Z`)) ? days.format(Date.parse(`${date}T00:00:00Z`)) : date);
  return {
    locale: days.resolvedOptions().locale,
    day,
    week(weekOrMonday) {
      const monday = ISO_WEEK_PATTERN.test(weekOrMonday) ? mondayOfIsoWeek(weekOrMonday) : ISO_DATE_PATTERN.test(weekOrMonday) ? weekOrMonday : null;
      return monday === null ? weekOrMonday : `Week of ${day(monday)}`;
    },
    moment,
  };
}

/** "Dec 6, 2026, 3:04 PM", in the runtime's zone. */
function localMoment(locale: string): (at: number) => string {
  const moments = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (at) => moments.format(at);
}

/** "Dec 6, 2026, 3:04 PM UTC", or with its offset, "Dec 6, 2026, 3:04 PM (UTC+01:00)". */
function momentInZone(locale: string, timeZone: string, zoneName: 'short' | 'offset'): (at: number) => string {
  const fields = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone } as const;
  if (zoneName === 'short') {
    const moments = new Intl.DateTimeFormat(locale, { ...fields, timeZoneName: 'short' });
    return (at) => moments.format(at);
  }
  const moments = new Intl.DateTimeFormat(locale, fields);
  const offsets = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsetOf = (at: number) => {
    const name = offsets.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    // "GMT+01:00", or "GMT" for a zero offset: written as UTC, always with hours and minutes.
    return name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC');
  };
  return (at) => `${moments.format(at)} (${offsetOf(at)})`;
}

/** The Monday (YYYY-MM-DD) of an ISO week written YYYY-Www. */
function mondayOfIsoWeek(week: string): string {
  // 4 January is always in week 1.
  return addDays(mondayOf(`${week.slice(0, 4)}-01-04`), (Number(week.slice(6)) - 1) * 7);
}
