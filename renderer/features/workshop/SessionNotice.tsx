import { dismissSessionNotice, useSessionNotice } from '../../state/sessionNotice';

/**
 * The workshop ended under this person: the facilitator ended the session,
 * stopped sharing or left. Said in words, with what it means for their work,
 * and kept until they dismiss it (renderer/state/sessionNotice.ts).
 */
export function SessionNotice() {
  const notice = useSessionNotice((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="banner banner--warning session-notice" role="alert">
      <p className="session-notice__text">{notice.text}</p>
      <button type="button" className="button button--small" onClick={dismissSessionNotice}>
        Dismiss
      </button>
    </div>
  );
}
