import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/format/canonical';
import { MergeRefused, mergeWorkspaceCopies } from '../../shared/format/mergeFiles';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { readWorkspace } from '../../shared/schema/read';
import { seededRandom } from '../support/random';
import { randomEdit, type Created } from '../support/randomEdits';
import { newWorkspace, replicaOf } from '../support/workspace';

/** Live sync as y-webrtc does it: y-protocols sync step 1/2 messages each way until both are quiet. */
function syncLive(a: Y.Doc, b: Y.Doc): void {
  const deliver = (from: Y.Doc, to: Y.Doc) => {
    const step1 = encoding.createEncoder();
    syncProtocol.writeSyncStep1(step1, from);
    const reply = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoding.createDecoder(encoding.toUint8Array(step1)), reply, to, 'peer');
    // `to` answered with step 2 (what `from` lacks); `from` applies it.
    syncProtocol.readSyncMessage(decoding.createDecoder(encoding.toUint8Array(reply)), encoding.createEncoder(), from, 'peer');
  };
  deliver(a, b);
  deliver(b, a);
}

function divergedCopies(seed: number) {
  const random = seededRandom(seed);
  const base = newWorkspace('Ana', 'ws_merge-test');
  const created: Created = { objectives: new Set(), keyResults: new Set(), checkIns: new Set() };
  for (let i = 0; i < 15; i++) randomEdit(base.ctx, random, created);
  const laptop = replicaOf(base.doc, 'Ben');
  // A week apart: each laptop edits on its own.
  for (let i = 0; i < 25; i++) {
    randomEdit(base.ctx, random, created);
    randomEdit(laptop.ctx, random, created);
  }
  return { a: base.doc, b: laptop.doc };
}

describe('merging .cairn copies of one workspace', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('equals syncing them live (seed %i)', (seed) => {
    const { a, b } = divergedCopies(seed);
    const fileA = readWorkspaceFile(workspaceToFile(a, 'test', 1));
    const fileB = readWorkspaceFile(workspaceToFile(b, 'test', 2));
    const merged = readWorkspaceFile(mergeWorkspaceCopies([fileA, fileB], 'test', 3));

    expect(canonicalJson(readWorkspace(a))).not.toBe(canonicalJson(readWorkspace(b)));
    syncLive(a, b);
    expect(canonicalJson(readWorkspace(a))).toBe(canonicalJson(readWorkspace(b)));
    expect(canonicalJson(readWorkspace(merged.doc))).toBe(canonicalJson(readWorkspace(a)));
    expect(Y.encodeStateVector(merged.doc)).toEqual(Y.encodeStateVector(a));
  });

  it('is the same in either order, and merging a copy with itself changes nothing', () => {
    const { a, b } = divergedCopies(42);
    const fileA = readWorkspaceFile(workspaceToFile(a, 'test', 1));
    const fileB = readWorkspaceFile(workspaceToFile(b, 'test', 2));
    const ab = readWorkspaceFile(mergeWorkspaceCopies([fileA, fileB], 'test', 3));
    const ba = readWorkspaceFile(mergeWorkspaceCopies([fileB, fileA], 'test', 3));
    expect(canonicalJson(readWorkspace(ab.doc))).toBe(canonicalJson(readWorkspace(ba.doc)));
    const aa = readWorkspaceFile(mergeWorkspaceCopies([fileA, fileA], 'test', 3));
    expect(canonicalJson(readWorkspace(aa.doc))).toBe(canonicalJson(readWorkspace(a)));
  });

  it('refuses copies of two different workspaces, naming both', () => {
    const one = readWorkspaceFile(workspaceToFile(newWorkspace('Ana', 'ws_one-00001').doc, 'test', 1));
    const two = readWorkspaceFile(workspaceToFile(newWorkspace('Ana', 'ws_two-00002').doc, 'test', 1));
    expect(() => mergeWorkspaceCopies([one, two], 'test', 1)).toThrow(MergeRefused);
    expect(() => mergeWorkspaceCopies([one, two], 'test', 1)).toThrow(/different workspaces \(ws_two-00002 and ws_one-00001\)/);
  });
});
