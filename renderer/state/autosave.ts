import type * as Y from 'yjs';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import type { CairnPlatform } from '../../shared/platform';
import { metaMap } from '../../shared/schema/doc';

export interface SaveStatus {
  /** browser: no durable copy exists in browser mode (IndexedDB only). */
  state: 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'browser';
  savedAt: number | null;
  error: string | null;
}

const QUIET_MS = 2_000;
const MAX_WAIT_MS = 10_000;

/**
 * Writes the durable `.cairn` copy a couple of seconds after the last change
 * (at most ten seconds after the first), one write at a time. "Saved" means
 * the shell confirmed the atomic write.
 */
export function createAutosave(doc: Y.Doc, platform: CairnPlatform, report: (status: SaveStatus) => void) {
  let status: SaveStatus = { state: platform.durable ? 'saved' : 'browser', savedAt: null, error: null };
  report(status);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstDirtyAt: number | null = null;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;

  const set = (next: Partial<SaveStatus>) => {
    status = { ...status, ...next };
    report(status);
  };

  const write = async () => {
    if (!dirty || stopped) return;
    dirty = false;
    firstDirtyAt = null;
    set({ state: 'saving' });
    try {
      const { savedAt } = await platform.saveWorkspace(String(metaMap(doc).get('id')), workspaceToFile(doc, platform.appVersion, Date.now()));
      set(dirty ? { state: 'pending', savedAt } : { state: 'saved', savedAt, error: null });
    } catch (error) {
      dirty = true;
      set({ state: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    writing = writing.then(write);
    return writing;
  };

  const onUpdate = () => {
    if (!platform.durable || stopped) return;
    dirty = true;
    const now = Date.now();
    firstDirtyAt ??= now;
    if (status.state !== 'saving') set({ state: 'pending' });
    if (timer) clearTimeout(timer);
    const wait = Math.min(QUIET_MS, Math.max(0, firstDirtyAt + MAX_WAIT_MS - now));
    timer = setTimeout(() => void flush(), wait);
  };
  doc.on('update', onUpdate);

  return {
    flush,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      doc.off('update', onUpdate);
    },
  };
}
