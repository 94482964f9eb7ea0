/*
 * What this laptop keeps for itself and never syncs: the workshop signing key,
 * a participant's private drafts before the reveal, the nonces of committed
 * votes. One IndexedDB database apart from every workspace's, so nothing here
 * can reach a Y.Doc, an export or the network by accident. Values are stored
 * by structured clone (a non-extractable CryptoKey included).
 */

const DB_NAME = 'cairn-device';
const STORE = 'items';

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('This device store could not be opened.'));
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const request = body(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('This device store could not be read or written.'));
  });
}

/** The value kept under `key`, or undefined. Callers check its shape: the store is not typed. */
export function deviceGet(key: string): Promise<unknown> {
  return run('readonly', (store) => store.get(key) as IDBRequest<unknown>);
}

export async function devicePut(key: string, value: unknown): Promise<void> {
  await run('readwrite', (store) => store.put(value, key));
}

export async function deviceDelete(key: string): Promise<void> {
  await run('readwrite', (store) => store.delete(key));
}

/** Every key that starts with `prefix`, with its value (e.g. all drafts of one workspace). */
export async function deviceEntries(prefix: string): Promise<[string, unknown][]> {
  const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  const [keys, values] = await Promise.all([
    run('readonly', (store) => store.getAllKeys(range)),
    run('readonly', (store) => store.getAll(range) as IDBRequest<unknown[]>),
  ]);
  return keys.map((key, i) => [String(key), values[i]]);
}
