// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addObjective } from '../../shared/commands/objectives';
import { renameWorkspace } from '../../shared/commands/workspace';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { closeStoredDoc, databaseNameOf, openStoredDoc, withStoredDoc } from '../../renderer/state/docStorage';
import { COMPACT_AFTER_ROWS, openUpdatesDatabase } from '../../renderer/state/idbPersistence';
import { importOpenedFile } from '../../renderer/state/fileActions';
import { useIdentity } from '../../renderer/state/identity';
import { holdPendingInput } from '../../renderer/state/pendingInput';
import { createBrowserPlatform } from '../../renderer/platform/browser';
import { useLibrary } from '../../renderer/state/libraryStore';
import { useToasts } from '../../renderer/state/toasts';
import {
  ReadOnlyWorkspaceError,
  closeWorkspaceSession,
  openWorkspaceSession,
  retryStoring,
  runCommand,
  undo,
  useWorkspace,
} from '../../renderer/state/workspaceSession';
import { newWorkspace } from '../support/workspace';

/*
 * This browser's storage refusing a workspace (a full disk, an IndexedDB
 * error): the workspace must turn read-only, saying why, rather than take
 * edits that nothing stores.
 */

const originalAdd = IDBObjectStore.prototype.add;

/** Makes every write of a row fail, as a full disk does: refused at once (`at-once`) or later, by the transaction (`abort`). Returns the undo. */
function failWrites(how: 'at-once' | 'abort'): () => void {
  const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (how === 'at-once') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    // Two rows under one key: the second request fails later, and its transaction aborts with that error.
    originalAdd.call(this, args[0], -1);
    return originalAdd.call(this, args[0], -1);
  });
  return () => add.mockRestore();
}

async function storageFailed(): Promise<string> {
  await vi.waitFor(() => expect(useWorkspace.getState().storageFailure).toBeTruthy());
  return useWorkspace.getState().storageFailure!;
}

function teamFile(id: string) {
  const { doc, ctx } = newWorkspace('Ana', id);
  addObjective(ctx, { title: 'Opened from a file' });
  return workspaceToFile(doc, '0.1.0', 1);
}

const titleNow = () => useWorkspace.getState().meta?.title;

beforeEach(() => {
  // The failures are expected; the session reports each on the console.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  useIdentity.setState({ name: 'Ana' });
  useLibrary.setState({ entries: [] });
  useToasts.setState({ toasts: [] });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await closeWorkspaceSession();
});

describe('a chosen file this browser cannot store', () => {
  it('opens read-only, says why and what to do, and takes no edit', async () => {
    const restore = failWrites('at-once');
    await importOpenedFile({ name: 'team.cairn', bytes: teamFile('storeFails001') });
    await openWorkspaceSession('storeFails001');

    expect(await storageFailed()).toMatch(/QuotaExceededError.*read-only.*free some disk space.*Try again.*Save a copy/s);
    expect(useWorkspace.getState().save.state).toBe('error');
    expect(() => runCommand((ctx) => renameWorkspace(ctx, 'Typed into nothing'))).toThrow(ReadOnlyWorkspaceError);
    undo();
    expect(titleNow()).toBe('Growth Q3');
    // Never listed: there is nothing in this browser to open later.
    expect(useLibrary.getState().entries).toEqual([]);
    restore();
  });

  it('becomes editable once storing it again works, and what is typed then is kept', async () => {
    const restore = failWrites('abort');
    await importOpenedFile({ name: 'team.cairn', bytes: teamFile('storeFails002') });
    await openWorkspaceSession('storeFails002');
    await storageFailed();

    // Still failing: still read-only, with the reason.
    await retryStoring();
    expect(useWorkspace.getState().storageFailure).toMatch(/read-only/);

    restore();
    await retryStoring();
    expect(useWorkspace.getState().storageFailure).toBeNull();
    runCommand((ctx) => renameWorkspace(ctx, 'Kept after all'));
    await vi.waitFor(() => expect(useWorkspace.getState().save.state).toBe('saved'));
    expect(useLibrary.getState().entries.map((e) => e.id)).toEqual(['storeFails002']);
    await closeWorkspaceSession();
    const stored = await withStoredDoc('storeFails002', (doc) => (doc.getMap('meta').get('title') as Y.Text | undefined)?.toString());
    expect(stored).toBe('Kept after all');
  });
});

describe('a workspace reopened from this browser', () => {
  async function storedWorkspace(id: string): Promise<void> {
    const { doc } = newWorkspace('Ana', id);
    await withStoredDoc(id, (stored) => Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc)));
  }

  it('that cannot be read shows an error, not an empty workspace to type into', async () => {
    await storedWorkspace('storeFails003');
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(() => {
      throw new DOMException('The database is damaged.', 'UnknownError');
    });
    await openWorkspaceSession('storeFails003');
    expect(useWorkspace.getState().phase).toBe('error');
    expect(useWorkspace.getState().error).toMatch(/storage could not be opened.*UnknownError|damaged/);
    expect(() => runCommand((ctx) => renameWorkspace(ctx, 'Typed into nothing'))).toThrow();
  });

  for (const how of ['at-once', 'abort'] as const) {
    it(`with rows to compact and no room to (${how}): opens whole and read-only, and keeps every row`, async () => {
      const id = `storeFails01${how === 'at-once' ? 1 : 2}`;
      const { doc, ctx } = newWorkspace('Ana', id);
      const rows: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
      doc.on('update', (update: Uint8Array) => rows.push(update));
      for (let i = 0; i < COMPACT_AFTER_ROWS; i++) addObjective(ctx, { title: `Objective ${i}` });
      const db = await openUpdatesDatabase(databaseNameOf(id));
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(['updates'], 'readwrite');
        for (const row of rows) transaction.objectStore('updates').add(row);
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();

      const restore = failWrites(how);
      await openWorkspaceSession(id);
      expect(useWorkspace.getState().phase).toBe('ready');
      expect(await storageFailed()).toMatch(/read-only/);
      expect(Object.keys(useWorkspace.getState().objectives)).toHaveLength(COMPACT_AFTER_ROWS);
      await closeWorkspaceSession();
      restore();
      // Nothing was cleared: the next open reads every row (and compacts them).
      const count = await withStoredDoc(id, (stored) => stored.getMap('objectives').size);
      expect(count).toBe(COMPACT_AFTER_ROWS);
    });

    it(`turns read-only when a later write fails (${how}), and the edit refused is not shown as kept`, async () => {
      await storedWorkspace(`storeFails00${how === 'at-once' ? 4 : 5}`);
      await openWorkspaceSession(`storeFails00${how === 'at-once' ? 4 : 5}`);
      expect(useWorkspace.getState().storageFailure).toBeNull();
      failWrites(how);
      // The edit that found the storage full is on screen, and the workspace says it is not stored.
      runCommand((ctx) => renameWorkspace(ctx, 'First edit'));
      await storageFailed();
      expect(useWorkspace.getState().save.state).toBe('error');
      expect(() => runCommand((ctx) => renameWorkspace(ctx, 'Second edit'))).toThrow(ReadOnlyWorkspaceError);
      expect(titleNow()).toBe('First edit');
    });
  }
});

describe('two changes written in one task', () => {
  it('the second one stored does not hide that the first was refused', async () => {
    const id = 'storeFails021';
    await withStoredDoc(id, (stored) => Y.applyUpdate(stored, Y.encodeStateAsUpdate(newWorkspace('Ana', id).doc)));
    const opened = await openStoredDoc(id);
    // Only the first row written from now on fails, later, by its transaction (as a full disk does).
    let calls = 0;
    const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      calls++;
      if (calls > 1) return originalAdd.apply(this, args);
      originalAdd.call(this, args[0], -1);
      return originalAdd.call(this, args[0], -1);
    });
    opened.doc.getMap('scratch').set('first', 1);
    opened.doc.getMap('scratch').set('second', 2);
    expect(calls).toBe(2);
    await expect(opened.persistence.whenStored()).rejects.toThrow();
    add.mockRestore();
    // The next change stores the whole state, and heals.
    opened.doc.getMap('scratch').set('third', 3);
    await expect(opened.persistence.whenStored()).resolves.toBeUndefined();
    await closeStoredDoc(opened);
    const kept = await withStoredDoc(id, (doc) => doc.getMap('scratch').toJSON());
    expect(kept).toEqual({ first: 1, second: 2, third: 3 });
  });
});

describe('leaving the page while read-only', () => {
  it('still writes the durable file, though a field holds input it cannot take', async () => {
    const id = 'storeFails031';
    await withStoredDoc(id, (stored) => Y.applyUpdate(stored, Y.encodeStateAsUpdate(newWorkspace('Ana', id).doc)));
    const saveWorkspace = vi.fn(async () => ({ savedAt: Date.now() }));
    // The Electron shell's durable copy: in read-only state, the one place an edit this browser refused still lives.
    window.cairn = { ...createBrowserPlatform('0.1.0'), durable: true, saveWorkspace };
    try {
      await openWorkspaceSession(id);
      runCommand((ctx) => renameWorkspace(ctx, 'Typed before the disk filled'));
      useWorkspace.setState({ storageFailure: 'This browser’s storage refused to keep this workspace.' });
      const release = holdPendingInput(() => runCommand((ctx) => renameWorkspace(ctx, 'Held in a field')));
      window.dispatchEvent(new Event('pagehide'));
      release();
      await vi.waitFor(() => expect(saveWorkspace).toHaveBeenCalled(), { timeout: 1000 });
    } finally {
      delete window.cairn;
    }
  });
});
