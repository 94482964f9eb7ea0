import * as Y from 'yjs';
import { z } from 'zod';
import { ID_PATTERN, isId } from '../ids';
import { IMPORT_ORIGIN } from '../origins';
import { JOURNAL_TEXT_FIELDS, SCHEMA_VERSION, THRESHOLD_KEY_PREFIX } from '../schema/doc';
import { readMeta, readSignalThresholds, type WorkspaceSnapshot } from '../schema/read';
import { RECORD_ROOT_NAMES, ROOT_TABLE, rootMap, type RecordRootName } from '../schema/roots';
import { problemsOf, type ReadResult } from '../schema/readCommon';
import { DEFAULT_SIGNAL_THRESHOLDS, SIGNAL_THRESHOLD_LIMITS, type SchemaProblem, type SignalThresholds, type WorkspaceMeta } from '../schema/types';
import { toWellFormed } from '../text';
import { canonicalJson } from './canonical';
import { ProblemList, importError } from './importErrors';
import { JSON_FORMAT, JSON_FORMAT_VERSION } from './json';
import { OKR_TEXTS, PLAIN_MAP, RECORD, WORK_TEXTS, buildRecordMap, plainCopy, updateRecordMap, type RecordLayout } from './recordMaps';

/*
 * Importing the JSON export (docs/import.md). The whole file is checked
 * before anything is written: its shape with zod, then every record by
 * writing it into a scratch document and reading it back with the same
 * readers Cairn uses for every workspace, so the import accepts exactly what
 * Cairn can read, and what it writes reads back as the file says.
 */

type Reader = (id: string, raw: unknown) => ReadResult<{ id: string }>;

/** One section of the JSON export: where it is in the file (and in a WorkspaceSnapshot), its root map, its reader and how it is stored. */
export interface JsonSection {
  path: string;
  map: string;
  read: Reader;
  layout: RecordLayout;
}

/** How each root map stores its records (docs/schema.md): a root missing here is a compile error. */
const LAYOUTS = {
  objectives: OKR_TEXTS,
  keyResults: OKR_TEXTS,
  checkIns: RECORD,
  questions: PLAIN_MAP,
  initiatives: { ...WORK_TEXTS, sets: ['keyResultIds'] },
  decisions: RECORD,
  scores: RECORD,
  retrospectives: RECORD,
  changes: RECORD,
  checkpoints: RECORD,
  sessions: RECORD,
  rollouts: WORK_TEXTS,
  rolloutStages: { as: 'map', sets: ['cohorts'] },
  readinessGates: PLAIN_MAP,
  teams: PLAIN_MAP,
  objectiveTeams: PLAIN_MAP,
  northStars: PLAIN_MAP,
  alignments: PLAIN_MAP,
  dependencies: PLAIN_MAP,
  overlapDecisions: RECORD,
  journalEntries: { as: 'map', texts: JOURNAL_TEXT_FIELDS, keyedLists: { links: { key: 'id', value: 'kind' } } },
  people: PLAIN_MAP,
  draftRounds: PLAIN_MAP,
  revealedDrafts: RECORD,
  draftClusters: PLAIN_MAP,
  facilitation: RECORD,
  agendaStages: RECORD,
  attendance: RECORD,
  votes: RECORD,
  ballots: RECORD,
} as const satisfies { [K in RecordRootName]: RecordLayout };

/** Every section the importer knows: one per record root (shared/schema/roots.ts), in the export's order. */
export const JSON_SECTIONS: readonly JsonSection[] = RECORD_ROOT_NAMES.map((map) => ({
  path: ROOT_TABLE[map].json,
  map,
  read: ROOT_TABLE[map].read,
  layout: LAYOUTS[map],
}));

type StoredRecord = { id: string } & Record<string, unknown>;

/** Plain data (no functions), so a plan can cross from a worker to the window. */
export interface SectionPlan {
  /** The section's `path` in JSON_SECTIONS. */
  path: string;
  /** The records as Cairn reads them (defaults filled, unknown fields dropped). */
  records: StoredRecord[];
  /** Compared with the workspace given to planJsonImport. */
  created: number;
  updated: number;
  unchanged: number;
}

export interface JsonImportPlan {
  file: string;
  workspaceId: string;
  /** 'create' when the target holds no workspace yet, 'update' when it is this same workspace. */
  mode: 'create' | 'update';
  meta: WorkspaceMeta;
  sections: SectionPlan[];
}

/** Nesting deeper than any Cairn export (which is 6 levels) is refused before it is walked. */
const MAX_DEPTH = 32;
const EXPORT_FIX = 'Correct it in the file, or export the workspace from Cairn again (see docs/schema.md for every field).';

/**
 * Checks a JSON export completely and returns what importing it would do,
 * or throws an ImportError listing every problem (with its field path and a
 * fix). `existing` is the workspace it would go into, if any: a file of
 * another workspace is refused. Writes nothing.
 */
export function planJsonImport(text: string, fileName: string, existing?: WorkspaceSnapshot): JsonImportPlan {
  return planCheckedJson(checkJsonFile(text, fileName), fileName, existing);
}

/** A JSON export checked on its own (parsed, shaped, read back): what planning compares with a workspace. */
export type CheckedJson = ReturnType<typeof readBack>;

/** The file-only half of planJsonImport: the costly part, done once whatever workspace it then goes into. */
export function checkJsonFile(text: string, fileName: string): CheckedJson {
  return readBack(checkEnvelope(parseJson(text, fileName), fileName), fileName);
}

/** The workspace half of planJsonImport: what the checked file would create or update in `existing`. */
export function planCheckedJson(checked: CheckedJson, fileName: string, existing?: WorkspaceSnapshot): JsonImportPlan {
  // An empty document reads as a meta with no id: there is nothing to update yet.
  const existingMeta = existing && existing.meta.id !== '' ? existing.meta : null;
  checkSameWorkspace(fileName, checked.meta, existingMeta);
  return {
    file: fileName,
    workspaceId: checked.meta.id,
    mode: existingMeta ? 'update' : 'create',
    meta: checked.meta,
    sections: checked.sections.map((planned) => compareWithExisting(planned, existing)),
  };
}

/**
 * Writes a checked import in one transaction with the import origin (never
 * undone by Ctrl+Z): creates the workspace when `doc` has none, else updates
 * it when it is the same workspace. Records are created or their fields
 * updated; records that are immutable are added when missing; nothing is
 * deleted. Throws an ImportError, having written nothing, when `doc` holds
 * another workspace or one of a newer schema. `handOver`: the plan is the
 * caller's own and dropped after this (runImport's), so its plain records go
 * into the document as they are rather than copied; they are the readers'
 * fresh objects, plain JSON already.
 */
export function applyJsonImport(doc: Y.Doc, plan: JsonImportPlan, { handOver = false }: { handOver?: boolean } = {}): void {
  const meta = rootMap(doc, 'meta');
  checkTarget(plan, meta);
  const creating = !meta.has('id');
  // Detached values are built before the transaction; only the writes run inside it.
  const writes: (() => void)[] = [() => writeMeta(meta, plan.meta, creating)];
  for (const { path, records } of plan.sections) {
    const section = sectionAt(path);
    const root = doc.getMap<unknown>(section.map);
    for (const record of records) {
      const write = recordWrite(root, record, section, handOver);
      if (write) writes.push(write);
    }
  }
  doc.transact(() => writes.forEach((write) => write()), IMPORT_ORIGIN);
}

function recordWrite(root: Y.Map<unknown>, record: StoredRecord, { layout, read }: JsonSection, handOver: boolean): (() => void) | null {
  const current = root.get(record.id);
  if (layout.as === 'record') return current === undefined ? () => root.set(record.id, handOver ? record : plainCopy(record)) : null;
  if (!(current instanceof Y.Map)) {
    const built = buildRecordMap(record, layout); // missing, or damaged beyond reading: written whole
    return () => root.set(record.id, built);
  }
  // Compared as Cairn reads it: a field missing from the map but read as its default is not a change.
  const stored = read(record.id, current);
  const changed = stored.ok ? { ...changedFields(stored.value as StoredRecord, record), ...repairedFields(stored.problems, record) } : record;
  return Object.keys(changed).length > 0 ? () => updateRecordMap(current, changed, layout) : null;
}

/** The fields the reader repaired in the stored record: the import writes them whatever they read as. */
function repairedFields(problems: readonly { field?: string }[], record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field } of problems) if (field !== undefined && field !== 'id' && Object.hasOwn(record, field)) out[field] = record[field];
  return out;
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => canonicalJson(before[key]) !== canonicalJson(value)));
}

export function sectionAt(path: string): JsonSection {
  const section = JSON_SECTIONS.find((s) => s.path === path);
  if (!section) throw new TypeError(`No JSON section "${path}"`); // a plan made by another version of this module
  return section;
}

/* ---------- Reading the text ---------- */

/** The file's value, its strings and keys made well-formed, or an ImportError. */
function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) throw importError(file, { message: 'The file is empty.', fix: 'Choose a workspace file exported from Cairn with Export JSON.' });
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw importError(file, { ...jsonErrorPosition(body, error), message: `This is not valid JSON (${String((error as Error).message)}).`, fix: 'Choose a file exported from Cairn, or repair the JSON at that place (a missing comma, quote or bracket).' }, error);
  }
  if (normaliseInPlace(value) > MAX_DEPTH) throw importError(file, { message: `The JSON is nested more than ${MAX_DEPTH} levels deep: it is not a Cairn export.`, fix: 'Choose a workspace file exported from Cairn with Export JSON.' });
  return value;
}

/** Line and column of a JSON.parse error, when the engine names a position (a UTF-16 index). */
function jsonErrorPosition(text: string, error: unknown): { line?: number; column?: number } {
  const match = /position (\d+)/.exec(String((error as Error | undefined)?.message));
  if (!match) return {};
  const before = text.slice(0, Number(match[1]));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

/**
 * One walk over the freshly parsed value (ours alone, so it is changed in
 * place): refuses nesting deeper than MAX_DEPTH (without recursion: a hostile
 * file may nest thousands deep) and makes every string and key well-formed, as
 * Cairn writes all text (a lone surrogate would differ on every peer). Returns
 * the deepest level seen, stopping once it is over MAX_DEPTH.
 */
function normaliseInPlace(value: unknown): number {
  let deepest = 0;
  // Two stacks rather than one of pairs: a large file has a hundred thousand objects, each a pair to collect.
  const items: object[] = [];
  const depths: number[] = [];
  if (value !== null && typeof value === 'object') {
    items.push(value);
    depths.push(1);
  }
  const visit = (inner: unknown, depth: number) => {
    if (inner !== null && typeof inner === 'object') {
      items.push(inner);
      depths.push(depth);
    }
  };
  while (items.length) {
    const item = items.pop()!;
    const depth = depths.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const inner: unknown = item[i];
        if (typeof inner === 'string') {
          if (HAS_SURROGATE.test(inner)) item[i] = toWellFormed(inner);
        } else visit(inner, depth + 1);
      }
      continue;
    }
    const fields = item as Record<string, unknown>;
    let keys = Object.keys(fields);
    if (keys.some((key) => HAS_SURROGATE.test(key))) {
      renameKeys(fields, keys);
      keys = Object.keys(fields);
    }
    for (const key of keys) {
      const inner = fields[key];
      if (typeof inner === 'string') {
        if (HAS_SURROGATE.test(inner)) fields[key] = toWellFormed(inner);
      } else visit(inner, depth + 1);
    }
  }
  return deepest;
}

/** A text with no surrogate at all is well-formed already: the one test most strings need. */
const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** Rewrites an object's keys well-formed, in their order (a later key that reads the same wins, as in Object.fromEntries). */
function renameKeys(fields: Record<string, unknown>, keys: readonly string[]): void {
  const entries = keys.map((key) => [toWellFormed(key), fields[key]] as const);
  for (const key of keys) delete fields[key];
  for (const [key, inner] of entries) Object.defineProperty(fields, key, { value: inner, enumerable: true, writable: true, configurable: true });
}

/* ---------- The shape, with zod ---------- */

const recordWithId = z.looseObject({ id: z.string().regex(ID_PATTERN, 'must be an id: 1 to 64 letters, digits, _ or -') });
/** A section is a list; each record's id is checked apart (reportRecordIds), since zod would copy every record to check one field. */
const sectionSchema = z.array(z.unknown());

const thresholdSchema = z.object(
  Object.fromEntries(
    Object.entries(SIGNAL_THRESHOLD_LIMITS).map(([name, limits]) => [name, (limits.integer ? z.number().int() : z.number()).min(limits.min).max(limits.max).optional()]),
  ) as Record<keyof SignalThresholds, z.ZodOptional<z.ZodNumber>>,
);

const metaSchema = z.looseObject({
  id: z.string().regex(ID_PATTERN, 'must be an id: 1 to 64 letters, digits, _ or -'),
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION, `this file was written by a newer Cairn (schema above ${SCHEMA_VERSION})`),
  title: z.string(),
  signalThresholds: thresholdSchema.optional(),
});

/** The export's shape: built from JSON_SECTIONS, so a new section needs no change here. */
function envelopeSchema() {
  const top: Record<string, z.ZodType> = {};
  const nested: Record<string, Record<string, z.ZodType>> = {};
  for (const { path } of JSON_SECTIONS) {
    const [head, inner] = path.split('.') as [string, string | undefined];
    if (inner === undefined) top[head] = sectionSchema.optional();
    else (nested[head] ??= {})[inner] = sectionSchema.optional();
  }
  for (const [head, shape] of Object.entries(nested)) top[head] = z.object(shape).optional();
  return z.object({
    format: z.literal(JSON_FORMAT, `must be "${JSON_FORMAT}": this is not a Cairn workspace export`),
    formatVersion: z.number().int().min(1).max(JSON_FORMAT_VERSION, 'this file was written by a newer Cairn'),
    meta: metaSchema,
    problems: z.array(z.unknown()).optional(),
    ...top,
  });
}
const ENVELOPE = envelopeSchema();

interface CheckedEnvelope {
  meta: z.infer<typeof metaSchema> & Record<string, unknown>;
  sections: { section: JsonSection; records: StoredRecord[] }[];
}

/** `keyResults[3].target`: a zod path as people read it. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function checkEnvelope(input: unknown, file: string): CheckedEnvelope {
  const problems = new ProblemList(file);
  const parsed = ENVELOPE.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.add({ field: fieldPath(issue.path) || undefined, message: sentence(issue.message), fix: fixForIssue(issue.path) });
  }
  reportRecordIds(input, problems);
  reportUnknownSections(input, problems);
  problems.throwIfAny();
  // The parsed value itself, now known to have the shape: zod's copy of it (a new object per record) is not kept,
  // and the schema transforms nothing (unknown top-level keys, which it would drop, are never looked up).
  const data = input as Record<string, unknown> & { meta: CheckedEnvelope['meta'] };
  const sections = JSON_SECTIONS.map((section) => ({ section, records: (lookup(data, section.path) ?? []) as StoredRecord[] }));
  for (const { section, records } of sections) reportDuplicateIds(section.path, records, problems);
  problems.throwIfAny();
  return { meta: data.meta, sections };
}

const hasId = (record: unknown): boolean => record !== null && typeof record === 'object' && !Array.isArray(record) && isId((record as { id?: unknown }).id);

/** Every record of every section is an object with an id: what zod says of one that is not (only those are handed to it). */
function reportRecordIds(input: unknown, problems: ProblemList): void {
  for (const { path } of JSON_SECTIONS) {
    const records = lookup(input, path);
    if (!Array.isArray(records)) continue; // a section that is not a list is the envelope's problem
    records.forEach((record: unknown, index) => {
      if (hasId(record)) return;
      const checked = recordWithId.safeParse(record);
      for (const issue of checked.error?.issues ?? []) {
        const at = [...path.split('.'), index, ...issue.path];
        problems.add({ field: fieldPath(at), message: sentence(issue.message), fix: fixForIssue(at) });
      }
    });
  }
}

function fixForIssue(path: readonly PropertyKey[]): string {
  const head = path[0];
  if (head === 'format' || path.length === 0) return 'Choose a workspace file exported from Cairn with Export JSON.';
  if (head === 'formatVersion' || (head === 'meta' && path[1] === 'schemaVersion')) return 'Update Cairn to import this file, or export it again from the Cairn that wrote it.';
  return EXPORT_FIX;
}

/** A section this Cairn does not know would be lost: refused unless it is empty. */
function reportUnknownSections(input: unknown, problems: ProblemList): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return;
  const known = new Set(['format', 'formatVersion', 'meta', 'problems', ...JSON_SECTIONS.map((s) => s.path.split('.')[0]!)]);
  for (const [key, value] of Object.entries(input)) {
    if (known.has(key) || isEmpty(value)) continue;
    problems.add({ field: key, message: `The section “${key}” cannot be imported: its content would be lost.`, fix: 'Remove that section to import the rest, or open the workspace’s .cairn file instead.' });
  }
}

const isEmpty = (value: unknown) => value === null || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value).length === 0);

function reportDuplicateIds(path: string, records: readonly StoredRecord[], problems: ProblemList): void {
  const firstIndex = new Map<string, number>();
  records.forEach((record, index) => {
    const first = firstIndex.get(record.id);
    if (first === undefined) firstIndex.set(record.id, index);
    else problems.add({ field: `${path}[${index}].id`, message: `${path}[${index}] has the same id as ${path}[${first}] ("${record.id}").`, fix: 'Remove the duplicate, or give one of them a new id.' });
  });
}

function lookup(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/* ---------- Every record, with Cairn's readers ---------- */

/**
 * Reads every record as Cairn reads a workspace. A record stored as a Y.Map
 * is written into a scratch document and read back from there; a plain record
 * (a check-in, most of a large file) is read as it is, since a document hands
 * back the very object it was given.
 */
function readBack(envelope: CheckedEnvelope, file: string): { meta: WorkspaceMeta; sections: { section: JsonSection; records: StoredRecord[] }[] } {
  const scratch = new Y.Doc();
  const problems = new ProblemList(file);
  scratch.transact(() => {
    writeMeta(rootMap(scratch, 'meta'), envelope.meta, true);
    for (const { section, records } of envelope.sections) {
      if (section.layout.as === 'record') continue;
      const root = scratch.getMap<unknown>(section.map);
      for (const record of records) root.set(record.id, buildRecordMap(record, section.layout));
    }
  });
  // An import is checked, not repaired: every field the reader would have to repair is refused, at its path.
  const meta = readMeta(scratch);
  for (const problem of meta.problems) reportReadProblem('meta', problem, problems);
  const sections = envelope.sections.map(({ section, records }) => {
    const root = scratch.getMap<unknown>(section.map);
    const plain = section.layout.as === 'record';
    const read = records.map((record, index) => {
      const result = section.read(record.id, plain ? record : root.get(record.id));
      for (const problem of problemsOf(result)) reportReadProblem(`${section.path}[${index}]`, problem, problems);
      if (result.ok && result.problems.length === 0) reportUnknownFields(`${section.path}[${index}]`, record, result.value as StoredRecord, problems);
      return result.ok ? (result.value as StoredRecord) : record;
    });
    return { section, records: read };
  });
  problems.throwIfAny();
  return { meta: meta.value, sections };
}

/** A field the reader would have repaired is refused at its path; a record it could not read, by its message. */
function reportReadProblem(where: string, problem: SchemaProblem, problems: ProblemList): void {
  if (problem.field === undefined) reportReaderMessage(where, problem.message, problems);
  else problems.add({ field: `${where}.${problem.field}`, message: sentence(problem.reason ?? problem.message), fix: EXPORT_FIX });
}

/** A reader's message lists `field: what is wrong` pairs (readCommon's describeError); each becomes a problem at its path. */
function reportReaderMessage(where: string, message: string, problems: ProblemList): void {
  for (const part of message.split('; ')) {
    const match = /^([\w.]+): (.*)$/.exec(part);
    const path = match?.[1];
    const field = path && path !== 'value' ? `${where}${path.split('.').map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('')}` : where;
    problems.add({ field, message: sentence(match?.[2] ?? part), fix: EXPORT_FIX });
  }
}

/**
 * A field the reader does not know would be dropped without a word, so a
 * typo (`targt`) would look applied: every export field is a reader field, so
 * anything else is refused, by name.
 */
function reportUnknownFields(where: string, input: StoredRecord, read: StoredRecord, problems: ProblemList): void {
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(read, key)) problems.add({ field: `${where}.${key}`, message: `Cairn has no field “${key}” here.`, fix: 'Remove it or correct its name (docs/schema.md lists every field).' });
  }
}

/** "must be a time" → "Must be a time.": the field is named beside the message. */
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/* ---------- The workspace ---------- */

function checkSameWorkspace(file: string, incoming: WorkspaceMeta, existing: Pick<WorkspaceMeta, 'id' | 'schemaVersion' | 'title'> | null): void {
  if (!existing) return;
  if (existing.schemaVersion > SCHEMA_VERSION) throw newerWorkspace(file, existing.schemaVersion);
  if (existing.id === incoming.id) return;
  throw importError(file, {
    field: 'meta.id',
    message: `This file holds the workspace “${incoming.title}” (${incoming.id}), not this one (${existing.id}).`,
    fix: 'Import it into a new, empty workspace, or use Combine to copy its objectives into this one.',
  });
}

const newerWorkspace = (file: string, version: number) =>
  importError(file, { message: `This workspace was written by a newer Cairn (schema ${version}).`, fix: 'Update Cairn before importing into it.' });

/** The target as it is now (it may have changed since planning): refuse before writing anything. */
function checkTarget(plan: JsonImportPlan, meta: Y.Map<unknown>): void {
  const version = meta.get('schemaVersion');
  if (typeof version === 'number' && version > SCHEMA_VERSION) throw newerWorkspace(plan.file, version);
  const id = meta.get('id');
  if (id === undefined) return;
  const title = meta.get('title');
  checkSameWorkspace(plan.file, plan.meta, { id: String(id), schemaVersion: 1, title: String(title ?? '') });
}

/** Fields written once, when the workspace is created; the others follow the file on every import. */
const META_CREATED = ['id', 'schemaVersion', 'kind', 'createdAt'] as const;
const META_UPDATED = ['cycleStart', 'cycleEnd'] as const;

/** Writes meta fields; thresholds only where the effective value differs (so defaults stay unwritten). */
function writeMeta(meta: Y.Map<unknown>, given: object, creating: boolean): void {
  const value = given as Record<string, unknown>;
  const fields = creating ? [...META_CREATED, ...META_UPDATED, 'title'] : [...META_UPDATED, 'title'];
  updateRecordMap(meta, Object.fromEntries(fields.map((f) => [f, value[f]])), { as: 'map', texts: ['title'] }, creating);
  const wanted = { ...DEFAULT_SIGNAL_THRESHOLDS, ...(value.signalThresholds as Partial<SignalThresholds> | undefined) };
  const current = readSignalThresholds(meta);
  for (const name of Object.keys(wanted) as (keyof SignalThresholds)[]) {
    if (current[name] !== wanted[name]) meta.set(THRESHOLD_KEY_PREFIX + name, wanted[name]);
  }
}

function compareWithExisting({ section, records }: { section: JsonSection; records: StoredRecord[] }, existing: WorkspaceSnapshot | undefined): SectionPlan {
  const current = lookup(existing, section.path) as Map<string, unknown> | undefined;
  const plan: SectionPlan = { path: section.path, records, created: 0, updated: 0, unchanged: 0 };
  for (const record of records) {
    const before = current?.get(record.id);
    if (before === undefined) plan.created++;
    else if (section.layout.as === 'record' || canonicalJson(before) === canonicalJson(record)) plan.unchanged++;
    else plan.updated++;
  }
  return plan;
}
