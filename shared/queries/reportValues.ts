import { dateWordsFor, type DateWords } from '../dateWords';
import { formatNumberIn, withUnitIn } from '../numberWords';
import type { CheckIn, KeyResult } from '../schema/types';
import type { ReportContext } from './reportContext';
import type { ValueScale } from './reportTypes';

/*
 * How the report writes times, ratios and KR values: both formats use these,
 * so a value reads the same in Markdown and in HTML.
 */

/**
 * How the report writes days and moments: in the exporter's locale (its prose
 * is for people), moments in UTC and saying so, so the report reads the same
 * wherever it is opened. CSV and JSON keep ISO 8601 (docs/architecture.md).
 */
export function reportDates(locale: string): DateWords {
  return dateWordsFor(locale, { timeZone: 'UTC' });
}

/** A moment as both formats write it: "Dec 6, 2026, 3:04 PM UTC" in en-US. */
export function formatReportTime(at: number, dates: DateWords): string {
  return dates.moment(at);
}

/** 0.456 → "46%", null → "—". */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}

/** A value with its unit in the report's locale: money as the locale writes it ("$12,500", "12.500 €"). */
export function withUnit(value: number, unit: string, locale: string): string {
  return withUnitIn(locale, value, unit);
}

/** A value as people read it: with its unit, "done" for milestones, "n of m answered" for learning KRs. */
export function formatKeyResultValue(scale: ValueScale, value: number): string {
  if (scale.kind === 'milestone') return value >= 1 ? 'done' : 'not done';
  if (scale.kind === 'learning') return `${formatNumberIn(scale.locale, value)} of ${scale.questionCount} answered`;
  return withUnit(value, scale.unit, scale.locale);
}

/** How a KR's values are written: its kind and unit, in the report's locale. */
export function scaleOf(kr: KeyResult, questionCount: number, locale: string): ValueScale {
  return { kind: kr.kind, unit: kr.kind === 'metric' || kr.kind === 'output' ? kr.unit : '', questionCount, locale };
}

/** A check-in's value in its KR's terms (a learning KR's value is its answered count). */
export function checkInValue(ctx: ReportContext, c: CheckIn, locale: string): string {
  const kr = ctx.snapshot.keyResults.get(c.keyResultId);
  return kr ? formatKeyResultValue(scaleOf(kr, ctx.questionsOf.get(kr.id)?.length ?? 0, locale), c.value) : formatNumberIn(locale, c.value);
}
