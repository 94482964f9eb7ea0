import * as Y from 'yjs';
import { create } from 'zustand';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { IMPORT_ORIGIN, RESTORE_ORIGIN } from '../../shared/origins';
import { SCHEMA_VERSION } from '../../shared/schema/doc';
import { createUndoManager } from '../../shared/undo';
import { combineWorkspace, type CombineResult } from '../../shared/commands/combine';
import { getPlatform } from '../platform';
import { closeStoredDoc, openStoredDoc, storeDecodedDoc, type StoredDoc } from './docStorage';
import { useLibrary } from './libraryStore';
import { actorName, signerName } from './identity';
import { emptyProjection, observeProjection, type Projection } from './projection';
import { createAutosave, type SaveStatus } from './autosave';
import { commitPendingInput } from './pendingInput';
import { attachWorkshop, detachWorkshop } from './workshopSession';
import { attachRelay, detachRelay } from './relaySession';
import { rootMap } from '../../shared/schema/roots';

/**
 * The one open workspace of this window: its live Y.Doc (kept in IndexedDB),
 * the undo manager of this user's edits, the durable autosave, and the
 * projection the components read. Components never see the Y.Doc: they select
 * from `useWorkspace` and write through `runCommand`.
 */
export type Phase = 'idle' | 'loading' | 'ready' | 'missing' | 'error';

export interface WorkspaceState extends Projection {
  workspaceId: string | null;
  phase: Phase;
  error: string | null;
  /** The IndexedDB copy was empty and the workspace came back from its durable file. */
  restoredFromFile: boolean;
  canUndo: boolean;
  canRedo: boolean;
  save: SaveStatus;
  /**
   * Why the workspace is read-only, when this browser's storage refused to
   * keep it (quota, IndexedDB error): edits would be on screen and nowhere
   * else, so none are taken until `retryStoring` succeeds.
   */
  storageFailure: string | null;
  /**
   * While read-only, changes from others (a workshop's peers, the relay)
   * arrived: they are merged and shown but stored nowhere in this browser
   * until `retryStoring` writes the whole state.
   */
  othersUnstored: boolean;
}

/** Every record section empty: derived, like the projection, from the table of roots. */
const EMPTY: Projection = emptyProjection();
const initialState: WorkspaceState = {
  ...EMPTY,
  workspaceId: null,
  phase: 'idle',
  error: null,
  restoredFromFile: false,
  canUndo: false,
  canRedo: false,
  save: { state: 'idle', where: 'browser', savedAt: null, error: null },
  storageFailure: null,
  othersUnstored: false,
};

export const useWorkspace = create<WorkspaceState>(() => initialState);

interface OpenSession {
  id: string;
  /** Its `persistence` is replaced when storing is tried again after a failure. */
  stored: StoredDoc;
  undo: Y.UndoManager;
  dispose: () => Promise<void>;
  flushSave: () => Promise<void>;
  retryStoring: () => Promise<void>;
}

/** An edit refused because the workspace could not be stored: it would have been kept nowhere. */
export class ReadOnlyWorkspaceError extends Error {
  constructor() {
    super('This workspace is read-only: this browser could not store it, so the change was not made.');
    this.name = 'ReadOnlyWorkspaceError';
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** What the person reads when storing fails: what happened, that nothing typed is taken, and what to do. */
function storageFailureText(error: unknown): string {
  return (
    `This browser's storage refused to keep this workspace (${messageOf(error)}). ` +
    'It is read-only so that nothing you type is lost: free some disk space and choose Try again, or use Save a copy to keep it as a file.'
  );
}

let session: OpenSession | null = null;
let opening: Promise<void> = Promise.resolve();
/** A document opened elsewhere (a file just decoded and stored), for the next open of its workspace to take. */
let handedOver: { id: string; stored: StoredDoc } | null = null;

/**
 * Gives the session a workspace's document that is already open and stored
 * (a file chosen in the library): opening that workspace next shows it as it
 * is, with no second read of IndexedDB and no second decode.
 */
/**
 * Whether a change came from others: the workshop room and the relay apply
 * what they receive with an object origin (a peer's link, the provider),
 * while this window's own changes carry a string origin (shared/origins.ts),
 * none, or the undo manager.
 */
function isFromOthers(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && !(origin instanceof Y.UndoManager);
}

export function handOverWorkspace(id: string, stored: StoredDoc): void {
  const previous = handedOver;
  handedOver = { id, stored };
  if (previous) void closeStoredDoc(previous.stored);
}

/** The handed-over document of `id`, if any; one handed over for another workspace is closed (never shown, it is stored). */
async function takeHandedOver(id: string): Promise<StoredDoc | null> {
  const taken = handedOver;
  handedOver = null;
  if (taken?.id === id) return taken.stored;
  if (taken) await closeStoredDoc(taken.stored);
  return null;
}

export function openWorkspaceSession(id: string): Promise<void> {
  opening = opening.then(() => openNow(id)).catch(() => {});
  return opening;
}

export function closeWorkspaceSession(): Promise<void> {
  opening = opening.then(closeNow).catch(() => {});
  return opening;
}

async function closeNow(): Promise<void> {
  const current = session;
  session = null;
  useWorkspace.setState(initialState, true);
  if (current) await current.dispose();
}

async function openNow(id: string): Promise<void> {
  if (session?.id === id) return;
  await closeNow();
  useWorkspace.setState({ ...initialState, workspaceId: id, phase: 'loading' }, true);
  performance.mark('cairn:workspace-open-start');
  const platform = getPlatform();
  let stored: StoredDoc;
  let handed: StoredDoc | null;
  try {
    handed = await takeHandedOver(id);
    stored = handed ?? (await openStoredDoc(id, useLibrary.getState().entries.find((e) => e.id === id)?.kind));
  } catch (error) {
    useWorkspace.setState({ phase: 'error', error: `This browser's storage could not be opened (${String(error)}).` });
    return;
  }
  const { doc } = stored;
  performance.mark('cairn:workspace-loaded');
  let restoredFromFile = false;
  if (!rootMap(doc, 'meta').has('id') && platform.durable) {
    // IndexedDB lost it (wiped, corrupted, origin changed): bring it back from the durable file.
    try {
      const bytes = await platform.loadWorkspace(id);
      if (bytes) {
        Y.applyUpdate(doc, readWorkspaceFile(bytes).update, RESTORE_ORIGIN);
        restoredFromFile = true;
      }
    } catch (error) {
      console.error('[cairn] restoring from the durable copy failed', error);
    }
  }
  if (!rootMap(doc, 'meta').has('id')) {
    await closeStoredDoc(stored);
    useWorkspace.setState({ phase: 'missing', error: 'This workspace has no data on this device.' });
    return;
  }
  const schemaVersion = Number(rootMap(doc, 'meta').get('schemaVersion'));
  if (schemaVersion > SCHEMA_VERSION) {
    await closeStoredDoc(stored);
    useWorkspace.setState({
      phase: 'error',
      error: `This workspace was written by a newer Cairn (schema ${schemaVersion}); update Cairn to open it. Nothing was changed.`,
    });
    return;
  }

  const undo = createUndoManager(doc, { actor: actorName });
  const syncUndo = () => useWorkspace.setState({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
  undo.on('stack-item-added', syncUndo);
  undo.on('stack-item-popped', syncUndo);
  undo.on('stack-cleared', syncUndo);

  const whenStored = () => stored.persistence.whenStored();
  const autosave = createAutosave(doc, platform, whenStored, (save) => useWorkspace.setState({ save }), handed ? whenStored() : undefined);
  // Storing can fail from the start (a file whose update did not fit) or on a
  // later write: either way the workspace turns read-only, never editable with
  // nothing storing it. Checked once now and after every change.
  // `fromOthers`: the change whose write failed came from a peer or the relay, so it is shown but stored nowhere here.
  const failed = (persistence: StoredDoc['persistence'], fromOthers: boolean) => (error: unknown) => {
    if (session?.id !== id || stored.persistence !== persistence) return;
    const { storageFailure, othersUnstored } = useWorkspace.getState();
    if (storageFailure) {
      if (fromOthers && !othersUnstored) useWorkspace.setState({ othersUnstored: true });
      return;
    }
    console.error('[cairn] storing the workspace failed', error);
    useWorkspace.setState({ storageFailure: storageFailureText(error), othersUnstored: othersUnstored || fromOthers });
  };
  const watchStored = (fromOthers: boolean) => {
    const persistence = stored.persistence;
    persistence.whenStored().catch(failed(persistence, fromOthers));
  };
  // After the change's own write is queued (the persistence hears 'update' too, maybe after this listener).
  const watchChange = (_update: Uint8Array, origin: unknown) => {
    // Read-only, a change from others is stored by nothing but the whole-state write of Try again. This window's own
    // (the durable file's content, RESTORE_ORIGIN, is kept there already) are not others'.
    const fromOthers = isFromOthers(origin);
    const { storageFailure, othersUnstored } = useWorkspace.getState();
    if (storageFailure && !othersUnstored && fromOthers) useWorkspace.setState({ othersUnstored: true });
    queueMicrotask(() => watchStored(fromOthers));
  };
  doc.on('update', watchChange);
  const retryStoring = async () => {
    // The whole document as one row (merged with what the database holds), through a new connection.
    const retried = storeDecodedDoc(id, doc, Y.encodeStateAsUpdate(doc)).persistence;
    try {
      await retried.whenStored();
    } catch (error) {
      await retried.destroy();
      if (session?.id === id) useWorkspace.setState({ storageFailure: storageFailureText(error) });
      return;
    }
    const previous = stored.persistence;
    stored.persistence = retried;
    await previous.destroy();
    if (session?.id !== id) return;
    useLibrary.getState().listStored(useWorkspace.getState().meta);
    useWorkspace.setState({ storageFailure: null, othersUnstored: false });
    autosave.resume();
  };
  const stopProjection = observeProjection(doc, (projection) => useWorkspace.setState(projection));
  // The page may be going away (reload, closed tab or window): what a field
  // holds unsaved goes into the document now, and the durable file is written.
  const onPageHide = () => {
    try {
      // Read-only (storage refused), a held field cannot become a change: the durable write still goes ahead.
      if (!useWorkspace.getState().storageFailure) commitPendingInput();
    } finally {
      void autosave.flush();
    }
  };
  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') onPageHide();
  };
  window.addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibilityChange);

  session = {
    id,
    stored,
    undo,
    flushSave: autosave.flush,
    retryStoring,
    dispose: async () => {
      doc.off('update', watchChange);
      detachWorkshop();
      detachRelay();
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibilityChange);
      stopProjection();
      await autosave.flush();
      autosave.stop();
      undo.destroy();
      await closeStoredDoc(stored);
    },
  };
  useWorkspace.setState({ phase: 'ready', restoredFromFile });
  performance.mark('cairn:workspace-ready');
  watchStored(false);
  attachWorkshop(id, doc);
  attachRelay(id, doc);

  if (platform.durable && !restoredFromFile) {
    // Merge the durable copy in the background: it may hold edits this
    // browser storage lost. Applying known updates is a no-op.
    setTimeout(() => {
      if (session?.id !== id) return;
      platform
        .loadWorkspace(id)
        .then((bytes) => {
          if (bytes && session?.id === id) Y.applyUpdate(doc, readWorkspaceFile(bytes).update, RESTORE_ORIGIN);
        })
        .catch((error: unknown) => console.error('[cairn] merging the durable copy failed', error));
    }, 500);
  }
}

/** Tries again to store the open workspace after storing it failed; it is editable again once that succeeds. */
export async function retryStoring(): Promise<void> {
  if (session && useWorkspace.getState().storageFailure) await session.retryStoring();
}

/** The open workspace, to change it: refused while it cannot be stored. */
function editableSession(): OpenSession {
  if (!session) throw new Error('No workspace is open.');
  if (useWorkspace.getState().storageFailure) throw new ReadOnlyWorkspaceError();
  return session;
}

/** Runs a domain command against the open workspace as this user (undo-tracked). */
export function runCommand<T>(command: (ctx: CommandContext) => T): T {
  const session = editableSession();
  // Never signed "Anonymous": without a name the prompt opens and the write is refused (NameNeeded).
  return command(localContext(session.stored.doc, signerName()));
}

export function undo(): void {
  if (!useWorkspace.getState().storageFailure) session?.undo.undo();
}
export function redo(): void {
  if (!useWorkspace.getState().storageFailure) session?.undo.redo();
}

/** Merges an imported `.cairn` update into the open workspace (not undoable). */
export function mergeIntoOpenWorkspace(update: Uint8Array): boolean {
  if (!session) return false;
  Y.applyUpdate(editableSession().stored.doc, update, IMPORT_ORIGIN);
  return true;
}

/**
 * Copies the entities of another workspace (already validated `.cairn` update)
 * into the open one; not undoable by Ctrl+Z, like any import.
 */
export function combineIntoOpenWorkspace(update: Uint8Array): CombineResult {
  const session = editableSession();
  const source = new Y.Doc();
  try {
    Y.applyUpdate(source, update);
    return combineWorkspace({ ...localContext(session.stored.doc, signerName()), origin: IMPORT_ORIGIN }, source);
  } finally {
    source.destroy();
  }
}

export function openWorkspaceId(): string | null {
  return session?.id ?? null;
}

/** The open workspace as `.cairn` bytes. */
export function encodeOpenWorkspace(): Uint8Array {
  if (!session) throw new Error('No workspace is open.');
  return workspaceToFile(session.stored.doc, getPlatform().appVersion, Date.now());
}

/** The open workspace's whole state as a Yjs update (for the export and import worker). */
export function encodeOpenWorkspaceUpdate(): Uint8Array {
  if (!session) throw new Error('No workspace is open.');
  return Y.encodeStateAsUpdate(session.stored.doc);
}
