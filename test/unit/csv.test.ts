import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { CsvSyntaxError, formatCsvNumber, neutraliseFormula, parseCsv, restoreFormula, toCsv, type CsvCell } from '../../shared/format/csv';
import { CHECK_IN_COLUMNS, KEY_RESULT_COLUMNS, checkInsCsv, keyResultsCsv } from '../../shared/format/csvExport';
import { WHOLE_WORKSPACE } from '../../shared/queries/scope';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';
import { NASTY, buildRichWorkspace } from './richWorkspace';

const RUNS = { numRuns: 1000, seed: 4180 };

/** Parsed cells, without positions. */
const cellsOf = (text: string) => parseCsv(text).map((r) => r.fields.map((f) => f.value));

/** papaparse's reading of our output (the trailing CRLF removed: it would read it as one more, empty row). */
const papaCells = (text: string) => Papa.parse<string[]>(text.replace(/\r\n$/, ''), { newline: '\r\n', delimiter: ',' }).data;

function syntaxErrorOf(text: string): CsvSyntaxError {
  try {
    parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a CsvSyntaxError');
}

/** Text heavy in what CSV and spreadsheets treat specially. */
const nastyText = fc.oneof(
  fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', "'", '=', '+', '-', '@', '\t', ' ', 'a', 'é', '🚀', '\uFEFF') }),
  fc.string({ unit: 'binary' }),
);
const table = <T>(cell: fc.Arbitrary<T>) =>
  fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));

describe('CSV writer', () => {
  it('writes CRLF after every row and quotes only cells that need it', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', 7]])).toBe('a,"b,c","say ""hi""","two\nlines",7\r\n');
  });

  it('prefixes text that a spreadsheet would run as a formula with an apostrophe', () => {
    expect(toCsv([['=1+2', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx', "'=x", 'a=b']])).toBe(`'=1+2,'+A1,'-2+3,'@SUM(A1),'\tx,"'\rx",''=x,a=b\r\n`);
  });

  it('writes negative numbers as numbers, not as neutralised text', () => {
    expect(toCsv([[-5, -0.25, 1e21, -0]])).toBe('-5,-0.25,1e+21,0\r\n');
  });

  it('starts with a byte-order mark only when asked', () => {
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n');
    expect(toCsv([['a']])).toBe('a\r\n');
  });

  it('restores exactly what it neutralised, for any text', () => {
    fc.assert(
      fc.property(nastyText, (text) => restoreFormula(neutraliseFormula(text)) === text),
      RUNS,
    );
  });

  it('writes tables that its parser and papaparse both read back cell for cell', () => {
    fc.assert(
      fc.property(table(nastyText), (rows) => {
        const text = toCsv(rows);
        expect(cellsOf(text).map((r) => r.map(restoreFormula))).toEqual(rows);
        expect(papaCells(text).map((r) => r.map(restoreFormula))).toEqual(rows);
      }),
      RUNS,
    );
  });

  it('writes numbers that read back as the same numbers', () => {
    const cell: fc.Arbitrary<CsvCell> = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), nastyText);
    fc.assert(
      fc.property(table(cell), (rows) => {
        const read = cellsOf(toCsv(rows));
        rows.forEach((row, r) => row.forEach((value, c) => expect(typeof value === 'number' ? Number(read[r]![c]) : restoreFormula(read[r]![c]!)).toBe(typeof value === 'number' ? value + 0 : value)));
      }),
      RUNS,
    );
  });
});

describe('CSV parser', () => {
  it('reads CRLF, LF and CR line ends, skips empty lines and drops a byte-order mark', () => {
    expect(cellsOf('\uFEFFa,b\r\nc,d\n\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(cellsOf('"a,b","say ""hi""","x\r\ny"\r\n')).toEqual([['a,b', 'say "hi"', 'x\r\ny']]);
  });

  it('gives each cell the line and column where it starts, counting line breaks inside quotes', () => {
    const [, second] = parseCsv('"multi\nline",b\r\nc,"d"');
    expect(second!.line).toBe(3);
    expect(second!.fields.map((f) => [f.line, f.column])).toEqual([
      [3, 1],
      [3, 3],
    ]);
  });

  it('counts a character outside the BMP as one column', () => {
    const [record] = parseCsv('🚀🚀,x');
    expect(record!.fields[1]!.column).toBe(4);
  });

  it('reports a quote inside an unquoted cell where it is', () => {
    const error = syntaxErrorOf('a,b\r\nc,d"e');
    expect([error.line, error.column]).toEqual([2, 4]);
    expect(error.fix).toMatch(/double quotes/);
  });

  it('reports text after a closing quote', () => {
    const error = syntaxErrorOf('a,"b"x');
    expect([error.line, error.column]).toEqual([1, 6]);
  });

  it('reports a quoted cell that never ends at its opening quote', () => {
    const error = syntaxErrorOf('a,b\n"one\ntwo\nthree,c');
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.message).toMatch(/never ends/);
  });

  it('reports a row with more or fewer cells than the first', () => {
    expect([syntaxErrorOf('a,b\nc,d,e').line, syntaxErrorOf('a,b\nc,d,e').column]).toEqual([2, 5]);
    expect(syntaxErrorOf('a,b\n"x\ny"').line).toBe(2);
  });

  it('throws nothing but a CsvSyntaxError, positioned inside the text, whatever the input', () => {
    fc.assert(
      fc.property(nastyText, (text) => {
        try {
          parseCsv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
          const { line, column } = error as CsvSyntaxError;
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length);
          expect(column).toBeGreaterThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });
});

describe('key result and check-in CSV exports', () => {
  const rich = buildRichWorkspace();
  const snapshot = readWorkspace(rich.doc);

  it('has the documented header and one row per live key result of live objectives', () => {
    const rows = papaCells(keyResultsCsv(snapshot, WHOLE_WORKSPACE));
    expect(rows[0]).toEqual([...KEY_RESULT_COLUMNS]);
    const live = [...snapshot.keyResults.values()].filter((kr) => kr.deletedAt === null && snapshot.objectives.get(kr.objectiveId)?.deletedAt === null);
    expect(rows.slice(1).map((r) => r[13]).sort()).toEqual(live.map((kr) => kr.id).sort());
  });

  it('keeps hostile text intact, with formula starts neutralised', () => {
    const rows = papaCells(keyResultsCsv(snapshot, WHOLE_WORKSPACE));
    const growthRow = rows.find((r) => r[13] === rich.keyResults.activeTeams)!;
    expect(growthRow[1]).toBe(NASTY.objectiveTitle);
    expect(growthRow[10]).toBe("'@ana");
    const teamB = rows.find((r) => r[12] === rich.objectives.learning)!;
    expect(teamB[0]).toBe(`'${NASTY.teamB}`);
    expect(restoreFormula(teamB[0]!)).toBe(NASTY.teamB);
  });

  it('writes the measure, the current value, progress as a whole percent and the latest confidence', () => {
    const rows = papaCells(keyResultsCsv(snapshot, WHOLE_WORKSPACE));
    const activeTeams = rows.find((r) => r[13] === rich.keyResults.activeTeams)!;
    expect(activeTeams.slice(3, 10)).toEqual(['metric', 'execution', '10', '35', '31', '84', '8']);
    const nps = rows.find((r) => r[13] === rich.keyResults.nps)!;
    // A threshold has no baseline, in the sheet as in the report (whatever the record holds).
    expect(nps.slice(3, 10)).toEqual(['stay above', '', '', '40', '38', '0', '3']);
    const launch = rows.find((r) => r[13] === rich.keyResults.launch)!;
    expect([launch[3], launch[5], launch[6], launch[11]]).toEqual(['milestone', '', '', 'Closed: achieved']);
  });

  it('writes negative numbers as numbers and leaves unknown progress empty', () => {
    const { ctx } = newWorkspace();
    const objective = addObjective(ctx, { title: 'Cold chain' });
    const kr = addKeyResult(ctx, objective, { title: 'Freezer temperature', kind: 'metric', metric: { direction: 'stayBelow', baseline: -5, target: -18, unit: '°C' } });
    const rows = papaCells(keyResultsCsv(readWorkspace(ctx.doc), WHOLE_WORKSPACE));
    expect(rows[1]!.slice(5, 9)).toEqual(['', '-18', '', '']);
    recordCheckIn(ctx, kr, { value: -20.5, confidence: 9 });
    expect(papaCells(keyResultsCsv(readWorkspace(ctx.doc), WHOLE_WORKSPACE))[1]!.slice(5, 10)).toEqual(['', '-18', '-20.5', '100', '9']);
  });

  it('lists only the team in scope', () => {
    const rows = papaCells(keyResultsCsv(snapshot, { kind: 'team', teamId: rich.teams.b }));
    expect(new Set(rows.slice(1).map((r) => restoreFormula(r[0]!)))).toEqual(new Set([NASTY.teamB]));
  });

  it('lists every check-in of those key results, oldest first, with multi-line notes intact', () => {
    const rows = papaCells(checkInsCsv(snapshot, WHOLE_WORKSPACE));
    expect(rows[0]).toEqual([...CHECK_IN_COLUMNS]);
    const activeTeams = rows.filter((r) => r[7] === rich.keyResults.activeTeams);
    expect(activeTeams.map((r) => r[3])).toEqual(['14', '19', '24', '31']);
    expect(activeTeams[0]![2]).toBe(new Date(snapshot.checkIns.get(rich.checkIns.activeTeams[0]!)!.at).toISOString());
    expect(activeTeams[0]![5]).toBe(NASTY.checkInNote);
  });

  it('formats numbers so that they read back exactly', () => {
    for (const n of [0.1 + 0.2, -1e-7, 123456789.123, 2 ** 53]) expect(Number(formatCsvNumber(n))).toBe(n);
  });
});
