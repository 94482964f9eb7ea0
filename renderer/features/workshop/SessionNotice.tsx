import { useFacilitation } from '../../state/facilitation';
import { dismissSessionNotice, useSessionNotice } from '../../state/sessionNotice';

/**
 * The workshop ended under this person: the facilitator ended the session,
 * stopped sharing or left. Said in words, with what it means for their work,
 * and kept until they dismiss it (renderer/state/sessionNotice.ts). When the
 * facilitator ended the session, the session panel says so, and that outranks
 * the rest: their laptop stops sharing as the session ends, and the room may
 * hear that before the end record, so "stopped sharing" would be said beside
 * "ended the session", two notices for one event.
 */
export function SessionNotice() {
  const notice = useSessionNotice((s) => s.notice);
  const sessionEnded = useFacilitation((s) => s.endedNotice);
  if (!notice || sessionEnded) return null;
  return (
    <div className="banner banner--warning session-notice" role="alert">
      <p className="session-notice__text">{notice.text}</p>
      <button type="button" className="button button--small" onClick={dismissSessionNotice}>
        Dismiss
      </button>
    </div>
  );
}
