import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import type { RelayLimits } from './relayLimits';

/*
 * Presence (Yjs awareness) costs the relay more than its size: Hocuspocus
 * keeps every awareness state for 30 s and sends each change to every
 * connection of the workspace. So an awareness message is read before
 * Hocuspocus applies it, and refused (never applied, never passed on) when it
 * is larger than a presence needs or would give one connection more awareness
 * clients than a provider has.
 */

export type AwarenessRefusal = 'awareness too large' | 'too many awareness clients' | 'malformed awareness';

interface AwarenessEntry {
  clientId: number;
  /** False for a null state, which removes the client. */
  hasState: boolean;
}

function awarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    entries.push({ clientId, hasState: decoding.readVarString(decoder) !== 'null' });
  }
  return entries;
}

/** The client ids an awareness update sets a state for (null states remove a client and are not counted). */
const clientsWithState = (update: Uint8Array): number[] => awarenessEntries(update).flatMap((entry) => (entry.hasState ? [entry.clientId] : []));

/** A Hocuspocus message's document name and, when it is an awareness message, its awareness update. */
function awarenessMessage(message: Uint8Array): { documentName: string; update: Uint8Array } | null {
  try {
    const decoder = decoding.createDecoder(message);
    const documentName = decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Awareness) return null;
    return { documentName, update: decoding.readVarUint8Array(decoder) };
  } catch {
    return null;
  }
}

/**
 * Why a Hocuspocus message must not be applied, when it is an awareness
 * message over the limits; null for anything else. `held`: the awareness
 * clients the sending connection already holds state for.
 */
export function awarenessRefusal(message: Uint8Array, held: ReadonlySet<number>, limits: RelayLimits): AwarenessRefusal | null {
  const decoder = decoding.createDecoder(message);
  try {
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Awareness) return null;
  } catch {
    return null; // not a message at all: the connection guard closes for those
  }
  if (message.byteLength > limits.maxAwarenessBytes) return 'awareness too large';
  let clients: number[];
  try {
    clients = clientsWithState(decoding.readVarUint8Array(decoder));
  } catch {
    return 'malformed awareness';
  }
  const after = new Set([...held, ...clients]);
  return after.size > limits.maxAwarenessClientsPerConnection ? 'too many awareness clients' : null;
}

/**
 * The presence each connection holds, per workspace, counted as its messages
 * are accepted, in arrival order. Hocuspocus's own count comes too late: ws
 * emits every frame of one TCP chunk at once, and Hocuspocus checks each
 * (beforeHandleMessage) only after microtasks, so frames sent back to back
 * would all be checked against the same state before any is applied.
 */
export interface PresenceTally {
  /** Counts a message the connection guard accepted on `socket`, before Hocuspocus handles it. */
  accepted(socket: object, message: Uint8Array): void;
  /**
   * Why `socket`'s presence for `documentName` went past a limit, once it has: every presence
   * message of that workspace on that socket is refused from then on, the one that broke it included.
   */
  refusal(socket: object, documentName: string): AwarenessRefusal | null;
}

interface HeldPresence {
  clients: Set<number>;
  refused: AwarenessRefusal | null;
}

export function createPresenceTally(limits: RelayLimits): PresenceTally {
  const bySocket = new WeakMap<object, Map<string, HeldPresence>>();
  const heldFor = (socket: object, documentName: string): HeldPresence => {
    let documents = bySocket.get(socket);
    if (!documents) bySocket.set(socket, (documents = new Map()));
    let held = documents.get(documentName);
    if (!held) documents.set(documentName, (held = { clients: new Set(), refused: null }));
    return held;
  };
  return {
    accepted(socket, message) {
      const awareness = awarenessMessage(message);
      if (awareness === null) return;
      const held = heldFor(socket, awareness.documentName);
      if (held.refused !== null) return;
      held.refused = awarenessRefusal(message, held.clients, limits);
      if (held.refused !== null) return;
      for (const { clientId, hasState } of awarenessEntries(awareness.update)) {
        if (hasState) held.clients.add(clientId);
        else held.clients.delete(clientId);
      }
    },
    refusal: (socket, documentName) => bySocket.get(socket)?.get(documentName)?.refused ?? null,
  };
}
