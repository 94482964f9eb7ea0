import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CairnFileError, encodeCairnFile, type CairnFileHeader } from '../../shared/format/envelope';
import { createContentChecker, type ContentChecker } from '../../electron/common/contentCheck';
import { StoreError, createFileStore } from '../../electron/common/fileStore';
import { buildWorkspace, workspaceBytes } from './workspaceFixture';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();
const WORKER_SOURCE = path.resolve(__dirname, '../../electron/common/contentCheckWorker.ts');

function header(workspaceId: string): CairnFileHeader {
  return { workspaceId, schemaVersion: 1, appVersion: 'test', kind: 'team', title: 'Damaged', savedAt: 1 };
}

/** A whole, checksummed envelope around an update that is not a workspace: only a full decode finds out. */
function badContentBytes(workspaceId: string): Uint8Array {
  return encodeCairnFile(header(workspaceId), Uint8Array.of(200, 1, 2, 3, 4));
}

function flipLastByte(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[copy.length - 1]! ^= 0xff;
  return copy;
}

describe('fileStore: checking a save', () => {
  it('refuses a damaged envelope by its header and checksum alone, without decoding the document', async () => {
    const decoded: Uint8Array[] = [];
    const store = createFileStore({ root: tempDir(), checkContent: async (bytes) => void decoded.push(bytes) });
    const { doc, id } = buildWorkspace();

    await expect(store.save(id, flipLastByte(workspaceBytes(doc)))).rejects.toThrow(/checksum does not match/);
    await expect(store.save(id, workspaceBytes(buildWorkspace('ws_other').doc))).rejects.toThrow(/different workspace/);
    expect(decoded).toHaveLength(0);

    await store.save(id, workspaceBytes(doc));
    expect(decoded).toHaveLength(1);
  });

  it('writes nothing until the whole-document check passes, and keeps the previous copy when it fails', async () => {
    const root = tempDir();
    let release!: (error?: Error) => void;
    const checking = new Promise<void>((resolve, reject) => (release = (error) => (error ? reject(error) : resolve())));
    let checks = 0;
    const store = createFileStore({ root, checkContent: () => (checks++ === 0 ? Promise.resolve() : checking) });
    const { doc, id } = buildWorkspace();
    const first = workspaceBytes(doc, 1);
    await store.save(id, first);

    const saving = store.save(id, workspaceBytes(doc, 2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.load(id)).toEqual(first);

    release(new CairnFileError('bad-content', 'The workspace inside the file cannot be read; restore it from a backup.'));
    const refusal = await saving.then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreError);
    expect((refusal as StoreError).message).toBe('Not saved, the data is not a valid workspace: The workspace inside the file cannot be read; restore it from a backup.');
    expect(await store.load(id)).toEqual(first);
  });
});

describe('contentCheck: the whole-document check on a worker thread', () => {
  let checker: ContentChecker | null = null;
  let workerFile = '';
  // The worker runs as the app ships it: the TypeScript entry bundled to one CommonJS file.
  let bundleDir = '';
  beforeAll(async () => {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-worker-'));
    workerFile = path.join(bundleDir, 'contentCheckWorker.cjs');
    await build({ entryPoints: [WORKER_SOURCE], outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  });
  afterAll(() => fs.rmSync(bundleDir, { recursive: true, force: true }));
  afterEach(async () => {
    await checker?.close();
    checker = null;
  });
  function workerChecker(): ContentChecker {
    checker = createContentChecker({ workerFile });
    return checker;
  }

  it('passes a real workspace and refuses a damaged one with the reader’s reason', async () => {
    const check = workerChecker();
    const { doc } = buildWorkspace();

    await expect(check.check(workspaceBytes(doc))).resolves.toBeUndefined();
    const refusal = await check.check(badContentBytes('ws_Team-Alpha')).then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(CairnFileError);
    expect((refusal as CairnFileError).code).toBe('bad-content');
    // A refusal does not stop the worker: the next file is checked.
    await expect(check.check(workspaceBytes(doc, 2))).resolves.toBeUndefined();
  });

  it('behind the store: a damaged document is refused with a clear error and the saved copy is kept', async () => {
    const { check } = workerChecker();
    const store = createFileStore({ root: tempDir(), checkContent: check });
    const { doc, id } = buildWorkspace();
    const good = workspaceBytes(doc);
    await store.save(id, good);

    await expect(store.save(id, badContentBytes(id))).rejects.toThrow(
      /^Not saved, the data is not a valid workspace: The (workspace inside the file cannot be read|file holds no workspace)/,
    );
    expect(await store.load(id)).toEqual(good);
  });

  /**
   * A stand-in worker speaking the real one's messages: it passes every file
   * but one of a single byte 0xde, on which it throws (an uncaught error ends a
   * worker), and holds a file of a single byte 0xee unanswered.
   */
  function fakeWorkerFile(): string {
    const file = path.join(bundleDir, 'crashingWorker.cjs');
    fs.writeFileSync(
      file,
      `const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, bytes }) => {
  if (bytes.length === 1 && bytes[0] === 0xde) throw new Error('the worker crashed');
  if (bytes.length === 1 && bytes[0] === 0xee) return;
  parentPort.postMessage({ id, ok: true });
});`,
    );
    return file;
  }

  it('a worker that dies fails only the checks sent to it: a check asked for after the crash goes to a new worker and passes', async () => {
    checker = createContentChecker({ workerFile: fakeWorkerFile() });
    const check = checker;
    await expect(check.check(Uint8Array.of(1))).resolves.toBeUndefined();
    // Asked for as soon as the crash is known, before the dead worker's exit is reported.
    const afterCrash = await check.check(Uint8Array.of(0xde)).then(
      () => null,
      (error: unknown) => ({ error, next: check.check(Uint8Array.of(2)) }),
    );
    expect(afterCrash?.error).toBeInstanceOf(Error);
    await expect(afterCrash?.next).resolves.toBeUndefined();
  });

  it('closing refuses the checks still in the worker; one asked for right after goes to a new worker and passes', async () => {
    checker = createContentChecker({ workerFile: fakeWorkerFile() });
    const held = checker.check(Uint8Array.of(0xee)).then(() => 'passed', () => 'refused');
    const closing = checker.close();
    const next = checker.check(Uint8Array.of(3));
    await closing;
    expect(await held).toBe('refused');
    await expect(next).resolves.toBeUndefined();
  });
});
