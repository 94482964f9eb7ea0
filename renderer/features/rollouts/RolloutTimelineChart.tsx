import { formatDay } from '../../ui/format';
import { rolloutTimeline } from '../../../shared/queries/rollouts';
import type { ReadinessGate, RolloutPlan, Stage } from '../../../shared/schema/rollouts';
import type { WorkspaceMeta } from '../../../shared/schema/types';

const WIDTH = 760;
const LABEL = 170;
const ROW = 34;
const TOP = 24;

/**
 * The most plans the chart draws: a screenful and a half of rows. Beyond that a
 * timeline is no longer read (and every row is drawn at once, an SVG is not a
 * virtual list); the note under it says how many are left out and the filter
 * above picks the ones to draw.
 */
export const TIMELINE_ROWS = 40;

/** The rollout plans (those the filter shows) across the cycle: stages as bars, readiness gates as markers. */
export function RolloutTimelineChart({ plans, stages, gates, cycle }: { plans: readonly RolloutPlan[]; stages: Stage[]; gates: ReadinessGate[]; cycle: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'> }) {
  const drawn = plans.slice(0, TIMELINE_ROWS);
  const left = plans.length - drawn.length;
  const timeline = rolloutTimeline(drawn, stages, gates, cycle);
  const plot = WIDTH - LABEL - 10;
  const height = TOP + timeline.rows.length * ROW + 8;
  const x = (fraction: number) => LABEL + fraction * plot;
  return (
    <section aria-label="Rollout timeline" className="work-panel">
      <h2 className="section-title">Timeline</h2>
      <svg className="rollout-timeline" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={`Rollout timeline from ${formatDay(timeline.cycleStart)} to ${formatDay(timeline.cycleEnd)}: ${timeline.rows.map((r) => `${r.plan.title}, ${r.bars.length} stages dated`).join('; ')}`}>
        <text x={LABEL} y={14} className="rollout-timeline__axis">
          {formatDay(timeline.cycleStart)}
        </text>
        <text x={WIDTH - 10} y={14} textAnchor="end" className="rollout-timeline__axis">
          {formatDay(timeline.cycleEnd)}
        </text>
        {timeline.rows.map((row, i) => {
          const y = TOP + i * ROW;
          return (
            <g key={row.plan.id} data-plan={row.plan.title}>
              <text x={0} y={y + 18} className="rollout-timeline__label">
                {(row.plan.title || 'Untitled feature').slice(0, 24)}
              </text>
              <line x1={LABEL} x2={WIDTH - 10} y1={y + 14} y2={y + 14} className="rollout-timeline__track" />
              {row.bars.map((bar) => (
                <rect
                  key={bar.stage.id}
                  x={x(bar.x0)}
                  y={y + 6}
                  width={Math.max(2, x(bar.x1) - x(bar.x0))}
                  height={16}
                  rx={3}
                  className={`rollout-timeline__bar rollout-timeline__bar--${bar.stage.kind} ${bar.tentative ? 'rollout-timeline__bar--tentative' : ''}`}
                >
                  <title>{`${bar.stage.name}: ${formatDay(bar.from)} to ${bar.endsAfterCycle ? 'after the cycle' : formatDay(bar.to)} (${bar.stage.status}${bar.tentative ? ', planned' : ''})`}</title>
                </rect>
              ))}
              {row.markers.map((m) => (
                <path key={m.gate.id} d={`M ${x(m.x)} ${y + 2} l 5 5 l -5 5 l -5 -5 z`} className={`rollout-timeline__gate ${m.due ? 'rollout-timeline__gate--due' : ''}`}>
                  <title>{`${m.gate.name}: ${m.due ? 'open, due' : 'done'} ${formatDay(m.date)}`}</title>
                </path>
              ))}
            </g>
          );
        })}
      </svg>
      {left > 0 && (
        <p className="muted rollout-timeline__more">
          {left === 1 ? '1 more plan is' : `${left} more plans are`} not drawn: the first {TIMELINE_ROWS} are. Filter the rollout plans to draw others.
        </p>
      )}
      <p className="muted">Bars: internal, early access, general availability (faded while only planned). Diamonds: readiness gates (hollow while open).</p>
    </section>
  );
}
