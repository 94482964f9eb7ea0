import * as Y from 'yjs';
import { create } from 'zustand';
import { hasWorkspace, readMeta } from '../../shared/schema/read';
import { rootMap } from '../../shared/schema/roots';
import type { RelayInvite } from '../../shared/sync/invite';
import { PrivateWorkspaceError, isPrivate } from '../../shared/sync/privacy';
import type { RelayConnection, RelayStatus, RelayTarget } from '../../shared/sync/relayConnection';
import { RELAY_REFUSED_MESSAGE, clearTextWarning, parseRelay, readStoredRelay, relayJoinCheck, relayStorageKey as storageKey, type RelayJoinCheck } from '../../shared/sync/relaySettings';
import { deviceDelete, deviceGet, devicePut } from './deviceStore';
import { useLibrary } from './libraryStore';

/*
 * The open workspace's path through a relay, beside the room: the relay's
 * address and token are kept on this device (the device store, never the
 * synced document: the token is a secret of this device's person), one per
 * workspace, and the connection runs while the workspace is open.
 */

interface RelayState {
  /** The open workspace's relay address (the token is not shown), or null. */
  url: string | null;
  status: RelayStatus | null;
  /** The address carries the workspace unencrypted over a network (ws:// to another host). */
  warning: string | null;
  error: string | null;
}

const NO_RELAY: RelayState = { url: null, status: null, warning: null, error: null };

export const useRelay = create<RelayState>(() => NO_RELAY);

export async function storedRelayOf(workspaceId: string): Promise<RelayTarget | null> {
  return readStoredRelay(await deviceGet(storageKey(workspaceId)));
}

interface Session {
  id: string;
  doc: Y.Doc;
  target: RelayTarget | null;
  connection: RelayConnection | null;
  offStatus: () => void;
}

let current: Session | null = null;

/*
 * The relay's connection module, and with it Hocuspocus's provider, is loaded
 * only when a workspace has a relay: most people have none, and the first
 * screen should not wait for it (test/e2e/startupBundle.test.ts).
 */
const loadRelayConnection = () => import('../../shared/sync/relayConnection');

async function connectCurrent(): Promise<void> {
  const session = current;
  const target = session?.target;
  if (!session || !target) return;
  try {
    const { connectRelay } = await loadRelayConnection();
    // Closed, or its relay changed or removed, while the module loaded: that change connects (or not) on its own.
    if (current !== session || session.target !== target || session.connection) return;
    const connection = connectRelay(session.doc, { ...target, workspaceId: session.id });
    session.connection = connection;
    session.offStatus = connection.onStatus((status) =>
      useRelay.setState({ status, error: status.state === 'refused' ? RELAY_REFUSED_MESSAGE : null }),
    );
  } catch (error) {
    if (current === session && session.target === target) useRelay.setState({ status: null, error: (error as Error).message });
  }
}

function disconnectCurrent(): void {
  if (!current) return;
  current.offStatus();
  current.offStatus = () => {};
  current.connection?.close();
  current.connection = null;
}

/** Called by the workspace session once a workspace is open: connects it to its relay, if it has one. */
export function attachRelay(id: string, doc: Y.Doc): void {
  detachRelay();
  const session: Session = { id, doc, target: null, connection: null, offStatus: () => {} };
  current = session;
  // A journal never connects, whatever the device store says; it is not even looked up.
  if (useLibrary.getState().isJournal(id) || isPrivate(doc)) return;
  storedRelayOf(id).then(
    (target) => {
      if (current !== session || !target) return;
      session.target = target;
      useRelay.setState({ url: target.url, warning: clearTextWarning(target.url), error: null });
      void connectCurrent();
    },
    (error: unknown) => console.warn('[cairn] the relay settings could not be read from this device', error),
  );
}

export function detachRelay(): void {
  disconnectCurrent();
  current = null;
  useRelay.setState(NO_RELAY, true);
}

/**
 * Connects the open workspace to a relay (as typed in Share… → Relay) and
 * keeps the address and token on this device. Returns the reason when the
 * input is not a relay; a refusal by the relay shows in the status.
 */
export async function setRelay(urlInput: string, tokenInput: string): Promise<{ error: string } | { warning: string | null }> {
  if (!current) return { error: 'No workspace is open.' };
  if (useLibrary.getState().isJournal(current.id) || isPrivate(current.doc)) {
    return { error: 'A personal journal is private: it is never shared or synced with anyone.' };
  }
  const parsed = parseRelay(urlInput, tokenInput);
  if (!parsed.ok) return { error: parsed.error };
  const session = current;
  await devicePut(storageKey(session.id), parsed.value);
  if (current !== session) return { warning: parsed.warning };
  disconnectCurrent();
  session.target = parsed.value;
  useRelay.setState({ url: parsed.value.url, warning: parsed.warning, error: null, status: null });
  void connectCurrent();
  return { warning: parsed.warning };
}

/** Disconnects the open workspace from its relay and forgets the address and token on this device. */
export async function removeRelay(): Promise<void> {
  if (!current) return;
  const session = current;
  disconnectCurrent();
  session.target = null;
  useRelay.setState(NO_RELAY, true);
  await deviceDelete(storageKey(session.id));
}

/** The open workspace's relay as an invite carries it, or null. */
export function relayInviteOfOpenWorkspace(): RelayInvite | null {
  return current?.target ? { ...current.target, workspaceId: current.id } : null;
}

const JOIN_TIMEOUT_MS = 60_000;

/** The relay could not give the workspace (out of reach, refused, or silent): an invite that names a room too joins that instead. */
export class RelayUnavailableError extends Error {}

/** What joining through this invite's relay would do to this device's copy, if it has one (see RelayJoinCheck). */
export async function relayJoinCheckOf(relay: RelayInvite): Promise<RelayJoinCheck> {
  const onDevice = useLibrary.getState().entries.some((entry) => entry.id === relay.workspaceId);
  return relayJoinCheck(onDevice, onDevice ? await storedRelayOf(relay.workspaceId) : null, relay);
}

/**
 * Joins a workspace from an invite that carries its relay: fetches it from
 * the relay into an empty document (nobody else needs to be online), keeps it
 * on this device, and keeps the relay for it. Returns the workspace id.
 * Nothing is sent when the workspace is already here through another relay,
 * or here without one and `confirmedRelayForExisting` is not set.
 */
export async function joinThroughRelay(
  relay: RelayInvite,
  room: { code: string; signaling: string[] } | null,
  signal?: AbortSignal,
  { confirmedRelayForExisting = false }: { confirmedRelayForExisting?: boolean } = {},
): Promise<string> {
  const check = await relayJoinCheckOf(relay);
  if (check.kind === 'conflict') throw new Error(check.message);
  if (check.kind === 'adopt' && !confirmedRelayForExisting) throw new Error(check.message);
  if (signal?.aborted) throw new Error('Joining was cancelled.');
  return fetchFromRelay(relay, room, check.kind !== 'same', signal);
}

async function fetchFromRelay(relay: RelayInvite, room: { code: string; signaling: string[] } | null, keepRelay: boolean, signal?: AbortSignal): Promise<string> {
  const { connectRelay } = await loadRelayConnection();
  if (signal?.aborted) throw new Error('Joining was cancelled.');
  const doc = new Y.Doc();
  const connection = connectRelay(doc, { url: relay.url, token: relay.token, workspaceId: relay.workspaceId });
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let adopting = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      offStatus();
      rootMap(doc, 'meta').unobserve(check);
      signal?.removeEventListener('abort', abort);
      connection.close();
      doc.destroy();
      if (error) reject(error);
      else resolve(relay.workspaceId);
    };
    const timer = setTimeout(() => finish(new RelayUnavailableError('The relay did not send the workspace within a minute. Check the relay’s address, and that it is running.')), JOIN_TIMEOUT_MS);
    const abort = () => finish(new Error('Joining was cancelled.'));
    signal?.addEventListener('abort', abort);
    const check = () => {
      if (isPrivate(doc)) return finish(new PrivateWorkspaceError('This relay holds a personal journal; Cairn does not keep copies of journals.'));
      if (adopting || connection.status().state !== 'live' || !hasWorkspace(doc)) return;
      const meta = readMeta(doc);
      if (meta.value.id !== relay.workspaceId) return finish(new Error('The relay sent another workspace than the invite names; nothing was kept.'));
      adopting = true;
      const { id, title, kind, createdAt } = meta.value;
      useLibrary
        .getState()
        .adoptWorkspace(id, Y.encodeStateAsUpdate(doc), room, { title, kind, createdAt })
        .then(() => (keepRelay ? devicePut(storageKey(id), { url: relay.url, token: relay.token }) : undefined))
        .then(
          () => finish(null),
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
        );
    };
    const offStatus = connection.onStatus((status) => {
      if (status.state === 'refused') return finish(new RelayUnavailableError(RELAY_REFUSED_MESSAGE));
      // Out of reach: with a room to join instead, waiting a minute for the relay helps no one.
      if (status.state === 'offline' && room) return finish(new RelayUnavailableError('The relay could not be reached.'));
      check();
    });
    rootMap(doc, 'meta').observe(check);
  });
}
