import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext } from '../../shared/commands/context';
import { addKeyResult, deleteKeyResult, type NewKeyResult } from '../../shared/commands/keyResults';
import { publishCheckpoint } from '../../shared/commands/lifecycle';
import { addObjective, deleteObjective } from '../../shared/commands/objectives';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { initWorkspace } from '../../shared/commands/workspace';
import { toCsv } from '../../shared/format/csv';
import { keyResultsCsv } from '../../shared/format/csvExport';
import { applyCsvImport, planCsvImport, type CsvImportSummary } from '../../shared/format/importCsv';
import { ImportError } from '../../shared/format/importErrors';
import { IMPORT_ORIGIN } from '../../shared/origins';
import { teamOfObjectives, WHOLE_WORKSPACE } from '../../shared/queries/scope';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { NASTY, buildRichWorkspace } from './richWorkspace';

const RUNS = { numRuns: 1000, seed: 4_180_2026 };
const WHO = { actor: 'Importer', now: () => Date.UTC(2026, 6, 2) };
const TEMPLATE = readFileSync(new URL('../../renderer/public/templates/cairn-okrs-template.csv', import.meta.url), 'utf8');

/** Plans against the document and applies, as the app does; returns the ImportError when the file is refused. */
function importInto(doc: Y.Doc, text: string): ImportError | CsvImportSummary {
  try {
    return applyCsvImport(doc, planCsvImport(text, 'okrs.csv', readWorkspace(doc)), WHO);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
}

function refusal(text: string, doc = newWorkspace().doc): ImportError {
  const result = importInto(doc, text);
  if (!(result instanceof ImportError)) throw new Error('expected the import to be refused');
  return result;
}

const emptyWorkspace = () => newWorkspace('Ana', 'ws-csv-target').doc;
const exportOf = (doc: Y.Doc) => keyResultsCsv(readWorkspace(doc), WHOLE_WORKSPACE);
const rowsOf = (csv: string) => Papa.parse<string[]>(csv.replace(/\r\n$/, ''), { newline: '\r\n', delimiter: ',' }).data;
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const csvOf = (...lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

const rich = buildRichWorkspace();
const richCsv = exportOf(rich.doc);

describe('CSV import of an export', () => {
  it('reproduces the export in an empty workspace, but for the answered count of learning key results', () => {
    const doc = emptyWorkspace();
    importInto(doc, richCsv);
    // The last column, the objective's owner, is read-only: a sheet does not set it.
    const withoutObjectiveOwner = (rows: ReturnType<typeof rowsOf>) => rows.map((row) => row.slice(0, -1));
    const [before, after] = [withoutObjectiveOwner(rowsOf(richCsv)), withoutObjectiveOwner(rowsOf(exportOf(doc)))];
    const learning = before.findIndex((r) => r[3] === 'learning');
    // A learning KR's questions are not in the sheet: its current value (answered questions) and progress start again.
    expect(after[learning]!.filter((_, i) => i !== 7 && i !== 8)).toEqual(before[learning]!.filter((_, i) => i !== 7 && i !== 8));
    expect(after.filter((_, i) => i !== learning)).toEqual(before.filter((_, i) => i !== learning));
  });

  it('updates the same objectives and key results when imported again, adding nothing', () => {
    const doc = emptyWorkspace();
    importInto(doc, richCsv);
    const before = Y.encodeStateAsUpdate(doc);
    expect(importInto(doc, exportOf(doc))).toMatchObject({ objectivesCreated: 0, keyResultsCreated: 0, checkIns: 0, teamsCreated: 0 });
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });

  it('changes titles, targets and owners in place and records a check-in for a new current value', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(rich.doc));
    const rows = rowsOf(richCsv);
    const row = rows.find((r) => r[13] === rich.keyResults.activeTeams)!;
    Object.assign(row, { 2: 'Weekly active teams', 6: '45', 7: '33', 9: '9', 10: 'Bo' });
    const summary = importInto(doc, toCsv(rows));
    expect(summary).toMatchObject({ keyResultsCreated: 0, checkIns: 1 });
    const after = readWorkspace(doc);
    const kr = after.keyResults.get(rich.keyResults.activeTeams)!;
    expect([kr.title, kr.kind === 'metric' && kr.target, kr.owner]).toEqual(['Weekly active teams', 45, 'Bo']);
    const added = [...after.checkIns.values()].find((c) => c.author === 'Importer')!;
    expect([added.keyResultId, added.value, added.confidence]).toEqual([rich.keyResults.activeTeams, 33, 9]);
    // The workspace was published: the target change is in the change log, with where it came from.
    expect([...after.changes.values()].some((c) => c.entityId === kr.id && c.kind === 'target' && c.reason === 'Imported from okrs.csv')).toBe(true);
  });

  it('changes nothing when imported into the workspace it came from', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(rich.doc));
    const before = Y.encodeStateAsUpdate(doc);
    expect(importInto(doc, richCsv)).toMatchObject({ objectivesCreated: 0, keyResultsCreated: 0, checkIns: 0 });
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });

  it('shows a milestone as done or not, whatever number a check-in stored, and adds no check-in for it on re-import', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'Ship' });
    const kr = addKeyResult(ctx, o, { title: 'Launch', kind: 'milestone' });
    recordCheckIn(ctx, kr, { value: 29, confidence: 7, note: 'written by an older peer' });
    const sheet = keyResultsCsv(readWorkspace(doc), WHOLE_WORKSPACE);
    expect(Papa.parse<Record<string, string>>(sheet.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data[0]).toMatchObject({ current: '1', progress: '100' });
    expect(importInto(doc, sheet)).toMatchObject({ checkIns: 0 });
  });

  it('writes everything in one transaction with the import origin', () => {
    const doc = emptyWorkspace();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction) => origins.push(transaction.origin));
    importInto(doc, richCsv);
    expect(origins).toEqual([IMPORT_ORIGIN]);
  });
});

describe('CSV import of the template', () => {
  it('imports the template shipped with the app cleanly', () => {
    const doc = emptyWorkspace();
    expect(importInto(doc, TEMPLATE)).toEqual({ objectivesCreated: 3, objectivesUpdated: 0, keyResultsCreated: 7, keyResultsUpdated: 0, checkIns: 4, teamsCreated: 2 });
    const snapshot = readWorkspace(doc);
    expect(snapshot.problems).toEqual([]);
    const byTitle = new Map([...snapshot.keyResults.values()].map((kr) => [kr.title, kr]));
    expect(byTitle.get('Support tickets per new team')).toMatchObject({ kind: 'metric', direction: 'decrease', baseline: 12, target: 4 });
    expect(byTitle.get('Uptime (%)')).toMatchObject({ kind: 'metric', direction: 'stayAbove', target: 99.9 });
    expect(byTitle.get('Setup guides, in English and Spanish')).toMatchObject({ kind: 'output', target: 3 });
    expect(byTitle.get('Why do trial teams stop after day 3?')).toMatchObject({ kind: 'learning', status: 'draft' });
  });

  it('groups rows into objectives by title, and puts each objective in its team', () => {
    const doc = emptyWorkspace();
    importInto(doc, TEMPLATE);
    const snapshot = readWorkspace(doc);
    const onboarding = [...snapshot.objectives.values()].find((o) => o.title === 'Make onboarding painless')!;
    expect([...snapshot.keyResults.values()].filter((kr) => kr.objectiveId === onboarding.id)).toHaveLength(4);
    const teamId = teamOfObjectives(snapshot).get(onboarding.id)!;
    expect(snapshot.alignment.teams.get(teamId)!.name).toBe('Platform');
  });

  it('adds key results to an objective of the same title, and to a team of the same name whatever its case', () => {
    const { doc, ctx } = newWorkspace();
    const team = addTeam(ctx, { name: 'Platform' });
    const objective = addObjective(ctx, { title: 'Make onboarding painless' });
    setObjectiveTeam(ctx, objective, team);
    const summary = importInto(doc, csvOf('Objective,Key Result,Kind,TEAM', 'Make onboarding painless,Pricing page live,milestone,platform'));
    expect(summary).toMatchObject({ objectivesCreated: 0, objectivesUpdated: 1, keyResultsCreated: 1, teamsCreated: 0 });
    expect(teamOfObjectives(readWorkspace(doc)).get(objective)).toBe(team);
  });

  it('reads header names ignoring case and spacing, in any order, and restores neutralised text', () => {
    const doc = emptyWorkspace();
    importInto(doc, csvOf('  Key_Result ,OBJECTIVE,Target,baseline', `'=SUM(A1),'@home,-3,-1`));
    const [kr] = [...readWorkspace(doc).keyResults.values()];
    expect(kr).toMatchObject({ title: '=SUM(A1)', kind: 'metric', direction: 'decrease', baseline: -1, target: -3 });
  });
});

describe('CSV import errors', () => {
  it('refuses unknown columns, naming the ones it knows', () => {
    const error = refusal(csvOf('objective,key result,colour', 'O,K,red'));
    expect(error.problems[0]).toMatchObject({ line: 1, column: 22, field: 'colour' });
    expect(error.problems[0]!.fix).toContain('team, objective, key result');
  });

  it('refuses a file without the required columns', () => {
    expect(refusal(csvOf('objective,target', 'O,3')).problems.map((p) => p.field)).toEqual(['key result']);
  });

  it('reports every bad number with its line and column, counting line breaks inside quoted cells', () => {
    const error = refusal(csvOf('objective,key result,baseline,target,confidence', '"Two\nlines",K,ten,20,5', 'O,K2,1,2,11'));
    expect(error.problems.map((p) => [p.line, p.column, p.field])).toEqual([
      [3, 10, 'baseline'],
      [4, 10, 'confidence'],
    ]);
    expect(error.message).toMatch(/^okrs\.csv was not imported: 2 problems/);
  });

  it('reports a CSV syntax error with its position and a fix', () => {
    const error = refusal(csvOf('objective,key result', 'O,"K'));
    expect(error.problems[0]).toMatchObject({ line: 2, column: 3 });
    expect(error.problems[0]!.fix).toMatch(/closing double quote/);
  });

  it('explains what a kind of key result needs', () => {
    const problems = refusal(csvOf('objective,key result,kind,baseline,target', 'O,A,metric,5,5', 'O,B,output,1,3', 'O,C,milestone,,1', 'O,D,increase,9,3', 'O,E,gauge,,')).problems;
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'target'],
      [3, 'baseline'],
      [4, 'target'],
      [5, 'target'],
      [6, 'kind'],
    ]);
  });

  it('refuses a row for a key result that was deleted', () => {
    const { doc, ctx } = newWorkspace();
    const objective = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, objective, { title: 'K', kind: 'milestone' });
    deleteKeyResult(ctx, kr);
    expect(refusal(csvOf('objective,key result,objective id,key result id', `O,K,${objective},${kr}`), doc).problems[0]!.fix).toMatch(/Restore it/);
  });

  it('refuses two rows for the same key result, and an objective with two titles', () => {
    const problems = refusal(csvOf('objective,key result,kind,objective id,key result id', 'O,K,milestone,obj1,kr1', 'P,K,milestone,obj1,kr1')).problems;
    expect(problems.map((p) => p.field)).toEqual(['objective', 'key result id']);
  });

  it('refuses, when applying, a plan whose objective was deleted since it was checked, writing nothing', () => {
    const { doc, ctx } = newWorkspace();
    const objective = addObjective(ctx, { title: 'O' });
    const plan = planCsvImport(csvOf('objective,key result,kind,objective id', `O,K,milestone,${objective}`), 'okrs.csv', readWorkspace(doc));
    deleteObjective(ctx, objective);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => applyCsvImport(doc, plan, WHO)).toThrow(ImportError);
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });

  it('refuses a confidence without any current value to go with it', () => {
    expect(refusal(csvOf('objective,key result,kind,target,confidence', 'O,K,stay above,5,7')).problems[0]!.field).toBe('confidence');
  });

  it('refuses an empty file, and imports nothing from a header without rows', () => {
    expect(refusal('').problems[0]!.message).toMatch(/empty/);
    const doc = emptyWorkspace();
    const before = Y.encodeStateAsUpdate(doc);
    expect(importInto(doc, csvOf('objective,key result'))).toMatchObject({ objectivesCreated: 0, keyResultsCreated: 0 });
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });
});

/* ---------- Properties ---------- */

const text = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...Object.values(NASTY), '-5', '=1+1', "'@x", ' padded '));
const keyResultSpec = fc.record({
  title: text,
  kind: fc.constantFrom('increase', 'decrease', 'stayAbove', 'stayBelow', 'output', 'milestone'),
  baseline: fc.integer({ min: -500, max: 500 }),
  span: fc.double({ min: 0.5, max: 1e6, noNaN: true }),
  owner: text,
  checkIn: fc.option(fc.record({ value: fc.double({ min: -1e6, max: 1e6, noNaN: true }), done: fc.boolean(), confidence: fc.option(fc.integer({ min: 0, max: 10 })) })),
});
const workspaceSpec = fc.array(fc.record({ title: text, team: fc.option(fc.constantFrom('Alpha', '=Beta, "b"')), keyResults: fc.array(keyResultSpec, { maxLength: 3 }) }), { maxLength: 3 });
type KeyResultSpec = typeof keyResultSpec extends fc.Arbitrary<infer T> ? T : never;
type WorkspaceSpec = typeof workspaceSpec extends fc.Arbitrary<infer T> ? T : never;

function measureOf({ kind, baseline, span }: KeyResultSpec): Pick<NewKeyResult, 'kind' | 'metric' | 'output'> {
  if (kind === 'output') return { kind, output: { target: span, unit: '' } };
  if (kind === 'milestone') return { kind };
  const target = kind === 'decrease' || kind === 'stayBelow' ? baseline - span : baseline + span;
  return { kind: 'metric', metric: { direction: kind, baseline, target, unit: '' } };
}

/** A workspace made with Cairn's commands from generated inputs (no learning KRs: their questions are not in the sheet). */
function buildWorkspace(spec: WorkspaceSpec, published: boolean): Y.Doc {
  const doc = new Y.Doc();
  let now = Date.UTC(2026, 0, 1);
  const ctx = localContext(doc, 'Ana', () => (now += 1_000));
  initWorkspace(ctx, { id: 'generatedWs01', title: 'Generated', kind: 'team', cycleStart: '2026-01-01', cycleEnd: '2026-03-31' });
  if (published) publishCheckpoint(ctx, 'Published');
  const addedReason = published ? 'Generated' : undefined;
  const teams = new Map<string, string>();
  for (const o of spec) {
    const objective = addObjective(ctx, { title: o.title, addedReason });
    if (o.team) {
      const team = teams.get(o.team) ?? addTeam(ctx, { name: o.team });
      teams.set(o.team, team);
      setObjectiveTeam(ctx, objective, team);
    }
    for (const k of o.keyResults) {
      const kr = addKeyResult(ctx, objective, { title: k.title, owner: k.owner, addedReason, ...measureOf(k) });
      if (k.checkIn) recordCheckIn(ctx, kr, { value: k.kind === 'milestone' ? Number(k.checkIn.done) : k.checkIn.value, confidence: k.checkIn.confidence });
    }
  }
  return doc;
}

const smallCsv = exportOf(buildWorkspace([{ title: 'O', team: 'Alpha', keyResults: [{ title: 'K', kind: 'increase', baseline: 1, span: 2, owner: '', checkIn: { value: 2, done: false, confidence: 4 } }] }], false));
const targetUpdate = Y.encodeStateAsUpdate(emptyWorkspace());
const freshTarget = () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, targetUpdate);
  return doc;
};

/** An ImportError must leave the document byte for byte as it was; a success must leave it readable. */
function expectWholeOrNothing(text: string): boolean {
  const doc = freshTarget();
  const before = Y.encodeStateAsUpdate(doc);
  const result = importInto(doc, text);
  if (result instanceof ImportError) {
    expect(sameBytes(Y.encodeStateAsUpdate(doc), before)).toBe(true);
    return false;
  }
  expect(readWorkspace(doc).problems).toEqual([]);
  return true;
}

const damage = fc.record({
  kind: fc.constantFrom('insert', 'truncate', 'replaceCell', 'replaceCell', 'replaceCell', 'dropColumn', 'duplicateRow'),
  a: fc.nat(),
  b: fc.nat(),
  inserted: fc.constantFrom('"', '\n', '\r', ',', "'", '=', '""', 'x'),
  cell: fc.oneof(text, fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('', '1e999', '-0', '11', 'metric', 'closed', 'dropped', 'abc_DEF-123')),
});
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function damaged(csv: string, d: Damage): string {
  const at = d.a % (csv.length + 1);
  if (d.kind === 'insert') return csv.slice(0, at) + d.inserted + csv.slice(at);
  if (d.kind === 'truncate') return csv.slice(0, at);
  const rows = rowsOf(csv);
  const row = rows[d.a % Math.max(1, rows.length)];
  if (!row) return csv;
  if (d.kind === 'replaceCell') row[d.b % row.length] = d.cell;
  if (d.kind === 'dropColumn') rows.forEach((r) => r.splice(d.b % row.length, 1));
  if (d.kind === 'duplicateRow') rows.push([...row]);
  return toCsv(rows);
}

describe('CSV import properties', () => {
  it('refuses arbitrary text with an ImportError only, changing nothing', () => {
    const csvish = fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r\n', 'objective', 'key result', 'target', 'O', '1', '=', "'") });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), csvish), (input) => {
        expectWholeOrNothing(input);
      }),
      RUNS,
    );
  }, 60_000);

  it('imports damaged exports whole or not at all', () => {
    let imported = 0;
    fc.assert(
      fc.property(fc.constantFrom(smallCsv, smallCsv, smallCsv, richCsv), fc.array(damage, { minLength: 1, maxLength: 2 }), (csv, damages) => {
        if (expectWholeOrNothing(damages.reduce(damaged, csv))) imported++;
      }),
      RUNS,
    );
    expect(imported).toBeGreaterThan(100); // successful imports are exercised too, not only refusals
  }, 60_000);

  it('round-trips the key-result sheet of generated workspaces through an empty workspace', () => {
    fc.assert(
      fc.property(workspaceSpec, fc.boolean(), (spec, published) => {
        const csv = exportOf(buildWorkspace(spec, published));
        const doc = freshTarget();
        expect(importInto(doc, csv)).not.toBeInstanceOf(ImportError);
        expect(exportOf(doc)).toBe(csv);
      }),
      RUNS,
    );
  }, 60_000);

  it('imports generated template rows without ids as the objectives and key results they describe', () => {
    const targetOf = (r: { kind: string; baseline: number; span: number }) => ({ metric: r.baseline + r.span, 'stay below': r.baseline - r.span, output: r.span })[r.kind] ?? null;
    const row = fc.record({ objective: fc.constantFrom('Alpha goal', 'Beta goal'), title: text.filter((t) => t.trim() !== ''), kind: fc.constantFrom('metric', 'stay below', 'output', 'milestone'), baseline: fc.integer({ min: -50, max: 50 }), span: fc.integer({ min: 1, max: 50 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
        const cells = rows.map((r) => [r.objective, r.title, r.kind, r.kind === 'metric' || r.kind === 'stay below' ? r.baseline : null, targetOf(r)]);
        const doc = freshTarget();
        expect(importInto(doc, toCsv([['objective', 'key result', 'kind', 'baseline', 'target'], ...cells]))).not.toBeInstanceOf(ImportError);
        const exported = rowsOf(exportOf(doc)).slice(1);
        // The export lists each objective's key results together, objectives in the order the file first names them.
        const firstSeen = (objective: string) => rows.findIndex((r) => r.objective === objective);
        // A threshold has no baseline: the export leaves it empty, as the report does (measureNumbers).
        const written = cells.map((cell) => cell.map((value, i) => (i === 3 && cell[2] === 'stay below' ? null : value)));
        const expected = rowsOf(toCsv(written)).sort((a, b) => firstSeen(a[0]!) - firstSeen(b[0]!));
        expect(exported.map((r) => [r[1], r[2], r[3], r[5], r[6]])).toEqual(expected);
      }),
      RUNS,
    );
  }, 60_000);
});
