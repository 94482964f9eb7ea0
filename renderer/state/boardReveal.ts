import { create } from 'zustand';

/*
 * Taking the board to an objective or key result. The board renders only the
 * objectives near the visible part of the page (a virtual list, see
 * docs/architecture.md, "The board"), so the card asked for may not be in the
 * page yet: a request names it, the list scrolls its slot into view, and the
 * element is then scrolled to exactly and focused once it is rendered.
 * Callers (the At a glance chips, following the facilitator) never reach into
 * the list.
 */

/** The board marks what it shows: an objective's card and a key result's row (also read by state/follow.ts). */
export const OBJECTIVE_ATTRIBUTE = 'data-objective-id';
export const KEY_RESULT_ATTRIBUTE = 'data-key-result-id';

export interface RevealRequest {
  objectiveId: string;
  /** A key result of that objective to bring into view instead of the card's top. */
  keyResultId?: string;
  block: ScrollLogicalPosition;
  /** Move keyboard focus to the card (not for following: it must not steal a participant's focus). */
  focus: boolean;
  nonce: number;
}

export const useBoardReveal = create<{ request: RevealRequest | null }>(() => ({ request: null }));

let nonce = 0;

/** Scrolls the board to an objective (or one of its key results), rendering it first if need be. */
export function revealOnBoard(target: Omit<RevealRequest, 'nonce'>): void {
  const request = { ...target, nonce: ++nonce };
  useBoardReveal.setState({ request });
  const selector = target.keyResultId
    ? `[${KEY_RESULT_ATTRIBUTE}="${CSS.escape(target.keyResultId)}"]`
    : `[${OBJECTIVE_ATTRIBUTE}="${CSS.escape(target.objectiveId)}"]`;
  scrollWhenShown(selector, request);
}

/** The list renders the card within a frame or two of scrolling to its slot: look for it for a few frames. */
function scrollWhenShown(selector: string, request: RevealRequest, framesLeft = 30): void {
  requestAnimationFrame(() => {
    // A newer request wins: the page goes where it was asked last.
    if (useBoardReveal.getState().request?.nonce !== request.nonce) return;
    const element = document.querySelector<HTMLElement>(selector);
    if (!element) {
      if (framesLeft > 0) scrollWhenShown(selector, request, framesLeft - 1);
      return;
    }
    element.scrollIntoView({ block: request.block });
    if (request.focus) {
      const card = element.closest<HTMLElement>(`[${OBJECTIVE_ATTRIBUTE}]`) ?? element;
      card.focus({ preventScroll: true });
    }
  });
}
