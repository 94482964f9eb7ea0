import { formatKeyResultValue, formatPercent, formatReportTime, type ValueScale } from '../queries/report';
import type { DateWords } from '../dateWords';
import type { TrendModel, TrendPoint } from '../queries/trend';
import { esc } from './htmlEscape';

/*
 * Inline SVG. The trend chart is drawn from trendModel like the app's
 * TrendChart (renderer/features/workspace/TrendChart.tsx): grid and ticks,
 * pace or threshold line, the value path, the as-of marker, one dot per
 * check-in sized by confidence, a legend. Numbers come from the model, text
 * is escaped.
 */

const RADIUS = { low: 3.5, medium: 4.5, high: 5.5, none: 3.5 } as const;
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
  return scale.unit === '%' ? `${compact(scale.locale, value)}%` : compact(scale.locale, value);
}

function axes(model: TrendModel, scale: ValueScale, dates: DateWords): string {
  const { plot } = model;
  const yTicks = model.yTicks.map(
    (t) => `${line('trend__grid', { x1: plot.left, y1: t.y, x2: plot.right, y2: t.y })}<text class="trend__tick" x="${plot.left - 6}" y="${t.y}" text-anchor="end" dominant-baseline="middle">${esc(tickLabel(scale, t.value))}</text>`,
  );
  const xTicks = model.xTicks.map((t, i) => {
    const anchor = i === 0 ? 'start' : i === model.xTicks.length - 1 ? 'end' : 'middle';
    return `<text class="trend__tick" x="${t.x}" y="${plot.bottom + 15}" text-anchor="${anchor}">${esc(dates.day(t.label))}</text>`;
  });
  return `<g class="trend__axis">${yTicks.join('')}${line('trend__baseline', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom })}${xTicks.join('')}</g>`;
}

function asOfMarker(model: TrendModel): string {
  if (model.asOfX === null) return '';
  const { plot } = model;
  const nearRightEdge = model.asOfX > plot.right - 40;
  const x = model.asOfX + (nearRightEdge ? -4 : 4);
  return `<g class="trend__as-of">${line('', { x1: model.asOfX, y1: plot.top, x2: model.asOfX, y2: plot.bottom })}<text x="${x}" y="${plot.top + 8}" text-anchor="${nearRightEdge ? 'end' : 'start'}">as of</text></g>`;
}

function pointTitle(point: TrendPoint, scale: ValueScale, dates: DateWords): string {
  const confidence = point.confidence === null ? 'no confidence given' : `confidence ${point.confidence}/10 (${point.confidenceLevel})`;
  const note = point.note.trim() ? `: ${point.note.trim()}` : '';
  const later = point.future ? ' (after the as-of date)' : '';
  return `${formatReportTime(point.at, dates)} — ${formatKeyResultValue(scale, point.value)}, ${confidence}${note} — ${point.author}${later}`;
}

function points(model: TrendModel, scale: ValueScale, dates: DateWords): string {
  return model.points
    .map((p) => {
      const level = p.confidenceLevel ?? 'none';
      return `<circle class="trend__point trend__point--${level}${p.future ? ' trend__point--future' : ''}" cx="${p.x}" cy="${p.y}" r="${RADIUS[level]}"><title>${esc(pointTitle(p, scale, dates))}</title></circle>`;
    })
    .join('');
}

function legend(model: TrendModel): string {
  const levels = ([['low', 70], ['medium', 114], ['high', 178]] as const).map(
    ([level, offset]) => `<g transform="translate(${offset} 0)"><circle class="trend__point trend__point--${level}" cx="0" cy="0" r="${RADIUS[level]}"/><text class="trend__tick" x="9" y="0" dominant-baseline="middle">${level}</text></g>`,
  );
  const reference = model.paceLine || model.thresholdLine;
  const referenceKey = reference
    ? `<g transform="translate(232 0)">${line(model.paceLine ? 'trend__pace' : 'trend__threshold', { x1: 0, y1: 0, x2: 18, y2: 0 })}<text class="trend__tick" x="23" y="0" dominant-baseline="middle">${model.paceLine ? 'pace' : 'threshold'}</text></g>`
    : '';
  return `<g class="trend__legend" transform="translate(${model.plot.left} 12)"><text class="trend__tick" x="0" y="0" dominant-baseline="middle">Confidence</text>${levels.join('')}${referenceKey}</g>`;
}

/** A KR's check-ins over the cycle against its pace line or threshold, as an inline SVG image. */
export function trendSvg(model: TrendModel, scale: ValueScale, label: string, dates: DateWords): string {
  const parts = [
    axes(model, scale, dates),
    model.paceLine ? line('trend__pace', model.paceLine) : '',
    model.thresholdLine ? line('trend__threshold', model.thresholdLine) : '',
    model.futurePath ? `<path class="trend__line trend__line--future" d="${esc(model.futurePath)}"/>` : '',
    model.valuePath ? `<path class="trend__line" d="${esc(model.valuePath)}"/>` : '',
    asOfMarker(model),
    points(model, scale, dates),
    legend(model),
  ];
  return `<svg class="trend" role="img" aria-label="${esc(label)}" viewBox="0 0 ${model.width} ${model.height}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
