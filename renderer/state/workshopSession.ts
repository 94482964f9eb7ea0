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
import { colourOfName } from '../../shared/queries/people';
import { askForName, nameToSignWith, useIdentity } from './identity';
import { useLibrary } from './libraryStore';
import type { LibraryEntry } from './libraryIndex';

/*
 * The open workspace's place in a workshop: the connection, its honest status,
 * and who else is here (awareness, never the document).
 */

export interface PeerPresence {
  clientId: number;
  name: string;
  color: string;
  /** What they are editing: an objective or key result id and the field. */
  editing: { entityId: string; field: string } | null;
}

interface WorkshopState {
  workshop: LibraryEntry['workshop'];
  status: SyncStatus | null;
  peers: PeerPresence[];
  error: string | null;
}

export const useWorkshop = create<WorkshopState>(() => ({ workshop: null, status: null, peers: [], error: null }));

let current: { id: string; doc: Y.Doc; connection: WorkshopConnection | null; stop: (() => void) | null } | null = null;

/** Told of each connection to a room, and of its end (null, just before it leaves): the facilitator's session (facilitation.ts) rides on it. */
type ConnectionListener = (connection: WorkshopConnection | null) => void;
const connectionListeners = new Set<ConnectionListener>();
export function onWorkshopConnection(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  if (current?.connection) listener(current.connection);
  return () => connectionListeners.delete(listener);
}

function connect(workshop: NonNullable<LibraryEntry['workshop']>): void {
  if (!current) return;
  const connection = connectWorkshop(current.doc, workshopOptions(workshop));
  const { awareness } = connection;
  // The colour is the person's avatar colour (shared/queries/people.ts), so presence and owners agree.
  const showName = (name: string) => awareness.setLocalStateField('user', { name, color: colourOfName(name) });
  const { name } = useIdentity.getState();
  // No name yet (a device from before Cairn asked): ask, and stay unlisted until answered, never "Anonymous".
  if (name) showName(name);
  else void askForName('join');
  // A new name shows at once to the others.
  const offName = useIdentity.subscribe((state, previous) => {
    if (state.name && state.name !== previous.name) showName(state.name);
  });
  const readPeers = () => {
    const peers: PeerPresence[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
      if (!user || typeof user.name !== 'string') return;
      const editing = (state as { editing?: { entityId?: unknown; field?: unknown } }).editing;
      peers.push({
        clientId,
        name: user.name.slice(0, 80),
        color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#888888',
        editing: editing && typeof editing.entityId === 'string' && typeof editing.field === 'string' ? { entityId: editing.entityId, field: editing.field } : null,
      });
    });
    useWorkshop.setState({ peers: peers.sort((a, b) => a.clientId - b.clientId) });
  };
  awareness.on('change', readPeers);
  const offStatus = connection.onStatus((status) => useWorkshop.setState({ status }));
  current.connection = connection;
  current.stop = () => {
    for (const listener of connectionListeners) listener(null);
    offName();
    offStatus();
    awareness.off('change', readPeers);
    connection.leave();
  };
  useWorkshop.setState({ workshop, error: null });
  for (const listener of connectionListeners) listener(connection);
}

/** Called by the workspace session once a workspace is open. */
export function attachWorkshop(id: string, doc: Y.Doc): void {
  detachWorkshop();
  current = { id, doc, connection: null, stop: null };
  const workshop = useLibrary.getState().entries.find((e) => e.id === id)?.workshop ?? null;
  if (workshop && useLibrary.getState().isJournal(id)) {
    // A journal never syncs, even if its library entry somehow names a room.
    useWorkshop.setState({ error: 'A personal journal is private: it is never shared or synced with anyone.' });
    return;
  }
  if (workshop) {
    try {
      connect(workshop);
    } catch (error) {
      useWorkshop.setState({ error: (error as Error).message });
    }
  }
}

export function detachWorkshop(): void {
  current?.stop?.();
  current = null;
  useWorkshop.setState({ workshop: null, status: null, peers: [], error: null });
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
  connect(workshop);
  // Connected (connect throws otherwise): "What changed in this session" in the facilitator's report starts here.
  // Not undoable: it is a fact, not an edit.
  return markSessionStart({ ...localContext(current.doc, actor), origin: IMPORT_ORIGIN }, `Workshop, ${new Date().toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`);
}

/** Leaves the workshop; the workspace stays on this device with everything synced so far. */
export function stopSharing(): void {
  if (!current) return;
  current.stop?.();
  current.stop = null;
  current.connection = null;
  useLibrary.getState().setWorkshop(current.id, null);
  useWorkshop.setState({ workshop: null, status: null, peers: [] });
}

/** Tells the others what this person is editing (or nothing). */
export function setEditing(entityId: string | null, field = 'title'): void {
  current?.connection?.awareness.setLocalStateField('editing', entityId ? { entityId, field } : null);
}

export function inviteText(workshop: NonNullable<LibraryEntry['workshop']>, title: string): string {
  return encodeInvite({ code: workshop.code, signaling: workshop.signaling, title });
}
