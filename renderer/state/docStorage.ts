import * as Y from 'yjs';
import { fixWorkspaceFacts } from '../../shared/schema/fixedFacts';
import type { WorkspaceKind } from '../../shared/schema/types';
import { openDatabaseEarly, persistDecodedDoc, persistDoc, type DocPersistence } from './idbPersistence';

/**
 * Each workspace is one Y.Doc persisted in its own IndexedDB database. The name
 * is fixed forever: renaming it would orphan every user's data.
 */
export function databaseNameOf(workspaceId: string): string {
  return `cairn-workspace-${workspaceId}`;
}

export interface StoredDoc {
  doc: Y.Doc;
  persistence: DocPersistence;
}

/**
 * Opens a workspace's document once IndexedDB has loaded it; every later
 * change is stored. The id (the database's name) and the kind the library
 * lists are fixed before anything is read: what the document says later never
 * overrides them.
 */
export async function openStoredDoc(workspaceId: string, kind?: WorkspaceKind): Promise<StoredDoc> {
  const doc = new Y.Doc();
  fixWorkspaceFacts(doc, { id: workspaceId, kind });
  const persistence = await persistDoc(databaseNameOf(workspaceId), doc);
  return { doc, persistence };
}

/**
 * Starts opening a workspace's database now, for an open of it that follows
 * (docs/architecture.md, "Opening the database early"): the next
 * `openStoredDoc` or `storeDecodedDoc` of it takes the connection. `release`
 * gives it back if none follows (a refused file), deleting the database if
 * this open created it.
 */
export function openStoredDocEarly(workspaceId: string): { release: () => Promise<void> } {
  return openDatabaseEarly(databaseNameOf(workspaceId));
}

/**
 * Keeps a document decoded from a file (`update`, its facts fixed from the
 * file's header) as the workspace's stored document, open at once: the
 * update is stored as it came, merged with what the database held, and
 * `persistence.whenStored()` says when it is durable.
 */
export function storeDecodedDoc(workspaceId: string, doc: Y.Doc, update: Uint8Array): StoredDoc {
  return { doc, persistence: persistDecodedDoc(databaseNameOf(workspaceId), doc, update) };
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
 * Deletes a workspace's database and resolves only once the deletion is done.
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
