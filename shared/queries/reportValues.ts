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
 * is for people), moments in the reader's time zone with its offset named
 * ("Dec 6, 2026, 2:05 PM (UTC+01:00)"), so a report opened elsewhere still
 * says which clock it means. A zone this runtime does not know reads as UTC.
 * CSV and JSON keep ISO 8601 (docs/architecture.md).
 */
export function reportDates(locale: string, timeZone = 'UTC'): DateWords {
  return dateWordsFor(locale, { timeZone: knownZone(timeZone), zoneName: 'offset' });
}

/** The zone if this runtime knows it, else UTC. */
export function knownZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

/** A moment as both formats write it: "Dec 6, 2026, 3:04 PM (UTC+00:00)" in en-US, in UTC. */
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

/**
 * A KR's baseline and target as numbers, the one answer every writer uses
 * (the report's "Baseline → target", the CSV's cells): a threshold (stay above
 * / below) holds a number and has no baseline, whatever an older edit left in
 * the record; an output counts from 0 (the CSV leaves its baseline empty, as
 * its importer wants); milestones and learning KRs have no numbers.
 */
export function measureNumbers(kr: KeyResult): { baseline: number | null; target: number | null } {
  switch (kr.kind) {
    case 'metric':
      return { baseline: kr.direction === 'stayAbove' || kr.direction === 'stayBelow' ? null : kr.baseline, target: kr.target };
    case 'output':
      return { baseline: 0, target: kr.target };
    case 'learning':
    case 'milestone':
      return { baseline: null, target: null };
  }
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
