// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { databaseNameOf, withStoredDoc } from '../../renderer/state/docStorage';
import { useIdentity } from '../../renderer/state/identity';
import { useLibrary } from '../../renderer/state/libraryStore';
import { openRouteDatabaseEarly } from '../../renderer/state/routeDatabaseEarly';
import { closeWorkspaceSession, openWorkspaceSession, useWorkspace } from '../../renderer/state/workspaceSession';
import { addObjective } from '../../shared/commands/objectives';
import { newWorkspace } from '../support/workspace';

/*
 * A reload on a workspace's route opens its IndexedDB database while the app's
 * first render runs (the browser's first IndexedDB use costs 20–180 ms); the
 * session then takes that connection instead of opening another after the render.
 */

const opensOf = (name: string) => {
  const originalOpen = indexedDB.open.bind(indexedDB);
  const opened: string[] = [];
  vi.spyOn(indexedDB, 'open').mockImplementation((dbName, version) => {
    if (dbName === name) opened.push(dbName);
    return originalOpen(dbName, version);
  });
  return opened;
};

beforeEach(() => {
  useIdentity.setState({ name: 'Ana' });
  useLibrary.setState({ entries: [] });
});

afterEach(async () => {
  await closeWorkspaceSession();
  vi.restoreAllMocks();
});

describe('opening the route\'s database early', () => {
  it('opens a listed workspace\'s database before the session asks, and the session uses that connection', async () => {
    const { doc, ctx } = newWorkspace('Ana', 'earlyRoute01');
    const objective = addObjective(ctx, { title: 'Still here after a reload' });
    await withStoredDoc('earlyRoute01', (stored) => Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc)));
    useLibrary.setState({ entries: [{ id: 'earlyRoute01', title: 'T', kind: 'team', createdAt: 1, openedAt: null, deletedAt: null, workshop: null }] });
    const opened = opensOf(databaseNameOf('earlyRoute01'));

    openRouteDatabaseEarly('#/w/earlyRoute01?tab=okrs');
    expect(opened).toHaveLength(1);
    await openWorkspaceSession('earlyRoute01');
    expect(useWorkspace.getState().objectives[objective]?.title).toBe('Still here after a reload');
    expect(opened).toHaveLength(1);
  });

  it('opens nothing for a workspace this device does not list, or on the library\'s route', async () => {
    const opened = opensOf(databaseNameOf('earlyRoute02'));
    openRouteDatabaseEarly('#/w/earlyRoute02');
    openRouteDatabaseEarly('#/');
    expect(opened).toEqual([]);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(databaseNameOf('earlyRoute02'));
  });
});
