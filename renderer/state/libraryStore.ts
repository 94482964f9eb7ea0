import * as Y from 'yjs';
import type { ImportOutcome } from '../../shared/format/importBundle';
import { PrivateWorkspaceError } from '../../shared/sync/privacy';
import { create } from 'zustand';
import { localContext } from '../../shared/commands/context';
import { initWorkspace, quarterOf, renameWorkspace } from '../../shared/commands/workspace';
import { startNextCycle, type NextCycle } from '../../shared/commands/cycle';
import type { WorkspaceSnapshot } from '../../shared/schema/read';
import type { OpenedWorkspaceFile } from '../../shared/format/workspaceFile';
import { newId } from '../../shared/ids';
import { IMPORT_ORIGIN } from '../../shared/origins';
import type { WorkspaceKind } from '../../shared/schema/types';
import { getPlatform } from '../platform';
import { closeStoredDoc, deleteStoredDoc, storeDecodedDoc, withStoredDoc, type StoredDoc } from './docStorage';
import { fixWorkspaceFacts } from '../../shared/schema/fixedFacts';
import { nameToSignWith } from './identity';
import { loadLibrary, saveLibrary, type LibraryEntry } from './libraryIndex';
import { rootMap } from '../../shared/schema/roots';
import { relayStorageKey } from '../../shared/sync/relaySettings';
import { deviceDelete } from './deviceStore';

interface LibraryState {
  entries: LibraryEntry[];
  createWorkspace: (input: { title: string; kind: WorkspaceKind }) => Promise<string>;
  renameWorkspace: (id: string, title: string) => Promise<void>;
  duplicateWorkspace: (id: string) => Promise<string>;
  /** Creates the next cycle's workspace from a snapshot of this one; returns its id. */
  startNextCycle: (source: WorkspaceSnapshot, next: Omit<NextCycle, 'id'>) => Promise<string>;
  deleteWorkspace: (id: string) => void;
  restoreWorkspace: (id: string) => void;
  deleteForever: (id: string) => Promise<void>;
  /**
   * Stores an opened `.cairn` file: merges it into the same workspace, or adds
   * it as a new one. Either way the file's document (decoded once) is
   * returned open, for the workspace view to show without reading it back: a
   * merge once it is durable, a new workspace while it is stored; `listed`
   * resolves once it is durable and in the library.
   */
  importWorkspaceFile: (file: OpenedWorkspaceFile) => Promise<{ id: string; merged: boolean; title: string; opened: StoredDoc; listed: Promise<void> }>;
  /** Lists a workspace once it is stored, if it is not listed yet (a file whose first store failed, stored when tried again). */
  listStored: (meta: Pick<LibraryEntry, 'id' | 'title' | 'kind' | 'createdAt'> | null) => void;
  /** Re-lists workspaces that have a durable copy but vanished from this browser's storage. */
  recoverFromDurableStore: () => Promise<string[]>;
  noteOpened: (id: string) => void;
  setWorkshop: (id: string, workshop: LibraryEntry['workshop']) => void;
  /** Adds (or merges into) a workspace received from a workshop. */
  adoptWorkspace: (id: string, update: Uint8Array, workshop: LibraryEntry['workshop'], meta: { title: string; kind: LibraryEntry['kind']; createdAt: number }) => Promise<void>;
  noteTitle: (id: string, title: string) => void;
  /** Stores what a JSON or CSV import made (a new workspace, or an update to one here). */
  adoptImported: (outcome: ImportOutcome) => Promise<void>;
  /** A stored workspace's whole state, as a Yjs update (an import updates a copy of it). */
  storedState: (id: string) => Promise<Uint8Array>;
  /** Whether this device knows the workspace as a personal journal (whatever its document says now). */
  isJournal: (id: string) => boolean;
}

/**
 * A journal on this device takes in nothing from outside but copies of
 * itself: a file, import or room claiming its id with another kind would
 * otherwise flip it into a workspace that syncs.
 */
function refuseIntoJournal(existing: LibraryEntry | undefined, incomingKind: string): void {
  if (existing?.kind === 'journal' && incomingKind !== 'journal') {
    throw new PrivateWorkspaceError('That file or workshop claims to be your personal journal but is not one; nothing was merged into the journal.');
  }
  if (existing?.kind === 'journal' && existing.workshop) {
    throw new PrivateWorkspaceError('A personal journal is private: it never joins a workshop.');
  }
}

function persist(entries: LibraryEntry[]): LibraryEntry[] {
  saveLibrary(localStorage, entries);
  return entries;
}

export const useLibrary = create<LibraryState>((set, get) => {
  const update = (id: string, patch: Partial<LibraryEntry>) =>
    set({ entries: persist(get().entries.map((e) => (e.id === id ? { ...e, ...patch } : e))) });
  const add = (entry: LibraryEntry) => set({ entries: persist([...get().entries.filter((e) => e.id !== entry.id), entry]) });
  /**
   * Merges an update from outside (a file, an import, a room) into a stored
   * workspace and lists it: the one way in for all of them, so a journal is
   * guarded once. Returns the entry it had before, if any.
   */
  const storeIncoming = async (meta: Pick<LibraryEntry, 'id' | 'title' | 'kind' | 'createdAt'>, state: Uint8Array, workshop: LibraryEntry['workshop'] = null) => {
    const existing = get().entries.find((e) => e.id === meta.id);
    refuseIntoJournal(existing, meta.kind);
    await withStoredDoc(meta.id, (doc) => Y.applyUpdate(doc, state, IMPORT_ORIGIN));
    if (existing) update(meta.id, { deletedAt: null, ...(workshop ? { workshop } : {}) });
    else add({ ...meta, openedAt: null, deletedAt: null, workshop });
    return existing;
  };

  return {
    entries: loadLibrary(localStorage),

    async createWorkspace({ title, kind }) {
      const id = newId();
      const cleanTitle = title.trim() || 'Untitled workspace';
      const actor = await nameToSignWith();
      await withStoredDoc(id, (doc) => {
        initWorkspace(localContext(doc, actor), { id, title: cleanTitle, kind, ...quarterOf(new Date()) });
      });
      add({ id, title: cleanTitle, kind, createdAt: Date.now(), openedAt: null, deletedAt: null, workshop: null });
      return id;
    },

    async renameWorkspace(id, title) {
      const cleanTitle = title.trim();
      if (!cleanTitle) return;
      const actor = await nameToSignWith();
      await withStoredDoc(id, (doc) => renameWorkspace(localContext(doc, actor), cleanTitle));
      update(id, { title: cleanTitle });
    },

    async duplicateWorkspace(id) {
      const source = get().entries.find((e) => e.id === id);
      if (!source) throw new Error('That workspace is not in the library.');
      const state = await withStoredDoc(id, (doc) => Y.encodeStateAsUpdate(doc));
      const copyId = newId();
      const title = `${source.title} (copy)`;
      await withStoredDoc(copyId, (doc) => {
        // A copy is a new lineage: same content, its own workspace id and title.
        doc.transact(() => {
          Y.applyUpdate(doc, state);
          const meta = rootMap(doc, 'meta');
          meta.set('id', copyId);
          meta.set('title', new Y.Text(title));
          meta.set('createdAt', Date.now());
        }, IMPORT_ORIGIN);
      });
      add({ id: copyId, title, kind: source.kind, createdAt: Date.now(), openedAt: null, deletedAt: null, workshop: null });
      return copyId;
    },

    async startNextCycle(source, next) {
      const id = newId();
      const actor = await nameToSignWith();
      // The command throws before writing when the input is refused; the empty database is then removed.
      try {
        await withStoredDoc(id, (doc) => startNextCycle(localContext(doc, actor), source, { ...next, id }));
      } catch (error) {
        await deleteStoredDoc(id).catch(() => {});
        throw error;
      }
      add({ id, title: next.title.trim() || 'Untitled workspace', kind: source.meta?.kind === 'journal' ? 'journal' : 'team', createdAt: Date.now(), openedAt: null, deletedAt: null, workshop: null });
      return id;
    },

    deleteWorkspace: (id) => update(id, { deletedAt: Date.now() }),
    restoreWorkspace: (id) => update(id, { deletedAt: null }),

    async deleteForever(id) {
      await deleteStoredDoc(id);
      await getPlatform().removeWorkspace(id);
      // The relay's token is a secret kept for this workspace alone: it goes with it.
      await deviceDelete(relayStorageKey(id));
      set({ entries: persist(get().entries.filter((e) => e.id !== id)) });
    },

    async importWorkspaceFile({ meta, doc, update: fileUpdate }) {
      // The file was checked whole when it was opened: a bad file never gets here.
      const existing = get().entries.find((e) => e.id === meta.id);
      if (existing) {
        refuseIntoJournal(existing, meta.kind);
        // This device's record of the kind outranks the file's header, as when the workspace is opened from storage.
        fixWorkspaceFacts(doc, { kind: existing.kind });
        // The document decoded for the check becomes the stored one: what the
        // database held is merged into it and the file's update stored as it
        // came, so the file is decoded once, not again to store it and again
        // to open it. Returned once merged and durable, like any merge.
        const opened = storeDecodedDoc(meta.id, doc, fileUpdate);
        try {
          await opened.persistence.whenStored();
        } catch (error) {
          await closeStoredDoc(opened);
          throw error;
        }
        update(meta.id, { deletedAt: null });
        return { id: meta.id, merged: true, title: existing.title, opened, listed: Promise.resolve() };
      }
      const opened = storeDecodedDoc(meta.id, doc, fileUpdate);
      // Listed once durable: a reload before then finds no half-stored workspace.
      const listed = opened.persistence.whenStored().then(() => {
        add({ id: meta.id, title: meta.title, kind: meta.kind, createdAt: meta.createdAt, openedAt: Date.now(), deletedAt: null, workshop: null });
      });
      return { id: meta.id, merged: false, title: meta.title, opened, listed };
    },

    listStored(meta) {
      if (meta && !get().entries.some((e) => e.id === meta.id)) {
        add({ id: meta.id, title: meta.title, kind: meta.kind, createdAt: meta.createdAt, openedAt: Date.now(), deletedAt: null, workshop: null });
      }
    },

    async recoverFromDurableStore() {
      const stored = await getPlatform().listStoredWorkspaces();
      const known = new Set(get().entries.map((e) => e.id));
      const recovered: string[] = [];
      for (const info of stored) {
        if (known.has(info.workspaceId)) continue;
        const kind = (['team', 'workshop', 'journal'] as const).find((k) => k === info.kind) ?? 'team';
        add({ id: info.workspaceId, title: info.title, kind, createdAt: info.savedAt, openedAt: null, deletedAt: null, workshop: null });
        recovered.push(info.workspaceId);
      }
      return recovered;
    },

    noteOpened: (id) => update(id, { openedAt: Date.now() }),
    setWorkshop: (id, workshop) => update(id, { workshop }),
    async adoptWorkspace(id, state, workshop, meta) {
      const existing = get().entries.find((e) => e.id === id);
      // Adopting means joining a room: never for a journal, whatever the room says it is.
      if (existing?.kind === 'journal' || meta.kind === 'journal') throw new PrivateWorkspaceError('A personal journal is private: it never joins a workshop.');
      await storeIncoming({ id, ...meta }, state, workshop);
    },
    async adoptImported(outcome) {
      await storeIncoming({ id: outcome.workspaceId, title: outcome.title, kind: outcome.kind, createdAt: outcome.createdAt }, outcome.update);
    },
    storedState: (id) => withStoredDoc(id, (doc) => Y.encodeStateAsUpdate(doc)),
    isJournal: (id) => get().entries.find((e) => e.id === id)?.kind === 'journal',
    noteTitle: (id, title) => {
      if (get().entries.find((e) => e.id === id)?.title !== title) update(id, { title });
    },
  };
});
