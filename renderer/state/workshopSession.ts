import type * as Y from 'yjs';
import { create } from 'zustand';
import { localContext } from '../../shared/commands/context';
import { markSessionStart } from '../../shared/commands/lifecycle';
import { IMPORT_ORIGIN } from '../../shared/origins';
import { PrivateWorkspaceError, assertShareable } from '../../shared/sync/privacy';
import { encodeInvite, newWorkshopCode } from '../../shared/sync/invite';
import { getPlatform } from '../platform';
import { connectWorkshop, type SyncStatus, type WorkshopConnection } from '../../shared/sync/workshopConnection';
import { useNetworkSettings, workshopOptions } from './networkSettings';
import { signalingFor } from '../../shared/sync/networkSettings';
import { selectPersonColour } from './people';
import { useWorkspace } from './workspaceSession';
import { askForName, nameToSignWith, useIdentity } from './identity';
import { useLibrary } from './libraryStore';
import type { LibraryEntry } from './libraryIndex';
import { facilitatorDeparture, facilitatorOf, readPeers, type PeerPresence, type PresenceView } from '../../shared/workshop/presence';
import { localParticipant } from './participant';
import { announceSessionEnd, dismissSessionNotice } from './sessionNotice';
import { formatWhen } from '../ui/format';

/*
 * The open workspace's place in a workshop: the connection, its honest status,
 * and who else is here (awareness, never the document).
 */

export type { PeerPresence } from '../../shared/workshop/presence';

interface WorkshopState {
  workshop: LibraryEntry['workshop'];
  status: SyncStatus | null;
  /** Everyone else here, read and validated from awareness (shared/workshop/presence.ts). */
  peers: PeerPresence[];
  error: string | null;
  /** This laptop hosts the workshop (it called hostWorkshop): it is the facilitator. */
  isFacilitator: boolean;
  /**
   * The facilitator's participant id as the session's record names it, once
   * known (trustFacilitator): then only that laptop is followed and announced.
   */
  trustedFacilitatorId: string | null;
}

export const useWorkshop = create<WorkshopState>(() => ({ workshop: null, status: null, peers: [], error: null, isFacilitator: false, trustedFacilitatorId: null }));

/*
 * Whether this laptop hosts the open workspace's workshop, kept for the
 * browser tab's life (sessionStorage) so a reload of the facilitator's window
 * stays the facilitator. Local only: it never leaves the laptop.
 */
const hostingKey = (workspaceId: string) => `cairn:hosting:${workspaceId}`;
function hostsHere(workspaceId: string): boolean {
  try {
    return sessionStorage.getItem(hostingKey(workspaceId)) === '1';
  } catch {
    return false;
  }
}
function rememberHosting(workspaceId: string, hosting: boolean): void {
  try {
    if (hosting) sessionStorage.setItem(hostingKey(workspaceId), '1');
    else sessionStorage.removeItem(hostingKey(workspaceId));
  } catch {
    // No session storage: the role lasts until the window reloads.
  }
}

/** How long the facilitator's "I am stopping" has to reach the others before the room is left. */
const ENDING_GRACE_MS = 600;
/** The view is published at most this often (focus moves fast; the others need only where it settles). */
const VIEW_THROTTLE_MS = 200;

let current: { id: string; doc: Y.Doc; connection: WorkshopConnection | null; stop: (() => void) | null; stopListening: (() => void) | null } | null = null;

/** Told of each connection to a room, and of its end (null, just before it leaves): the facilitator's session (facilitation.ts) rides on it. */
type ConnectionListener = (connection: WorkshopConnection | null) => void;
const connectionListeners = new Set<ConnectionListener>();
export function onWorkshopConnection(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  if (current?.connection) listener(current.connection);
  return () => connectionListeners.delete(listener);
}

function connect(workshop: NonNullable<LibraryEntry['workshop']>, facilitator: boolean): void {
  if (!current) return;
  const connection = connectWorkshop(current.doc, workshopOptions(workshop));
  const { awareness } = connection;
  // The colour is the person's avatar colour in this workspace (renderer/state/people.ts), so presence and owners
  // agree; it changes when someone new joins the workspace's people, and is shown again then.
  let shown: { name: string; color: string } | null = null;
  const showName = (name: string) => {
    shown = { name, color: selectPersonColour(useWorkspace.getState(), name) };
    awareness.setLocalStateField('user', shown);
  };
  const offColour = useWorkspace.subscribe((state) => {
    if (shown && selectPersonColour(state, shown.name) !== shown.color) showName(shown.name);
  });
  const { name } = useIdentity.getState();
  // No name yet (a device from before Cairn asked): ask, and stay unlisted until answered, never "Anonymous".
  if (name) showName(name);
  else void askForName('join');
  // A new name shows at once to the others.
  const offName = useIdentity.subscribe((state, previous) => {
    if (state.name && state.name !== previous.name) showName(state.name);
  });
  let live = true;
  // Who this laptop is, so a facilitator's window that reloads (a new awareness client) is still the same person.
  localParticipant().then(
    (key) => live && awareness.setLocalStateField('participant', { id: key.id, facilitator }),
    (error: unknown) => console.warn('[cairn] no participant key: following and field presence still work by name', error),
  );
  const readAll = () => {
    const before = useWorkshop.getState().peers;
    const peers = readPeers(awareness.getStates(), awareness.clientID);
    useWorkshop.setState({ peers });
    // The facilitator stopping or leaving is said in words to everyone else (issue 14).
    const departure = facilitator ? null : facilitatorDeparture(before, peers, useWorkshop.getState().trustedFacilitatorId);
    if (departure) announceSessionEnd(departure.reason, departure.name);
  };
  awareness.on('change', readAll);
  const offStatus = connection.onStatus((status) => useWorkshop.setState({ status }));
  current.connection = connection;
  current.stopListening = () => awareness.off('change', readAll);
  current.stop = () => {
    live = false;
    for (const listener of connectionListeners) listener(null);
    offName();
    offColour();
    offStatus();
    awareness.off('change', readAll);
    clearTimeout(viewTimer);
    viewTimer = undefined;
    connection.leave();
  };
  useWorkshop.setState({ workshop, error: null, isFacilitator: facilitator });
  if (lastView) awareness.setLocalStateField('view', lastView);
  for (const listener of connectionListeners) listener(connection);
}

/** Called by the workspace session once a workspace is open. */
export function attachWorkshop(id: string, doc: Y.Doc): void {
  detachWorkshop();
  // A notice about another workspace's workshop is stale here.
  dismissSessionNotice();
  current = { id, doc, connection: null, stop: null, stopListening: null };
  const workshop = useLibrary.getState().entries.find((e) => e.id === id)?.workshop ?? null;
  if (workshop && useLibrary.getState().isJournal(id)) {
    // A journal never syncs, even if its library entry somehow names a room.
    useWorkshop.setState({ error: 'A personal journal is private: it is never shared or synced with anyone.' });
    return;
  }
  if (workshop) {
    try {
      connect(workshop, hostsHere(id));
    } catch (error) {
      useWorkshop.setState({ error: (error as Error).message });
    }
  }
}

export function detachWorkshop(): void {
  current?.stop?.();
  current = null;
  useWorkshop.setState({ workshop: null, status: null, peers: [], error: null, isFacilitator: false, trustedFacilitatorId: null });
}

/** Throws unless the open workspace may be hosted (one is open, and it is not a journal). */
function refuseToHost(): void {
  if (!current) throw new Error('No workspace is open.');
  assertShareable(current.doc);
  if (useLibrary.getState().isJournal(current.id)) throw new PrivateWorkspaceError('A personal journal is private: it is never shared or synced with anyone.');
}

/** Hosts the open workspace: a signaling server here, a fresh code, and we join the room. Returns the session's checkpoint id. */
export async function hostWorkshop(): Promise<string> {
  refuseToHost();
  // Asked before anything starts: the session start is signed with it, and the others see it.
  const actor = await nameToSignWith('join');
  refuseToHost();
  if (!current) throw new Error('No workspace is open.');
  const hosted = await getPlatform().hostWorkshop();
  // The team's own signaling servers (settings) travel in the invite too, so joiners can use them.
  const workshop = { code: newWorkshopCode(), signaling: signalingFor(hosted.signaling, useNetworkSettings.getState().settings).slice(0, 8) };
  useLibrary.getState().setWorkshop(current.id, workshop);
  rememberHosting(current.id, true);
  connect(workshop, true);
  // Connected (connect throws otherwise): "What changed in this session" in the facilitator's report starts here.
  // Not undoable: it is a fact, not an edit.
  return markSessionStart({ ...localContext(current.doc, actor), origin: IMPORT_ORIGIN }, `Workshop, ${formatWhen(Date.now())}`);
}

/**
 * Leaves the workshop; the workspace stays on this device with everything
 * synced so far. The facilitator first says it is stopping (awareness
 * `ending`), so the others are told in words, then leaves a moment later
 * (leaving sends the removal of its awareness state too).
 */
export function stopSharing(): void {
  if (!current) return;
  const stop = current.stop;
  const awareness = current.connection?.awareness;
  if (useWorkshop.getState().isFacilitator && awareness && stop) {
    // Deaf from now on (the peers shown are gone at once), still heard for the grace period.
    current.stopListening?.();
    awareness.setLocalStateField('ending', 'stopped-sharing');
    setTimeout(stop, ENDING_GRACE_MS);
  } else stop?.();
  current.stop = null;
  current.connection = null;
  useLibrary.getState().setWorkshop(current.id, null);
  rememberHosting(current.id, false);
  useWorkshop.setState({ workshop: null, status: null, peers: [], isFacilitator: false });
}

/**
 * Awareness is not signed: any laptop with the code can claim to facilitate.
 * The session part, which records the facilitator's participant id in the
 * document (signed), calls this so that only that laptop leads.
 */
export function trustFacilitator(participantId: string | null): void {
  useWorkshop.setState({ trustedFacilitatorId: participantId });
}

/** The facilitator to follow among the peers (see facilitatorOf). */
export function selectFacilitator(state: Pick<WorkshopState, 'peers' | 'trustedFacilitatorId'>): PeerPresence | null {
  return facilitatorOf(state.peers, state.trustedFacilitatorId);
}

/** Tells the others what this person is editing: an entity's field, or nothing. */
export function setEditing(entityId: string | null, field = 'title'): void {
  current?.connection?.awareness.setLocalStateField('editing', entityId ? { entityId, field } : null);
}

let lastView: PresenceView | null = null;
let viewTimer: ReturnType<typeof setTimeout> | undefined;

/** Tells the others where this person is looking (throttled; the latest view always goes out). */
export function publishView(view: PresenceView): void {
  lastView = view;
  if (viewTimer !== undefined) return;
  const send = () => current?.connection?.awareness.setLocalStateField('view', lastView);
  send();
  viewTimer = setTimeout(() => {
    viewTimer = undefined;
    send();
  }, VIEW_THROTTLE_MS);
}

let lastBringSeq = 0;

/**
 * The facilitator asks everyone to come to its view, once. The seq only grows,
 * across reloads too (it starts from the clock; only this laptop's own values
 * are ever compared with it), so a participant obeys each request once.
 */
export function bringEveryoneHere(view: PresenceView): void {
  const awareness = current?.connection?.awareness;
  if (!awareness || !useWorkshop.getState().isFacilitator) return;
  lastBringSeq = Math.max(lastBringSeq + 1, Date.now());
  awareness.setLocalStateField('bringHere', { seq: lastBringSeq, view });
}

export function inviteText(workshop: NonNullable<LibraryEntry['workshop']>, title: string): string {
  return encodeInvite({ code: workshop.code, signaling: workshop.signaling, title });
}
