// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import type { CairnPlatform } from '../../shared/platform';
import { deleteStoredDoc, withStoredDoc } from '../../renderer/state/docStorage';
import { useIdentity } from '../../renderer/state/identity';
import { closeWorkspaceSession, openWorkspaceSession, runCommand, undo, useWorkspace } from '../../renderer/state/workspaceSession';
import { newWorkspace, replicaOf } from '../support/workspace';

/** A durable store like Electron's, in memory. */
function fakeDurablePlatform(files = new Map<string, Uint8Array>()): CairnPlatform & { files: Map<string, Uint8Array> } {
  return {
    files,
    kind: 'electron',
    appVersion: '0.1.0-test',
    durable: true,
    saveWorkspace: vi.fn(async (id: string, bytes: Uint8Array) => {
      files.set(id, bytes);
      return { savedAt: Date.now() };
    }),
    loadWorkspace: async (id) => files.get(id) ?? null,
    listStoredWorkspaces: async () => [],
    removeWorkspace: async () => {},
    listBackups: async () => [],
    readBackup: async () => new Uint8Array(),
    exportFile: async () => ({ saved: true }),
    exportFiles: async (files) => ({ saved: files.length }),
    pickFile: async () => null,
    renderPdf: async () => ({ unavailable: 'no printer in this test' }),
    hostWorkshop: async () => ({ signaling: [] }),
    setReminders: async () => {},
    onOpenDue: () => () => {},
    onOpenFile: () => () => {},
    onMenuCommand: () => () => {},
  };
}

function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => (condition() ? resolve() : Date.now() - start > ms ? reject(new Error('timed out')) : setTimeout(check, 10));
    check();
  });
}

// A device with a name: without one, writes open the name prompt instead (identity.test.ts).
beforeEach(() => {
  useIdentity.setState({ name: 'Ana' });
});

afterEach(async () => {
  await closeWorkspaceSession();
});

describe('workspace session (renderer, IndexedDB + durable file)', () => {
  it('restores a workspace from its durable file when IndexedDB has nothing', async () => {
    const { doc, ctx } = newWorkspace('Ana', 'restoreMe01');
    const o = addObjective(ctx, { title: 'Survives a wiped browser storage' });
    const kr = addKeyResult(ctx, o, { title: 'k', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 10, unit: '' } });
    recordCheckIn(ctx, kr, { value: 4 });
    const platform = fakeDurablePlatform(new Map([['restoreMe01', workspaceToFile(doc, '0.1.0', 1)]]));
    window.cairn = platform;
    await deleteStoredDoc('restoreMe01');

    await openWorkspaceSession('restoreMe01');
    const state = useWorkspace.getState();
    expect(state.phase).toBe('ready');
    expect(state.restoredFromFile).toBe(true);
    expect(state.objectives[o]?.title).toBe('Survives a wiped browser storage');
    expect(state.checkInsByKeyResult[kr]).toHaveLength(1);
    await closeWorkspaceSession();

    // …and it is back in IndexedDB too.
    const stored = await withStoredDoc('restoreMe01', (d) => Y.encodeStateAsUpdate(d));
    const check = new Y.Doc();
    Y.applyUpdate(check, stored);
    expect(check.getMap('objectives').has(o)).toBe(true);
  });

  it('writes the durable copy after changes and says "saved" only after the write', async () => {
    const platform = fakeDurablePlatform();
    window.cairn = platform;
    const { doc } = newWorkspace('Ana', 'saveMe01');
    await withStoredDoc('saveMe01', (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(doc)));
    await openWorkspaceSession('saveMe01');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      runCommand((ctx) => addObjective(ctx, { title: 'Saved durably' }));
      expect(useWorkspace.getState().save.state).toBe('pending');
      await vi.advanceTimersByTimeAsync(2_500);
    } finally {
      vi.useRealTimers();
    }
    await waitFor(() => useWorkspace.getState().save.state === 'saved');
    expect(platform.saveWorkspace).toHaveBeenCalledTimes(1);
    const saved = new Y.Doc();
    const { readWorkspaceFile } = await import('../../shared/format/workspaceFile');
    const loaded = readWorkspaceFile(platform.files.get('saveMe01')!);
    Y.applyUpdate(saved, loaded.update);
    expect([...loaded.snapshot.objectives.values()].map((o) => o.title)).toEqual(['Saved durably']);
  });

  it('undoes only this user’s edits, not a merged import', async () => {
    window.cairn = fakeDurablePlatform();
    const { doc } = newWorkspace('Ana', 'undoMe0001');
    await withStoredDoc('undoMe0001', (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(doc)));
    await openWorkspaceSession('undoMe0001');
    const mine = runCommand((ctx) => addObjective(ctx, { title: 'Mine' }));
    const { mergeIntoOpenWorkspace } = await import('../../renderer/state/workspaceSession');
    const other = replicaOf(doc, 'Ben');
    const theirs = addObjective(other.ctx, { title: 'Theirs' });
    mergeIntoOpenWorkspace(Y.encodeStateAsUpdate(other.doc));
    await waitFor(() => useWorkspace.getState().objectives[mine] !== undefined && useWorkspace.getState().objectives[theirs] !== undefined);
    undo();
    await waitFor(() => useWorkspace.getState().objectives[mine] === undefined);
    expect(useWorkspace.getState().objectives[theirs]?.title).toBe('Theirs');
  });
});
