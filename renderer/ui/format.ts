import type { KeyResult } from '../../shared/schema/types';
import { personLocale } from './locale';

// The locale numbers are typed in (renderer/ui/locale.ts), so what is shown reads back as it was typed.
const numberFormat = new Intl.NumberFormat(personLocale(), { maximumFractionDigits: 2 });

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function withUnit(value: number, unit: string): string {
  if (!unit) return formatNumber(value);
  return unit === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)} ${unit}`;
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

// Building a formatter is costly; a long list formats thousands of dates.
const whenFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWhen(at: number): string {
  return whenFormat.format(at);
}

const dayFormat = new Intl.DateTimeFormat([], { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });

/** A calendar day (YYYY-MM-DD, the person's own calendar) written out: "Mon, 6 April 2026". */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return dayFormat.format(new Date(y!, m! - 1, d!));
}

/** "1 check-in", "3 check-ins"; `nouns` when the plural is not the noun plus s. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
