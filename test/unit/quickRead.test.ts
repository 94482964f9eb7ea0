import fc from 'fast-check';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import { MAX_EPOCH_MS } from '../../shared/schema/readCommon';
import {
  keyResultSchema,
  objectiveSchema,
  readKeyResult,
  readKeyResultBySchema,
  readObjective,
  readObjectiveBySchema,
} from '../../shared/schema/readRecords';
import { newWorkspace } from '../support/workspace';

/*
 * Objectives and key results are read by a hand-written check when well
 * formed (shared/schema/quickRead.ts), else by their schema. Whatever a peer
 * or a file holds, the two must read alike: the same record (key for key, in
 * the same order), the same repairs and the same refusals.
 */

/** A stored field value: plain, or co-edited text, or a set of links (a nested Y.Map). */
type Stored = { plain: unknown } | { text: string } | { links: Record<string, unknown> };
type RawRecord = [string, Stored][];

const DELETE = Symbol('delete');

const hostileStrings = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '\uD800',
  'a\uDC00b',
  'x'.repeat(64),
  'x'.repeat(65),
  'a b',
  'é',
  'a-b_c',
  '0',
  '1970-01-01',
];

const idArb = fc.oneof(fc.stringMatching(/^[0-9A-Za-z_-]{1,20}$/), fc.constantFrom(...hostileStrings));
const validId = fc.stringMatching(/^[0-9A-Za-z]{1,16}$/).filter((s) => s !== 'constructor' && s !== 'toString' && s !== 'valueOf');

const anyValue: fc.Arbitrary<Stored | typeof DELETE> = fc.oneof(
  fc.constant(DELETE),
  fc.constantFrom(...hostileStrings).map((plain) => ({ plain })),
  fc.string({ maxLength: 8 }).map((plain) => ({ plain })),
  fc.double().map((plain) => ({ plain })), // NaN, ±Infinity, -0 included
  fc.integer({ min: -5, max: 5 }).map((plain) => ({ plain })),
  fc.constantFrom(null, undefined, true, false, 0, -1, 1, MAX_EPOCH_MS, MAX_EPOCH_MS + 1).map((plain) => ({ plain })),
  fc.array(fc.oneof(validId, fc.constantFrom(...hostileStrings), fc.integer()), { maxLength: 3 }).map((plain) => ({ plain })),
  fc.constantFrom({}, { a: 1 }, new Uint8Array([1, 2])).map((plain) => ({ plain })),
  fc.string({ maxLength: 8 }).map((text) => ({ text })),
  fc.dictionary(validId, fc.oneof(fc.constant(true), fc.constant(false), fc.integer()), { maxKeys: 3 }).map((links) => ({ links })),
);

/** Values at and past each field's limit, and each field's other legal values. */
const edgeValues: Record<string, Stored[]> = {
  title: [{ text: 'x'.repeat(100_000) }, { text: 'x'.repeat(100_001) }, { plain: 'x'.repeat(100_001) }],
  description: [{ text: 'y'.repeat(100_001) }, { plain: '' }],
  why: [{ text: 'z'.repeat(100_000) }, { plain: 'plain why' }],
  owner: [{ plain: 'o'.repeat(500) }, { plain: 'o'.repeat(501) }, { text: 'Ana' }],
  createdBy: [{ plain: 'c'.repeat(500) }, { plain: 'c'.repeat(501) }],
  deletedBy: [{ plain: 'Ana' }, { plain: 'd'.repeat(501) }, { plain: null }],
  order: [{ plain: 'a'.repeat(1_000) }, { plain: 'a'.repeat(1_001) }, { plain: 'a-0' }, { plain: '' }],
  createdAt: [{ plain: -1 }, { plain: MAX_EPOCH_MS }, { plain: MAX_EPOCH_MS + 1 }, { plain: -0 }, { plain: 1.5 }],
  deletedAt: [{ plain: 5 }, { plain: -1 }, { plain: null }],
  carriedFrom: [{ plain: 'ws/obj' }, { plain: 'w'.repeat(200) }, { plain: 'w'.repeat(201) }, { plain: null }],
  addedReason: [{ plain: 'late' }, { plain: 'r'.repeat(2_000) }, { plain: 'r'.repeat(2_001) }],
  status: [{ plain: 'draft' }, { plain: 'closed' }, { plain: 'open' }],
  closedAs: ['achieved', 'missed', 'modified', 'deferred', 'abandoned', 'won', null].map((plain) => ({ plain })),
  commitment: [{ plain: 'aspirational' }, { plain: 'stretch' }],
  deletedKeyResultIds: [{ links: { a1: true, b2: true, c3: false } }, { links: { 'bad id': true } }, { plain: ['a1', 'b2'] }, { plain: ['a1', 'bad id'] }, { plain: Array.from({ length: 10_001 }, (_, i) => `k${i}`) }],
  sharedFrom: [
    { plain: { workspaceId: 'ws1', entityId: 'e1', at: 5 } },
    { plain: { workspaceId: 'ws1', entityId: 'e1', at: 5, extra: 'x' } },
    { plain: { workspaceId: 'ws1', entityId: 'bad id', at: 5 } },
    { plain: { workspaceId: 'ws1', at: 5 } },
    { plain: ['ws1'] },
  ],
  objectiveId: [{ plain: 'o1' }, { plain: 'bad id' }, { plain: '__proto__' }],
  risk: ['understanding', 'dependency', 'execution', 'weather', null].map((plain) => ({ plain })),
  kind: ['metric', 'output', 'learning', 'milestone', 'binary', 'Metric'].map((plain) => ({ plain })),
  direction: ['increase', 'decrease', 'stayAbove', 'stayBelow', 'sideways'].map((plain) => ({ plain })),
  baseline: [{ plain: 0 }, { plain: -3.5 }, { plain: Number.NaN }, { plain: Number.POSITIVE_INFINITY }],
  target: [{ plain: 0 }, { plain: -1 }, { plain: 0.5 }, { plain: 1e300 }, { plain: Number.NEGATIVE_INFINITY }],
  unit: [{ plain: 'u'.repeat(40) }, { plain: 'u'.repeat(41) }, { text: 'teams' }],
};

const EXTRA_FIELDS = ['extra', '__proto__', 'constructor', 'toString', 'value', 'Title'];

function baseFields(kind: 'objective' | 'metric' | 'output' | 'learning' | 'milestone', id: string): RawRecord {
  const fields: RawRecord = [
    ['id', { plain: id }],
    ['title', { text: 'Grow the community' }],
    ['description', { text: 'Why it matters' }],
    ['why', { text: '' }],
    ['owner', { plain: 'Ana' }],
    ['order', { plain: 'a0' }],
    ['createdAt', { plain: Date.UTC(2026, 6, 1) }],
    ['createdBy', { plain: 'Ana' }],
    ['status', { plain: 'active' }],
  ];
  if (kind === 'objective') return [...fields, ['commitment', { plain: 'committed' }], ['deletedKeyResultIds', { links: {} }]];
  fields.push(['objectiveId', { plain: 'obj1' }], ['kind', { plain: kind }]);
  if (kind === 'metric') fields.push(['direction', { plain: 'increase' }], ['baseline', { plain: 10 }], ['target', { plain: 40 }], ['unit', { plain: 'teams' }]);
  if (kind === 'output') fields.push(['target', { plain: 12 }], ['unit', { plain: 'posts' }]);
  return fields;
}

const fieldNames = [...Object.keys(edgeValues), 'id', ...EXTRA_FIELDS];

/** One change to a well-formed record: a field removed, set to anything, set to an edge value, or an extra field. */
const mutation: fc.Arbitrary<[string, Stored | typeof DELETE]> = fc.oneof(
  fc.tuple(fc.constantFrom(...fieldNames), anyValue),
  fc.constantFrom(...Object.keys(edgeValues)).chain((field) => fc.tuple(fc.constant(field), fc.constantFrom(...edgeValues[field]!))),
);

const recordArb = fc.record({
  kind: fc.constantFrom('objective', 'metric', 'output', 'learning', 'milestone') as fc.Arbitrary<'objective' | 'metric' | 'output' | 'learning' | 'milestone'>,
  key: fc.oneof({ weight: 4, arbitrary: validId }, { weight: 1, arbitrary: idArb }),
  // Fields the writer may leave out: absent must read as the schema's default.
  dropOptional: fc.subarray(['description', 'why', 'owner', 'status', 'commitment', 'deletedKeyResultIds', 'unit']),
  shuffle: fc.boolean(),
  mutations: fc.array(mutation, { maxLength: 3 }),
});

function toY(value: Stored): unknown {
  if ('text' in value) return new Y.Text(value.text);
  if ('links' in value) {
    const links = new Y.Map<unknown>();
    for (const [id, on] of Object.entries(value.links)) links.set(id, on);
    return links;
  }
  return value.plain;
}

/** The record as a peer's Y.Map in a document, under `key`. */
function storeRecord(record: RawRecord, key: string): Y.Map<unknown> {
  const doc = new Y.Doc();
  const root = doc.getMap<Y.Map<unknown>>('records');
  const entity = new Y.Map<unknown>();
  root.set(key, entity);
  for (const [field, value] of record) entity.set(field, toY(value));
  return root.get(key)!;
}

/** Keys in order, all the way down: the quick read must build its objects as the schema does. */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder);
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => [k, keyOrder(v)]);
  return value;
}

describe('the quick read of objectives and key results', () => {
  it('reads every record, problems included, exactly as the schema does (seeded)', () => {
    let quick = 0;
    let repaired = 0;
    let refused = 0;
    fc.assert(
      fc.property(recordArb, ({ kind, key, dropOptional, shuffle, mutations }) => {
        let record = baseFields(kind, key).filter(([field]) => !dropOptional.includes(field));
        if (shuffle) record = record.reverse();
        for (const [field, value] of mutations) {
          record = record.filter(([f]) => f !== field);
          if (value !== DELETE) record.push([field, value]);
        }
        const stored = storeRecord(record, key);
        const [fast, bySchema] = kind === 'objective' ? [readObjective(key, stored), readObjectiveBySchema(key, stored)] : [readKeyResult(key, stored), readKeyResultBySchema(key, stored)];
        expect(fast).toStrictEqual(bySchema);
        expect(keyOrder(fast)).toStrictEqual(keyOrder(bySchema));
        if (!bySchema.ok) refused++;
        else if (bySchema.problems.length > 0) repaired++;
        else quick++;
      }),
      { seed: 1717, numRuns: 3_000 },
    );
    // The generator reaches all three outcomes, so the comparison covers them all.
    expect(quick).toBeGreaterThan(300);
    expect(repaired).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(0); // a record still bad after the repair rounds
  });

  it('refuses what is not a map, as the schema does', () => {
    for (const raw of [null, 'text', 3, { id: 'k1' }, ['k1'], new Uint8Array([1])]) {
      expect(readObjective('k1', raw)).toStrictEqual(readObjectiveBySchema('k1', raw));
      expect(readKeyResult('k1', raw)).toStrictEqual(readKeyResultBySchema('k1', raw));
    }
  });
});

describe('reading a well-formed workspace', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs no objective or key result through its schema', () => {
    const { ctx, doc, tick } = newWorkspace();
    for (let o = 0; o < 5; o++) {
      const objective = addObjective(ctx, { title: `Objective ${o}`, owner: 'Ana', commitment: o % 2 ? 'aspirational' : 'committed' });
      addKeyResult(ctx, objective, { title: 'Teams active', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 40, unit: 'teams' } });
      addKeyResult(ctx, objective, { title: 'Guides written', kind: 'output', output: { target: 5, unit: 'guides' }, risk: 'execution' });
      addKeyResult(ctx, objective, { title: 'What teams need', kind: 'learning', questions: ['Who asks?'] });
      const gone = addKeyResult(ctx, objective, { title: 'Launch', kind: 'milestone' });
      tick();
      deleteKeyResult(ctx, gone);
      if (o === 4) deleteObjective(ctx, objective);
    }
    const objectiveParses = vi.spyOn(objectiveSchema, 'safeParse');
    const keyResultParses = vi.spyOn(keyResultSchema, 'safeParse');
    const snapshot = readWorkspace(doc);
    expect(snapshot.problems).toEqual([]);
    expect([snapshot.objectives.size, snapshot.keyResults.size]).toEqual([5, 20]);
    expect(objectiveParses).not.toHaveBeenCalled();
    expect(keyResultParses).not.toHaveBeenCalled();
  });
});
