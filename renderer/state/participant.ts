import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import { deviceGet, devicePut } from './deviceStore';

/*
 * This laptop's workshop signing key (shared/workshop/participantKey.ts),
 * made once and kept in the device store. The private key is a
 * non-extractable CryptoKey: script can sign with it but never read it out.
 * It is device-wide, not per workspace: the same person is the same
 * participant in every workshop on this laptop.
 */

const KEY_NAME = 'participant-key';

function isStoredKey(value: unknown): value is ParticipantKey {
  const key = value as Partial<ParticipantKey> | undefined;
  return !!key && typeof key.id === 'string' && !!key.publicJwk && typeof key.privateKey === 'object' && key.privateKey !== null;
}

let loading: Promise<ParticipantKey> | null = null;

async function loadOrCreate(): Promise<ParticipantKey> {
  try {
    const stored = await deviceGet(KEY_NAME);
    if (isStoredKey(stored)) return stored;
    const fresh = await newParticipantKey();
    await devicePut(KEY_NAME, fresh);
    return fresh;
  } catch (error) {
    // No IndexedDB (a locked-down profile): a key for this window only; votes still sign and verify.
    console.warn('[cairn] the participant key could not be stored; using one for this window', error);
    return newParticipantKey();
  }
}

/** This laptop's participant key, made on first use. */
export function localParticipant(): Promise<ParticipantKey> {
  loading ??= loadOrCreate().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
