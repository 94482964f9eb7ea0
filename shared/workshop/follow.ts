import type { PeerPresence, PresenceView } from './presence';

/*
 * Following the facilitator, as a pure step: given what this laptop knows
 * (following or not, the last "bring everyone here" it obeyed) and the
 * facilitator's latest awareness, where to move and what to say. The renderer
 * (renderer/state/follow.ts) applies the move; deciding lives here so it is
 * tested without a browser.
 */

export interface FollowState {
  following: boolean;
  /** Per facilitator participant id: the last bringHere seq seen (obeyed or there before we arrived). */
  seenBringHere: Readonly<Record<string, number>>;
}

export const INITIAL_FOLLOW: FollowState = { following: true, seenBringHere: {} };

export interface FollowStep {
  state: FollowState;
  /** Where to take this person's view, or null to stay. */
  move: PresenceView | null;
  /** Words for a small notice, or null. */
  notice: string | null;
}

export function sameView(a: PresenceView | null, b: PresenceView | null): boolean {
  return !!a && !!b && a.tab === b.tab && a.objectiveId === b.objectiveId && a.keyResultId === b.keyResultId;
}

/**
 * One step. A "bring everyone here" moves this person once, following or not,
 * and says who did it; one that was already published when this laptop first
 * saw the facilitator is history, not a request. Otherwise a follower goes
 * where the facilitator is; someone who stopped following stays.
 */
export function followStep(state: FollowState, facilitator: PeerPresence | null, own: PresenceView | null): FollowStep {
  if (!facilitator?.participantId) return { state, move: null, notice: null };
  const fid = facilitator.participantId;
  const bring = facilitator.bringHere;
  const seen = state.seenBringHere[fid];
  if (seen === undefined) {
    // First sight of this facilitator: what it asked before we arrived is history.
    return followStep({ ...state, seenBringHere: { ...state.seenBringHere, [fid]: bring?.seq ?? 0 } }, facilitator, own);
  }
  if (bring && bring.seq > seen) {
    const next = { ...state, seenBringHere: { ...state.seenBringHere, [fid]: bring.seq } };
    return { state: next, move: sameView(bring.view, own) ? null : bring.view, notice: `${facilitator.name} brought everyone here` };
  }
  if (!state.following || !facilitator.view || sameView(facilitator.view, own)) return { state, move: null, notice: null };
  return { state, move: facilitator.view, notice: null };
}
