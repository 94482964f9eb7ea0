import { create } from 'zustand';

/*
 * The words a participant reads when the workshop ends under them: the
 * facilitator ended the session (the session part calls announceSessionEnd
 * when the "ended" record arrives), stopped sharing, or left. Never just a
 * status pill changing colour: the notice says what happened and that
 * nothing is lost, and stays until the person dismisses it.
 */

export type SessionEndReason = 'ended' | 'stopped-sharing' | 'left';

export interface SessionNoticeContent {
  reason: SessionEndReason;
  /** The facilitator's name, when known. */
  name: string | null;
  text: string;
}

interface SessionNoticeState {
  notice: SessionNoticeContent | null;
}

export const useSessionNotice = create<SessionNoticeState>(() => ({ notice: null }));

const REASSURANCE = 'Your edits stay on this laptop and will merge when you meet again.';

/** The notice's words (exported for tests and for the report's wording). */
export function sessionEndText(reason: SessionEndReason, name: string | null): string {
  const who = name ? `The facilitator, ${name},` : 'The facilitator';
  const what = reason === 'ended' ? 'ended the session' : reason === 'stopped-sharing' ? 'stopped sharing' : 'left the workshop';
  return `${who} ${what}. ${REASSURANCE}`;
}

/** Shows the notice (once: the same reason again leaves it as it is; an end of session outranks the rest). */
export function announceSessionEnd(reason: SessionEndReason, name: string | null = null): void {
  const current = useSessionNotice.getState().notice;
  if (current && (current.reason === reason || current.reason === 'ended')) return;
  useSessionNotice.setState({ notice: { reason, name, text: sessionEndText(reason, name) } });
}

export function dismissSessionNotice(): void {
  useSessionNotice.setState({ notice: null });
}

/** The facilitator is in the room again (their laptop was offline a moment): "left the workshop" is no longer true. */
export function withdrawLeftNotice(): void {
  if (useSessionNotice.getState().notice?.reason === 'left') useSessionNotice.setState({ notice: null });
}
