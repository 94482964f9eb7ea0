import { create } from 'zustand';
import type { PresenceView } from '../../shared/workshop/presence';
import { INITIAL_FOLLOW, followStep, type FollowState } from '../../shared/workshop/follow';
import { parseRoute, replaceWorkspaceQuery, subscribeToRoute } from './navigation';
import { bringEveryoneHere, publishView, selectFacilitator, useWorkshop } from './workshopSession';
import { useToasts } from './toasts';
import { KEY_RESULT_ATTRIBUTE, OBJECTIVE_ATTRIBUTE, revealOnBoard } from './boardReveal';

/*
 * Follow the facilitator (issue 14). Every laptop in a workshop publishes
 * where it is looking (the tab, and the objective and key result that hold
 * its focus); a participant follows the facilitator's view by default, and
 * leaves with one click, or by going somewhere or editing something itself.
 * The facilitator can bring everyone to its view once, followers or not.
 * What to do is decided in shared/workshop/follow.ts; this module only reads
 * the page and moves it.
 *
 * The board marks what it shows with data attributes, the contract between
 * this module and the board (the attributes in state/boardReveal.ts): `data-objective-id` on an objective's card and
 * `data-key-result-id` on a key result's row.
 */


interface FollowStore {
  follow: FollowState;
  /** A key result the follow opened: its row expands (the nonce opens it again when asked again). */
  reveal: { keyResultId: string; nonce: number } | null;
}

export const useFollow = create<FollowStore>(() => ({ follow: INITIAL_FOLLOW, reveal: null }));

/** The tab shown when the URL names none (the first tab of a shared workspace). */
const DEFAULT_TAB = 'okrs';

let focused: { objectiveId: string | null; keyResultId: string | null } = { objectiveId: null, keyResultId: null };
let revealNonce = 0;

function currentTab(): string | null {
  const route = parseRoute(window.location.hash);
  if (route.name !== 'workspace') return null;
  return new URLSearchParams(route.query).get('tab') ?? DEFAULT_TAB;
}

/** Where this person is looking now, or null outside a workspace. */
export function ownView(): PresenceView | null {
  const tab = currentTab();
  return tab ? { tab, ...focused } : null;
}

function inWorkshop(): boolean {
  return useWorkshop.getState().workshop !== null;
}

function facilitator() {
  return selectFacilitator(useWorkshop.getState());
}

/** Takes this page to a view: the tab in the URL, the objective scrolled into view, the key result opened. */
function moveTo(view: PresenceView): void {
  moving = true;
  try {
    replaceWorkspaceQuery((params) => {
      if (view.tab === DEFAULT_TAB) params.delete('tab');
      else params.set('tab', view.tab);
    });
  } finally {
    moving = false;
  }
  lastTab = view.tab;
  focused = { objectiveId: view.objectiveId, keyResultId: view.keyResultId };
  if (view.keyResultId) useFollow.setState({ reveal: { keyResultId: view.keyResultId, nonce: ++revealNonce } });
  // Centred: the workspace header is sticky and would hide the top of the page. Focus stays where the participant has it.
  if (view.objectiveId) revealOnBoard({ objectiveId: view.objectiveId, keyResultId: view.keyResultId ?? undefined, block: 'center', focus: false });
  publishView(view);
}

/** Runs one follow step against the latest awareness. */
function step(): void {
  const { isFacilitator } = useWorkshop.getState();
  if (!inWorkshop() || isFacilitator) return;
  const result = followStep(useFollow.getState().follow, facilitator(), ownView());
  if (result.state !== useFollow.getState().follow) useFollow.setState({ follow: result.state });
  if (result.move) moveTo(result.move);
  if (result.notice) useToasts.getState().push({ message: result.notice, tone: 'info' });
}

function setFollowing(following: boolean): void {
  const { follow } = useFollow.getState();
  if (follow.following !== following) useFollow.setState({ follow: { ...follow, following } });
}

/** "Stop": this person looks around on their own. */
export function stopFollowing(): void {
  setFollowing(false);
}

/** "Follow <name>": back to the facilitator's view at once. */
export function followAgain(): void {
  setFollowing(true);
  step();
}

/** The person chose a view themselves (a tab): following ends, as the chip then says. */
export function noteOwnNavigation(): void {
  if (facilitator()) stopFollowing();
}

/** The person started editing a field: being moved away mid-sentence would lose their place. */
export function noteOwnEditing(): void {
  if (facilitator()) stopFollowing();
}

/** The facilitator's "Bring everyone here": its current view. */
export function bringEveryoneToMyView(): void {
  const view = ownView();
  if (view) bringEveryoneHere(view);
}

function publishOwnView(): void {
  const view = ownView();
  if (view) publishView(view);
}

function onFocusIn(event: FocusEvent): void {
  const target = event.target;
  if (!(target instanceof Element)) return;
  // Focus outside any objective (the toolbar, a dialog) leaves the view where it was.
  const card = target.closest(`[${OBJECTIVE_ATTRIBUTE}]`);
  if (!card) return;
  const next = { objectiveId: card.getAttribute(OBJECTIVE_ATTRIBUTE), keyResultId: target.closest(`[${KEY_RESULT_ATTRIBUTE}]`)?.getAttribute(KEY_RESULT_ATTRIBUTE) ?? null };
  if (next.objectiveId === focused.objectiveId && next.keyResultId === focused.keyResultId) return;
  focused = next;
  publishOwnView();
}

let lastTab: string | null = null;
/** Set while a follow moves the page, so its route change is not taken for the person's own. */
let moving = false;

function onRouteChange(): void {
  const tab = currentTab();
  if (moving || tab === lastTab) return;
  lastTab = tab;
  // The person went to another view themselves (a tab, a link): they look around on their own now.
  noteOwnNavigation();
  // Another tab shows none of the objective that had the focus.
  focused = { objectiveId: null, keyResultId: null };
  publishOwnView();
}

/**
 * Starts publishing this window's view and following, for the open
 * workspace; returns the stop. Mounted once by the workspace shell.
 */
export function startPresence(): () => void {
  focused = { objectiveId: null, keyResultId: null };
  lastTab = currentTab();
  useFollow.setState({ follow: INITIAL_FOLLOW, reveal: null });
  document.addEventListener('focusin', onFocusIn);
  const offRoute = subscribeToRoute(onRouteChange);
  const offWorkshop = useWorkshop.subscribe((state, previous) => {
    // A new workshop (joined or hosted): a participant follows by default again.
    if (state.workshop !== previous.workshop) {
      useFollow.setState({ follow: INITIAL_FOLLOW });
      if (state.workshop) publishOwnView();
    }
    if (state.peers !== previous.peers) step();
  });
  publishOwnView();
  step();
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    offRoute();
    offWorkshop();
  };
}
