import { CalendarClock } from '../../ui/icons';
import type { CheckInDue } from '../../../shared/queries/checkInDue';

// Short enough to sit beside the health badge: "Thu, Dec 24" (the year is the cycle's).
const dueDayFormat = new Intl.DateTimeFormat([], { weekday: 'short', day: 'numeric', month: 'short' });

// A board shows a due day on every KR, most of them the same few days: each is written once.
const writtenDays = new Map<string, string>();

/** A YYYY-MM-DD day in the person's own calendar, written short. */
function shortDay(date: string): string {
  let written = writtenDays.get(date);
  if (written === undefined) {
    const [y, m, d] = date.split('-').map(Number);
    written = dueDayFormat.format(new Date(y!, m! - 1, d!));
    if (writtenDays.size > 1000) writtenDays.clear();
    writtenDays.set(date, written);
  }
  return written;
}

/** "Next check-in due Thu, Dec 24", or "Overdue since …" once the rhythm has passed (docs/health.md). */
export function CheckInDueText({ due }: { due: CheckInDue }) {
  const day = shortDay(due.due);
  return (
    <span className={`due ${due.overdue ? 'due--overdue' : ''}`}>
      <CalendarClock aria-hidden="true" size={13} />
      {due.overdue ? `Overdue since ${day}` : `Next check-in due ${day}`}
    </span>
  );
}
