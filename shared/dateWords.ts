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
}

const cache = new Map<string, DateWords>();

/** The date words of a locale (a BCP 47 tag such as "en-GB"). Built once per locale and zone. */
export function dateWordsFor(locale: string, options: DateWordsOptions = {}): DateWords {
  const key = `${locale}|${options.timeZone ?? ''}`;
  let words = cache.get(key);
  if (!words) {
    words = buildDateWords(locale, options);
    cache.set(key, words);
  }
  return words;
}

function buildDateWords(locale: string, { timeZone }: DateWordsOptions): DateWords {
  // Calendar days are written in UTC on both sides, so no zone shifts a day.
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const moments = timeZone
    ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' })
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const day = (date: string) => (ISO_DATE_PATTERN.test(date) && Number.isFinite(Date.parse(`${date}T00:00:00Z`)) ? days.format(Date.parse(`${date}T00:00:00Z`)) : date);
  return {
    locale: days.resolvedOptions().locale,
    day,
    week(weekOrMonday) {
      const monday = ISO_WEEK_PATTERN.test(weekOrMonday) ? mondayOfIsoWeek(weekOrMonday) : ISO_DATE_PATTERN.test(weekOrMonday) ? weekOrMonday : null;
      return monday === null ? weekOrMonday : `Week of ${day(monday)}`;
    },
    moment: (at) => moments.format(at),
  };
}

/** The Monday (YYYY-MM-DD) of an ISO week written YYYY-Www. */
function mondayOfIsoWeek(week: string): string {
  // 4 January is always in week 1.
  return addDays(mondayOf(`${week.slice(0, 4)}-01-04`), (Number(week.slice(6)) - 1) * 7);
}
