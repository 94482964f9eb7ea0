import { CalendarClock } from 'lucide-react';
import { useMemo } from 'react';
import { HEALTHS, HEALTH_LABEL, compareHealthWorstFirst } from '../../../shared/queries/health';
import type { GlanceObjective } from '../../../shared/queries/glance';
import { revealOnBoard } from '../../state/boardReveal';
import { useGlance } from '../../state/health';
import { SIGNAL_LABEL } from '../../state/signals';
import { useWorkspace } from '../../state/workspaceSession';
import { plural } from '../../ui/format';
import { HealthIcon } from './HealthBadge';
import './health.css';

/*
 * "At a glance", at the top of the OKRs view: key results by health, how many
 * check-ins are due this week (a link to the board filtered to them), each
 * open objective's progress and health, and the open signals that matter
 * most. The same numbers as the report (shared/queries/glance.ts).
 */

/** How many objective chips fit the panel; the worst come first when there are more. */
const MAX_OBJECTIVE_CHIPS = 12;

const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);

function scrollToObjective(id: string) {
  revealOnBoard({ objectiveId: id, block: 'start', focus: true });
}

function ObjectiveChip({ objective }: { objective: GlanceObjective }) {
  const { health } = objective.health;
  const name = objective.title || 'Untitled objective';
  const healthText = health === null ? 'no health yet' : HEALTH_LABEL[health];
  return (
    <li>
      <button
        type="button"
        className={`glance-chip ${health ? `glance-chip--${health}` : ''}`}
        onClick={() => scrollToObjective(objective.id)}
        title={objective.health.reasons.join(' ')}
      >
        {/* Named by what it shows (title, progress) and, for assistive technology, the health the icon stands for. */}
        {health && <HealthIcon health={health} />}
        <span className="glance-chip__title">{name}</span>{' '}
        <span className="glance-chip__progress">{percent(objective.progress)}</span>{' '}
        <span className="visually-hidden">{healthText}</span>
      </button>
    </li>
  );
}

export function GlancePanel() {
  const glance = useGlance();
  const workspaceId = useWorkspace((s) => s.workspaceId);
  // Sorted once per list of objectives, not on every render (2,000 in OKR-XL).
  const chips = useMemo(
    () =>
      glance.objectives.length > MAX_OBJECTIVE_CHIPS
        ? [...glance.objectives].sort((a, b) => compareHealthWorstFirst(a.health.health, b.health.health)).slice(0, MAX_OBJECTIVE_CHIPS)
        : glance.objectives,
    [glance.objectives],
  );
  const overdue = useMemo(() => glance.dueThisWeek.filter((d) => d.due.overdue).length, [glance.dueThisWeek]);
  if (glance.objectives.length === 0) return null;
  return (
    <section className="glance panel" aria-labelledby="glance-title">
      <h2 id="glance-title" className="glance__title">
        At a glance
      </h2>
      <div className="glance__row">
        <ul className="glance__counts" aria-label="Key results by health">
          {HEALTHS.map((health) => {
            const count = glance.keyResultsByHealth[health];
            // A zero is good news or no news: neutral, never in the colour of alarm.
            return (
              <li key={health} className={`health-count ${count === 0 ? 'health-count--none' : `health-count--${health}`}`}>
                <HealthIcon health={health} />
                <span className="health-count__n">{count}</span> {HEALTH_LABEL[health].toLowerCase()}
              </li>
            );
          })}
        </ul>
        <a className="glance__due" href={`#/w/${workspaceId ?? ''}?due=week`}>
          <CalendarClock aria-hidden="true" size={15} />
          {glance.dueThisWeek.length} due this week{overdue > 0 ? ` (${overdue} overdue)` : ''}
        </a>
      </div>
      <ul className="glance__objectives" aria-label="Objectives: progress and health">
        {chips.map((o) => (
          <ObjectiveChip key={o.id} objective={o} />
        ))}
      </ul>
      {glance.objectives.length > chips.length && (
        <p className="glance__more muted">
          The {MAX_OBJECTIVE_CHIPS} least healthy of {plural(glance.objectives.length, 'open objective')}.
        </p>
      )}
      {glance.topSignals.length > 0 && (
        <ol className="glance__signals" aria-label={`Open signals that matter most (${glance.topSignals.length} of ${glance.openSignalCount})`}>
          {glance.topSignals.map(({ signal, keyResultTitle }) => (
            <li key={signal.key}>
              <strong>{SIGNAL_LABEL[signal.kind]}</strong> · {keyResultTitle || 'Untitled key result'}: <span className="muted">{signal.explanation}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
