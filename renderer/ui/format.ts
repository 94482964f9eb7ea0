import type { KeyResult } from '../../shared/schema/types';
import { dateWordsFor, type DateWords } from '../../shared/dateWords';
import { personLocale } from './locale';

/*
 * Everything shown on screen is written in the person's locale
 * (renderer/ui/locale.ts), in one style: numbers as they type them, amounts
 * of money as the locale writes currency, days as a medium date ("Dec 6,
 * 2026", "6. Dez. 2026"), weeks as "Week of <medium date>". The `locale`
 * parameters are for tests; the app uses the person's.
 */

// Building a formatter is costly and a long list formats thousands of values: one per locale and style.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  // Each key is built by one builder only, so the stored formatter has its type.
  return formatter as T;
}

export function formatNumber(value: number, locale = personLocale()): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(value);
}

/** Symbols people write for a currency; ISO codes (USD, EUR, CHF…) are recognised as they are. */
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * The ISO 4217 code a KR's unit stands for ('$' → USD, 'EUR' → EUR), or null
 * when it is not money. Codes only in capitals: 'cup', 'top' or 'all' are words.
 */
export function currencyOf(unit: string): string | null {
  const trimmed = unit.trim();
  const symbol = CURRENCY_SYMBOLS[trimmed];
  if (symbol) return symbol;
  return /^[A-Z]{3}$/.test(trimmed) && ISO_CURRENCIES.has(trimmed) ? trimmed : null;
}

/** A value with its unit: money as the locale writes it ("$12,500", "12.500 €"), a percentage as 40%, else "12 signups". */
export function withUnit(value: number, unit: string, locale = personLocale()): string {
  if (!unit) return formatNumber(value, locale);
  if (unit === '%') return `${formatNumber(value, locale)}%`;
  const currency = currencyOf(unit);
  if (currency) {
    return cached(
      `currency:${locale}:${currency}`,
      () => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2, trailingZeroDisplay: 'stripIfInteger' }),
    ).format(value);
  }
  return `${formatNumber(value, locale)} ${unit}`;
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
