import fsp from 'node:fs/promises';
import path from 'node:path';
import type { BackupInfo, StoredWorkspaceInfo } from '../../shared/platform';
import { CairnFileError, decodeCairnFile } from '../../shared/format/envelope';
import { readWorkspaceFile, readWorkspaceFileHeader } from '../../shared/format/workspaceFile';
import { isTempFileName, syncDirectory, writeFileAtomic, type AtomicFs } from './atomicWrite';
import { toUint8Array } from './bytes';
import { BACKUP_INTERVAL_MS, isBackupDue, selectBackups, type TimedBackup } from './backupPolicy';
import { MAX_FILE_BYTES, describeSize } from './limits';
import {
  WORKSPACE_FILE_SUFFIX,
  assertWorkspaceId,
  backupFile,
  backupName,
  backupsDir,
  parseBackupName,
  workspaceFile,
  workspaceIdOfFile,
  workspacesDir,
} from './storePaths';

/**
 * The durable copy of every workspace, outside the browser's storage:
 * `<root>/workspaces/<id>.cairn`, written atomically, with rotating backups in
 * `<root>/backups/<id>/`. IndexedDB is only a cache; this is what survives.
 */

/** A refusal or failure whose message is written for the user. */
export class StoreError extends Error {
  override name = 'StoreError';
}

export interface BrokenStoredFile {
  fileName: string;
  reason: string;
}

export interface StoredListing {
  workspaces: StoredWorkspaceInfo[];
  /** Files that could not be read; listed so they can be reported, never thrown. */
  broken: BrokenStoredFile[];
}

export interface FileStoreOptions {
  /** The directory to keep everything in (Electron's userData). */
  root: string;
  now?: () => number;
  backupIntervalMs?: number;
  /** File operations for writes; tests replace them to simulate a crash. */
  fs?: AtomicFs;
  /** Where failures that must not fail a save (a backup that could not be taken) are reported. */
  log?: (message: string) => void;
  /**
   * Decodes the whole document (checks 11–14 of docs/file-format.md) before it
   * replaces the durable copy; rejects with CairnFileError. The app runs it on
   * a worker thread (createContentChecker); by default it runs in this thread.
   */
  checkContent?: (bytes: Uint8Array) => Promise<void>;
}

export interface FileStore {
  readonly root: string;
  save(workspaceId: string, bytes: Uint8Array): Promise<{ savedAt: number }>;
  load(workspaceId: string): Promise<Uint8Array | null>;
  list(): Promise<StoredListing>;
  remove(workspaceId: string): Promise<void>;
  listBackups(workspaceId: string): Promise<BackupInfo[]>;
  readBackup(workspaceId: string, name: string): Promise<Uint8Array>;
  /** Deletes temp files left by writes a crash interrupted. */
  sweepTempFiles(): Promise<number>;
  /** Resolves once every save already asked for has finished (or failed): what quitting waits for. */
  whenIdle(): Promise<void>;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function readDirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fsp.readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Refuses, in milliseconds, what is not a whole `.cairn` file of this very
 * workspace: size, envelope, checksum, header and the header's workspace id
 * (checks 1–10 of docs/file-format.md). The document itself is checked after,
 * off the event loop (`checkContent`).
 */
function checkWorkspaceHeader(workspaceId: string, bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new StoreError(`The workspace is too large to save (over ${describeSize(MAX_FILE_BYTES)}).`);
  }
  let fileWorkspaceId: string;
  try {
    fileWorkspaceId = readWorkspaceFileHeader(bytes).header.workspaceId;
  } catch (error) {
    throw asStoreError(error);
  }
  if (fileWorkspaceId !== workspaceId) throw new StoreError('Not saved: the data belongs to a different workspace.');
}

/** A file the reader refused, as a refusal written for the user; anything else unchanged. */
function asStoreError(error: unknown): unknown {
  return error instanceof CairnFileError ? new StoreError(`Not saved, the data is not a valid workspace: ${error.message}`) : error;
}

/** The whole-document check in this thread: for tests and tools; the app passes a worker's (contentCheck.ts). */
async function checkContentHere(bytes: Uint8Array): Promise<void> {
  readWorkspaceFile(bytes);
}

export function createFileStore(options: FileStoreOptions): FileStore {
  const { root } = options;
  const now = options.now ?? Date.now;
  const interval = options.backupIntervalMs ?? BACKUP_INTERVAL_MS;
  const writeFs = options.fs ?? fsp;
  const log = options.log ?? ((message: string) => console.error(message));
  const checkContent = options.checkContent ?? checkContentHere;

  // One write at a time per workspace, so two quick saves cannot interleave
  // their renames or both decide that a backup is due.
  const queues = new Map<string, Promise<unknown>>();
  function exclusive<T>(workspaceId: string, task: () => Promise<T>): Promise<T> {
    const next = (queues.get(workspaceId) ?? Promise.resolve()).then(task);
    const settled = next.catch(() => undefined); // one failed save must not block the next
    queues.set(workspaceId, settled);
    void settled.then(() => {
      if (queues.get(workspaceId) === settled) queues.delete(workspaceId);
    });
    return next;
  }

  async function timedBackups(workspaceId: string): Promise<TimedBackup[]> {
    const out: TimedBackup[] = [];
    for (const name of await readDirOrEmpty(backupsDir(root, workspaceId))) {
      const takenAt = parseBackupName(name);
      if (takenAt !== null) out.push({ name, takenAt });
    }
    return out;
  }

  async function rotateBackups(workspaceId: string, bytes: Uint8Array, time: number): Promise<void> {
    const backups = await timedBackups(workspaceId);
    if (!isBackupDue(backups.map((b) => b.takenAt), time, interval)) return;
    const name = backupName(time);
    await fsp.mkdir(backupsDir(root, workspaceId), { recursive: true });
    await writeFileAtomic(backupFile(root, workspaceId, name), bytes, writeFs);
    const { remove } = selectBackups([...backups.filter((b) => b.name !== name), { name, takenAt: time }], time);
    for (const old of remove) await fsp.rm(backupFile(root, workspaceId, old.name), { force: true });
  }

  return {
    root,

    async whenIdle() {
      // Saves queued while waiting join the queues too: wait until none is left.
      while (queues.size > 0) await Promise.all(queues.values());
    },

    async save(workspaceId, bytes) {
      assertWorkspaceId(workspaceId);
      checkWorkspaceHeader(workspaceId, bytes);
      return exclusive(workspaceId, async () => {
        // In the queue, so a save whose check takes longer cannot land after a later one.
        try {
          await checkContent(bytes);
        } catch (error) {
          throw asStoreError(error);
        }
        await fsp.mkdir(workspacesDir(root), { recursive: true });
        await writeFileAtomic(workspaceFile(root, workspaceId), bytes, writeFs);
        const savedAt = now();
        try {
          await rotateBackups(workspaceId, bytes, savedAt);
        } catch (error) {
          // The durable copy is written; a missed backup must not turn "saved" into an error.
          log(`cairn: could not take a backup of workspace ${workspaceId}: ${String(error)}`);
        }
        return { savedAt };
      });
    },

    async load(workspaceId) {
      try {
        return toUint8Array(await fsp.readFile(workspaceFile(root, workspaceId)));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async list() {
      const listing: StoredListing = { workspaces: [], broken: [] };
      const dir = workspacesDir(root);
      for (const fileName of (await readDirOrEmpty(dir)).sort()) {
        if (!fileName.endsWith(WORKSPACE_FILE_SUFFIX)) continue; // temp files and strays
        const workspaceId = workspaceIdOfFile(fileName);
        if (!workspaceId) {
          listing.broken.push({ fileName, reason: 'The file name is not a workspace id.' });
          continue;
        }
        try {
          const file = path.join(dir, fileName);
          const [bytes, stat] = await Promise.all([fsp.readFile(file), fsp.stat(file)]);
          const { header } = decodeCairnFile(bytes);
          if (header.workspaceId !== workspaceId) {
            listing.broken.push({ fileName, reason: `The file holds workspace ${header.workspaceId}, not ${workspaceId}.` });
            continue;
          }
          listing.workspaces.push({
            workspaceId,
            title: header.title,
            kind: header.kind,
            savedAt: Math.round(stat.mtimeMs),
            size: bytes.byteLength,
          });
        } catch (error) {
          if (isMissing(error)) continue; // removed while we listed
          listing.broken.push({ fileName, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      return listing;
    },

    async remove(workspaceId) {
      assertWorkspaceId(workspaceId);
      return exclusive(workspaceId, async () => {
        await fsp.rm(workspaceFile(root, workspaceId), { force: true });
        await fsp.rm(backupsDir(root, workspaceId), { recursive: true, force: true });
        await syncDirectory(workspacesDir(root));
      });
    },

    async listBackups(workspaceId) {
      const dir = backupsDir(root, workspaceId);
      const infos: BackupInfo[] = [];
      for (const { name, takenAt } of await timedBackups(workspaceId)) {
        try {
          const { size } = await fsp.stat(path.join(dir, name));
          infos.push({ workspaceId, name, takenAt, size });
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      return infos.sort((a, b) => b.takenAt - a.takenAt);
    },

    async readBackup(workspaceId, name) {
      try {
        return toUint8Array(await fsp.readFile(backupFile(root, workspaceId, name)));
      } catch (error) {
        if (isMissing(error)) throw new StoreError('That backup no longer exists.');
        throw error;
      }
    },

    async sweepTempFiles() {
      const dirs = [workspacesDir(root)];
      const backupsRoot = path.join(root, 'backups');
      for (const id of await readDirOrEmpty(backupsRoot)) dirs.push(path.join(backupsRoot, id));
      let removed = 0;
      for (const dir of dirs) {
        for (const name of await readDirOrEmpty(dir)) {
          if (!isTempFileName(name)) continue;
          await fsp.rm(path.join(dir, name), { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
