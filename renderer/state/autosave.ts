import type * as Y from 'yjs';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import type { CairnPlatform } from '../../shared/platform';
import { rootMap } from '../../shared/schema/roots';

export interface SaveStatus {
  state: 'idle' | 'pending' | 'saving' | 'saved' | 'error';
  /** browser: browser mode keeps only the IndexedDB copy; file: "saved" includes the durable `.cairn` file. */
  where: 'browser' | 'file';
  savedAt: number | null;
  error: string | null;
}

const QUIET_MS = 2_000;
const MAX_WAIT_MS = 10_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Says "saved" only once an edit is durable: its IndexedDB transaction
 * committed (`whenStored`) and, where the shell keeps a durable copy, the
 * `.cairn` file written. The file is written a couple of seconds after the
 * last change (at most ten seconds after the first), one write at a time.
 */
export function createAutosave(
  doc: Y.Doc,
  platform: Pick<CairnPlatform, 'durable' | 'appVersion' | 'saveWorkspace'>,
  whenStored: () => Promise<void>,
  report: (status: SaveStatus) => void,
  /** A document shown while what it holds is being stored (a file just opened): "saving" until this resolves. */
  storing?: Promise<void>,
) {
  let status: SaveStatus = { state: storing ? 'saving' : 'saved', where: platform.durable ? 'file' : 'browser', savedAt: null, error: null };
  report(status);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstDirtyAt: number | null = null;
  /** Counts changes, so a confirmation for an older change does not claim a newer one is saved. */
  let changes = 0;
  let fileDirty = false;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;

  const set = (next: Partial<SaveStatus>) => {
    status = { ...status, ...next };
    report(status);
  };
  const storageFailed = (error: unknown) =>
    set({ state: 'error', error: `this browser's storage refused the change (${messageOf(error)}); free some disk space or use Save a copy` });

  /** Browser mode: saved once IndexedDB committed everything up to this change. */
  const confirmStored = () => {
    const upTo = changes;
    whenStored().then(
      () => {
        if (!stopped && upTo === changes) set({ state: 'saved', savedAt: Date.now(), error: null });
      },
      (error: unknown) => {
        if (!stopped && upTo === changes) storageFailed(error);
      },
    );
  };

  const writeFile = async () => {
    if (!fileDirty || stopped) return;
    fileDirty = false;
    firstDirtyAt = null;
    const upTo = changes;
    set({ state: 'saving' });
    try {
      const file = workspaceToFile(doc, platform.appVersion, Date.now());
      const [{ savedAt }] = await Promise.all([platform.saveWorkspace(String(rootMap(doc, 'meta').get('id')), file), whenStored()]);
      set(upTo === changes ? { state: 'saved', savedAt, error: null } : { state: 'pending', savedAt });
    } catch (error) {
      fileDirty = true;
      set({ state: 'error', error: messageOf(error) });
    }
  };

  /** Writes what is pending now (page hide, closing the workspace) and resolves when it is durable. */
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    writing = writing.then(writeFile);
    return Promise.all([writing, whenStored().catch(() => {})]).then(() => {});
  };

  const onUpdate = () => {
    if (stopped) return;
    changes++;
    if (status.state !== 'saving') set({ state: 'pending' });
    if (!platform.durable) {
      confirmStored();
      return;
    }
    fileDirty = true;
    const now = Date.now();
    firstDirtyAt ??= now;
    if (timer) clearTimeout(timer);
    const wait = Math.min(QUIET_MS, Math.max(0, firstDirtyAt + MAX_WAIT_MS - now));
    timer = setTimeout(() => void flush(), wait);
  };
  doc.on('update', onUpdate);
  storing?.then(
    () => {
      if (!stopped && changes === 0) set({ state: 'saved', error: null });
    },
    (error: unknown) => {
      if (!stopped && changes === 0) storageFailed(error);
    },
  );

  return {
    flush,
    /** Storing works again (it was tried again after a failure): says so once everything is stored, and writes the durable file. */
    resume: () => {
      if (stopped) return;
      changes++;
      set({ state: 'saving', error: null });
      if (!platform.durable) {
        confirmStored();
        return;
      }
      fileDirty = true;
      void flush();
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      doc.off('update', onUpdate);
    },
  };
}
