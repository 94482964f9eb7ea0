import { HEALTH_LABEL } from '../../../shared/queries/health';
import { useCheckInDue, useKeyResultHealth } from '../../state/health';
import { formatDay } from '../../ui/format';

/** A compact row has room for "Dec 14", not the full "Mon, 14 December 2026" (the full day is in its accessible name). */
const shortDay = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short' });
function formatShortDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return shortDay.format(new Date(y!, m! - 1, d!));
}

/**
 * The two at-a-glance facts of a compact KR row: its health (with the reasons
 * on hover and for screen readers) and when its next check-in is due.
 * Nothing for a KR that is not judged or not tracked.
 */
export function KeyResultStanding({ id }: { id: string }) {
  const verdict = useKeyResultHealth(id);
  const due = useCheckInDue(id);
  return (
    <div className="kr__standing">
      {verdict.health && (
        <span className={`health-badge health-badge--${verdict.health}`} title={verdict.reasons.join(' ')}>
          {HEALTH_LABEL[verdict.health]}
          <span className="visually-hidden">. {verdict.reasons.join(' ')}</span>
        </span>
      )}
      {due && (
        <span className={`kr__due ${due.overdue ? 'kr__due--overdue' : ''}`} title={`Next check-in: ${formatDay(due.due)}`}>
          {due.overdue ? `Overdue since ${formatShortDay(due.due)}` : `Check in by ${formatShortDay(due.due)}`}
        </span>
      )}
    </div>
  );
}
