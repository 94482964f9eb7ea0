import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { rootMap } from '../../shared/schema/roots';

describe('schema validation of what is read', () => {
  it('skips and reports malformed entities while reading the rest', () => {
    const { doc, ctx } = newWorkspace();
    const good = addObjective(ctx, { title: 'Good' });
    const kr = addKeyResult(ctx, good, { title: 'k', kind: 'milestone' });
    doc.transact(() => {
      rootMap(doc, 'objectives').set('not-a-map', 'hello' as unknown as Y.Map<unknown>);
      const noTitle = new Y.Map<unknown>();
      noTitle.set('id', 'noTitle');
      noTitle.set('order', 'a5');
      rootMap(doc, 'objectives').set('noTitle', noTitle);
      const wrongId = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: 'other', title: 'x', order: 'a6', createdAt: 1, createdBy: 'x' })) wrongId.set(k, v);
      rootMap(doc, 'objectives').set('wrongId', wrongId);
      const badKr = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: 'badKr', objectiveId: good, title: 't', kind: 'metric', direction: 'sideways', baseline: 0, target: 1, order: 'a1', createdAt: 1, createdBy: 'x' })) badKr.set(k, v);
      rootMap(doc, 'keyResults').set('badKr', badKr);
      rootMap(doc, 'checkIns').set('c1', { id: 'c1', keyResultId: kr, value: 'lots', confidence: 3, note: '', author: 'x', at: 1 });
      rootMap(doc, 'checkIns').set('c2', { id: 'c2', keyResultId: kr, value: Infinity, confidence: 3, note: '', author: 'x', at: 1 });
      rootMap(doc, 'checkIns').set('c3', null);
    });
    const snapshot = readWorkspace(doc);
    // Field by field: only what is not a record at all is skipped.
    expect([...snapshot.objectives.keys()].sort()).toEqual([good, 'noTitle', 'wrongId'].sort());
    expect(snapshot.objectives.get('noTitle')).toMatchObject({ title: '', createdAt: 0, createdBy: '' });
    expect(snapshot.objectives.get('wrongId')?.id).toBe('wrongId');
    expect([...snapshot.keyResults.keys()].sort()).toEqual([kr, 'badKr'].sort());
    expect(snapshot.keyResults.get('badKr')).toMatchObject({ kind: 'metric', direction: 'increase' });
    expect([...snapshot.checkIns.keys()].sort()).toEqual(['c1', 'c2']);
    const reported = snapshot.problems.map((p) => `${p.map}:${p.id}:${p.field ?? ''}`).sort();
    expect(reported).toEqual([
      'checkIns:c1:value',
      'checkIns:c2:value',
      'checkIns:c3:',
      'keyResults:badKr:direction',
      'objectives:noTitle:createdAt',
      'objectives:noTitle:createdBy',
      'objectives:noTitle:title',
      'objectives:not-a-map:',
      'objectives:wrongId:id',
    ]);
    expect(snapshot.problems.find((p) => p.id === 'badKr')?.message).toMatch(/direction/);
  });

  it('reads a document no workspace has arrived in as an empty workspace with no id, and says so', () => {
    const snapshot = readWorkspace(new Y.Doc());
    expect(snapshot.meta).toMatchObject({ id: '', kind: 'team', cycleStart: '1970-01-01' });
    expect(snapshot.problems.map((p) => `${p.map}:${p.field ?? ''}`)).toContain('meta:id');
  });

  it('never throws, whatever a peer puts in the maps', () => {
    const junk = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(new Uint8Array([1, 2])));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('objectives', 'keyResults', 'checkIns', 'meta'), fc.string(), junk), { maxLength: 20 }), (writes) => {
        const { doc } = newWorkspace();
        doc.transact(() => {
          for (const [map, key, value] of writes) {
            if (value !== undefined) doc.getMap(map).set(key, value);
          }
        });
        expect(() => readWorkspace(doc)).not.toThrow();
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('ids that name Object.prototype members', () => {
  it('are refused, so a peer cannot reach inherited members of the UI’s records', async () => {
    const { ID_PATTERN } = await import('../../shared/ids');
    for (const id of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) expect(ID_PATTERN.test(id)).toBe(false);
    for (const id of ['constructors', 'proto', 'Ab3_x-9', 'a'.repeat(64)]) expect(ID_PATTERN.test(id)).toBe(true);
  });
});
