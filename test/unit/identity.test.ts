// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import { act } from '../../renderer/state/act';
import { withStoredDoc } from '../../renderer/state/docStorage';
import { NameNeeded, answerNamePrompt, nameToSignWith, useIdentity } from '../../renderer/state/identity';
import { closeWorkspaceSession, openWorkspaceSession, runCommand, useWorkspace } from '../../renderer/state/workspaceSession';
import { useToasts } from '../../renderer/state/toasts';
import { newWorkspace } from '../support/workspace';

/*
 * The device's name (renderer/state/identity.ts): asked before the first
 * write or join, never replaced by "Anonymous".
 */

beforeEach(() => {
  localStorage.clear();
  useIdentity.setState({ name: '', prompt: null });
  useToasts.setState({ toasts: [] });
});
afterEach(async () => {
  answerNamePrompt(null);
  await closeWorkspaceSession();
});

async function openWorkspace(id: string): Promise<void> {
  const { doc } = newWorkspace('Ana', id);
  await withStoredDoc(id, (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(doc)));
  await openWorkspaceSession(id);
  expect(useWorkspace.getState().phase).toBe('ready');
}

describe('a write without a name', () => {
  it('is not made: the name prompt opens instead, and nothing is signed Anonymous', async () => {
    await openWorkspace('nameless01');
    expect(() => runCommand((ctx) => addObjective(ctx, { title: 'Grow' }))).toThrow(NameNeeded);
    expect(useIdentity.getState().prompt).toBe('first-write');
    expect(Object.keys(useWorkspace.getState().objectives)).toEqual([]);
  });

  it('through act, shows no error toast on top of the prompt', async () => {
    await openWorkspace('nameless02');
    expect(act((ctx) => addObjective(ctx, { title: 'Grow' }))).toBeUndefined();
    expect(useToasts.getState().toasts).toEqual([]);
    expect(useIdentity.getState().prompt).toBe('first-write');
  });

  it('is signed with the name once given', async () => {
    await openWorkspace('nameless03');
    answerNamePrompt('  Priya   Natarajan ');
    const id = runCommand((ctx) => addObjective(ctx, { title: 'Grow' }));
    const signed = await withStoredDoc('nameless03', (doc) => readWorkspace(doc).objectives.get(id)?.createdBy);
    expect(signed).toBe('Priya Natarajan');
    expect(localStorage.getItem('cairn.identity.v1')).toBe('Priya Natarajan');
  });
});

describe('asking for the name', () => {
  it('waits for the answer, and refuses when the person declines', async () => {
    const given = nameToSignWith('join');
    expect(useIdentity.getState().prompt).toBe('join');
    answerNamePrompt('Ben');
    await expect(given).resolves.toBe('Ben');

    useIdentity.setState({ name: '' });
    const declined = nameToSignWith();
    answerNamePrompt(null);
    await expect(declined).rejects.toBeInstanceOf(NameNeeded);
  });

  it('does not ask a device that has a name', async () => {
    useIdentity.getState().setName('Ana');
    await expect(nameToSignWith()).resolves.toBe('Ana');
    expect(useIdentity.getState().prompt).toBeNull();
  });

  it('never empties a name once given', () => {
    useIdentity.getState().setName('Ana');
    useIdentity.getState().setName('   ');
    expect(useIdentity.getState().name).toBe('Ana');
  });
});
