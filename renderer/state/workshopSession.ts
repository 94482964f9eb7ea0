import type * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { create } from 'zustand';
import { localContext } from '../../shared/commands/context';
import { markSessionStart } from '../../shared/commands/lifecycle';
import { IMPORT_ORIGIN } from '../../shared/origins';
import { PrivateWorkspaceError, assertShareable } from '../../shared/sync/privacy';
import { encodeInvite, newWorkshopCode, type RelayInvite } from '../../shared/sync/invite';
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
import { announceSessionEnd, dismissSessionNotice, withdrawLeftNotice } from './sessionNotice';
import { formatWhen } from '../ui/format';
import { browserNetwork, watchNetwork } from './networkPresence';

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
  /**
   * The browser says this computer has no network: the room is left (the
   * others stop seeing this person) and rejoined by itself when it is back;
   * `status` then reads offline and `peers` is empty.
   */
  networkDown: boolean;
  /** This laptop hosts the workshop (it called hostWorkshop): it is the facilitator. */
  isFacilitator: boolean;
  /**
   * The facilitator's participant id as the session's record names it, once
   * known (trustFacilitator): then only that laptop is followed and announced.
   */
  trustedFacilitatorId: string | null;
}

const NOT_IN_A_WORKSHOP = { workshop: null, status: null, peers: [], error: null, networkDown: false, isFacilitator: false, trustedFacilitatorId: null } as const;

export const useWorkshop = create<WorkshopState>(() => ({ ...NOT_IN_A_WORKSHOP, peers: [] }));

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

type Workshop = NonNullable<LibraryEntry['workshop']>;

/** The window's place in one workshop, kept while the network is down: left and rejoined with it. */
interface Room {
  workshop: Workshop;
  facilitator: boolean;
  /**
   * One awareness for the whole stay in the room, across rejoins (see
   * WorkshopOptions.awareness): destroyed when the room is left for good.
   */
  awareness: Awareness;
  stopWatchingNetwork: () => void;
}

let current: {
  id: string;
  doc: Y.Doc;
  room: Room | null;
  connection: WorkshopConnection | null;
  stop: (() => void) | null;
  stopListening: (() => void) | null;
} | null = null;

/** Told of each connection to a room, and of its end (null, just before it leaves): the facilitator's session (facilitation.ts) rides on it. */
type ConnectionListener = (connection: WorkshopConnection | null) => void;
const connectionListeners = new Set<ConnectionListener>();
export function onWorkshopConnection(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  if (current?.connection) listener(current.connection);
  return () => connectionListeners.delete(listener);
}

/**
 * Enters a workshop's room: connected now if this computer has a network,
 * otherwise as soon as it has one; left while the network is down.
 */
function enterRoom(workshop: Workshop, facilitator: boolean): void {
  if (!current) return;
  leaveRoom();
  const network = browserNetwork();
  const stopWatchingNetwork = network ? watchNetwork(network, (online) => (online ? rejoin() : pauseForNetwork())) : () => {};
  current.room = { workshop, facilitator, awareness: new Awareness(current.doc), stopWatchingNetwork };
  useWorkshop.setState({ workshop, error: null, isFacilitator: facilitator, networkDown: false });
  if (network && !network.navigator.onLine) return pauseForNetwork();
  try {
    connect(current.room);
  } catch (error) {
    // Refused (a journal, a second workspace in the same room): not in the room, nothing left watching.
    leaveRoom();
    useWorkshop.setState({ workshop: null, isFacilitator: false });
    throw error;
  }
}

/** Leaves the room for good (stopping to share, or another workspace opening). */
function leaveRoom(): void {
  const room = current?.room;
  if (!current || !room) return;
  room.stopWatchingNetwork();
  current.stop?.();
  current.stop = null;
  current.connection = null;
  current.room = null;
  room.awareness.destroy();
}

/** The network is gone: leave the room now (nothing could flow anyway), keep the place to come back to. */
function pauseForNetwork(): void {
  const room = current?.room;
  if (!current || !room) return;
  current.stop?.();
  current.stop = null;
  current.connection = null;
  // Whoever was here is not reachable now: nobody is shown, until the room is rejoined and they answer.
  const others = [...room.awareness.getStates().keys()].filter((clientId) => clientId !== room.awareness.clientID);
  removeAwarenessStates(room.awareness, others, 'network down');
  const lastSyncAt = useWorkshop.getState().status?.lastSyncAt ?? null;
  useWorkshop.setState({ networkDown: true, peers: [], status: { state: 'offline', peers: 0, signalingConnected: false, lastSyncAt } });
}

/** The network is back: rejoin the same room. What was typed meanwhile is in the document, and syncs. */
function rejoin(): void {
  const room = current?.room;
  if (!current || !room || current.connection) return;
  useWorkshop.setState({ networkDown: false });
  try {
    connect(room);
  } catch (error) {
    useWorkshop.setState({ error: (error as Error).message });
  }
}

function connect(room: Room): void {
  if (!current) return;
  const { workshop, facilitator, awareness } = room;
  // The facilitator hosts: in a large room everyone links to this laptop and it relays for all.
  const connection = connectWorkshop(current.doc, { ...workshopOptions(workshop), awareness, hub: facilitator });
  // Leaving a room clears this laptop's state (so the others see it leave); a rejoin starts it again.
  if (awareness.getLocalState() === null) awareness.setLocalState({});
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
  let listening = true;
  /**
   * Some peer is connected. With none, nobody is shown, whatever awareness
   * still remembers: y-protocols keeps a vanished laptop's state until its
   * 30 s timeout, and y-webrtc does not remove it when the link closes, so
   * the avatars would outlive the link (and the count, "Looking for peers").
   */
  let reachable = false;
  const readAll = () => {
    if (!listening) return;
    const before = useWorkshop.getState().peers;
    const peers = reachable ? readPeers(awareness.getStates(), awareness.clientID) : [];
    useWorkshop.setState({ peers });
    // The facilitator stopping or leaving is said in words to everyone else (issue 14).
    if (facilitator) return;
    const { trustedFacilitatorId } = useWorkshop.getState();
    const departure = facilitatorDeparture(before, peers, trustedFacilitatorId);
    if (departure) announceSessionEnd(departure.reason, departure.name);
    else if (facilitatorOf(peers, trustedFacilitatorId)) withdrawLeftNotice();
  };
  awareness.on('change', readAll);
  const offStatus = connection.onStatus((status) => {
    useWorkshop.setState({ status });
    if ((status.peers > 0) === reachable) return;
    reachable = status.peers > 0;
    readAll();
  });
  current.connection = connection;
  current.stopListening = () => {
    listening = false;
    awareness.off('change', readAll);
  };
  current.stop = () => {
    live = false;
    for (const listener of connectionListeners) listener(null);
    offName();
    offColour();
    offStatus();
    listening = false;
    awareness.off('change', readAll);
    clearTimeout(viewTimer);
    viewTimer = undefined;
    // Said while still connected, so the others see this person leave now (not after their 30 s timeout).
    awareness.setLocalState(null);
    connection.leave();
  };
  if (lastView) awareness.setLocalStateField('view', lastView);
  for (const listener of connectionListeners) listener(connection);
}

/** Called by the workspace session once a workspace is open. */
export function attachWorkshop(id: string, doc: Y.Doc): void {
  detachWorkshop();
  // A notice about another workspace's workshop is stale here.
  dismissSessionNotice();
  current = { id, doc, room: null, connection: null, stop: null, stopListening: null };
  const workshop = useLibrary.getState().entries.find((e) => e.id === id)?.workshop ?? null;
  if (workshop && useLibrary.getState().isJournal(id)) {
    // A journal never syncs, even if its library entry somehow names a room.
    useWorkshop.setState({ error: 'A personal journal is private: it is never shared or synced with anyone.' });
    return;
  }
  if (workshop) {
    try {
      enterRoom(workshop, hostsHere(id));
    } catch (error) {
      useWorkshop.setState({ error: (error as Error).message });
    }
  }
}

export function detachWorkshop(): void {
  leaveRoom();
  current = null;
  useWorkshop.setState({ ...NOT_IN_A_WORKSHOP, peers: [] });
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
  if (browserNetwork()?.navigator.onLine === false) throw new Error('This computer is offline: connect it to the local network (Wi-Fi or cable), then host the workshop.');
  const hosted = await getPlatform().hostWorkshop();
  // The team's own signaling servers (settings) travel in the invite too, so joiners can use them.
  const workshop = { code: newWorkshopCode(), signaling: signalingFor(hosted.signaling, useNetworkSettings.getState().settings).slice(0, 8) };
  useLibrary.getState().setWorkshop(current.id, workshop);
  rememberHosting(current.id, true);
  enterRoom(workshop, true);
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
  const room = current.room;
  const awareness = current.connection?.awareness;
  // No rejoining once stopped, whatever the network does during the grace period.
  room?.stopWatchingNetwork();
  current.room = null;
  const leave = () => {
    stop?.();
    room?.awareness.destroy();
  };
  if (useWorkshop.getState().isFacilitator && awareness && stop) {
    // Deaf from now on (the peers shown are gone at once), still heard for the grace period.
    current.stopListening?.();
    awareness.setLocalStateField('ending', 'stopped-sharing');
    setTimeout(leave, ENDING_GRACE_MS);
  } else leave();
  current.stop = null;
  current.connection = null;
  useLibrary.getState().setWorkshop(current.id, null);
  rememberHosting(current.id, false);
  useWorkshop.setState({ workshop: null, status: null, peers: [], isFacilitator: false, networkDown: false });
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

/** The invite to the open workspace: its room, and its relay when it has one (so a newcomer needs nobody else online). */
export function inviteText(workshop: NonNullable<LibraryEntry['workshop']>, title: string, relay?: RelayInvite | null): string {
  return encodeInvite(relay ? { code: workshop.code, signaling: workshop.signaling, title, relay } : { code: workshop.code, signaling: workshop.signaling, title });
}
