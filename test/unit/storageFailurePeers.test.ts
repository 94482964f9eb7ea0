// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addObjective } from '../../shared/commands/objectives';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { StorageFailureNotice } from '../../renderer/app/StorageFailureNotice';
import { withStoredDoc } from '../../renderer/state/docStorage';
import type * as WorkshopSession from '../../renderer/state/workshopSession';
import { importOpenedFile } from '../../renderer/state/fileActions';
import { useIdentity } from '../../renderer/state/identity';
import { useLibrary } from '../../renderer/state/libraryStore';
import { closeWorkspaceSession, openWorkspaceSession, retryStoring, runCommand, useWorkspace } from '../../renderer/state/workspaceSession';
import { newWorkspace, replicaOf } from '../support/workspace';

/*
 * Read-only because this browser's storage refused the workspace, while a
 * workshop peer (or the relay) keeps sending changes: they are merged and
 * shown, but stored nowhere here. The notice says so, and Try again stores
 * them with the rest (a whole-state write).
 */

/** The open workspace's document, as the workshop session is handed it: a peer's changes reach it the way the room's provider applies them. */
let sharedDoc: Y.Doc | null = null;
vi.mock('../../renderer/state/workshopSession', async (importOriginal) => {
  const original = await importOriginal<typeof WorkshopSession>();
  return {
    ...original,
    attachWorkshop: (id: string, doc: Y.Doc) => {
      sharedDoc = doc;
      original.attachWorkshop(id, doc);
    },
  };
});

const PEER_ORIGIN = { peer: 'Ben’s laptop' };

function fullDisk(): () => void {
  const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
  return () => add.mockRestore();
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  useIdentity.setState({ name: 'Ana' });
  useLibrary.setState({ entries: [] });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await closeWorkspaceSession();
  sharedDoc = null;
});

const storedTitles = (id: string) =>
  withStoredDoc(id, (doc) => [...doc.getMap<Y.Map<unknown>>('objectives').values()].map((objective) => String(objective.get('title'))).sort());

describe('a peer’s changes while the workspace is read-only', () => {
  it('are shown, said to be kept only in this window, and stored by Try again', async () => {
    const id = 'peerUnstored1';
    const { doc: file, ctx } = newWorkspace('Ana', id);
    addObjective(ctx, { title: 'Opened from a file' });
    const restore = fullDisk();
    await importOpenedFile({ name: 'team.cairn', bytes: workspaceToFile(file, '0.1.0', 1) });
    await openWorkspaceSession(id);
    await vi.waitFor(() => expect(useWorkspace.getState().storageFailure).toBeTruthy());
    expect(useWorkspace.getState().othersUnstored).toBe(false);

    // Ben, in the workshop, adds an objective: it arrives as the room's provider applies it.
    const peer = replicaOf(file, 'Ben');
    const sent: Uint8Array[] = [];
    peer.doc.on('update', (update: Uint8Array) => sent.push(update));
    addObjective(peer.ctx, { title: 'Added by Ben while read-only' });
    expect(sharedDoc).not.toBeNull();
    for (const update of sent) Y.applyUpdate(sharedDoc!, update, PEER_ORIGIN);

    await vi.waitFor(() => expect(Object.values(useWorkspace.getState().objectives).map((o) => o.title).sort()).toEqual(['Added by Ben while read-only', 'Opened from a file']));
    expect(useWorkspace.getState().othersUnstored).toBe(true);

    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    await act(async () => root.render(createElement(StorageFailureNotice)));
    expect(container.textContent).toMatch(/Changes from others .* are shown here but kept only in this window.*Try again stores them/);

    restore();
    await act(async () => retryStoring());
    expect(useWorkspace.getState().storageFailure).toBeNull();
    expect(useWorkspace.getState().othersUnstored).toBe(false);
    expect(container.textContent).toBe('');
    await act(async () => root.unmount());
    container.remove();

    await closeWorkspaceSession();
    expect(await storedTitles(id)).toEqual(['Added by Ben while read-only', 'Opened from a file']);
  });

  it('a peer’s change whose own write fails is said to be unstored (the disk fills while storing it)', async () => {
    const id = 'peerUnstored3';
    const { doc: file, ctx } = newWorkspace('Ana', id);
    addObjective(ctx, { title: 'Opened from a file' });
    await importOpenedFile({ name: 'team.cairn', bytes: workspaceToFile(file, '0.1.0', 1) });
    await openWorkspaceSession(id);
    expect(useWorkspace.getState().storageFailure).toBeNull();

    fullDisk();
    const peer = replicaOf(file, 'Ben');
    const sent: Uint8Array[] = [];
    peer.doc.on('update', (update: Uint8Array) => sent.push(update));
    addObjective(peer.ctx, { title: 'Added by Ben as the disk filled' });
    for (const update of sent) Y.applyUpdate(sharedDoc!, update, PEER_ORIGIN);

    await vi.waitFor(() => expect(useWorkspace.getState().storageFailure).toBeTruthy());
    expect(Object.values(useWorkspace.getState().objectives).map((o) => o.title)).toContain('Added by Ben as the disk filled');
    expect(useWorkspace.getState().othersUnstored).toBe(true);
  });

  it('this window’s own change whose write fails is not said to be others’', async () => {
    const id = 'peerUnstored4';
    const { doc: file } = newWorkspace('Ana', id);
    await importOpenedFile({ name: 'team.cairn', bytes: workspaceToFile(file, '0.1.0', 1) });
    await openWorkspaceSession(id);
    fullDisk();
    runCommand((ctx) => addObjective(ctx, { title: 'Mine' }));
    await vi.waitFor(() => expect(useWorkspace.getState().storageFailure).toBeTruthy());
    expect(useWorkspace.getState().othersUnstored).toBe(false);
  });

  it('a workspace that stores fine never says so', async () => {
    const id = 'peerUnstored2';
    const { doc: file } = newWorkspace('Ana', id);
    await importOpenedFile({ name: 'team.cairn', bytes: workspaceToFile(file, '0.1.0', 1) });
    await openWorkspaceSession(id);
    const peer = replicaOf(file, 'Ben');
    addObjective(peer.ctx, { title: 'Added by Ben' });
    Y.applyUpdate(sharedDoc!, Y.encodeStateAsUpdate(peer.doc), PEER_ORIGIN);
    expect(useWorkspace.getState().storageFailure).toBeNull();
    expect(useWorkspace.getState().othersUnstored).toBe(false);
  });
});
