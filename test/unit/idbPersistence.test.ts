import 'fake-indexeddb/auto';
import { IndexeddbPersistence } from 'y-indexeddb';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACT_AFTER_ROWS, openDatabaseEarly, openUpdatesDatabase, persistDecodedDoc, persistDoc } from '../../renderer/state/idbPersistence';

let databases = 0;
const freshName = () => `persistence-test-${++databases}`;

async function storedRows(name: string): Promise<number> {
  const db = await openUpdatesDatabase(name);
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction(['updates'], 'readonly').objectStore('updates').count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** A database holding one edit of meta, as an earlier session left it. */
async function storeEdit(name: string, key: string, value: string): Promise<void> {
  const doc = new Y.Doc();
  const session = await persistDoc(name, doc);
  doc.getMap('meta').set(key, value);
  await session.destroy();
}

async function reopened(name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const persistence = await persistDoc(name, doc);
  await persistence.destroy();
  return doc;
}

describe('IndexedDB persistence of a workspace document', () => {
  it('opens a database written by y-indexeddb, as existing users have them', async () => {
    const name = freshName();
    const legacy = new Y.Doc();
    const provider = new IndexeddbPersistence(name, legacy);
    await provider.whenSynced;
    legacy.getMap('meta').set('title', 'Written by y-indexeddb');
    legacy.getArray('items').push(['one', 'two']);
    await provider.destroy();

    const doc = await reopened(name);

    expect(doc.getMap('meta').get('title')).toBe('Written by y-indexeddb');
    expect(doc.getArray('items').toArray()).toEqual(['one', 'two']);
  });

  it('has every edit committed once whenStored resolves, and y-indexeddb reads them back', async () => {
    const name = freshName();
    const doc = new Y.Doc();
    const persistence = await persistDoc(name, doc);
    doc.getMap('meta').set('title', 'Typed just now');
    await persistence.whenStored();
    expect(await storedRows(name)).toBe(1);
    await persistence.destroy();

    const older = new Y.Doc();
    const provider = new IndexeddbPersistence(name, older);
    await provider.whenSynced;
    expect(older.getMap('meta').get('title')).toBe('Typed just now');
    await provider.destroy();
  });

  it(`folds the rows into one before they reach ${COMPACT_AFTER_ROWS}, losing nothing`, async () => {
    const name = freshName();
    const doc = new Y.Doc();
    const persistence = await persistDoc(name, doc);
    const text = doc.getText('title');
    for (let i = 0; i < COMPACT_AFTER_ROWS + 20; i++) text.insert(text.length, String(i % 10));
    await persistence.whenStored();
    await persistence.destroy();

    expect(await storedRows(name)).toBeLessThan(COMPACT_AFTER_ROWS);
    expect((await reopened(name)).getText('title').toString()).toBe(text.toString());
  });

  it('compacts a database that y-indexeddb left with many rows when it opens it', async () => {
    const name = freshName();
    const legacy = new Y.Doc();
    const provider = new IndexeddbPersistence(name, legacy);
    await provider.whenSynced;
    // y-indexeddb folds only a second after row 500; stop before it does.
    for (let i = 0; i < COMPACT_AFTER_ROWS + 5; i++) legacy.getArray('items').push([i]);
    await provider.destroy();
    expect(await storedRows(name)).toBeGreaterThanOrEqual(COMPACT_AFTER_ROWS);

    const doc = await reopened(name);

    expect(doc.getArray('items').length).toBe(COMPACT_AFTER_ROWS + 5);
    expect(await storedRows(name)).toBe(1);
  });

  it('does not store back what it loaded', async () => {
    const name = freshName();
    const first = new Y.Doc();
    const persistence = await persistDoc(name, first);
    first.getMap('meta').set('title', 'Once');
    await persistence.whenStored();
    await persistence.destroy();

    await reopened(name);

    expect(await storedRows(name)).toBe(1);
  });

  it('keeps a document decoded from a file: the file\'s update as one row, what the database held merged in, edits made meanwhile and later after it', async () => {
    const name = freshName();
    await storeEdit(name, 'note', 'already in this browser');

    const source = new Y.Doc();
    source.getMap('meta').set('title', 'From the file');
    const update = Y.encodeStateAsUpdate(source);
    const decoded = new Y.Doc();
    Y.applyUpdate(decoded, update);
    const persistence = persistDecodedDoc(name, decoded, update);
    // Shown at once: typed into before the file's row is committed.
    decoded.getMap('meta').set('meanwhile', 'typed while it was stored');
    await persistence.whenStored();
    expect(decoded.getMap('meta').get('note')).toBe('already in this browser');
    decoded.getMap('meta').set('later', 'typed after');
    await persistence.whenStored();
    await persistence.destroy();

    expect(await storedRows(name)).toBe(4);
    const back = await reopened(name);
    expect(back.getMap('meta').toJSON()).toEqual({ note: 'already in this browser', title: 'From the file', meanwhile: 'typed while it was stored', later: 'typed after' });
  });

  it('an early open given back does not delete a database another open wrote to meanwhile (two files of one new workspace)', async () => {
    const name = freshName();
    const early = openDatabaseEarly(name);
    // The refused file gives its early connection back while the other file's store opens the same new database.
    const released = early.release();
    const doc = new Y.Doc();
    const session = await persistDoc(name, doc);
    doc.getMap('meta').set('title', 'Kept');
    await session.whenStored();
    await released;
    await session.destroy();
    // A deletion asked for while the store held the database would run now that it is closed.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await indexedDB.databases()).map((d) => d.name)).toContain(name);
    expect(await storedRows(name)).toBe(1);
  });

  it('an early open given back deletes the database it created when nothing else used it', async () => {
    const name = freshName();
    await openDatabaseEarly(name).release();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
  });
});
