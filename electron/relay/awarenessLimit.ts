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

/** The client ids an awareness update sets a state for (null states remove a client and are not counted). */
function clientsWithState(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const clients: number[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    if (decoding.readVarString(decoder) !== 'null') clients.push(clientId);
  }
  return clients;
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
