// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { initWorkspace } from '../../shared/commands/workspace';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { decodeCairnFile, encodeCairnFile } from '../../shared/format/envelope';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { databaseNameOf, withStoredDoc } from '../../renderer/state/docStorage';
import { importOpenedFile } from '../../renderer/state/fileActions';
import { openUpdatesDatabase } from '../../renderer/state/idbPersistence';
import { useIdentity } from '../../renderer/state/identity';
import { useLibrary } from '../../renderer/state/libraryStore';
import { useToasts } from '../../renderer/state/toasts';
import { closeWorkspaceSession, openWorkspaceSession, useWorkspace } from '../../renderer/state/workspaceSession';
import { newWorkspace, replicaOf } from '../support/workspace';

/** The rows of a workspace's IndexedDB database, as stored. */
async function storedRows(workspaceId: string): Promise<Uint8Array[]> {
  const db = await openUpdatesDatabase(databaseNameOf(workspaceId));
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction(['updates'], 'readonly').objectStore('updates').getAll();
      request.onsuccess = () => resolve(request.result as Uint8Array[]);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** A writer's client id and how many items it has written so far (its clock). */
const writerOf = (doc: Y.Doc): [number, number] => [doc.clientID, Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID)!];

/**
 * How many times a document took in the whole of each writer's writes at
 * once: each is one full decode of what that writer wrote (a transaction in
 * which that client's state went from nothing to all of it).
 */
function countWholeDecodes(...writers: [client: number, clock: number][]): { count: (client: number) => number; stop: () => void } {
  const counts = new Map(writers.map(([client]) => [client, 0]));
  const original = Y.Doc.prototype.emit;
  const emit = vi.spyOn(Y.Doc.prototype, 'emit').mockImplementation(function (this: Y.Doc, ...call: Parameters<Y.Doc['emit']>) {
    const [name, args] = call;
    const transaction = args[0];
    if (name === 'afterTransaction' && transaction instanceof Y.Transaction) {
      for (const [client, clock] of writers) {
        if ((transaction.beforeState.get(client) ?? 0) === 0 && transaction.afterState.get(client) === clock) counts.set(client, counts.get(client)! + 1);
      }
    }
    return original.apply(this, call);
  });
  return { count: (client) => counts.get(client) ?? 0, stop: () => emit.mockRestore() };
}

/** Waits until the open workspace says it is saved (its IndexedDB transactions committed). */
async function savedInThisBrowser(): Promise<void> {
  await vi.waitFor(() => expect(useWorkspace.getState().save.state).toBe('saved'));
}

function teamFile(id: string) {
  const { doc, ctx } = newWorkspace('Ana', id);
  const objective = addObjective(ctx, { title: 'Opened from a file' });
  const kr = addKeyResult(ctx, objective, { title: 'k', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 10, unit: '' } });
  recordCheckIn(ctx, kr, { value: 4 });
  return { doc, objective, kr, bytes: workspaceToFile(doc, '0.1.0', 1) };
}

beforeEach(() => {
  useIdentity.setState({ name: 'Ana' });
  useLibrary.setState({ entries: [] });
  useToasts.setState({ toasts: [] });
});

afterEach(async () => {
  await closeWorkspaceSession();
  vi.restoreAllMocks();
});

describe('opening a .cairn file through the file chooser', () => {
  it('decodes the file once, stores its update as it came, and the workspace opens from that document', async () => {
    const { doc, objective, kr, bytes } = teamFile('openedOnce001');
    const decodes = countWholeDecodes(writerOf(doc));

    await importOpenedFile({ name: 'team.cairn', bytes });
    // The view opens the workspace it navigated to, shown while it is stored.
    await openWorkspaceSession('openedOnce001');
    await savedInThisBrowser();
    decodes.stop();

    expect(useWorkspace.getState().phase).toBe('ready');
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Opened from a file');
    expect(useWorkspace.getState().checkInsByKeyResult[kr]).toHaveLength(1);
    expect(useLibrary.getState().entries.map((e) => e.id)).toEqual(['openedOnce001']);
    // One decode (the check and the board share it), not one for the check, one for storing and one for opening.
    expect(decodes.count(doc.clientID)).toBe(1);
    // Stored as the file held it, not encoded again: durable before the workspace was shown.
    expect(await storedRows('openedOnce001')).toEqual([decodeCairnFile(bytes).update]);
  });

  it('is durable once it says saved: a reload finds the workspace in IndexedDB', async () => {
    const { objective, bytes } = teamFile('openedOnce002');
    await importOpenedFile({ name: 'team.cairn', bytes });
    await openWorkspaceSession('openedOnce002');
    await savedInThisBrowser();
    await closeWorkspaceSession();
    const titles = await withStoredDoc('openedOnce002', (stored) => (stored.getMap('objectives').get(objective) as Y.Map<unknown>).get('title')?.toString());
    expect(titles).toBe('Opened from a file');
  });

  it('is shown only once stored: when it is navigated to, a reload finds it (listed and in IndexedDB)', async () => {
    const { objective, bytes } = teamFile('openedOnce010');
    const shownWhile: { listed: boolean; rows: Promise<Uint8Array[]> }[] = [];
    const hashChanged = () => shownWhile.push({ listed: useLibrary.getState().entries.some((e) => e.id === 'openedOnce010'), rows: storedRows('openedOnce010') });
    window.addEventListener('hashchange', hashChanged);
    try {
      await importOpenedFile({ name: 'team.cairn', bytes });
      await vi.waitFor(() => expect(shownWhile).toHaveLength(1));
    } finally {
      window.removeEventListener('hashchange', hashChanged);
    }
    // Before: the route changed (the board on screen) while the file's row was still being written, so a reload then found no data.
    expect(shownWhile[0]!.listed).toBe(true);
    expect(await shownWhile[0]!.rows).toEqual([decodeCairnFile(bytes).update]);
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Opened from a file');
  });

  it('keeps what a database of the same workspace already held (a library entry lost, its data not)', async () => {
    const { ctx, doc } = newWorkspace('Ana', 'openedOnce003');
    const earlier = addObjective(ctx, { title: 'Only in this browser' });
    await withStoredDoc('openedOnce003', (stored) => Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc)));
    const other = newWorkspace('Ben', 'openedOnce003');
    const fromFile = addObjective(other.ctx, { title: 'From another laptop' });
    await importOpenedFile({ name: 'other.cairn', bytes: workspaceToFile(other.doc, '0.1.0', 1) });
    await openWorkspaceSession('openedOnce003');
    await savedInThisBrowser();
    await vi.waitFor(() => expect(useWorkspace.getState().objectives[earlier]?.title).toBe('Only in this browser'));
    const { objectives } = useWorkspace.getState();
    expect(objectives[fromFile]?.title).toBe('From another laptop');
  });

  it('decodes a file of a workspace already in the library once, merging it with what this browser held', async () => {
    const { doc: first, objective, bytes } = teamFile('openedOnce007');
    await importOpenedFile({ name: 'team.cairn', bytes });
    await openWorkspaceSession('openedOnce007');
    await savedInThisBrowser();
    await closeWorkspaceSession();
    // A teammate's copy, edited on their laptop: their writes are new to this browser, this browser's are in their file too.
    const theirs = replicaOf(first, 'Ben');
    const added = addObjective(theirs.ctx, { title: 'Added on Ben’s laptop' });
    const decodes = countWholeDecodes(writerOf(theirs.doc), writerOf(first));

    await importOpenedFile({ name: 'theirs.cairn', bytes: workspaceToFile(theirs.doc, '0.1.0', 2) });
    await openWorkspaceSession('openedOnce007');
    await savedInThisBrowser();
    decodes.stop();

    expect(useToasts.getState().toasts.at(-1)?.message).toMatch(/Merged “theirs.cairn”/);
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Opened from a file');
    expect(useWorkspace.getState().objectives[added]?.title).toBe('Added on Ben’s laptop');
    expect(useLibrary.getState().entries.map((e) => e.id)).toEqual(['openedOnce007']);
    // Both writers' items are in the file, Ana's in this browser's rows too: each taken in whole once (the check), not again to store and to open.
    expect(decodes.count(theirs.doc.clientID)).toBe(1);
    expect(decodes.count(first.clientID)).toBe(1);
    await closeWorkspaceSession();
    const titles = await withStoredDoc('openedOnce007', (stored) => (stored.getMap('objectives').get(added) as Y.Map<unknown>).get('title')?.toString());
    expect(titles).toBe('Added on Ben’s laptop');
  });

  it('starts the session at once when chosen from the library, and leaves an open workspace to its view', async () => {
    const { objective, bytes } = teamFile('openedOnce008');
    await importOpenedFile({ name: 'team.cairn', bytes });
    // No view asked: the board's data is there for the workspace view's first render.
    await vi.waitFor(() => expect(useWorkspace.getState().phase).toBe('ready'));
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Opened from a file');

    // With a workspace open, the view of the one navigated to opens it (the open one's view closes its own first).
    const other = teamFile('openedOnce009');
    await importOpenedFile({ name: 'other.cairn', bytes: other.bytes });
    await savedInThisBrowser();
    expect(useWorkspace.getState().meta?.id).toBe('openedOnce008');
    await openWorkspaceSession('openedOnce009');
    expect(useWorkspace.getState().objectives[other.objective]?.title).toBe('Opened from a file');
  });

  it('keeps the kind this device has on record when a file of the same workspace claims another', async () => {
    const { bytes } = teamFile('openedOnce010');
    await importOpenedFile({ name: 'team.cairn', bytes });
    await savedInThisBrowser();
    await closeWorkspaceSession();
    // A file under the team workspace's id whose header and document say "journal".
    const crafted = new Y.Doc();
    initWorkspace(localContext(crafted, 'Ben'), { id: 'openedOnce010', title: 'Not a journal here', kind: 'journal', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
    const file = workspaceToFile(crafted, '0.1.0', 2);
    expect(decodeCairnFile(file).header.kind).toBe('journal');

    await importOpenedFile({ name: 'crafted.cairn', bytes: file });
    await vi.waitFor(() => expect(useWorkspace.getState().phase).toBe('ready'));
    expect(useToasts.getState().toasts.at(-1)?.message).toMatch(/Merged “crafted.cairn”/);
    expect(useWorkspace.getState().meta?.kind).toBe('team');
  });

  it('refuses a damaged file, storing and listing nothing', async () => {
    const { bytes } = teamFile('openedOnce004');
    const damaged = bytes.slice();
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0xff;
    await importOpenedFile({ name: 'broken.cairn', bytes: damaged });
    expect(useToasts.getState().toasts.at(-1)?.message).toMatch(/Could not open “broken.cairn”: The file is damaged/);
    expect(useLibrary.getState().entries).toEqual([]);
    expect(await storedRows('openedOnce004')).toEqual([]);
  });

  it('opens the workspace\'s database while the file is decoded, not after it', async () => {
    const { doc, bytes } = teamFile('openedEarly01');
    const [client, clock] = writerOf(doc);
    const order: string[] = [];
    const originalOpen = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
      if (name === databaseNameOf('openedEarly01')) order.push('database opened');
      return originalOpen(name, version);
    });
    const emit = Y.Doc.prototype.emit;
    vi.spyOn(Y.Doc.prototype, 'emit').mockImplementation(function (this: Y.Doc, ...call: Parameters<Y.Doc['emit']>) {
      const transaction = call[1][0];
      if (call[0] === 'afterTransaction' && transaction instanceof Y.Transaction && (transaction.beforeState.get(client) ?? 0) === 0 && transaction.afterState.get(client) === clock) {
        order.push('file decoded');
      }
      return emit.apply(this, call);
    });
    await importOpenedFile({ name: 'team.cairn', bytes });
    expect(useLibrary.getState().entries.map((e) => e.id)).toEqual(['openedEarly01']);
    expect(order).toEqual(['database opened', 'file decoded']);
    expect(await storedRows('openedEarly01')).toHaveLength(1);
  });

  it('leaves no database behind when a file is refused after its header was read (its content unreadable)', async () => {
    const { bytes } = teamFile('openedEarly02');
    const { header } = decodeCairnFile(bytes);
    const unreadable = encodeCairnFile(header, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    await importOpenedFile({ name: 'unreadable.cairn', bytes: unreadable });
    expect(useToasts.getState().toasts.at(-1)?.message).toMatch(/Could not open “unreadable.cairn”/);
    expect(useLibrary.getState().entries).toEqual([]);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(databaseNameOf('openedEarly02'));
  });

  it('keeps a stored workspace\'s data when a file of it is refused after its header was read', async () => {
    const { bytes, objective } = teamFile('openedEarly03');
    await importOpenedFile({ name: 'team.cairn', bytes });
    await closeWorkspaceSession();
    const listed = useLibrary.getState().entries;
    const rows = await storedRows('openedEarly03');
    expect(rows.length).toBeGreaterThan(0);

    const { header } = decodeCairnFile(bytes);
    await importOpenedFile({ name: 'unreadable.cairn', bytes: encodeCairnFile(header, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])) });
    expect(useToasts.getState().toasts.at(-1)?.message).toMatch(/Could not open “unreadable.cairn”/);
    expect(useLibrary.getState().entries).toEqual(listed);
    expect(await storedRows('openedEarly03')).toEqual(rows);
    await openWorkspaceSession('openedEarly03');
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Opened from a file');
  });

  it('opens another workspace first, then the opened file\'s from storage, both whole', async () => {
    const { objective, bytes } = teamFile('openedOnce005');
    const other = teamFile('openedOnce006');
    await importOpenedFile({ name: 'team.cairn', bytes });
    await withStoredDoc('openedOnce006', (stored) => Y.applyUpdate(stored, Y.encodeStateAsUpdate(other.doc)));

    await openWorkspaceSession('openedOnce006');
    expect(useWorkspace.getState().objectives[other.objective]?.title).toBe('Opened from a file');
    expect(useWorkspace.getState().meta?.id).toBe('openedOnce006');
    await openWorkspaceSession('openedOnce005');
    expect(useWorkspace.getState().meta?.id).toBe('openedOnce005');
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Opened from a file');
  });
});
