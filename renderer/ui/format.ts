import type { KeyResult } from '../../shared/schema/types';
import { dateWordsFor, type DateWords } from '../../shared/dateWords';
import { currencyOf, formatNumberIn, withUnitIn } from '../../shared/numberWords';
import { personLocale } from './locale';

/*
 * Everything shown on screen is written in the person's locale
 * (renderer/ui/locale.ts), in one style: numbers as they type them, amounts
 * of money as the locale writes currency, days as a medium date ("Dec 6,
 * 2026", "6. Dez. 2026"), weeks as "Week of <medium date>". The `locale`
 * parameters are for tests; the app uses the person's.
 */

// Building a formatter is costly and a long list formats thousands of values: one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function cached(key: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export { currencyOf };

export function formatNumber(value: number, locale = personLocale()): string {
  return formatNumberIn(locale, value);
}

/** A value with its unit: money as the locale writes it ("$12,500", "12.500 €"), a percentage as 40%, else "12 signups". */
export function withUnit(value: number, unit: string, locale = personLocale()): string {
  return withUnitIn(locale, value, unit);
}

/** The unit a KR's values are in ('' for milestones and learning KRs). */
export function unitOf(kr: KeyResult): string {
  return kr.kind === 'metric' || kr.kind === 'output' ? kr.unit : '';
}

/** "from 10 to 40 signups", "stay above 99.5%", "done or not". */
export function describeTarget(kr: KeyResult): string {
  if (kr.kind === 'milestone') return 'Milestone: done or not';
  if (kr.kind === 'output') return `Output: deliver ${withUnit(kr.target, kr.unit)}`;
  if (kr.kind === 'learning') return 'Learning: answer the questions';
  switch (kr.direction) {
    case 'increase':
      return `Increase from ${withUnit(kr.baseline, kr.unit)} to ${withUnit(kr.target, kr.unit)}`;
    case 'decrease':
      return `Decrease from ${withUnit(kr.baseline, kr.unit)} to ${withUnit(kr.target, kr.unit)}`;
    case 'stayAbove':
      return `Stay at or above ${withUnit(kr.target, kr.unit)}`;
    case 'stayBelow':
      return `Stay at or below ${withUnit(kr.target, kr.unit)}`;
  }
}

/** A moment, as a medium date and a short time: "Dec 6, 2026, 3:04 PM". */
export function formatWhen(at: number, locale = personLocale()): string {
  return cached(`when:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(at);
}

const mediumDate = (locale: string) => cached(`day:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));

/** The person's date words, for text built in shared/ (a rollout's promise, a journal entry's title). */
export function personDateWords(locale = personLocale()): DateWords {
  return dateWordsFor(locale);
}

/** A calendar day (YYYY-MM-DD, the person's own calendar) as a medium date: "Dec 6, 2026", "6. Dez. 2026". */
export function formatDay(date: string, locale = personLocale()): string {
  return dateWordsFor(locale).day(date);
}

/** The day of a moment as a medium date, without the time. */
export function formatDate(at: number, locale = personLocale()): string {
  return mediumDate(locale).format(at);
}

/** An ISO week (2026-W49) as people say it: "Week of Nov 30, 2026". */
export function formatWeek(week: string, locale = personLocale()): string {
  return dateWordsFor(locale).week(week);
}

/** "1 check-in", "3 check-ins"; `nouns` when the plural is not the noun plus s. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
