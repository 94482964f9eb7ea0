import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';

/*
 * This laptop's workshop signing key (shared/workshop/participantKey.ts),
 * made once and kept in IndexedDB. The private key is a non-extractable
 * CryptoKey: IndexedDB stores it by structured clone, script can sign with it
 * but never read it out. It is device-wide, not per workspace: the same
 * person is the same participant in every workshop on this laptop.
 */

const DB_NAME = 'cairn-device';
const STORE = 'keys';
const KEY_NAME = 'participant';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = body(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });
}

function isStoredKey(value: unknown): value is ParticipantKey {
  const key = value as Partial<ParticipantKey> | undefined;
  return !!key && typeof key.id === 'string' && !!key.publicJwk && typeof key.privateKey === 'object' && key.privateKey !== null;
}

let loading: Promise<ParticipantKey> | null = null;

async function loadOrCreate(): Promise<ParticipantKey> {
  let db: IDBDatabase | null = null;
  try {
    db = await openDb();
    const stored = await run(db, 'readonly', (store) => store.get(KEY_NAME) as IDBRequest<unknown>);
    if (isStoredKey(stored)) return stored;
    const fresh = await newParticipantKey();
    await run(db, 'readwrite', (store) => store.put(fresh, KEY_NAME));
    return fresh;
  } catch (error) {
    // No IndexedDB (a locked-down profile): a key for this window only; votes still sign and verify.
    console.warn('[cairn] the participant key could not be stored; using one for this window', error);
    return newParticipantKey();
  } finally {
    db?.close();
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
