import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { fixWorkspaceFacts } from '../../shared/schema/fixedFacts';
import type { WorkspaceKind } from '../../shared/schema/types';

/**
 * Each workspace is one Y.Doc persisted in its own IndexedDB database. The name
 * is fixed forever: renaming it would orphan every user's data.
 */
export function databaseNameOf(workspaceId: string): string {
  return `cairn-workspace-${workspaceId}`;
}

export interface StoredDoc {
  doc: Y.Doc;
  persistence: IndexeddbPersistence;
}

/**
 * Opens a workspace's document and waits until IndexedDB has loaded it. The
 * id (the database's name) and the kind the library lists are fixed before
 * anything is read: what the document says later never overrides them.
 */
export async function openStoredDoc(workspaceId: string, kind?: WorkspaceKind): Promise<StoredDoc> {
  const doc = new Y.Doc();
  fixWorkspaceFacts(doc, { id: workspaceId, kind });
  const persistence = new IndexeddbPersistence(databaseNameOf(workspaceId), doc);
  // y-indexeddb listens for updates before it loads, so loading fires an
  // 'update' event that re-encodes the whole workspace only to ignore it (a
  // quarter of the open time of a large workspace). Nothing else writes to
  // the doc until it is synced, so listen only from then on.
  const storeUpdate = (persistence as unknown as { _storeUpdate?: (...args: unknown[]) => void })._storeUpdate;
  if (storeUpdate) doc.off('update', storeUpdate);
  await persistence.whenSynced;
  if (storeUpdate) doc.on('update', storeUpdate);
  return { doc, persistence };
}

/** Closes a document, letting IndexedDB finish the writes it has queued. */
export async function closeStoredDoc({ doc, persistence }: StoredDoc): Promise<void> {
  await persistence.destroy();
  doc.destroy();
}

/** Opens a stored document, runs `fn` on it, and closes it again. */
export async function withStoredDoc<T>(workspaceId: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
  const stored = await openStoredDoc(workspaceId);
  try {
    return await fn(stored.doc);
  } finally {
    await closeStoredDoc(stored);
  }
}

/**
 * Deletes a workspace's database and resolves only once the deletion is done
 * (y-indexeddb's clearData resolves before it ends).
 */
export function deleteStoredDoc(workspaceId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(databaseNameOf(workspaceId));
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('Could not delete the workspace data.'));
    // Another tab holds it open: the deletion completes when that tab lets go.
    request.onblocked = () => resolve();
  });
}
