import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { addKeyResult, deleteKeyResult, type NewKeyResult } from '../../shared/commands/keyResults';
import { publishCheckpoint } from '../../shared/commands/lifecycle';
import { addObjective, deleteObjective } from '../../shared/commands/objectives';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { addJournalEntry, linkJournalEntry } from '../../shared/commands/journal';
import { initWorkspace, setSignalThreshold } from '../../shared/commands/workspace';
import { canonicalJson } from '../../shared/format/canonical';
import { ImportError } from '../../shared/format/importErrors';
import { JSON_SECTIONS, applyJsonImport, planJsonImport, sectionAt } from '../../shared/format/importJson';
import { workspaceToJson } from '../../shared/format/json';
import { IMPORT_ORIGIN } from '../../shared/origins';
import { readWorkspace } from '../../shared/schema/read';
import { NASTY, buildRichWorkspace } from './richWorkspace';
import { rootMap } from '../../shared/schema/roots';

const RUNS = { numRuns: 1000, seed: 20_260_101 };

type Export = ReturnType<typeof workspaceToJson>;
const exportOf = (doc: Y.Doc): Export => workspaceToJson(readWorkspace(doc));
/** Byte equality, cheaply (a deep toEqual on large Uint8Arrays is slow). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const copyOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
};

/** Plans and applies, as the app does; returns the ImportError when the file is refused. */
function importInto(doc: Y.Doc, text: string, existing = readWorkspace(doc)): ImportError | null {
  try {
    applyJsonImport(doc, planJsonImport(text, 'workspace.json', existing.meta ? existing : undefined));
    return null;
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
}

function refusal(text: string): ImportError {
  const error = importInto(new Y.Doc(), text);
  if (!error) throw new Error('expected the import to be refused');
  return error;
}

const rich = buildRichWorkspace();
const richExport = exportOf(rich.doc);
const richText = JSON.stringify(richExport, null, 2);
const richUpdate = Y.encodeStateAsUpdate(rich.doc);

/** The export as loose JSON, for tests that damage it on purpose. */
type Loose = Record<string, unknown>;
interface LooseExport {
  [section: string]: unknown;
  meta: Loose & { signalThresholds: Loose };
  objectives: Loose[];
  keyResults: Loose[];
  checkIns: Loose[];
  alignment: { teams: Loose[] };
}

/** The rich export with one change made to a copy. */
function richWith(change: (json: LooseExport) => void): string {
  const json = JSON.parse(richText) as LooseExport;
  change(json);
  return JSON.stringify(json);
}

describe('JSON import into an empty document', () => {
  it('reproduces the export exactly', () => {
    const doc = new Y.Doc();
    expect(importInto(doc, richText)).toBeNull();
    expect(canonicalJson(exportOf(doc))).toBe(canonicalJson(richExport));
  });

  it('reproduces a personal journal exactly: reflections, their texts and links', () => {
    const journal = new Y.Doc();
    const ctx = localContext(journal, 'Ana', () => Date.UTC(2026, 2, 4, 9));
    initWorkspace(ctx, { id: 'ws_journal-0001', title: 'My journal', kind: 'journal', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
    const o = addObjective(ctx, { title: 'Grow, "fast"' });
    const kr = addKeyResult(ctx, o, { title: 'Sessions', kind: 'milestone' });
    const entry = addJournalEntry(ctx, { moved: NASTY.workspaceTitle, learned: 'Line one\nline "two", three', next: '' });
    linkJournalEntry(ctx, entry, kr);
    const original = exportOf(journal);
    expect(original.journalEntries).toHaveLength(1);

    const doc = new Y.Doc();
    expect(importInto(doc, JSON.stringify(original))).toBeNull();
    expect(canonicalJson(exportOf(doc))).toBe(canonicalJson(original));
    expect(readWorkspace(doc).journalEntries.get(entry)?.links).toEqual([{ id: kr, kind: 'keyResult' }]);
  });

  it('writes co-edited text as Y.Text, so people can keep typing into it together', () => {
    const doc = new Y.Doc();
    importInto(doc, richText);
    const objective = rootMap(doc, 'objectives').get(rich.objectives.growth)!;
    expect(objective.get('title')).toBeInstanceOf(Y.Text);
    expect(rootMap(doc, 'meta').get('title')).toBeInstanceOf(Y.Text);
  });

  it('writes everything in one transaction with the import origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction) => origins.push(transaction.origin));
    importInto(doc, richText);
    expect(origins).toEqual([IMPORT_ORIGIN]);
  });

  it('accepts a byte-order mark and a compact file', () => {
    const doc = new Y.Doc();
    expect(importInto(doc, `\uFEFF${JSON.stringify(richExport)}`)).toBeNull();
    expect(canonicalJson(exportOf(doc))).toBe(canonicalJson(richExport));
  });

  it('knows a section for every root map of the export', () => {
    const sections = new Set(JSON_SECTIONS.map((s) => s.path.split('.')[0]));
    const exported = Object.keys(richExport).filter((key) => !['format', 'formatVersion', 'meta', 'problems'].includes(key));
    expect(exported.filter((key) => !sections.has(key))).toEqual([]);
  });
});

describe('JSON import into the same workspace', () => {
  it('changes nothing when the file is what the workspace already holds', () => {
    const doc = copyOf(richUpdate);
    importInto(doc, richText);
    expect(sameBytes(Y.encodeStateAsUpdate(doc), richUpdate)).toBe(true);
  });

  it('updates fields in place, adds what is missing and deletes nothing', () => {
    const doc = copyOf(richUpdate);
    const title = rootMap(doc, 'objectives').get(rich.objectives.growth)!.get('title');
    const { ctx } = { ctx: localContext(doc, 'Ana', () => rich.now) };
    const localOnly = addObjective(ctx, { title: 'Only here', addedReason: 'kept' });
    const text = richWith((json) => {
      json.objectives.find((o) => o.id === rich.objectives.growth)!.title = 'Grow, renamed';
      json.checkIns.push({ id: 'importedCheckIn01', keyResultId: rich.keyResults.activeTeams, value: 33, confidence: 8, note: '', author: 'Bo', at: rich.now });
    });
    expect(importInto(doc, text)).toBeNull();
    const after = readWorkspace(doc);
    expect(after.objectives.get(rich.objectives.growth)!.title).toBe('Grow, renamed');
    expect(rootMap(doc, 'objectives').get(rich.objectives.growth)!.get('title')).toBe(title); // edited, not replaced
    expect(after.checkIns.get('importedCheckIn01')!.value).toBe(33);
    expect(after.objectives.get(localOnly)).toBeDefined();
  });

  it('never rewrites an immutable record that is already there', () => {
    const doc = copyOf(richUpdate);
    const id = rich.checkIns.activeTeams[0]!;
    importInto(doc, richWith((json) => (json.checkIns.find((c) => c.id === id)!.value = 999)));
    expect(readWorkspace(doc).checkIns.get(id)!.value).toBe(14);
  });

  it('refuses a file of another workspace and says what to do instead', () => {
    const doc = copyOf(richUpdate);
    const error = importInto(doc, richWith((json) => (json.meta.id = 'anotherWorkspace1')))!;
    expect(error.problems[0]!.field).toBe('meta.id');
    expect(error.problems[0]!.fix).toMatch(/new, empty workspace/);
    expect(sameBytes(Y.encodeStateAsUpdate(doc), richUpdate)).toBe(true);
  });

  it('refuses, at apply time, a plan made for an empty document once the document holds another workspace', () => {
    const plan = planJsonImport(richText, 'workspace.json');
    const doc = new Y.Doc();
    initWorkspace(localContext(doc, 'Ana'), { id: 'someOtherWs', title: 'Other', kind: 'team', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => applyJsonImport(doc, plan)).toThrow(ImportError);
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });

  it('never writes into a workspace of a newer schema', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', 99);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => applyJsonImport(doc, planJsonImport(richText, 'workspace.json'))).toThrow(/newer Cairn/);
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });

  it('counts what it would create, update and leave unchanged', () => {
    const doc = copyOf(richUpdate);
    const plan = planJsonImport(richWith((json) => (json.keyResults[0]!.owner = 'Someone else')), 'workspace.json', readWorkspace(doc));
    const keyResults = plan.sections.find((s) => s.path === 'keyResults')!;
    expect([plan.mode, keyResults.created, keyResults.updated]).toEqual(['update', 0, 1]);
  });
});

describe('JSON import errors', () => {
  it('names the field path and how to fix it', () => {
    const metric = richExport.keyResults.findIndex((kr) => kr.kind === 'metric');
    const error = refusal(richWith((json) => (json.keyResults[metric]!.target = 'ten')));
    expect(error.problems.map((p) => p.field)).toEqual([`keyResults[${metric}].target`]);
    expect(error.problems[0]!.fix).toMatch(/Correct it in the file/);
    expect(error.message).toMatch(/^workspace\.json was not imported: 1 problem/);
  });

  it('refuses a field Cairn does not know instead of dropping it (a typo must not look applied)', () => {
    const error = refusal(richWith((json) => (json.keyResults[0]!.targt = 999)));
    expect(error.problems.map((p) => [p.field, p.message])).toEqual([['keyResults[0].targt', 'Cairn has no field “targt” here.']]);
  });

  it('reports every problem of the file at once', () => {
    const error = refusal(
      richWith((json) => {
        json.objectives[0]!.createdAt = -1;
        json.checkIns[2]!.confidence = 11;
        json.alignment.teams[0]!.colour = 'red';
      }),
    );
    expect(error.problems.map((p) => p.field)).toEqual(['objectives[0].createdAt', 'checkIns[2].confidence', 'alignment.teams[0].colour']);
  });

  it('refuses a record with no proper id, and one that is not a record, at their paths', () => {
    const error = refusal(
      richWith((json) => {
        json.keyResults[1]!.id = 'not an id!';
        (json.checkIns as unknown[])[0] = 'a check-in';
        delete json.alignment.teams[0]!.id;
      }),
    );
    expect(error.problems.map((p) => [p.field, p.message])).toEqual([
      ['keyResults[1].id', 'Must be an id: 1 to 64 letters, digits, _ or -.'],
      ['checkIns[0]', expect.stringMatching(/^Invalid input: expected object, received string/)],
      ['alignment.teams[0].id', expect.stringMatching(/^Invalid input: expected string, received undefined/)],
    ]);
    expect(error.problems.every((p) => /Correct it in the file/.test(p.fix))).toBe(true);
  });

  it('refuses two records with the same id', () => {
    const error = refusal(richWith((json) => json.keyResults.push({ ...json.keyResults[0] })));
    expect(error.problems[0]!.field).toBe(`keyResults[${richExport.keyResults.length}].id`);
  });

  it('points at the line and column of broken JSON', () => {
    const error = refusal('{\n  "format": "cairn-workspace"\n  "meta": {}\n}');
    expect(error.problems[0]).toMatchObject({ line: 3, column: 3 });
  });

  it('refuses a file that is not a Cairn export', () => {
    expect(refusal('{"hello": "world"}').problems[0]!.field).toBe('format');
    expect(refusal('[]').problems[0]!.fix).toMatch(/exported from Cairn/);
    expect(refusal('   ').problems[0]!.message).toMatch(/empty/);
  });

  it('refuses a file of a newer Cairn, asking to update', () => {
    expect(refusal(richWith((json) => (json.formatVersion = 2))).problems[0]!.fix).toMatch(/Update Cairn/);
    expect(refusal(richWith((json) => (json.meta.schemaVersion = 2))).problems[0]!.fix).toMatch(/Update Cairn/);
  });

  it('refuses thresholds outside their limits instead of silently using the default', () => {
    expect(refusal(richWith((json) => (json.meta.signalThresholds.checkInRhythmDays = 0))).problems[0]!.field).toBe('meta.signalThresholds.checkInRhythmDays');
  });

  it('refuses a section it does not know unless it is empty', () => {
    expect(refusal(richWith((json) => (json.gadgets = [{ id: 'x' }]))).problems[0]!.field).toBe('gadgets');
    expect(importInto(new Y.Doc(), richWith((json) => (json.gadgets = [])))).toBeNull();
  });

  it('refuses absurdly deep nesting without walking it', () => {
    expect(refusal(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).problems[0]!.message).toMatch(/nested/);
  });
});

/* ---------- Properties ---------- */

/** A small workspace made with Cairn's own commands, from generated inputs. */
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...Object.values(NASTY)));
const keyResultSpec = fc.record({
  title: text,
  kind: fc.constantFrom('increase', 'decrease', 'stayAbove', 'output', 'learning', 'milestone'),
  baseline: fc.integer({ min: -1000, max: 1000 }),
  span: fc.integer({ min: 1, max: 1000 }),
  checkIns: fc.array(fc.record({ value: fc.double({ min: -1e6, max: 1e6, noNaN: true }), confidence: fc.option(fc.integer({ min: 0, max: 10 })), note: text }), { maxLength: 2 }),
  deleted: fc.boolean(),
});
const workspaceSpec = fc.record({
  title: text,
  published: fc.boolean(),
  rhythm: fc.option(fc.integer({ min: 1, max: 90 })),
  objectives: fc.array(fc.record({ title: text, owner: text, team: fc.option(fc.constantFrom(0, 1)), keyResults: fc.array(keyResultSpec, { maxLength: 3 }), deleted: fc.boolean() }), { maxLength: 3 }),
});
type WorkspaceSpec = typeof workspaceSpec extends fc.Arbitrary<infer T> ? T : never;
type KeyResultSpec = typeof keyResultSpec extends fc.Arbitrary<infer T> ? T : never;

function measureOf(spec: KeyResultSpec): Pick<NewKeyResult, 'kind' | 'metric' | 'output' | 'questions'> {
  const { baseline, span } = spec;
  switch (spec.kind) {
    case 'increase':
    case 'decrease':
    case 'stayAbove':
      return { kind: 'metric', metric: { direction: spec.kind, baseline, target: spec.kind === 'decrease' ? baseline - span : baseline + span, unit: 'u' } };
    case 'output':
      return { kind: 'output', output: { target: span, unit: '' } };
    case 'learning':
      return { kind: 'learning', questions: ['Why?', 'How?'] };
    default:
      return { kind: 'milestone' };
  }
}

function buildWorkspace(spec: WorkspaceSpec): Y.Doc {
  const doc = new Y.Doc();
  let now = Date.UTC(2026, 0, 1);
  const ctx = localContext(doc, 'Ana', () => (now += 1_000));
  initWorkspace(ctx, { id: 'generatedWs01', title: spec.title, kind: 'team', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
  if (spec.rhythm !== null) setSignalThreshold(ctx, 'checkInRhythmDays', spec.rhythm);
  const teams = [addTeam(ctx, { name: 'Alpha' }), addTeam(ctx, { name: 'Beta' })];
  if (spec.published) publishCheckpoint(ctx, 'Published');
  const addedReason = spec.published ? 'Generated' : undefined;
  for (const o of spec.objectives) {
    const objective = addObjective(ctx, { title: o.title, owner: o.owner, addedReason });
    if (o.team !== null) setObjectiveTeam(ctx, objective, teams[o.team]!);
    for (const k of o.keyResults) {
      const kr = addKeyResult(ctx, objective, { title: k.title, addedReason, ...measureOf(k) });
      for (const c of k.checkIns) recordCheckIn(ctx, kr, { value: c.value, confidence: c.confidence, note: c.note });
      if (k.deleted) deleteKeyResult(ctx, kr);
    }
    if (o.deleted) deleteObjective(ctx, objective);
  }
  return doc;
}

const small = buildWorkspace({ title: 'Small', published: true, rhythm: 10, objectives: [{ title: 'O', owner: '', team: 0, keyResults: [{ title: 'K', kind: 'increase', baseline: 1, span: 2, checkIns: [{ value: 2, confidence: 5, note: '' }], deleted: false }], deleted: false }] });
const bases = [
  { json: exportOf(small), update: Y.encodeStateAsUpdate(small) },
  { json: richExport, update: richUpdate },
];

/** One change to a valid export: the kinds of damage files get in the wild. */
const mutation = fc.record({
  kind: fc.constantFrom('drop', 'replace', 'retype', 'duplicate', 'truncate', 'insert'),
  a: fc.nat(),
  b: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
  inserted: fc.constantFrom('"', '\n', ',', '{', '}', '[', ']', ':', '\\', '\u0000', '-1', 'null'),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** Every object inside a JSON value, so a mutation can pick one. */
function objectsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, out));
  else if (value !== null && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    Object.values(value).forEach((v) => objectsIn(v, out));
  }
  return out;
}

const retype = (value: unknown): unknown => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value.length : value === null ? 0 : Array.isArray(value) ? {} : null);

function mutate(text: string, m: Mutation): string {
  const at = m.a % (text.length + 1);
  if (m.kind === 'truncate') return text.slice(0, at);
  if (m.kind === 'insert') return text.slice(0, at) + m.inserted + text.slice(at);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text; // already broken by an earlier mutation
  }
  const objects = objectsIn(json);
  const target = objects[m.a % Math.max(1, objects.length)];
  if (!target) return text;
  const keys = Object.keys(target);
  const key = keys[m.b % Math.max(1, keys.length)] ?? 'id';
  if (m.kind === 'drop') delete target[key];
  if (m.kind === 'replace') target[key] = m.value;
  if (m.kind === 'retype') target[key] = retype(target[key]);
  if (m.kind === 'duplicate') {
    const lists = Object.values(target).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0);
    const list = lists[m.b % Math.max(1, lists.length)];
    if (list) list.push(JSON.parse(JSON.stringify(list[m.a % list.length])));
  }
  return JSON.stringify(json);
}

/** A section's records in a snapshot (`alignment.teams` → snapshot.alignment.teams). */
const storedIn = (snapshot: object, path: string) => path.split('.').reduce<unknown>((value, key) => (value as Loose)[key], snapshot) as Map<string, unknown>;

/** The property every importer run must keep: an ImportError leaves the document byte for byte as it was. */
function expectAtomic(doc: Y.Doc, text: string): ImportError | null {
  const before = Y.encodeStateAsUpdate(doc);
  const error = importInto(doc, text);
  if (error) expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  return error;
}

describe('JSON import properties', () => {
  it('refuses arbitrary text with an ImportError only, changing nothing', () => {
    const jsonish = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', 'a', '\\', '\n', ' ') });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), jsonish), (input) => {
        expect(expectAtomic(copyOf(bases[0]!.update), input)).toBeInstanceOf(ImportError);
      }),
      RUNS,
    );
  }, 60_000);

  it('refuses arbitrary JSON values with an ImportError only', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(expectAtomic(new Y.Doc(), JSON.stringify(value) ?? 'null')).toBeInstanceOf(ImportError);
      }),
      RUNS,
    );
  }, 60_000);

  it('imports damaged exports whole or not at all, and what it writes reads back as planned', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 0, 0, 1), fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (base, intoSame, mutations) => {
        const text = mutations.reduce((t, m) => mutate(t, m), JSON.stringify(bases[base]!.json));
        const doc = intoSame ? copyOf(bases[base]!.update) : new Y.Doc();
        if (expectAtomic(doc, text)) return;
        const after = readWorkspace(doc);
        expect(after.problems).toEqual([]);
        for (const { path, records } of planJsonImport(text, 'again.json', after).sections) {
          if (sectionAt(path).layout.as === 'map') for (const record of records) expect(canonicalJson(storedIn(after, path).get(record.id))).toBe(canonicalJson(record));
        }
      }),
      RUNS,
    );
  }, 60_000);

  it('round-trips generated workspaces exactly, and re-importing one into itself changes nothing', () => {
    fc.assert(
      fc.property(workspaceSpec, (spec) => {
        const built = buildWorkspace(spec);
        const original = exportOf(built);
        const text = JSON.stringify(original);
        const doc = new Y.Doc();
        expect(importInto(doc, text)).toBeNull();
        expect(canonicalJson(exportOf(doc))).toBe(canonicalJson(original));
        const before = Y.encodeStateAsUpdate(built);
        expect(importInto(built, text)).toBeNull();
        expect(sameBytes(Y.encodeStateAsUpdate(built), before)).toBe(true);
      }),
      RUNS,
    );
  }, 60_000);
});
