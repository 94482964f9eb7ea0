import { CalendarClock } from 'lucide-react';
import type { CheckInDue } from '../../../shared/queries/checkInDue';
import { formatDay } from '../../ui/format';

/** "Next check-in due Mon, 14 December 2026", or "Overdue since …" once the rhythm has passed (docs/health.md). */
export function CheckInDueText({ due }: { due: CheckInDue }) {
  const day = formatDay(due.due);
  return (
    <span className={`due ${due.overdue ? 'due--overdue' : ''}`}>
      <CalendarClock aria-hidden="true" size={13} />
      {due.overdue ? `Overdue since ${day}` : `Next check-in due ${day}`}
    </span>
  );
}
