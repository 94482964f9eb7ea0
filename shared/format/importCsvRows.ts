import { ID_PATTERN, newId } from '../ids';
import { CLOSED_AS, RISKS, type ClosedAs, type KeyResult, type LifecycleStatus, type MetricDirection, type Risk } from '../schema/types';
import { toWellFormed } from '../text';
import { CLOSED_AS_LABEL } from '../queries/tracking';
import { parseCsv, restoreFormula, CsvSyntaxError, type CsvField } from './csv';
import { KEY_RESULT_COLUMNS, type KeyResultColumn } from './csvExport';
import { importError, type ImportProblem, type ProblemList } from './importErrors';

/*
 * Reading the key-result spreadsheet: its header by column name, then every
 * cell of every row checked, each problem with its line and column.
 */

/** More rows than this is not a plan someone typed. */
export const MAX_CSV_ROWS = 10_000;
const REQUIRED: readonly KeyResultColumn[] = ['objective', 'key result'];
const MAX_TITLE = 100_000;

type Position = Pick<CsvField, 'line' | 'column'>;

/** What a row says about one KR, each cell checked; undefined where the column is absent or (for numbers and ids) empty. */
export interface KeyResultRow {
  line: number;
  at: Partial<Record<KeyResultColumn, Position>>;
  objective: string;
  title: string;
  team?: string;
  objectiveId?: string;
  keyResultId?: string;
  kind?: KindChoice;
  /** null when the cell is empty (no risk named). */
  risk?: Risk | null;
  baseline?: number;
  target?: number;
  current?: number;
  confidence?: number;
  owner?: string;
  status?: { status: LifecycleStatus; closedAs: ClosedAs | null };
  /** Ids a new objective or KR from this row gets, drawn once when planning. */
  newObjectiveId: string;
  newKeyResultId: string;
}

/** Where a row's cell is (or the row, when the column is absent), for a problem about it. */
export const cellOf = (row: KeyResultRow, column: KeyResultColumn): Omit<ImportProblem, 'file' | 'message' | 'fix'> => ({ ...(row.at[column] ?? { line: row.line }), field: column });

type CellResult = { value: unknown } | { problem: string; fix: string };
type CellReader = (text: string) => CellResult;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_FIX = 'Write a plain number such as 1250 or -3.5: a dot for decimals, no thousands separators or units.';

function readNumber(text: string): CellResult {
  const trimmed = text.trim();
  if (!trimmed) return { value: undefined };
  const value = Number(trimmed);
  if (!NUMBER.test(trimmed)) return { problem: `“${clip(trimmed)}” is not a number.`, fix: NUMBER_FIX };
  if (!Number.isFinite(value)) return { problem: `${clip(trimmed)} is too large.`, fix: NUMBER_FIX };
  return { value };
}

function readConfidence(text: string): CellResult {
  const read = readNumber(text);
  if ('problem' in read || read.value === undefined) return read;
  const value = read.value as number;
  return Number.isInteger(value) && value >= 0 && value <= 10 ? read : { problem: `Confidence ${value} is not a whole number from 0 to 10.`, fix: 'Write a whole number from 0 (no confidence) to 10 (certain), or leave it empty.' };
}

function readProgress(text: string): CellResult {
  // Computed by Cairn and ignored on import; checked only so a shifted column shows up.
  const read = readNumber(text.trim().replace(/%$/, ''));
  return 'problem' in read ? { problem: read.problem, fix: 'Progress is computed by Cairn: leave the cell as exported, or empty.' } : { value: undefined };
}

function readText(max: number, label: string): CellReader {
  return (text) => (text.length > max ? { problem: `The ${label} is too long (${text.length} characters; at most ${max}).`, fix: `Shorten the ${label}.` } : { value: text });
}

function readTrimmed(max: number, label: string): CellReader {
  return (text) => readText(max, label)(text.trim());
}

function readId(text: string): CellResult {
  const id = text.trim();
  if (!id) return { value: undefined };
  return ID_PATTERN.test(id) ? { value: id } : { problem: `“${clip(id)}” is not a Cairn id.`, fix: 'Keep the id as Cairn exported it, or empty the cell to create a new one.' };
}

/** What the `kind` cell chooses: a kind, and for a metric maybe its direction. */
export interface KindChoice {
  kind: KeyResult['kind'];
  direction?: MetricDirection;
}

export const KINDS: Record<string, KindChoice> = {
  metric: { kind: 'metric' },
  increase: { kind: 'metric', direction: 'increase' },
  decrease: { kind: 'metric', direction: 'decrease' },
  stayabove: { kind: 'metric', direction: 'stayAbove' },
  staybelow: { kind: 'metric', direction: 'stayBelow' },
  output: { kind: 'output' },
  learning: { kind: 'learning' },
  milestone: { kind: 'milestone' },
};
const KIND_FIX = 'Write metric, stay above, stay below, output, learning or milestone (metric when empty).';

const STATUSES: Record<string, { status: LifecycleStatus; closedAs: ClosedAs | null }> = {
  draft: { status: 'draft', closedAs: null },
  active: { status: 'active', closedAs: null },
  closed: { status: 'closed', closedAs: null },
  ...Object.fromEntries(CLOSED_AS.map((c) => [CLOSED_AS_LABEL[c], { status: 'closed', closedAs: c }])),
  // As the export and the report write it (statusLabel): "Closed: dropped".
  ...Object.fromEntries(CLOSED_AS.map((c) => [`closed:${CLOSED_AS_LABEL[c]}`, { status: 'closed', closedAs: c }])),
  abandoned: { status: 'closed', closedAs: 'abandoned' },
};

/** A word cell: lower case, spaces, dashes and underscores ignored ("Stay-above" is "stayabove"). */
const word = (text: string) => text.trim().toLowerCase().replace(/[\s_-]+/g, '');

function readChoice<T>(choices: Record<string, T>, label: string, fix: string): CellReader {
  return (text) => {
    if (!text.trim()) return { value: undefined };
    const key = word(text);
    return Object.hasOwn(choices, key) ? { value: choices[key] } : { problem: `“${clip(text.trim())}” is not a ${label}.`, fix };
  };
}

function readRisk(text: string): CellResult {
  if (!text.trim()) return { value: null };
  const risk = word(text);
  return (RISKS as readonly string[]).includes(risk) ? { value: risk } : { problem: `“${clip(text.trim())}” is not a risk.`, fix: 'Write understanding, dependency or execution, or leave it empty.' };
}

const STATUS_FIX = `Write draft, active, closed, or how it ended: ${CLOSED_AS.map((c) => CLOSED_AS_LABEL[c]).join(', ')}.`;

/** How each column's cell is read, and which row field it fills. */
const COLUMNS: Record<KeyResultColumn, { field: keyof KeyResultRow | null; read: CellReader }> = {
  team: { field: 'team', read: readTrimmed(200, 'team name') },
  objective: { field: 'objective', read: readText(MAX_TITLE, 'objective') },
  'key result': { field: 'title', read: readText(MAX_TITLE, 'key result') },
  kind: { field: 'kind', read: readChoice(KINDS, 'kind of key result', KIND_FIX) },
  risk: { field: 'risk', read: readRisk },
  baseline: { field: 'baseline', read: readNumber },
  target: { field: 'target', read: readNumber },
  current: { field: 'current', read: readNumber },
  progress: { field: null, read: readProgress },
  confidence: { field: 'confidence', read: readConfidence },
  owner: { field: 'owner', read: readTrimmed(500, 'owner') },
  // Written for people reading the sheet; an objective's owner is set in Cairn, not by a KR's row.
  'objective owner': { field: null, read: readTrimmed(500, 'objective owner') },
  status: { field: 'status', read: readChoice(STATUSES, 'status', STATUS_FIX) },
  'objective id': { field: 'objectiveId', read: readId },
  'key result id': { field: 'keyResultId', read: readId },
};

export const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** Header names match ignoring case, spaces, dashes and underscores' differences. */
const headerName = (text: string) => restoreFormula(text).trim().toLowerCase().replace(/[\s_-]+/g, ' ');

function parseRecords(text: string, file: string) {
  try {
    return parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw importError(file, { line: error.line, column: error.column, message: error.message.replace(/^Line \d+, column \d+: /, ''), fix: error.fix }, error);
  }
}

/** The header's columns by position, or the problems with it. */
function readHeader(header: readonly CsvField[], problems: ProblemList): (KeyResultColumn | null)[] {
  const seen = new Map<string, CsvField>();
  const columns = header.map((cell) => {
    const name = headerName(toWellFormed(cell.value));
    const at = { line: cell.line, column: cell.column, field: name };
    if (!(KEY_RESULT_COLUMNS as readonly string[]).includes(name)) {
      problems.add({ ...at, message: `Unknown column “${clip(cell.value.trim())}”.`, fix: `Rename it to one of: ${KEY_RESULT_COLUMNS.join(', ')}; or remove that column.` });
      return null;
    }
    if (seen.has(name)) problems.add({ ...at, message: `The column “${name}” appears twice.`, fix: 'Keep one of them.' });
    seen.set(name, cell);
    return name as KeyResultColumn;
  });
  for (const name of REQUIRED) {
    if (!seen.has(name)) problems.add({ line: header[0]?.line ?? 1, column: 1, field: name, message: `The column “${name}” is missing.`, fix: `Add a column named “${name}” to the first row (see docs/import.md for the template).` });
  }
  return columns;
}

function readRow(fields: readonly CsvField[], columns: readonly (KeyResultColumn | null)[], line: number, problems: ProblemList): KeyResultRow {
  const row: KeyResultRow = { line, at: {}, objective: '', title: '', newObjectiveId: newId(), newKeyResultId: newId() };
  fields.forEach((cell, i) => {
    const column = columns[i];
    if (!column) return;
    row.at[column] = { line: cell.line, column: cell.column };
    const result = COLUMNS[column].read(toWellFormed(restoreFormula(cell.value)));
    if ('problem' in result) problems.add({ line: cell.line, column: cell.column, field: column, message: result.problem, fix: result.fix });
    else if (COLUMNS[column].field && result.value !== undefined) Object.assign(row, { [COLUMNS[column].field]: result.value });
  });
  // A blank title is kept when an id says what the row is about (Cairn allows untitled items, and exports them).
  for (const [column, title, id] of [['objective', row.objective, row.objectiveId], ['key result', row.title, row.keyResultId]] as const) {
    if (columns.includes(column) && !title.trim() && id === undefined) problems.add({ ...cellOf(row, column), message: `The ${column} is empty.`, fix: `Name the ${column} on every row.` });
  }
  return row;
}

/** Every row, every cell checked; `readable` are the rows without a problem. */
export function readRows(text: string, file: string, problems: ProblemList): { rows: KeyResultRow[]; readable: KeyResultRow[] } {
  const [header, ...records] = parseRecords(text, file);
  if (!header) throw importError(file, { message: 'The file is empty.', fix: 'Start from the template (docs/import.md): a header row, then one row per key result.' });
  if (records.length > MAX_CSV_ROWS) throw importError(file, { message: `The file has ${records.length} rows; at most ${MAX_CSV_ROWS} can be imported at once.`, fix: 'Split it into smaller files.' });
  const columns = readHeader(header.fields, problems);
  problems.throwIfAny();
  const rows: KeyResultRow[] = [];
  const readable: KeyResultRow[] = [];
  for (const record of records) {
    const before = problems.count;
    const row = readRow(record.fields, columns, record.line, problems);
    rows.push(row);
    if (problems.count === before) readable.push(row);
  }
  return { rows, readable };
}
