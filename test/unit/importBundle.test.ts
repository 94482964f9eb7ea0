import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/format/canonical';
import { exportWorkspace } from '../../shared/format/exportBundle';
import { MAX_IMPORT_BYTES, detectImportFormat, runImport, type ImportRequest } from '../../shared/format/importBundle';
import { ImportError } from '../../shared/format/importErrors';
import { workspaceToJson } from '../../shared/format/json';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { addObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { buildRichWorkspace } from './richWorkspace';

const utf8 = (text: string) => new TextEncoder().encode(text);
const NOW = Date.UTC(2026, 10, 23, 9);
const request = (fileName: string, bytes: Uint8Array, target: Uint8Array | null = null): ImportRequest => ({ fileName, bytes, target, actor: 'Ana', now: NOW });
const apply = (base: Uint8Array | null, update: Uint8Array) => {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  Y.applyUpdate(doc, update);
  return doc;
};

const rich = buildRichWorkspace();
const richJson = exportWorkspace(rich.doc, { formats: ['json'], now: NOW, locale: 'en-US' })[0]!;
const richCsv = exportWorkspace(rich.doc, { formats: ['csv'], now: NOW, locale: 'en-US' })[0]!;

describe('what a file is', () => {
  it('is told by its bytes first, then its name', () => {
    const cairn = workspaceToFile(newWorkspace().doc, 'test', 1);
    expect(detectImportFormat('renamed.json', cairn)).toBe('cairn');
    expect(detectImportFormat('okrs.CSV', utf8('objective,key result'))).toBe('csv');
    expect(detectImportFormat('export.json', utf8('[]'))).toBe('json');
    expect(detectImportFormat('no extension', utf8('\uFEFF  {"format":1}'))).toBe('json');
    expect(() => detectImportFormat('notes.txt', utf8('hello'))).toThrow(ImportError);
    expect(() => detectImportFormat('notes.txt', utf8('hello'))).toThrow(/notes\.txt was not imported: .*Choose a \.cairn workspace, a JSON export/);
  });
});

describe('importing into a new workspace', () => {
  it('makes the exported workspace again from its JSON', () => {
    const outcome = runImport(request(richJson.name, richJson.bytes));
    expect(outcome).toMatchObject({ format: 'json', created: true, workspaceId: readWorkspace(rich.doc).meta!.id, kind: 'team' });
    expect(canonicalJson(workspaceToJson(readWorkspace(apply(null, outcome.update))))).toBe(canonicalJson(workspaceToJson(readWorkspace(rich.doc))));
  });

  it('makes a team workspace named after a CSV file, this quarter', () => {
    const outcome = runImport(request('Sales OKRs.csv', utf8('objective,key result,baseline,target\r\nWin the north,New logos,0,12\r\n')));
    expect(outcome).toMatchObject({ format: 'csv', created: true, title: 'Sales OKRs', kind: 'team', summary: '1 objective, 1 key result and 0 check-ins added' });
    const made = readWorkspace(apply(null, outcome.update));
    expect(made.meta).toMatchObject({ cycleStart: '2026-10-01', cycleEnd: '2026-12-31' });
    expect([...made.keyResults.values()].map((k) => k.title)).toEqual(['New logos']);
  });

  it('reads the exported key results sheet back', () => {
    const outcome = runImport(request(richCsv.name, richCsv.bytes));
    const made = apply(null, outcome.update);
    const again = exportWorkspace(made, { formats: ['csv'], now: NOW, locale: 'en-US' })[0]!;
    // Learning KRs' questions are not in the sheet, so their current and progress cells differ, and the last column (the objective's owner) is read-only; everything else is the same.
    const lastCell = /,(?:"(?:[^"]|"")*"|[^,"]*)$/;
    const rows = (bytes: Uint8Array) => new TextDecoder().decode(bytes).split('\r\n').filter((row) => !/,learning,/.test(row)).map((row) => row.replace(lastCell, ''));
    expect(rows(again.bytes)).toEqual(rows(richCsv.bytes));
  });
});

describe('importing into a workspace', () => {
  it('updates it from its own JSON: only what differs is in the update', () => {
    const team = newWorkspace('Ana', 'ws_update-0001');
    const before = Y.encodeStateAsUpdate(team.doc);
    const json = exportWorkspace(team.doc, { formats: ['json'], now: NOW, locale: 'en-US' })[0]!;
    addObjective(team.ctx, { title: 'Added after the export' });
    const outcome = runImport(request('team.json', json.bytes, Y.encodeStateAsUpdate(team.doc)));
    expect(outcome.created).toBe(false);
    expect(outcome.summary).toBe('0 objectives, 0 key results and 0 check-ins added');
    // Nothing is deleted by an import: the objective added since stays.
    const after = readWorkspace(apply(Y.encodeStateAsUpdate(team.doc), outcome.update));
    expect([...after.objectives.values()].map((o) => o.title)).toContain('Added after the export');
    expect(before.length).toBeGreaterThan(0);
  });

  it('adds a CSV to it', () => {
    const team = newWorkspace('Ana', 'ws_update-0002');
    const outcome = runImport(request('more.csv', utf8('objective,key result,kind\r\nGrow,Users,milestone\r\nGrow,Revenue,milestone\r\n'), Y.encodeStateAsUpdate(team.doc)));
    expect(outcome).toMatchObject({ created: false, workspaceId: 'ws_update-0002', summary: '1 objective, 2 key results and 0 check-ins added' });
  });

  it('treats a JSON export of another workspace as a new workspace', () => {
    const team = newWorkspace('Ana', 'ws_other-0003');
    const outcome = runImport(request(richJson.name, richJson.bytes, Y.encodeStateAsUpdate(team.doc)));
    expect(outcome.created).toBe(true);
    expect(outcome.workspaceId).not.toBe('ws_other-0003');
  });
});

describe('bad input', () => {
  it('refuses text that is not UTF-8, and files too large, naming the file', () => {
    expect(() => runImport(request('latin1.csv', Uint8Array.of(0x6f, 0x62, 0x6a, 0xe9, 0x0a)))).toThrow(/latin1\.csv was not imported: .*not UTF-8 text\. Save it again as UTF-8/);
    expect(() => runImport(request('huge.csv', new Uint8Array(MAX_IMPORT_BYTES + 1)))).toThrow(/huge\.csv was not imported: .*too large/);
    expect(() => runImport(request('copy.cairn', workspaceToFile(newWorkspace().doc, 'test', 1)))).toThrow(/opened, not imported/);
  });

  it('only ever throws ImportError, whatever the bytes and the name (property)', () => {
    const team = newWorkspace('Ana', 'ws_fuzz-00001');
    const target = Y.encodeStateAsUpdate(team.doc);
    const snapshot = target.slice();
    const csvish = fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom('"', '""', '\r\n', ',', 'objective', 'key result', 'target', '-1e999')), { maxLength: 5 }), { maxLength: 5 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(
      fc.property(fc.constantFrom('a.json', 'b.csv', 'c.txt', 'd'), fc.oneof(fc.uint8Array({ maxLength: 200 }), csvish.map(utf8), fc.json().map(utf8)), fc.boolean(), (name, bytes, withTarget) => {
        try {
          runImport(request(name, bytes, withTarget ? target : null));
        } catch (error) {
          expect(error).toBeInstanceOf(ImportError);
        }
      }),
      { seed: 11, numRuns: 1000 },
    );
    // The target's bytes are the caller's; an import never writes into them.
    expect(target).toEqual(snapshot);
  });
});
