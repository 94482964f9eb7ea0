import * as Y from 'yjs';

/*
 * A workspace's Y.Doc kept in IndexedDB with the public IndexedDB API, in the
 * database layout y-indexeddb uses (an auto-increment `updates` store of Yjs
 * updates and a `custom` store), so every existing user's data opens as it
 * is. Owned here rather than through y-indexeddb because a reload must not
 * lose the last keystroke: each update is written in its own transaction that
 * is committed at once (`commit()`), and the caller can await the moment the
 * transaction is durable ("Saved").
 */

const UPDATES = 'updates';
const CUSTOM = 'custom';

/** Stored rows after which the updates are folded into one (y-indexeddb's figure). */
export const COMPACT_AFTER_ROWS = 500;

export interface DocPersistence {
  /** Resolves once every update the document made so far is committed to IndexedDB; rejects if one could not be. */
  whenStored(): Promise<void>;
  /** Stops writing, lets the queued writes finish, and closes the database. */
  destroy(): Promise<void>;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    // A failed request names the cause (a full disk: QuotaExceededError) before the transaction does.
    transaction.onerror = (event) => reject((event.target as IDBRequest | null)?.error ?? transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction was aborted'));
  });
}

/** Opens (creating if new) a workspace database with y-indexeddb's stores. */
export function openUpdatesDatabase(name: string): Promise<IDBDatabase> {
  return openCreating(name).then(({ db }) => db);
}

/** Opens a workspace database, and says whether this open created it (it did not exist before). */
function openCreating(name: string): Promise<{ db: IDBDatabase; created: boolean }> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    let created = false;
    request.onupgradeneeded = (event) => {
      created = event.oldVersion === 0;
      const db = request.result;
      if (!db.objectStoreNames.contains(UPDATES)) db.createObjectStore(UPDATES, { autoIncrement: true });
      if (!db.objectStoreNames.contains(CUSTOM)) db.createObjectStore(CUSTOM);
    };
    request.onsuccess = () => resolve({ db: request.result, created });
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB database ${name} could not be opened`));
    request.onblocked = () => reject(new Error(`IndexedDB database ${name} is blocked by another tab`));
  });
}

/*
 * Opening early. The first IndexedDB request of a page starts the browser's
 * IndexedDB back end (measured 20–180 ms in Chromium on 2 cores), and a new
 * database is created on first open: both were on the path of an open, after
 * the file's decode (a file opened from the chooser) or after the first render
 * (a reload on a workspace). A connection opened early, while that work runs,
 * is taken by the next persist of the same database; one never taken is closed
 * (and the database deleted if the early open created it), so a refused file
 * leaves nothing behind.
 */
interface EarlyOpen {
  opened: Promise<{ db: IDBDatabase; created: boolean }>;
  taken: boolean;
  /** Its number among the uses of its database (early opens and persists): see `lastUse`. */
  use: number;
}
const earlyOpens = new Map<string, EarlyOpen>();
/**
 * The latest use of each database, early open or persist. A release deletes
 * the database its early open created only if nothing used that database
 * after it: a persist that opened it meanwhile (another file of the same new
 * workspace, opened at the same time) holds rows there.
 */
const lastUse = new Map<string, number>();
let uses = 0;
const used = (name: string) => {
  lastUse.set(name, ++uses);
  return uses;
};
/** An early connection not taken within this long is given back (the open it was for went elsewhere). */
const EARLY_OPEN_KEPT_MS = 15_000;

/**
 * Starts opening the database `name` now, for a persist of it that is about
 * to follow. `release` gives the connection back if that persist never comes
 * (a refused file): closed, and the database deleted if this open created it
 * and nothing has used it since.
 */
export function openDatabaseEarly(name: string): { release: () => Promise<void> } {
  const existing = earlyOpens.get(name);
  if (existing) return { release: () => releaseEarly(name, existing) };
  const early: EarlyOpen = { opened: openCreating(name), taken: false, use: used(name) };
  early.opened.then(
    ({ db }) => {
      // Not taken yet, it gives way to a deletion or an upgrade of the database rather than hold it up.
      db.onversionchange = () => {
        if (early.taken) return;
        db.close();
        if (earlyOpens.get(name) === early) earlyOpens.delete(name);
      };
    },
    () => {
      // The persist opens it again and says why it failed.
      if (earlyOpens.get(name) === early) earlyOpens.delete(name);
    },
  );
  earlyOpens.set(name, early);
  setTimeout(() => void releaseEarly(name, early), EARLY_OPEN_KEPT_MS);
  return { release: () => releaseEarly(name, early) };
}

async function releaseEarly(name: string, early: EarlyOpen): Promise<void> {
  if (early.taken || earlyOpens.get(name) !== early) return;
  earlyOpens.delete(name);
  const opened = await early.opened.catch(() => null);
  if (!opened) return;
  opened.db.close();
  // Checked and asked in one go: an open of this database after this point waits behind the deletion.
  if (opened.created && lastUse.get(name) === early.use) {
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
}

/** The early connection to `name` if one was started, else a new one. */
async function connect(name: string): Promise<IDBDatabase> {
  used(name);
  const early = earlyOpens.get(name);
  if (early) {
    early.taken = true;
    earlyOpens.delete(name);
    const opened = await early.opened.catch(() => null);
    if (opened) return opened.db;
  }
  return openUpdatesDatabase(name);
}

/**
 * Replaces every stored row with one update of the whole document, in the
 * transaction given (so atomically). Transactions on one store run in the
 * order they were made, so every row cleared is already in the document, and
 * rows of later transactions come after.
 */
function replaceWithWholeState(store: IDBObjectStore, doc: Y.Doc): void {
  store.clear();
  try {
    store.add(Y.encodeStateAsUpdate(doc));
  } catch (error) {
    // A write refused at once must not leave the clear to commit alone: the rows stay.
    store.transaction.abort();
    throw error;
  }
}

/** Applies stored updates to `doc` as `origin`, in one transaction (one round of observers). */
function applyStored(doc: Y.Doc, updates: unknown[], origin: object): void {
  Y.transact(
    doc,
    () => {
      for (const update of updates) Y.applyUpdate(doc, update as Uint8Array);
    },
    origin,
    false,
  );
}

/** The rows a database holds once loaded, and why storing failed if it did while loading. */
interface Loaded {
  rows: number;
  failure?: Error;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Applies every stored update to `doc` (as `origin`), compacting when the rows pile up; returns the row count. */
async function loadInto(db: IDBDatabase, doc: Y.Doc, origin: object): Promise<Loaded> {
  const transaction = db.transaction([UPDATES], 'readwrite');
  const done = transactionDone(transaction);
  const store = transaction.objectStore(UPDATES);
  const updates = await requestResult(store.getAll());
  performance.mark('cairn:workspace-read');
  applyStored(doc, updates, origin);
  const compact = updates.length >= COMPACT_AFTER_ROWS;
  try {
    if (compact) replaceWithWholeState(store, doc);
    await done;
  } catch (error) {
    // Compacting needs room a full disk does not have. Every row was read and the transaction rolled
    // back, so the document is whole: it opens, with storing failed (the session turns read-only).
    if (!compact) throw error;
    done.catch(() => {});
    return { rows: updates.length, failure: asError(error) };
  }
  return { rows: compact ? 1 : updates.length };
}

/**
 * Stores `update`, which `doc` already holds (decoded from a file), as one
 * row as it came: no second decode, no encoding of the whole state again.
 * Rows the database held already (a workspace known here before) are merged
 * into `doc`. Returns the row count once the row is committed.
 */
async function storeDecoded(db: IDBDatabase, doc: Y.Doc, update: Uint8Array, origin: object): Promise<number> {
  const transaction = db.transaction([UPDATES], 'readwrite');
  const done = transactionDone(transaction);
  const store = transaction.objectStore(UPDATES);
  const updates = await requestResult(store.getAll());
  applyStored(doc, updates, origin);
  store.add(update);
  transaction.commit();
  await done;
  return updates.length + 1;
}

async function openAnd(name: string, first: (db: IDBDatabase, origin: object) => Promise<Loaded>, doc: Y.Doc): Promise<DocPersistence> {
  const db = await connect(name);
  const origin = {};
  try {
    const { rows, failure } = await first(db, origin);
    return keepStored(db, doc, origin, rows, failure);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Loads the document from the database `name` and keeps every later update
 * stored. Resolves once the stored state is in `doc`.
 */
export function persistDoc(name: string, doc: Y.Doc): Promise<DocPersistence> {
  return openAnd(name, (db, origin) => loadInto(db, doc, origin), doc);
}

/**
 * Keeps a document decoded from `update` (a file just opened) in the
 * database `name`, starting now: the document can be shown at once while the
 * update is stored as it is (merged with what the database held), and every
 * later update of `doc` after it, edits made in the meantime included.
 * `whenStored` resolves once the update and those edits are committed.
 */
export function persistDecodedDoc(name: string, doc: Y.Doc, update: Uint8Array): DocPersistence {
  const origin = {};
  const meanwhile: Uint8Array[] = [];
  const hold = (edit: Uint8Array, editOrigin: unknown) => {
    if (editOrigin !== origin) meanwhile.push(edit);
  };
  doc.on('update', hold);
  const kept = (async () => {
    const db = await connect(name);
    try {
      const rows = await storeDecoded(db, doc, update, origin);
      doc.off('update', hold);
      const persistence = keepStored(db, doc, origin, rows);
      // Edits made while the file's row was being stored follow it, as one row.
      if (meanwhile.length) persistence.store(Y.mergeUpdates(meanwhile));
      return persistence;
    } catch (error) {
      doc.off('update', hold);
      db.close();
      throw error;
    }
  })();
  return {
    whenStored: () => kept.then((persistence) => persistence.whenStored()),
    async destroy() {
      doc.off('update', hold);
      await kept.then(
        (persistence) => persistence.destroy(),
        () => {},
      );
    },
  };
}

/** Writes each update of `doc` made from now on, the database holding `rows` rows. */
function keepStored(db: IDBDatabase, doc: Y.Doc, origin: object, storedRows: number, failure?: Error): DocPersistence & { store: (update: Uint8Array) => void } {
  let rows = storedRows;
  // A failure while loading is reported by whenStored until a write succeeds.
  let stored: Promise<void> = failure ? Promise.reject(failure) : Promise.resolve();
  stored.catch(() => {});
  let failed = failure !== undefined;
  let destroyed = false;
  // Writes are numbered. A failed write is healed only by a whole-state write
  // made after it (which holds its update) that succeeds; until then every
  // whenStored rejects, even when a later row write succeeded: two updates in
  // one task (a multi-transaction command, a remote batch) would otherwise let
  // the second's success hide the first's missing row.
  let writes = 0;
  let lastFailed = failure ? 0 : -1;
  let lastFailure: Error | undefined = failure;
  let healedThrough = -1;
  const unhealed = () => lastFailed > healedThrough;

  /** Writes one row, or the whole state as one row; says which. */
  const writeRow = (update: Uint8Array): { done: Promise<void>; whole: boolean } => {
    const transaction = db.transaction([UPDATES], 'readwrite');
    const done = transactionDone(transaction);
    const store = transaction.objectStore(UPDATES);
    // After a failed write the document holds edits no row has: store it whole.
    const whole = failed || unhealed() || rows + 1 >= COMPACT_AFTER_ROWS;
    if (whole) {
      replaceWithWholeState(store, doc);
      rows = 1;
    } else {
      store.add(update);
      rows++;
    }
    // Ask for the commit now, in the same task as the edit, rather than once
    // the request's result comes back: a page unloading in between would
    // abort the transaction and lose the edit.
    transaction.commit();
    return { done, whole };
  };

  const write = (update: Uint8Array) => {
    const seq = ++writes;
    let done: Promise<void>;
    let whole = false;
    try {
      ({ done, whole } = writeRow(update));
    } catch (error) {
      // A write refused at once (by the request, not the transaction) fails the same way, not inside the edit.
      done = Promise.reject(asError(error));
    }
    failed = false;
    const written = done.then(
      () => {
        if (whole) healedThrough = Math.max(healedThrough, seq);
      },
      (error: unknown) => {
        failed = true;
        lastFailed = Math.max(lastFailed, seq);
        lastFailure = asError(error);
      },
    );
    // Transactions on one store complete in the order they were made; the
    // chain settles as failed while any failed write is not healed yet.
    stored = stored
      .catch(() => {})
      .then(() => written)
      .then(() => {
        if (unhealed()) throw lastFailure ?? new Error('A change could not be stored in this browser.');
      });
    stored.catch(() => {});
  };

  const onUpdate = (update: Uint8Array, updateOrigin: unknown) => {
    if (updateOrigin === origin || destroyed) return;
    write(update);
  };
  doc.on('update', onUpdate);

  return {
    store: write,
    whenStored: () => stored,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      doc.off('update', onUpdate);
      await stored.catch(() => {});
      db.close();
    },
  };
}
