import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** The file operations an atomic write needs; injectable so tests can simulate a crash. */
export type AtomicFs = Pick<typeof fsp, 'open' | 'rename' | 'rm'>;

const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Temp files of interrupted writes: never a real file, safe to delete when stale. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name);
}

/**
 * Removes the temp files an interrupted write of `file` left beside it (a
 * process killed mid-write), older than `olderThanMs` so that a write another
 * process is making right now is left alone. Returns how many went.
 */
export async function sweepStaleTempFilesOf(file: string, olderThanMs = 60_000, now = Date.now()): Promise<number> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !isTempFileName(name) || name.length !== prefix.length + 16) continue;
    const temp = path.join(dir, name);
    const stat = await fsp.stat(temp).catch(() => null);
    if (!stat?.isFile() || now - stat.mtimeMs < olderThanMs) continue;
    await fsp.rm(temp, { force: true });
    removed++;
  }
  return removed;
}

function tempPathFor(file: string): string {
  // Same directory as the target, so the rename never crosses file systems.
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `file` so that after a crash or power loss the file holds
 * either its old bytes or all of the new ones, never a mix: write a temp file
 * in the same directory, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileAtomic(file: string, data: Uint8Array, ops: AtomicFs = fsp): Promise<void> {
  const temp = tempPathFor(file);
  let renamed = false;
  try {
    const handle = await ops.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(ops, temp, file);
    renamed = true;
  } finally {
    if (!renamed) await ops.rm(temp, { force: true }).catch(() => undefined);
  }
  await syncDirectory(path.dirname(file), ops);
}

/**
 * The same, synchronously: for the last write while the app quits, when an
 * asynchronous write might not finish before the process exits.
 */
export function writeFileAtomicSync(file: string, data: Uint8Array): void {
  const temp = tempPathFor(file);
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

// Windows refuses a rename while a virus scanner or indexer briefly holds the target.
const RETRYABLE = new Set(['EPERM', 'EACCES', 'EBUSY']);

async function renameWithRetry(ops: AtomicFs, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ops.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 4 || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}

/** Makes a rename durable; best effort, since Windows cannot open a directory to fsync it. */
export async function syncDirectory(dir: string, ops: Pick<AtomicFs, 'open'> = fsp): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await ops.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported on this platform or file system; the rename itself is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
