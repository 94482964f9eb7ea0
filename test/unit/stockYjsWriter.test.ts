import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readWorkspaceFile } from '../../shared/format/workspaceFile';
import { encodeCairnFile } from '../../shared/format/envelope';
import { readWorkspace } from '../../shared/schema/read';

/*
 * An integrator with only `yjs` and docs/schema.md (plus rollouts.md and
 * alignment.md, which it links for those roots) writes a workspace exactly as
 * the tables say: Cairn reads it with no problem at all. Nothing from Cairn's
 * source is used to write it.
 */

const AT = Date.UTC(2026, 6, 1);

/** A Y.Map with the given entries (docs/schema.md: build an entity whole, then insert it in one transaction). */
function entity(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

function writeWithStockYjs(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('id', 'integratorWs1');
    meta.set('schemaVersion', 1);
    meta.set('kind', 'team');
    meta.set('title', new Y.Text('Written by a script'));
    meta.set('cycleStart', '2026-07-01');
    meta.set('cycleEnd', '2026-09-30');
    meta.set('createdAt', AT);

    doc.getMap('objectives').set(
      'obj1',
      entity({ id: 'obj1', title: new Y.Text('Grow activation'), description: new Y.Text(''), why: new Y.Text(''), order: 'a0', createdAt: AT, createdBy: 'script' }),
    );
    doc.getMap('keyResults').set(
      'kr1',
      entity({
        id: 'kr1',
        objectiveId: 'obj1',
        title: new Y.Text('Activation rate'),
        description: new Y.Text(''),
        why: new Y.Text(''),
        kind: 'metric',
        direction: 'increase',
        baseline: 40,
        target: 60,
        unit: '%',
        order: 'a0',
        createdAt: AT,
        createdBy: 'script',
      }),
    );
    doc.getMap('checkIns').set('ci1', { id: 'ci1', keyResultId: 'kr1', value: 45, confidence: 6, note: '', author: 'script', at: AT + 1 });
    doc.getMap('initiatives').set(
      'ini1',
      entity({
        id: 'ini1',
        title: new Y.Text('Onboarding checklist'),
        description: new Y.Text(''),
        why: new Y.Text(''),
        kind: 'experiment',
        status: 'active',
        keyResultIds: entity({ kr1: true }),
        order: 'a0',
        createdAt: AT,
        createdBy: 'script',
      }),
    );
    doc.getMap('decisions').set('dec1', { id: 'dec1', kind: 'persevere', rationale: 'Moving', keyResultIds: ['kr1'], checkInIds: ['ci1'], signalKeys: [], author: 'script', at: AT + 2 });
    doc.getMap('teams').set('team1', entity({ id: 'team1', name: 'Growth', colour: '#2f6fde', order: 'a0', createdAt: AT, createdBy: 'script' }));
    doc.getMap('rollouts').set('plan1', entity({ id: 'plan1', title: new Y.Text('Checklist'), description: new Y.Text(''), initiativeId: 'ini1', order: 'a0', createdAt: AT, createdBy: 'script' }));
  });
  return doc;
}

describe('a workspace written with stock yjs from docs/schema.md alone', () => {
  it('reads with no problem, every record as written', () => {
    const snapshot = readWorkspace(writeWithStockYjs());
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.meta).toMatchObject({ id: 'integratorWs1', kind: 'team', title: 'Written by a script' });
    expect(snapshot.keyResults.get('kr1')).toMatchObject({ kind: 'metric', baseline: 40, target: 60 });
    expect(snapshot.initiatives.get('ini1')?.keyResultIds).toEqual(['kr1']);
    expect(snapshot.alignment.teams.get('team1')?.name).toBe('Growth');
    expect(snapshot.rolloutPlans.get('plan1')?.initiativeId).toBe('ini1');
  });

  it('opens as a .cairn file written with the envelope of docs/file-format.md', () => {
    const doc = writeWithStockYjs();
    const header = { workspaceId: 'integratorWs1', schemaVersion: 1, appVersion: 'script', kind: 'team', title: 'Written by a script', savedAt: AT };
    const loaded = readWorkspaceFile(encodeCairnFile(header, Y.encodeStateAsUpdate(doc)));
    expect(loaded.snapshot.problems).toEqual([]);
  });
});
