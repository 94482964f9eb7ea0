import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../shared/commands/context';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace, restoreWorkspaceKind } from '../../shared/commands/workspace';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { fixWorkspaceFacts } from '../../shared/schema/fixedFacts';
import { readMeta } from '../../shared/schema/read';
import type { WorkspaceKind } from '../../shared/schema/types';
import { PrivateWorkspaceError, assertShareable, isPrivate } from '../../shared/sync/privacy';
import { rootMap } from '../../shared/schema/roots';

/*
 * A workspace's kind is fixed when it is created (docs/schema.md, "Facts
 * fixed at creation"). A later write to meta.kind, from a peer or a merged
 * file, is reported and ignored by every reader, in both directions; a
 * journal stays private whatever its document says; and a command writes the
 * right kind back.
 */

function created(kind: WorkspaceKind, id: string): Y.Doc {
  const doc = new Y.Doc();
  const ctx = localContext(doc, 'Ana');
  initWorkspace(ctx, { id, title: `A ${kind}`, kind, cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  addObjective(ctx, { title: 'o' });
  return doc;
}

/** A peer's replica writes `kind` into meta; the update reaches `doc`. */
function peerSetsKind(doc: Y.Doc, kind: string): void {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  peer.transact(() => rootMap(peer, 'meta').set('kind', kind), 'peer');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), 'remote');
}

describe('a peer sets meta.kind = "journal" on a team workspace', () => {
  it('every reader keeps the kind it was created with and reports the change', () => {
    const doc = created('team', 'teamKind0001');
    peerSetsKind(doc, 'journal');
    const meta = readMeta(doc);
    expect(meta.value.kind).toBe('team');
    expect(meta.problems.map((p) => p.field)).toEqual(['kind']);
  });

  it('the file it saves still says team, and reads back as team with the problem listed', () => {
    const doc = created('team', 'teamKind0002');
    peerSetsKind(doc, 'journal');
    const loaded = readWorkspaceFile(workspaceToFile(doc, '1.0.0', 1));
    expect(loaded.header.kind).toBe('team');
    expect(loaded.snapshot.meta.kind).toBe('team');
    expect(loaded.snapshot.problems.map((p) => p.field)).toEqual(['kind']);
  });

  it('keeps syncing while the document claims to be a journal (the write is reported and ignored), and a command restores the kind', () => {
    const doc = created('team', 'teamKind0003');
    peerSetsKind(doc, 'journal');
    expect(isPrivate(doc)).toBe(false);
    expect(() => assertShareable(doc)).not.toThrow();
    expect(readMeta(doc).problems.map((p) => p.field)).toEqual(['kind']);
    restoreWorkspaceKind(localContext(doc, 'Ana'));
    expect(rootMap(doc, 'meta').get('kind')).toBe('team');
    expect(() => assertShareable(doc)).not.toThrow();
    expect(readMeta(doc).problems).toEqual([]);
  });

  it('an unknown kind is read as the created one too', () => {
    const doc = created('workshop', 'workshopKind1');
    peerSetsKind(doc, 'pirate');
    expect(readMeta(doc).value.kind).toBe('workshop');
    expect(readMeta(doc).problems.map((p) => p.field)).toEqual(['kind']);
  });
});

describe('a journal whose document later says "team"', () => {
  it('stays a journal everywhere: read as one, private, refused by every sync gate', () => {
    const doc = created('journal', 'journalKind01');
    peerSetsKind(doc, 'team');
    expect(readMeta(doc).value.kind).toBe('journal');
    expect(readMeta(doc).problems.map((p) => p.field)).toEqual(['kind']);
    expect(isPrivate(doc)).toBe(true);
    expect(() => assertShareable(doc)).toThrow(PrivateWorkspaceError);
  });

  it('stays a journal when reopened from its file, and when the library lists it as one', () => {
    const doc = created('journal', 'journalKind02');
    peerSetsKind(doc, 'team');
    const loaded = readWorkspaceFile(workspaceToFile(doc, '1.0.0', 1));
    expect(loaded.header.kind).toBe('journal');
    expect(isPrivate(loaded.doc)).toBe(true);
    const reopened = new Y.Doc();
    fixWorkspaceFacts(reopened, { id: 'journalKind02', kind: 'journal' }); // what openStoredDoc does with the library's entry
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(doc));
    expect(isPrivate(reopened)).toBe(true);
    expect(readMeta(reopened).value.kind).toBe('journal');
  });

  it('a later record of another kind does not make it shareable', () => {
    const doc = created('journal', 'journalKind03');
    fixWorkspaceFacts(doc, { kind: 'team' });
    expect(isPrivate(doc)).toBe(true);
  });
});

describe('a document seen for the first time', () => {
  it('fixes the kind it first holds (an archivist or a joiner with nothing of its own)', () => {
    const source = created('team', 'teamKind0004');
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, Y.encodeStateAsUpdate(source));
    expect(readMeta(joiner).value.kind).toBe('team');
    peerSetsKind(joiner, 'workshop');
    expect(readMeta(joiner).value.kind).toBe('team');
    expect(readMeta(joiner).problems.map((p) => p.field)).toEqual(['kind']);
  });
});
