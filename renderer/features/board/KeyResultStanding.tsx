import { HEALTH_LABEL } from '../../../shared/queries/health';
import { useCheckInDue, useKeyResultHealth } from '../../state/health';
import { formatDay } from '../../ui/format';

/**
 * The two at-a-glance facts of a compact KR row: its health (with the reasons
 * on hover and for screen readers) and when its next check-in is due.
 * Nothing for a KR that is not judged or not tracked.
 */
export function KeyResultStanding({ id, name }: { id: string; name: string }) {
  const verdict = useKeyResultHealth(id);
  const due = useCheckInDue(id);
  return (
    <div className="kr__standing">
      {verdict.health && (
        <span className={`health-badge health-badge--${verdict.health}`} title={verdict.reasons.join(' ')} aria-label={`Health of ${name}: ${HEALTH_LABEL[verdict.health]}. ${verdict.reasons.join(' ')}`}>
          {HEALTH_LABEL[verdict.health]}
        </span>
      )}
      {due && (
        <span className={`kr__due ${due.overdue ? 'kr__due--overdue' : ''}`} aria-label={`Next check-in of ${name}: ${due.overdue ? 'overdue since' : 'due'} ${formatDay(due.due)}`}>
          {due.overdue ? `Overdue ${formatDay(due.due)}` : `Due ${formatDay(due.due)}`}
        </span>
      )}
    </div>
  );
}
