import { useEffect } from 'react';
import { DAY_MS, utcDateOf } from '../../../shared/dates';
import { dueThisWeek, ownedBy } from '../../../shared/reminders';
import { startClock, useClock } from '../../state/clock';
import { useIdentity } from '../../state/identity';
import { dueThisWeekHref } from '../../state/navigation';
import { refreshDueKeyResults, useDueKeyResults } from '../../state/reminders';
import { formatDay } from '../../ui/format';


/**
 * Your KRs due for a check-in within a week, across every workspace here:
 * the in-app reminder (browser mode has no desktop notifications).
 */
export function DueThisWeek() {
  const candidates = useDueKeyResults((s) => s.candidates);
  const name = useIdentity((s) => s.name);
  // Check-ins made in a workspace since the last read count as soon as the library shows.
  useEffect(() => void refreshDueKeyResults(), []);
  useEffect(() => startClock(), []);
  const now = useClock((s) => s.now);
  const due = candidates === null ? null : dueThisWeek(ownedBy(candidates, name), now);

  return (
    <section className="panel" aria-labelledby="due-heading">
      <h2 id="due-heading" className="panel__title">
        Due for a check-in this week{due && due.length > 0 ? <span className="muted"> ({due.length})</span> : null}
      </h2>
      {name.trim() === '' ? (
        <p className="muted">Add your name above: your key results are the ones you own, or whose objective you own when they have no owner.</p>
      ) : due === null ? (
        <p className="muted">Looking through your workspaces…</p>
      ) : due.length === 0 ? (
        <p className="muted">Nothing of yours is due for a check-in this week.</p>
      ) : (
        <ul className="due-list" aria-label="Your key results due this week">
          {due.map((kr) => (
            <li key={`${kr.workspaceId}/${kr.keyResultId}`}>
              <a href={dueThisWeekHref(kr.workspaceId)}>{kr.title || 'Untitled key result'}</a>{' '}
              <span className="muted">
                {kr.workspaceName} · {/* Overdue and the due day as the board writes them (docs/health.md): a whole day past the due day. */}
                {kr.dueAt + DAY_MS <= now ? `overdue since ${formatDay(utcDateOf(kr.dueAt))}` : `due ${formatDay(utcDateOf(kr.dueAt))}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
