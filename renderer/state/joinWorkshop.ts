import * as Y from 'yjs';
import { hasWorkspace, readMeta } from '../../shared/schema/read';
import { hasRoom, type Invite, type WorkshopInvite } from '../../shared/sync/invite';
import { PrivateWorkspaceError, isPrivate } from '../../shared/sync/privacy';
import { connectWorkshop } from '../../shared/sync/workshopConnection';
import { workshopOptions } from './networkSettings';
import { hasName, nameToSignWith } from './identity';
import { useLibrary } from './libraryStore';
import { rootMap } from '../../shared/schema/roots';
import { browserNetwork, watchNetwork } from './networkPresence';
import { RelayUnavailableError, joinThroughRelay } from './relaySession';

const JOIN_TIMEOUT_MS = 60_000;

/**
 * Joins a workshop from an invite: connects an empty document to the room,
 * waits until a peer has sent the workspace, then keeps it on this device (as
 * a new workspace, or merged into the copy we already have) and returns its id.
 */
export function joinWorkshop(invite: Invite, signal?: AbortSignal, options: JoinOptions = {}): Promise<string> {
  if (hasName()) return joinBy(invite, signal, options);
  // Asked before connecting: the others see this name in the room from the first moment.
  return nameToSignWith('join').then(() => {
    if (signal?.aborted) throw new Error('Joining was cancelled.');
    return joinBy(invite, signal, options);
  });
}

export interface JoinOptions {
  /** The person confirmed that a workspace already on this device, without a relay, takes the invite's relay (see RelayJoinCheck). */
  confirmedRelayForExisting?: boolean;
}

/** An invite that carries a relay is joined through it (the others may all be away); the room, if any, is kept for later. */
function joinBy(invite: Invite, signal: AbortSignal | undefined, options: JoinOptions): Promise<string> {
  const room = hasRoom(invite) ? { code: invite.code, signaling: invite.signaling } : null;
  if (invite.relay) {
    const through = joinThroughRelay(invite.relay, room, signal, options);
    // The relay out of reach or refusing: the room may still have someone in it (a refusal to take over a workspace here is final).
    if (!hasRoom(invite)) return through;
    return through.catch((error: unknown) => {
      if (!(error instanceof RelayUnavailableError) || signal?.aborted) throw error;
      return joinRoom(invite, signal);
    });
  }
  if (!hasRoom(invite)) return Promise.reject(new Error('This invite names neither a workshop nor a relay.'));
  return joinRoom(invite, signal);
}

const OFFLINE_MESSAGE = 'This computer is offline: connect it to the workshop’s network (Wi-Fi or cable), then join again.';

function joinRoom(invite: WorkshopInvite, signal?: AbortSignal): Promise<string> {
  // Offline, no one can answer: say so now rather than after a minute of waiting.
  const network = browserNetwork();
  if (network && !network.navigator.onLine) return Promise.reject(new Error(OFFLINE_MESSAGE));
  const doc = new Y.Doc();
  const connection = connectWorkshop(doc, workshopOptions(invite));
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, id?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      rootMap(doc, 'meta').unobserve(check);
      signal?.removeEventListener('abort', abort);
      stopWatchingNetwork();
      connection.leave();
      doc.destroy();
      if (error) reject(error);
      else resolve(id!);
    };
    const timer = setTimeout(
      () => finish(new Error('No one in this workshop answered within a minute. Check the address and code, and that the facilitator is hosting.')),
      JOIN_TIMEOUT_MS,
    );
    const abort = () => finish(new Error('Joining was cancelled.'));
    signal?.addEventListener('abort', abort);
    const stopWatchingNetwork = network ? watchNetwork(network, (online) => online || finish(new Error(OFFLINE_MESSAGE))) : () => {};
    let adopting = false;
    const check = () => {
      // Someone shared their journal (an old or modified app): keep no copy of it.
      if (isPrivate(doc)) return finish(new PrivateWorkspaceError('This workshop holds a personal journal; Cairn does not keep copies of journals.'));
      if (!hasWorkspace(doc) || adopting) return;
      const meta = readMeta(doc);
      adopting = true;
      const { id, title, kind, createdAt } = meta.value;
      const state = Y.encodeStateAsUpdate(doc);
      useLibrary
        .getState()
        .adoptWorkspace(id, state, { code: invite.code, signaling: invite.signaling }, { title, kind, createdAt })
        .then(
          () => finish(null, id),
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
        );
    };
    rootMap(doc, 'meta').observe(check);
  });
}
