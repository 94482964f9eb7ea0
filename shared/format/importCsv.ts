import * as Y from 'yjs';
import { CommandError, type CommandContext } from '../commands/context';
import { changeRecord, describeStatus, latestCheckpoint } from '../commands/lifecycle';
import { ID_PATTERN, newId } from '../ids';
import { IMPORT_ORIGIN } from '../origins';
import { orderBetween, sortOrdered } from '../order';
import { currentValueOf, latestCheckIn, questionsOf } from '../queries/progress';
import { TEAM_COLOURS } from '../schema/alignment';
import { ROOT_MAPS, SCHEMA_VERSION, metaMap } from '../schema/doc';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import { CLOSED_AS, RISKS, type Change, type CheckIn, type ClosedAs, type KeyResult, type LifecycleStatus, type MetricDirection, type Objective, type Question, type Risk } from '../schema/types';
import { toWellFormed } from '../text';
import { parseCsv, restoreFormula, CsvSyntaxError, type CsvField } from './csv';
import { CLOSED_AS_LABELS, KEY_RESULT_COLUMNS, type KeyResultColumn } from './csvExport';
import { ProblemList, importError, type ImportProblem } from './importErrors';
import { OKR_TEXTS, PLAIN_MAP, buildRecordMap, updateRecordMap } from './importJson';

/*
 * Importing the key-result spreadsheet (docs/import.md): the columns of
 * keyResultsCsv, in any order, by name. Planning reads and checks every cell
 * (all problems at once, each with its line and column) and matches the rows
 * with a workspace; applying matches them again with the document as it is
 * then, so nothing stale is written, and writes everything in one
 * transaction with the import origin.
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

export interface CsvImportSummary {
  objectivesCreated: number;
  objectivesUpdated: number;
  keyResultsCreated: number;
  keyResultsUpdated: number;
  checkIns: number;
  teamsCreated: number;
}

export interface CsvImportPlan {
  file: string;
  rows: KeyResultRow[];
  /** Against the workspace given to planCsvImport. */
  summary: CsvImportSummary;
}

/** Who imports, and when: the author of what the import creates. */
export interface ImportActor {
  actor: string;
  now: () => number;
}

/**
 * Reads and checks the spreadsheet and matches its rows with `existing` (an
 * empty workspace when omitted). Throws an ImportError listing every problem;
 * writes nothing.
 */
export function planCsvImport(text: string, fileName: string, existing?: WorkspaceSnapshot): CsvImportPlan {
  const problems = new ProblemList(fileName);
  const { rows, readable } = readRows(text, fileName, problems);
  // Rows whose cells could be read are matched too, so one attempt reports every problem.
  const resolved = resolve(readable, existing ?? readWorkspace(new Y.Doc()), problems);
  problems.throwIfAny();
  return { file: fileName, rows, summary: summarise(resolved) };
}

/**
 * Applies a plan to `doc` in one transaction with the import origin. The rows
 * are matched again with the document as it is now; when that fails (someone
 * deleted a matched objective meanwhile) an ImportError is thrown and nothing
 * is written.
 */
export function applyCsvImport(doc: Y.Doc, plan: CsvImportPlan, who: ImportActor = { actor: 'Import', now: Date.now }): CsvImportSummary {
  const version = metaMap(doc).get('schemaVersion');
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw importError(plan.file, { message: `This workspace was written by a newer Cairn (schema ${version}).`, fix: 'Update Cairn before importing into it.' });
  }
  const snapshot = readWorkspace(doc);
  const problems = new ProblemList(plan.file);
  const resolved = resolve(plan.rows, snapshot, problems);
  problems.throwIfAny();
  const ctx: CommandContext = { doc, actor: toWellFormed(who.actor.slice(0, 200)), now: who.now, origin: IMPORT_ORIGIN };
  let writes: (() => void)[];
  try {
    writes = prepareWrites(ctx, resolved, snapshot, plan.file);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    throw importError(plan.file, { message: error.message, fix: 'Correct the file and import it again.' }, error);
  }
  if (writes.length > 0) doc.transact(() => writes.forEach((write) => write()), IMPORT_ORIGIN);
  return summarise(resolved);
}

/* ---------- Reading the cells ---------- */

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

const KINDS: Record<string, KindChoice> = {
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
  ...Object.fromEntries(CLOSED_AS.map((c) => [CLOSED_AS_LABELS[c], { status: 'closed', closedAs: c }])),
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

const STATUS_FIX = `Write draft, active, closed, or how it ended: ${CLOSED_AS.map((c) => CLOSED_AS_LABELS[c]).join(', ')}.`;

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
  status: { field: 'status', read: readChoice(STATUSES, 'status', STATUS_FIX) },
  'objective id': { field: 'objectiveId', read: readId },
  'key result id': { field: 'keyResultId', read: readId },
};

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

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
function readRows(text: string, file: string, problems: ProblemList): { rows: KeyResultRow[]; readable: KeyResultRow[] } {
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

/* ---------- Matching the rows with a workspace ---------- */

interface PlannedTeam {
  id: string;
  name: string;
  isNew: boolean;
}

interface PlannedObjective {
  id: string;
  existing: Objective | null;
  title: string;
  team: PlannedTeam | null;
}

type Measure =
  | { kind: 'metric'; direction: MetricDirection; baseline: number; target: number }
  | { kind: 'output'; target: number }
  | { kind: 'learning' }
  | { kind: 'milestone' };

interface PlannedKeyResult {
  row: KeyResultRow;
  id: string;
  objective: PlannedObjective;
  existing: KeyResult | null;
  measure: Measure;
  checkIn: { value: number; confidence: number | null } | null;
}

interface Resolution {
  teams: PlannedTeam[];
  objectives: PlannedObjective[];
  keyResults: PlannedKeyResult[];
}

/** Where a row's cell is (or the row, when the column is absent), for a problem about it. */
const cellOf = (row: KeyResultRow, column: KeyResultColumn): Omit<ImportProblem, 'file' | 'message' | 'fix'> => ({ ...(row.at[column] ?? { line: row.line }), field: column });

function resolve(rows: readonly KeyResultRow[], snapshot: WorkspaceSnapshot, problems: ProblemList): Resolution {
  const objectiveOf = resolveObjectives(rows, snapshot, problems);
  const teams = resolveTeams(rows, objectiveOf, snapshot, problems);
  const history = checkInsByKeyResult(snapshot);
  const seen = new Set<string>();
  const keyResults = rows.map((row) => resolveKeyResult(row, objectiveOf.get(row)!, snapshot, history.get(row.keyResultId ?? '') ?? [], seen, problems));
  return { teams, objectives: [...new Set(objectiveOf.values())], keyResults: keyResults.filter((k): k is PlannedKeyResult => k !== null) };
}

/**
 * Rows name their objective by id, or by title: a title joins the file's
 * objective of that title, else the workspace's live objective of that title,
 * else a new objective.
 */
function resolveObjectives(rows: readonly KeyResultRow[], snapshot: WorkspaceSnapshot, problems: ProblemList): Map<KeyResultRow, PlannedObjective> {
  const byId = new Map<string, PlannedObjective>();
  const byTitle = new Map<string, PlannedObjective>();
  const ofRow = new Map<KeyResultRow, PlannedObjective>();
  const plan = (row: KeyResultRow, id: string, existing: Objective | null) => {
    // Matched by title, an objective keeps its own (the row's may differ in spacing).
    const title = existing && row.objectiveId === undefined ? existing.title : row.objective;
    const planned = byId.get(id) ?? { id, existing, title, team: null };
    byId.set(id, planned);
    if (!byTitle.has(planned.title.trim())) byTitle.set(planned.title.trim(), planned);
    ofRow.set(row, planned);
    return planned;
  };
  for (const row of rows.filter((r) => r.objectiveId !== undefined)) {
    const existing = snapshot.objectives.get(row.objectiveId!) ?? null;
    if (existing?.deletedAt != null) problems.add({ ...cellOf(row, 'objective id'), message: 'That objective was deleted in Cairn.', fix: 'Restore it in Cairn first, or empty the objective id cell to create a new objective.' });
    const planned = plan(row, row.objectiveId!, existing);
    if (planned.title !== row.objective) problems.add({ ...cellOf(row, 'objective'), message: `This row names objective ${planned.id} “${clip(row.objective)}”, an earlier row “${clip(planned.title)}”.`, fix: 'Give the objective the same title on every row.' });
  }
  const liveByTitle = groupBy([...snapshot.objectives.values()].filter((o) => o.deletedAt === null), (o) => o.title.trim());
  for (const row of rows.filter((r) => r.objectiveId === undefined)) {
    const inFile = byTitle.get(row.objective.trim());
    if (inFile) {
      ofRow.set(row, inFile);
      continue;
    }
    const matches = liveByTitle.get(row.objective.trim()) ?? [];
    if (matches.length > 1) problems.add({ ...cellOf(row, 'objective'), message: `${matches.length} objectives in this workspace are called “${clip(row.objective.trim())}”.`, fix: 'Add the objective id column (export the key results from Cairn to get it).' });
    plan(row, matches[0]?.id ?? row.newObjectiveId, matches[0] ?? null);
  }
  return ofRow;
}

/** Each objective's team, by name: a live team of that name (ignoring case), else a new one. */
function resolveTeams(rows: readonly KeyResultRow[], objectiveOf: Map<KeyResultRow, PlannedObjective>, snapshot: WorkspaceSnapshot, problems: ProblemList): PlannedTeam[] {
  const teams = new Map<string, PlannedTeam>();
  for (const team of snapshot.alignment.teams.values()) if (team.deletedAt === null) teams.set(team.name.toLowerCase(), { id: team.id, name: team.name, isNew: false });
  for (const row of rows) {
    if (!row.team) continue;
    const key = row.team.toLowerCase();
    const team = teams.get(key) ?? { id: newId(), name: row.team, isNew: true };
    teams.set(key, team);
    const objective = objectiveOf.get(row)!;
    if (objective.team && objective.team !== team) problems.add({ ...cellOf(row, 'team'), message: `This row puts “${clip(objective.title)}” in team “${clip(row.team)}”, an earlier row in “${clip(objective.team.name)}”.`, fix: 'Give the objective the same team on every row.' });
    objective.team ??= team;
  }
  return [...teams.values()].filter((t) => t.isNew);
}

function resolveKeyResult(row: KeyResultRow, objective: PlannedObjective, snapshot: WorkspaceSnapshot, history: readonly CheckIn[], seen: Set<string>, problems: ProblemList): PlannedKeyResult | null {
  const id = row.keyResultId ?? row.newKeyResultId;
  if (seen.has(id)) problems.add({ ...cellOf(row, 'key result id'), message: 'An earlier row has the same key result id.', fix: 'Remove the duplicate row, or empty its id cell to create another key result.' });
  seen.add(id);
  const existing = snapshot.keyResults.get(id) ?? null;
  if (existing && (existing.deletedAt !== null || snapshot.objectives.get(existing.objectiveId)?.deletedAt != null)) {
    problems.add({ ...cellOf(row, 'key result id'), message: 'That key result (or its objective) was deleted in Cairn.', fix: 'Restore it in Cairn first, or empty the key result id cell to create a new one.' });
  }
  const measure = measureOf(row, existing, problems);
  if (!measure) return null;
  const questions = existing ? questionsOf(existing.id, snapshot.questions.values()) : [];
  const checkIn = checkInOf(row, { ...existing, ...measure } as KeyResult, existing ? history : [], questions, problems);
  return { row, id, objective, existing, measure, checkIn };
}

const KIND_NAMES: Record<KeyResult['kind'], string> = { metric: 'A metric', output: 'An output', learning: 'A learning key result', milestone: 'A milestone' };

/** The KR's measure after this row: the row's cells, else what the KR has, else the kind's defaults. */
function measureOf(row: KeyResultRow, existing: KeyResult | null, problems: ProblemList): Measure | null {
  const choice = row.kind ?? (existing ? existingChoice(existing) : KINDS.metric!);
  const count = problems.count;
  const refuse = (column: KeyResultColumn, message: string, fix: string) => problems.add({ ...cellOf(row, column), message, fix });
  if (choice.kind === 'milestone' || choice.kind === 'learning') {
    for (const column of ['baseline', 'target'] as const) if (row[column] !== undefined) refuse(column, `${KIND_NAMES[choice.kind]} has no ${column}.`, 'Empty the cell, or choose the kind metric or output.');
    return problems.count === count ? { kind: choice.kind } : null;
  }
  if (choice.kind === 'output') {
    const target = row.target ?? (existing?.kind === 'output' ? existing.target : undefined);
    if (row.baseline !== undefined) refuse('baseline', 'An output counts from 0: it has no baseline.', 'Empty the baseline cell, or choose the kind metric.');
    if (target === undefined || target <= 0) refuse('target', 'An output needs a target above zero: how many to deliver.', 'Write the count in the target cell.');
    return problems.count === count ? { kind: 'output', target: target! } : null;
  }
  const old = existing?.kind === 'metric' ? existing : null;
  const threshold = choice.direction === 'stayAbove' || choice.direction === 'stayBelow';
  const target = row.target ?? old?.target;
  const baseline = row.baseline ?? old?.baseline ?? (threshold ? target : undefined);
  if (target === undefined) refuse('target', `${threshold ? 'A threshold needs the number to hold (the target)' : 'A metric needs a target'}.`, 'Write a number in the target cell.');
  if (baseline === undefined) refuse('baseline', 'A metric needs a baseline: the number it starts from.', 'Write a number in the baseline cell.');
  if (target === undefined || baseline === undefined) return null;
  const direction = choice.direction ?? (target > baseline ? 'increase' : 'decrease');
  if (direction === 'increase' && target <= baseline) refuse('target', 'To increase, the target must be above the baseline.', 'Raise the target, or choose the kind stay above / stay below to hold a number.');
  if (direction === 'decrease' && target >= baseline) refuse('target', 'To decrease, the target must be below the baseline.', 'Lower the target, or choose the kind stay above / stay below to hold a number.');
  return problems.count === count ? { kind: 'metric', direction, baseline, target } : null;
}

/** What an existing KR's empty kind cell means: its kind, as the export labels it. */
function existingChoice(kr: KeyResult): KindChoice {
  if (kr.kind === 'metric' && (kr.direction === 'stayAbove' || kr.direction === 'stayBelow')) return { kind: 'metric', direction: kr.direction };
  return { kind: kr.kind };
}

/**
 * A check-in when the row's current value differs from the KR's (after the
 * row's measure), or its confidence from the latest check-in's. A learning
 * KR's value is its answered count: its `current` cell is not read.
 */
function checkInOf(row: KeyResultRow, kr: KeyResult, history: readonly CheckIn[], questions: Question[], problems: ProblemList): PlannedKeyResult['checkIn'] {
  const measured = currentValueOf(kr, history, questions);
  // A milestone is done or not: a stored value other than 0 or 1 (an older or foreign writer) reads as its done-ness, as the sheet shows it.
  const current = kr.kind === 'milestone' && measured !== null ? (measured >= 1 ? 1 : 0) : measured;
  if (kr.kind === 'milestone' && row.current !== undefined && row.current !== 0 && row.current !== 1) {
    problems.add({ ...cellOf(row, 'current'), message: 'A milestone is 1 when done and 0 when not yet.', fix: 'Write 1 or 0.' });
    return null;
  }
  const valueChanged = kr.kind !== 'learning' && row.current !== undefined && row.current !== current;
  const confidenceChanged = row.confidence !== undefined && row.confidence !== (latestCheckIn(history)?.confidence ?? null);
  if (!valueChanged && !confidenceChanged) return null;
  const value = valueChanged ? row.current! : current;
  if (value === null) {
    problems.add({ ...cellOf(row, 'confidence'), message: 'A confidence goes with a current value, and this key result has none yet.', fix: 'Write the current value next to the confidence.' });
    return null;
  }
  return { value, confidence: row.confidence ?? null };
}

function summarise(resolution: Resolution): CsvImportSummary {
  const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;
  return {
    objectivesCreated: count(resolution.objectives, (o) => !o.existing),
    objectivesUpdated: count(resolution.objectives, (o) => !!o.existing),
    keyResultsCreated: count(resolution.keyResults, (k) => !k.existing),
    keyResultsUpdated: count(resolution.keyResults, (k) => !!k.existing),
    checkIns: count(resolution.keyResults, (k) => k.checkIn !== null),
    teamsCreated: resolution.teams.length,
  };
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

function checkInsByKeyResult(snapshot: WorkspaceSnapshot): Map<string, CheckIn[]> {
  return groupBy(snapshot.checkIns.values(), (c) => c.keyResultId);
}

/* ---------- Writing ---------- */

/** "increase 10 → 40 teams", how a measure reads in the change log (as the KR commands write it). */
function describeMeasure(measure: Measure | KeyResult, unit: string): string {
  const suffix = unit ? ` ${unit}` : '';
  if (measure.kind === 'metric') return `${measure.direction} ${measure.baseline} → ${measure.target}${suffix}`;
  if (measure.kind === 'output') return `${measure.target}${suffix} delivered`;
  return measure.kind;
}

/** What every write of one import shares: who, when, why, and the writes collected so far. */
interface Writing {
  ctx: CommandContext;
  snapshot: WorkspaceSnapshot;
  /** Once published, additions need a reason and changes of plan go to the change log. */
  published: boolean;
  reason: string;
  created: { createdAt: number; createdBy: string; deletedAt: null; deletedBy: null };
  writes: (() => void)[];
  /** The next order key at the end of an objective's key results. */
  orderUnder: (objectiveId: string) => string;
}

/**
 * Everything the import writes, prepared outside the transaction (detached
 * maps built, change records checked), as writes that cannot fail.
 */
function prepareWrites(ctx: CommandContext, resolution: Resolution, snapshot: WorkspaceSnapshot, file: string): (() => void)[] {
  const chains = new Map<string, OrderChain>();
  const w: Writing = {
    ctx,
    snapshot,
    published: latestCheckpoint(ctx.doc) !== null,
    reason: toWellFormed(`Imported from ${file}`).slice(0, 2_000),
    created: { createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null },
    writes: [],
    orderUnder: (objectiveId) => {
      const live = [...snapshot.keyResults.values()].filter((k) => k.objectiveId === objectiveId && k.deletedAt === null);
      const chain = chains.get(objectiveId) ?? new OrderChain(sortOrdered(live));
      chains.set(objectiveId, chain);
      return chain.next();
    },
  };
  writeTeams(w, resolution.teams);
  writeObjectives(w, resolution.objectives);
  writeTeamAssignments(w, resolution.objectives);
  for (const planned of resolution.keyResults) {
    if (planned.existing) updateKeyResult(w, planned, planned.existing);
    else addKeyResult(w, planned);
    if (planned.checkIn) {
      const record: CheckIn = { id: newId(), keyResultId: planned.id, ...planned.checkIn, note: w.reason, author: ctx.actor, at: ctx.now() };
      w.writes.push(() => ctx.doc.getMap(ROOT_MAPS.checkIns).set(record.id, record));
    }
  }
  return w.writes;
}

/** A change-log record, written with the change once the OKRs are published (as the commands do). */
function logChange(w: Writing, entity: Change['entity'], entityId: string, kind: Change['kind'], from: string, to: string): void {
  if (!w.published) return;
  const record = changeRecord(w.ctx, { entity, entityId, kind, from, to, reason: w.reason });
  w.writes.push(() => w.ctx.doc.getMap(ROOT_MAPS.changes).set(record.id, record));
}

function writeObjectives(w: Writing, objectives: readonly PlannedObjective[]): void {
  const orders = new OrderChain(sortOrdered([...w.snapshot.objectives.values()].filter((o) => o.deletedAt === null)));
  for (const objective of objectives) {
    if (objective.existing) {
      const map = w.ctx.doc.getMap<Y.Map<unknown>>(ROOT_MAPS.objectives).get(objective.id)!;
      w.writes.push(() => updateRecordMap(map, { title: objective.title }, OKR_TEXTS));
      continue;
    }
    const fields = { id: objective.id, title: objective.title, description: '', why: '', owner: '', order: orders.next(), ...w.created, deletedKeyResultIds: [], commitment: 'committed', status: 'active', closedAs: null, addedReason: w.published ? w.reason : null };
    const map = buildRecordMap(fields, OKR_TEXTS);
    w.writes.push(() => w.ctx.doc.getMap(ROOT_MAPS.objectives).set(objective.id, map));
    logChange(w, 'objective', objective.id, 'added', '', objective.title.trim().slice(0, 200));
  }
}

function addKeyResult(w: Writing, { id, row, measure, objective }: PlannedKeyResult): void {
  const unit = measure.kind === 'metric' || measure.kind === 'output' ? { unit: '' } : {};
  const status = row.status ?? { status: 'active', closedAs: null };
  const fields = { id, objectiveId: objective.id, title: row.title, description: '', why: '', risk: row.risk ?? null, ...status, addedReason: w.published ? w.reason : null, owner: row.owner ?? '', order: w.orderUnder(objective.id), ...w.created, ...measure, ...unit };
  const map = buildRecordMap(fields, OKR_TEXTS);
  w.writes.push(() => w.ctx.doc.getMap(ROOT_MAPS.keyResults).set(id, map));
  logChange(w, 'keyResult', id, 'added', '', row.title.trim().slice(0, 200));
}

/** The fields of an existing KR the row changes, and the change records that go with them once published. */
function updateKeyResult(w: Writing, { row, measure, objective }: PlannedKeyResult, kr: KeyResult): void {
  const map = w.ctx.doc.getMap<Y.Map<unknown>>(ROOT_MAPS.keyResults).get(kr.id)!;
  const fields: Record<string, unknown> = { title: row.title };
  if (row.owner !== undefined) fields.owner = row.owner;
  if (row.risk !== undefined) fields.risk = row.risk;
  if (row.status && (row.status.status !== kr.status || row.status.closedAs !== kr.closedAs)) {
    Object.assign(fields, row.status);
    logChange(w, 'keyResult', kr.id, 'status', describeStatus(kr.status, kr.closedAs), describeStatus(row.status.status, row.status.closedAs));
  }
  const unit = 'unit' in kr ? kr.unit : '';
  if (describeMeasure(kr, unit) !== describeMeasure(measure, unit)) {
    Object.assign(fields, measure);
    logChange(w, 'keyResult', kr.id, 'target', describeMeasure(kr, unit), describeMeasure(measure, unit));
  }
  if (kr.objectiveId !== objective.id) Object.assign(fields, { objectiveId: objective.id, order: w.orderUnder(objective.id) });
  w.writes.push(() => updateRecordMap(map, fields, OKR_TEXTS));
}

/** New teams, after the live ones, each in the first colour no live team uses. */
function writeTeams(w: Writing, teams: readonly PlannedTeam[]): void {
  const live = sortOrdered([...w.snapshot.alignment.teams.values()].filter((t) => t.deletedAt === null));
  const orders = new OrderChain(live);
  const used = new Set(live.map((t) => t.colour));
  teams.forEach((team, i) => {
    const colour = TEAM_COLOURS.find((c) => !used.has(c)) ?? TEAM_COLOURS[(live.length + i) % TEAM_COLOURS.length]!;
    used.add(colour);
    const map = buildRecordMap({ id: team.id, name: team.name, colour, order: orders.next(), ...w.created }, PLAIN_MAP);
    w.writes.push(() => w.ctx.doc.getMap(ROOT_MAPS.teams).set(team.id, map));
  });
}

/** As setObjectiveTeam: the objective's live assignments are soft-deleted and one is added, unless it is already the only one. */
function writeTeamAssignments(w: Writing, objectives: readonly PlannedObjective[]): void {
  const assignments = w.ctx.doc.getMap<Y.Map<unknown>>(ROOT_MAPS.objectiveTeams);
  const live = groupBy([...w.snapshot.alignment.objectiveTeams.values()].filter((r) => r.deletedAt === null), (r) => r.objectiveId);
  for (const objective of objectives) {
    if (!objective.team) continue;
    const current = live.get(objective.id) ?? [];
    if (current.length === 1 && current[0]!.teamId === objective.team.id) continue;
    const id = newId();
    const record = buildRecordMap({ id, objectiveId: objective.id, teamId: objective.team.id, ...w.created }, PLAIN_MAP);
    const ended = { deletedAt: w.created.createdAt, deletedBy: w.ctx.actor };
    w.writes.push(() => {
      for (const old of current) updateRecordMap(assignments.get(old.id)!, ended, PLAIN_MAP);
      assignments.set(id, record);
    });
  }
}

/** Order keys appended one after another at the end of a list. */
class OrderChain {
  private last: string | null;
  constructor(sorted: readonly { order: string }[]) {
    this.last = sorted.at(-1)?.order ?? null;
  }
  next(): string {
    this.last = orderBetween(this.last, null);
    return this.last;
  }
}
