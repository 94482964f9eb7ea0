import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { canonicalJson } from '../../shared/format/canonical';
import { CairnFileError, decodeCairnFile, encodeCairnFile } from '../../shared/format/envelope';
import { workspaceToJson } from '../../shared/format/json';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { rootMap } from '../../shared/schema/roots';

function richFile() {
  const { doc, ctx } = newWorkspace();
  const o = addObjective(ctx, { title: 'Délight “new” teams, 👍', description: 'line 1\nline 2' });
  const kr = addKeyResult(ctx, o, { title: 'Active teams', kind: 'metric', metric: { direction: 'increase', baseline: 10, target: 40, unit: 'teams' } });
  recordCheckIn(ctx, kr, { value: 18, confidence: 7, note: 'pilots, "converted"' });
  return { doc, bytes: workspaceToFile(doc, '0.1.0', 1_780_000_000_000) };
}

describe('.cairn file envelope', () => {
  it('round-trips a workspace exactly', () => {
    const { doc, bytes } = richFile();
    const loaded = readWorkspaceFile(bytes);
    expect(loaded.header).toMatchObject({ workspaceId: 'ws-test-0001', schemaVersion: 1, appVersion: '0.1.0', kind: 'team', title: 'Growth Q3' });
    expect(canonicalJson(workspaceToJson(loaded.snapshot))).toBe(canonicalJson(workspaceToJson(readWorkspace(doc))));
  });

  it('starts with the magic bytes and ends with a CRC', () => {
    const { bytes } = richFile();
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x43, 0x41, 0x49, 0x52, 0x4e, 0x0d, 0x0a]);
  });

  it('rejects a truncated file with a clear reason', () => {
    const { bytes } = richFile();
    for (const cut of [4, 12, 40, bytes.length - 1]) {
      expect(() => readWorkspaceFile(bytes.subarray(0, cut))).toThrow(CairnFileError);
    }
    expect(() => readWorkspaceFile(bytes.subarray(0, bytes.length - 10))).toThrow(/incomplete/);
  });

  it('rejects a damaged byte, a foreign file and a newer format', () => {
    const { bytes } = richFile();
    const damaged = bytes.slice();
    damaged[damaged.length - 20]! ^= 0xff;
    expect(() => readWorkspaceFile(damaged)).toThrow(/damaged/);
    expect(() => readWorkspaceFile(new TextEncoder().encode('{"hello": "json"}'))).toThrow(/not a Cairn workspace/);
    const newer = bytes.slice();
    newer[9] = 9;
    expect(() => readWorkspaceFile(newer)).toThrow(/format 9/);
  });

  it('refuses a workspace written with a newer schema', () => {
    const { doc } = richFile();
    rootMap(doc, 'meta').set('schemaVersion', 7);
    expect(() => readWorkspaceFile(workspaceToFile(doc, '9.0.0', 1))).toThrow(/newer Cairn/);
  });

  it('rejects a valid envelope around something that is not a workspace', () => {
    const empty = encodeCairnFile({ workspaceId: 'abc', schemaVersion: 1, appVersion: 'x', kind: 'team', title: '', savedAt: 1 }, Y.encodeStateAsUpdate(new Y.Doc()));
    expect(() => readWorkspaceFile(empty)).toThrow(/holds no workspace/);
    const garbage = encodeCairnFile({ workspaceId: 'abc', schemaVersion: 1, appVersion: 'x', kind: 'team', title: '', savedAt: 1 }, Uint8Array.of(200, 1, 2, 3, 4));
    expect(() => readWorkspaceFile(garbage)).toThrow(CairnFileError);
  });

  it('only ever throws CairnFileError on arbitrary or mutated bytes', () => {
    const { bytes } = richFile();
    const mutated = fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
      const copy = bytes.slice();
      copy[at]! ^= xor;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), (input) => {
        try {
          readWorkspaceFile(input);
        } catch (error) {
          expect(error).toBeInstanceOf(CairnFileError);
        }
      }),
      { seed: 3, numRuns: 1000 },
    );
    expect(() => decodeCairnFile(bytes)).not.toThrow();
  });
});
