// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { TrashPanel } from '../../renderer/features/board/TrashPanel';
import { withStoredDoc } from '../../renderer/state/docStorage';
import { useIdentity } from '../../renderer/state/identity';
import { selectOutline } from '../../renderer/state/selectors';
import { closeWorkspaceSession, mergeIntoOpenWorkspace, openWorkspaceSession, redo, runCommand, undo, useWorkspace, type WorkspaceState } from '../../renderer/state/workspaceSession';
import { newWorkspace, replicaOf } from '../support/workspace';

/** Resolves once the workspace store satisfies `ready` (checked now and on every change). */
function until(ready: (state: WorkspaceState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready(useWorkspace.getState())) return resolve();
    const stop = useWorkspace.subscribe((state) => {
      if (!ready(state)) return;
      stop();
      resolve();
    });
  });
}

afterEach(async () => {
  await closeWorkspaceSession();
});

describe('Ctrl+Z in the app on a key result a teammate checked in on', () => {
  it('keeps it in Deleted items, by this user, with the teammate’s check-in; Ctrl+Shift+Z brings it back', async () => {
    useIdentity.setState({ name: 'Ben' });
    const { doc, ctx } = newWorkspace('Ana', 'undoKeep01');
    const objective = addObjective(ctx, { title: 'Activation' });
    await withStoredDoc('undoKeep01', (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(doc)));
    await openWorkspaceSession('undoKeep01');

    const kr = runCommand((c) => addKeyResult(c, objective, { title: 'Teams active in week 1', kind: 'metric', metric: { direction: 'increase', baseline: 10, target: 40, unit: '%' } }));
    // Ana receives it and checks in; her update reaches Ben.
    const ana = replicaOf(runCommand((c) => c.doc), 'Ana');
    recordCheckIn(ana.ctx, kr, { value: 18, note: 'first cohort' });
    mergeIntoOpenWorkspace(Y.encodeStateAsUpdate(ana.doc));
    await until((s) => s.checkInsByKeyResult[kr]?.length === 1);

    undo();
    await until((s) => s.keyResults[kr]?.deletedAt !== null); // soft-deleted, or (wrongly) gone
    const state = useWorkspace.getState();
    expect(state.keyResults[kr]).toMatchObject({ deletedBy: 'Ben' });
    expect(selectOutline(state).deletedKeyResults.map((k) => k.id)).toEqual([kr]);

    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    await act(async () => root.render(createElement(TrashPanel)));
    expect(container.textContent).toContain('Deleted items (1)');
    // The panel builds its list when opened.
    await act(async () => {
      const details = container.querySelector('details')!;
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    expect(container.textContent).toContain('Teams active in week 1');
    expect(container.textContent).toMatch(/1 check-in, latest 18 by Ana/);
    await act(async () => root.unmount());

    redo();
    await until((s) => s.keyResults[kr]?.deletedAt === null);
  });
});
