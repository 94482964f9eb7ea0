import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readWorkspaceFile } from '../../shared/format/workspaceFile';
import { readWorkspace } from '../../shared/schema/read';
import type { AtomicFs } from '../../electron/common/atomicWrite';
import { StoreError, createFileStore } from '../../electron/common/fileStore';
import { buildWorkspace, workspaceBytes } from './workspaceFixture';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();
const MINUTE = 60_000;

function workspaceFiles(root: string): string[] {
  return fs.readdirSync(path.join(root, 'workspaces')).sort();
}

describe('fileStore: durable writes', () => {
  it('saves and loads the exact bytes, leaving no temp file behind', async () => {
    const root = tempDir();
    const store = createFileStore({ root });
    const { doc, id } = buildWorkspace();
    const bytes = workspaceBytes(doc);

    await store.save(id, bytes);

    expect(await store.load(id)).toEqual(bytes);
    expect(workspaceFiles(root)).toEqual([`${id}.cairn`]);
  });

  it('whenIdle resolves only once every save asked for is on disk (what quitting waits for)', async () => {
    const root = tempDir();
    let releaseRename!: () => void;
    const renameHeld = new Promise<void>((resolve) => (releaseRename = resolve));
    const slow: AtomicFs = { ...fsp, rename: async (from, to) => (await renameHeld, fsp.rename(from, to)) };
    const store = createFileStore({ root, fs: slow });
    const { doc, id } = buildWorkspace();
    const saving = store.save(id, workspaceBytes(doc));
    let idle = false;
    const waiting = store.whenIdle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(idle).toBe(false);
    releaseRename();
    await waiting;
    await saving;
    expect(await store.load(id)).toEqual(workspaceBytes(doc));
    await store.whenIdle(); // nothing in flight: at once
  });

  it('keeps the previous file intact when a crash hits between the temp write and the rename', async () => {
    const root = tempDir();
    const { doc, id } = buildWorkspace();
    const good = workspaceBytes(doc, 1);
    await createFileStore({ root }).save(id, good);
    // A crash: the rename never happens and nothing cleans up after it.
    const crashing: AtomicFs = {
      ...fsp,
      rename: () => Promise.reject(new Error('power lost')),
      rm: () => Promise.resolve(),
    };
    const crashy = createFileStore({ root, fs: crashing });

    await expect(crashy.save(id, workspaceBytes(doc, 2))).rejects.toThrow('power lost');

    expect(await createFileStore({ root }).load(id)).toEqual(good);
  });

  it('sweeps the temp files an interrupted write left, and only those', async () => {
    const root = tempDir();
    const { doc, id } = buildWorkspace();
    await createFileStore({ root }).save(id, workspaceBytes(doc, 1));
    const crashing: AtomicFs = { ...fsp, rename: () => Promise.reject(new Error('crash')), rm: () => Promise.resolve() };
    await createFileStore({ root, fs: crashing }).save(id, workspaceBytes(doc, 2)).catch(() => undefined);
    expect(workspaceFiles(root)).toHaveLength(2);

    const store = createFileStore({ root });
    expect(await store.sweepTempFiles()).toBe(1);
    expect(workspaceFiles(root)).toEqual([`${id}.cairn`]);
  });

  it.each([
    ['truncated', (b: Uint8Array) => b.slice(0, b.length - 10)],
    ['random bytes', () => Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256)],
    ['a flipped byte', (b: Uint8Array) => b.map((x, i) => (i === 40 ? x ^ 0xff : x))],
  ])('refuses %s and keeps the good file', async (_name, damage) => {
    const root = tempDir();
    const store = createFileStore({ root });
    const { doc, id } = buildWorkspace();
    const good = workspaceBytes(doc);
    await store.save(id, good);

    await expect(store.save(id, damage(good))).rejects.toBeInstanceOf(StoreError);

    expect(await store.load(id)).toEqual(good);
  });

  it('runs concurrent saves of one workspace one after another: the last one wins, one backup', async () => {
    const root = tempDir();
    const store = createFileStore({ root });
    const { doc, id } = buildWorkspace();
    const versions = Array.from({ length: 8 }, (_, i) => workspaceBytes(doc, i + 1));

    await Promise.all(versions.map((bytes) => store.save(id, bytes)));

    expect(await store.load(id)).toEqual(versions[7]);
    expect(await store.listBackups(id)).toHaveLength(1);
    expect(workspaceFiles(root)).toEqual([`${id}.cairn`]);
  });

  it('refuses a file of another workspace under this id', async () => {
    const root = tempDir();
    const store = createFileStore({ root });
    const other = buildWorkspace('ws_other', 'Other');

    await expect(store.save('ws_mine', workspaceBytes(other.doc))).rejects.toThrow(/different workspace/);

    expect(await store.load('ws_mine')).toBeNull();
  });

  it.each(['../evil', '..', 'a/b', 'a\\b', '', 'x'.repeat(65), 'semi;colon', '.hidden'])('rejects the workspace id %j', async (badId) => {
    const parent = tempDir();
    const root = path.join(parent, 'userData');
    const store = createFileStore({ root });
    const { doc } = buildWorkspace();

    await expect(store.save(badId, workspaceBytes(doc))).rejects.toThrow(/Invalid workspace id/);
    await expect(store.load(badId)).rejects.toThrow(/Invalid workspace id/);
    await expect(store.remove(badId)).rejects.toThrow(/Invalid workspace id/);
    await expect(store.listBackups(badId)).rejects.toThrow(/Invalid workspace id/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('rejects backup names that could leave the backups folder', async () => {
    const root = tempDir();
    const store = createFileStore({ root });
    const { doc, id } = buildWorkspace();
    await store.save(id, workspaceBytes(doc));

    for (const name of [`../../workspaces/${id}.cairn`, '..', 'x.cairn', '/etc/passwd']) {
      await expect(store.readBackup(id, name)).rejects.toThrow(/Invalid backup name/);
    }
  });

  it('removes a workspace and its backups for good', async () => {
    const root = tempDir();
    const store = createFileStore({ root });
    const { doc, id } = buildWorkspace();
    await store.save(id, workspaceBytes(doc));
    expect(await store.listBackups(id)).toHaveLength(1);

    await store.remove(id);

    expect(await store.load(id)).toBeNull();
    expect(await store.listBackups(id)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'backups', id))).toBe(false);
  });
});

describe('fileStore: listing', () => {
  it('lists stored workspaces and reports broken files instead of throwing', async () => {
    const root = tempDir();
    const store = createFileStore({ root });
    const a = buildWorkspace('ws_a', 'Alpha');
    const b = buildWorkspace('ws_b', 'Beta');
    await store.save(a.id, workspaceBytes(a.doc));
    await store.save(b.id, workspaceBytes(b.doc));
    const dir = path.join(root, 'workspaces');
    fs.writeFileSync(path.join(dir, 'ws_garbage.cairn'), 'not a workspace');
    fs.writeFileSync(path.join(dir, 'ws_cut.cairn'), workspaceBytes(a.doc).slice(0, 50));
    fs.writeFileSync(path.join(dir, 'ws_impostor.cairn'), workspaceBytes(a.doc));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');

    const { workspaces, broken } = await store.list();

    expect(workspaces.map((w) => [w.workspaceId, w.title, w.kind])).toEqual([
      ['ws_a', 'Alpha', 'team'],
      ['ws_b', 'Beta', 'team'],
    ]);
    expect(workspaces[0]!.size).toBe(workspaceBytes(a.doc).length);
    expect(broken.map((f) => f.fileName).sort()).toEqual(['ws_cut.cairn', 'ws_garbage.cairn', 'ws_impostor.cairn']);
    expect(broken.find((f) => f.fileName === 'ws_cut.cairn')!.reason).toMatch(/incomplete/);
  });

  it('lists nothing, without failing, before anything was saved', async () => {
    expect(await createFileStore({ root: tempDir() }).list()).toEqual({ workspaces: [], broken: [] });
  });
});

describe('fileStore: backups', () => {
  function clockedStore(root: string, start: number) {
    let now = start;
    const store = createFileStore({ root, now: () => now });
    return { store, advance: (ms: number) => (now += ms), at: (time: number) => (now = time) };
  }

  it('takes a backup on the first save and then at most every 15 minutes', async () => {
    const root = tempDir();
    const start = new Date(2025, 2, 10, 8, 0).getTime();
    const { store, advance } = clockedStore(root, start);
    const { doc, id } = buildWorkspace();

    await store.save(id, workspaceBytes(doc, 1));
    advance(5 * MINUTE);
    await store.save(id, workspaceBytes(doc, 2));
    advance(9 * MINUTE);
    await store.save(id, workspaceBytes(doc, 3));
    expect((await store.listBackups(id)).map((b) => b.takenAt)).toEqual([start]);

    advance(1 * MINUTE);
    const latest = workspaceBytes(doc, 4);
    await store.save(id, latest);

    const backups = await store.listBackups(id);
    expect(backups.map((b) => b.takenAt)).toEqual([start + 15 * MINUTE, start]);
    expect(await store.readBackup(id, backups[0]!.name)).toEqual(latest);
    expect(backups[0]!.size).toBe(latest.length);
  });

  it('prunes by policy: 3 from today, 1 per earlier day, 10 in all', async () => {
    const root = tempDir();
    const day0 = new Date(2025, 2, 1, 9, 0).getTime();
    const { store, at } = clockedStore(root, day0);
    const { doc, id } = buildWorkspace();
    const days = 12;
    for (let d = 0; d < days; d++) {
      // A busy hour every day: a save every 5 minutes.
      for (let m = 0; m <= 60; m += 5) {
        at(new Date(2025, 2, 1 + d, 9, m).getTime());
        await store.save(id, workspaceBytes(doc, d * 1000 + m));
      }
    }

    const backups = await store.listBackups(id);

    expect(backups).toHaveLength(10);
    const lastDay = (h: number, m: number) => new Date(2025, 2, days, h, m).getTime();
    expect(backups.slice(0, 3).map((b) => b.takenAt)).toEqual([lastDay(10, 0), lastDay(9, 45), lastDay(9, 30)]);
    // Then the newest backup of each of the 7 days before.
    expect(backups.slice(3).map((b) => new Date(b.takenAt).getDate())).toEqual([11, 10, 9, 8, 7, 6, 5]);
    expect(backups.slice(3).every((b) => new Date(b.takenAt).getHours() === 10)).toBe(true);
  });
});

describe('fileStore: recovery', () => {
  it('reconstructs a whole workspace from the durable copy alone', async () => {
    const root = tempDir();
    const original = buildWorkspace();
    await createFileStore({ root }).save(original.id, workspaceBytes(original.doc));

    // A new process, with IndexedDB gone: only the store's file remains.
    const loaded = await createFileStore({ root }).load(original.id);
    const { doc } = readWorkspaceFile(loaded!);

    expect(readWorkspace(doc)).toEqual(readWorkspace(original.doc));
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(original.doc));
    expect([...readWorkspace(doc).checkIns.keys()].sort()).toEqual([...original.checkInIds].sort());
  });
});
