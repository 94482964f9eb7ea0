import { formatPercent, type ValueScale } from '../queries/report';
import type { DateWords } from '../dateWords';
import type { TrendModel } from '../queries/trend';
import { esc } from './htmlEscape';

/*
 * Inline SVG. The trend chart is drawn from trendModel like the app's
 * TrendChart (renderer/features/workspace/TrendChart.tsx): grid and ticks,
 * pace or threshold line, the value path, the as-of marker, one dot per
 * check-in sized by confidence. Charts are drawn at the size they print
 * (TREND_SIZE in reportObjectives.ts: half an A4 text column) so their 11 px
 * labels print at 11 px; the legend is one per objective (trendLegendHtml),
 * not one per chart. Numbers come from the model, text is escaped.
 */

const compactFormats = new Map<string, Intl.NumberFormat>();
/** Axis numbers, short ("12K"), in the report's locale. */
function compact(locale: string, value: number): string {
  let format = compactFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 2 });
    compactFormats.set(locale, format);
  }
  return format.format(value);
}

/** A progress bar: the share of the width filled, with its percentage as the accessible name. */
export function progressBarSvg(ratio: number | null): string {
  const width = 80;
  const filled = ratio === null ? 0 : Math.round(Math.min(1, Math.max(0, ratio)) * width);
  const label = ratio === null ? 'Progress unknown' : `Progress ${formatPercent(ratio)}`;
  return `<svg class="bar" role="img" aria-label="${label}" viewBox="0 0 ${width} 8" width="${width}" height="8"><rect class="bar__track" x="0" y="0" width="${width}" height="8" rx="4"/><rect class="bar__fill" x="0" y="0" width="${filled}" height="8" rx="4"/></svg>`;
}

const line = (cls: string, s: { x1: number; y1: number; x2: number; y2: number }) => `<line class="${cls}" x1="${s.x1}" y1="${s.y1}" x2="${s.x2}" y2="${s.y2}"/>`;

function tickLabel(scale: ValueScale, value: number): string {
  if (scale.kind === 'milestone') return value >= 1 ? 'done' : 'not yet';
  if (scale.kind === 'learning') return `${compact(scale.locale, value)} of ${scale.questionCount}`;
  return scale.unit === '%' ? `${compact(scale.locale, value)}%` : compact(scale.locale, value);
}

/*
 * Few elements, attributes in the stylesheet: a 200-objective report prints
 * 1,000 charts, and each element is laid out, painted and written into the
 * PDF on its own (bench/reportPdf.ts). The grid is one path; each tick label
 * carries only its place, its anchor comes from its class.
 */
function axes(model: TrendModel, scale: ValueScale, dates: DateWords): string {
  const { plot } = model;
  const grid = model.yTicks.map((t) => `M${plot.left} ${t.y}H${plot.right}`).join('');
  const yLabels = model.yTicks.map((t) => `<text class="trend__tick trend__tick--y" x="${plot.left - 6}" y="${t.y}">${esc(tickLabel(scale, t.value))}</text>`);
  const xLabels = model.xTicks.map((t, i) => {
    const place = i === 0 ? 'start' : i === model.xTicks.length - 1 ? 'end' : 'middle';
    return `<text class="trend__tick trend__tick--${place}" x="${t.x}" y="${plot.bottom + 17}">${esc(dates.day(t.label))}</text>`;
  });
  return `${grid ? `<path class="trend__grid" d="${grid}"/>` : ''}${line('trend__baseline', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom })}${yLabels.join('')}${xLabels.join('')}`;
}

function asOfMarker(model: TrendModel): string {
  if (model.asOfX === null) return '';
  const { plot } = model;
  const nearRightEdge = model.asOfX > plot.right - 40;
  const x = model.asOfX + (nearRightEdge ? -4 : 4);
  return `<path class="trend__as-of" d="M${model.asOfX} ${plot.top}V${plot.bottom}"/><text class="trend__as-of-label trend__tick--${nearRightEdge ? 'end' : 'start'}" x="${x}" y="${plot.top - 6}">as of</text>`;
}

/**
 * A check-in's dot: a round-capped stroke of no length, not a <circle>. On
 * screen they look alike; in a PDF a circle is a four-curve path with a fill
 * and a white ring, and a report of 20,000 check-ins printed 12.7 MB of them.
 * Its size (the confidence level) is its class's stroke width.
 */
const dotPath = (x: number, y: number) => `M${x} ${y}h0`;

/**
 * The check-ins as one path per confidence level (and one more per level for
 * those after the as-of day): the dots of a level share their colour and size,
 * so they need not be elements of their own. A dot has no tooltip: the
 * check-ins with their notes are in the CSV export.
 */
/** Bigger dots first, so a smaller one drawn on the same spot stays in sight. */
const DOT_ORDER = ['high', 'medium', 'low', 'none'] as const;

function points(model: TrendModel): string {
  const paths: string[] = [];
  for (const future of [false, true]) {
    for (const level of DOT_ORDER) {
      const dots = model.points.filter((p) => p.future === future && (p.confidenceLevel ?? 'none') === level).map((p) => dotPath(p.x, p.y));
      if (dots.length) paths.push(`<path class="trend__point trend__point--${level}${future ? ' trend__point--future' : ''}" d="${dots.join('')}"/>`);
    }
  }
  return paths.join('');
}

/** Which keys a set of charts needs in their shared legend. */
export interface LegendKeys {
  levels: ReadonlySet<'low' | 'medium' | 'high' | 'none'>;
  pace: boolean;
  threshold: boolean;
}


export function legendKeysOf(charts: readonly { model: TrendModel; scale: ValueScale }[]): LegendKeys {
  return {
    levels: new Set(charts.flatMap(({ model }) => model.points.map((p) => p.confidenceLevel ?? 'none'))),
    pace: charts.some(({ model }) => model.paceLine !== null),
    threshold: charts.some(({ model }) => model.thresholdLine !== null),
  };
}

const LEVEL_WORD = { low: 'low', medium: 'medium', high: 'high', none: 'none given' } as const;

/**
 * One legend for the charts that follow it (an objective's), in HTML: charts
 * drawn at print size have no room for one each, and a key repeated on every
 * chart is noise.
 */
export function trendLegendHtml(keys: LegendKeys): string {
  const dot = (level: keyof typeof LEVEL_WORD) =>
    `<span class="legend__key"><svg width="12" height="12" viewBox="-6 -6 12 12" aria-hidden="true"><path class="trend__point trend__point--${level}" d="${dotPath(0, 0)}"/></svg>${LEVEL_WORD[level]}</span>`;
  const levels = (['low', 'medium', 'high', 'none'] as const).filter((l) => keys.levels.has(l));
  const stroke = (cls: string, word: string) => `<span class="legend__key"><svg width="20" height="8" viewBox="0 0 20 8" aria-hidden="true"><line class="${cls}" x1="0" y1="4" x2="20" y2="4"/></svg>${word}</span>`;
  const parts = [
    levels.length ? `<span class="legend__group">Check-ins by confidence: ${levels.map(dot).join(' ')}</span>` : '',
    keys.pace ? stroke('trend__pace', 'pace line') : '',
    keys.threshold ? stroke('trend__threshold', 'threshold') : '',
  ].filter(Boolean);
  return parts.length ? `<p class="trend-legend">${parts.join(' ')}</p>` : '';
}

/**
 * Learning KRs climb one answered question at a time: like a milestone, the
 * count holds until the next check-in, so it is drawn as steps.
 */
function stepPath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => (i === 0 ? `M ${p.x} ${p.y}` : `L ${p.x} ${points[i - 1]!.y} L ${p.x} ${p.y}`)).join(' ');
}

function valuePaths(model: TrendModel, scale: ValueScale): { past: string; future: string } {
  if (scale.kind !== 'learning') return { past: model.valuePath, future: model.futurePath };
  const past = model.points.filter((p) => !p.future);
  const future = model.points.filter((p) => p.future);
  const last = past.at(-1);
  return { past: stepPath(past), future: stepPath(last && future.length ? [last, ...future] : future) };
}

/** A KR's check-ins over the cycle against its pace line or threshold, as an inline SVG image drawn at the size it prints. */
export function trendSvg(model: TrendModel, scale: ValueScale, label: string, dates: DateWords): string {
  const pace = model.paceLine;
  const paths = valuePaths(model, scale);
  const parts = [
    axes(model, scale, dates),
    pace ? line('trend__pace', pace) : '',
    model.thresholdLine ? line('trend__threshold', model.thresholdLine) : '',
    paths.future ? `<path class="trend__line trend__line--future" d="${esc(paths.future)}"/>` : '',
    paths.past ? `<path class="trend__line" d="${esc(paths.past)}"/>` : '',
    asOfMarker(model),
    points(model),
  ];
  return `<svg class="trend" role="img" aria-label="${esc(label)}" viewBox="0 0 ${model.width} ${model.height}" width="${model.width}" height="${model.height}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
