import { useMemo } from 'react';
import { trendModel, type TrendInput, type TrendModel, type TrendPoint } from '../../../shared/queries/trend';
import type { KeyResult } from '../../../shared/schema/types';
import { formatDay, formatNumber, formatWhen, plural, unitOf, withUnit } from '../../ui/format';

/** What the chart shows; it draws at a fixed size of its own. */
type TrendChartProps = Omit<TrendInput, 'width' | 'height'>;

// A fixed drawing size; the SVG scales to its container's width.
const WIDTH = 560;
const HEIGHT = 200;
const RADIUS = { low: 3.5, medium: 4.5, high: 5.5, none: 3.5 } as const;
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });

/** A KR's check-ins over the cycle, against its pace line or threshold. */
export function TrendChart({ keyResult: kr, history, questionCount, cycleStart, cycleEnd, asOf }: TrendChartProps) {
  const model = useMemo(
    () => trendModel({ keyResult: kr, history, questionCount, cycleStart, cycleEnd, asOf, width: WIDTH, height: HEIGHT }),
    [kr, history, questionCount, cycleStart, cycleEnd, asOf],
  );
  const { plot } = model;
  const valueText = (value: number) => describeValue(kr, value, questionCount);
  const nearRightEdge = model.asOfX !== null && model.asOfX > plot.right - 40;

  return (
    <svg className="trend" role="img" aria-label={summary(kr, model, valueText)} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" preserveAspectRatio="xMidYMid meet">
      <g className="trend__axis">
        {model.yTicks.map((tick) => (
          <g key={tick.value}>
            <line className="trend__grid" x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
            <text className="trend__tick" x={plot.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
              {tickLabel(kr, tick.value)}
            </text>
          </g>
        ))}
        <line className="trend__baseline" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        {model.xTicks.map((tick, i) => (
          <text
            key={tick.at}
            className="trend__tick"
            x={tick.x}
            y={plot.bottom + 15}
            textAnchor={i === 0 ? 'start' : i === model.xTicks.length - 1 ? 'end' : 'middle'}
          >
            {formatDay(tick.label)}
          </text>
        ))}
      </g>
      {model.paceLine && <line className="trend__pace" {...segment(model.paceLine)} />}
      {model.thresholdLine && <line className="trend__threshold" {...segment(model.thresholdLine)} />}
      {model.futurePath && <path className="trend__line trend__line--future" d={model.futurePath} />}
      {model.valuePath && <path className="trend__line" d={model.valuePath} />}
      {model.asOfX !== null && (
        <g className="trend__as-of">
          <line x1={model.asOfX} x2={model.asOfX} y1={plot.top} y2={plot.bottom} />
          {/* Inside the plot, beside the line: the legend takes the space above it. */}
          <text x={model.asOfX + (nearRightEdge ? -4 : 4)} y={plot.top + 8} textAnchor={nearRightEdge ? 'end' : 'start'}>
            as of
          </text>
        </g>
      )}
      {model.points.map((point) => (
        <circle
          key={point.id}
          className={`trend__point trend__point--${point.confidenceLevel ?? 'none'}${point.future ? ' trend__point--future' : ''}`}
          cx={point.x}
          cy={point.y}
          r={RADIUS[point.confidenceLevel ?? 'none']}
        >
          <title>{tooltip(point, valueText)}</title>
        </circle>
      ))}
      <Legend x={plot.left} y={12} model={model} />
    </svg>
  );
}

function Legend({ x, y, model }: { x: number; y: number; model: TrendModel }) {
  // Offsets fit the 10px labels: "Confidence", then each level, then the line sample.
  const levels = [
    ['low', 70],
    ['medium', 114],
    ['high', 178],
  ] as const;
  return (
    <g className="trend__legend" transform={`translate(${x} ${y})`}>
      <text className="trend__tick" x={0} y={0} dominantBaseline="middle">
        Confidence
      </text>
      {levels.map(([level, offset]) => (
        <g key={level} transform={`translate(${offset} 0)`}>
          <circle className={`trend__point trend__point--${level}`} cx={0} cy={0} r={RADIUS[level]} />
          <text className="trend__tick" x={9} y={0} dominantBaseline="middle">
            {level}
          </text>
        </g>
      ))}
      {(model.paceLine || model.thresholdLine) && (
        <g transform="translate(232 0)">
          <line className={model.paceLine ? 'trend__pace' : 'trend__threshold'} x1={0} x2={18} y1={0} y2={0} />
          <text className="trend__tick" x={23} y={0} dominantBaseline="middle">
            {model.paceLine ? 'pace' : 'threshold'}
          </text>
        </g>
      )}
    </g>
  );
}

const segment = (s: { x1: number; y1: number; x2: number; y2: number }) => ({ x1: s.x1, y1: s.y1, x2: s.x2, y2: s.y2 });

/** A value as people read it: with its unit, "done" for milestones, "n of m answered" for learning KRs. */
function describeValue(kr: KeyResult, value: number, questionCount: number): string {
  if (kr.kind === 'milestone') return value >= 1 ? 'done' : 'not done';
  if (kr.kind === 'learning') return `${formatNumber(value)} of ${questionCount} answered`;
  return withUnit(value, unitOf(kr));
}

function tickLabel(kr: KeyResult, value: number): string {
  if (kr.kind === 'milestone') return value >= 1 ? 'done' : 'not yet';
  return unitOf(kr) === '%' ? `${compactFormat.format(value)}%` : compactFormat.format(value);
}

function tooltip(point: TrendPoint, valueText: (value: number) => string): string {
  const confidence = point.confidence === null ? 'no confidence given' : `confidence ${point.confidence}/10 (${point.confidenceLevel})`;
  const note = point.note.trim() ? `: ${point.note.trim()}` : '';
  const author = point.author ? ` — ${point.author}` : '';
  const later = point.future ? ' (after the as-of date)' : '';
  return `${formatWhen(point.at)} — ${valueText(point.value)}, ${confidence}${note}${author}${later}`;
}

function summary(kr: KeyResult, model: TrendModel, valueText: (value: number) => string): string {
  const name = kr.title || 'Untitled key result';
  const past = model.points.filter((p) => !p.future);
  const later = model.points.length - past.length;
  const latest = past[past.length - 1];
  const parts = [
    latest ? `${plural(past.length, 'check-in')}, latest ${valueText(latest.value)}` : 'no check-ins yet',
  ];
  if (later) parts.push(`${later} more after the as-of date`);
  if (model.paceLine) {
    const [start, , end] = model.xTicks;
    parts.push(`pace line from ${valueText(model.paceLine.from)}${start ? ` on ${formatDay(start.label)}` : ''} to ${valueText(model.paceLine.to)}${end ? ` on ${formatDay(end.label)}` : ''}`);
  }
  if (model.thresholdLine && kr.kind === 'metric') {
    parts.push(`${kr.direction === 'stayAbove' ? 'must stay at or above' : 'must stay at or below'} ${valueText(model.thresholdLine.value)}`);
  }
  return `Trend of ${name}: ${parts.join(', ')}`;
}
