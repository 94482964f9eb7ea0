import * as Y from 'yjs';
import { z } from 'zod';
import {
  ANSWERS,
  CHANGE_KINDS,
  CLOSED_AS,
  COMMITMENTS,
  type Change,
  type Checkpoint,
  type ClosedAs,
  type Commitment,
  DECISION_KINDS,
  OBJECTIVE_NEXT,
  DEFAULT_SIGNAL_THRESHOLDS,
  INITIATIVE_KINDS,
  INITIATIVE_STATUSES,
  JOURNAL_LINK_KINDS,
  JOURNAL_PERIODS,
  METRIC_DIRECTIONS,
  RISKS,
  SIGNAL_THRESHOLD_LIMITS,
  type Answer,
  type CheckIn,
  type Decision,
  type Initiative,
  type JournalEntry,
  type JournalLink,
  type KeyResult,
  type Objective,
  type Question,
  type Retrospective,
  type SchemaProblem,
  type Score,
  type SignalThresholds,
  type WorkspaceMeta,
} from './types';
import { ISO_DATE_PATTERN, ISO_WEEK_PATTERN } from '../dates';
import { ID_PATTERN } from '../ids';
import { compareStrings } from '../order';
import {
  MAX_EPOCH_MS,
  calendarDate,
  describeError,
  entityId,
  epochMs,
  fail,
  longText,
  orderKey,
  plainFields,
  readAll,
  readEntity,
  readRecord,
  shortText,
  softDeleteFields,
  type ReadResult,
} from './readCommon';

export type { ReadResult } from './readCommon';
import { readRollouts, type ReadinessGate, type RolloutPlan, type Stage } from './rollouts';
import { readAlignmentState, type AlignmentSnapshot } from './alignment';
import {
  ROOT_MAPS,
  THRESHOLD_KEY_PREFIX,
  changesMap,
  checkpointsMap,
  WORKSPACE_KINDS,
  checkInsMap,
  decisionsMap,
  initiativesMap,
  journalEntriesMap,
  sessionsMap,
  keyResultsMap,
  metaMap,
  objectivesMap,
  questionsMap,
  readText,
  retrospectivesMap,
  scoresMap,
} from './doc';

/*
 * Everything read from a document is validated: a remote peer or a file may hold
 * anything. A malformed entity is skipped and reported, never thrown at the UI.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const isoDate = z.string().regex(ISO_DATE_PATTERN, 'must be a YYYY-MM-DD date');

/** Provenance of a copy shared from a personal journal; absent on everything else. */
const sharedFrom = z
  .object({ workspaceId: entityId, entityId, at: epochMs })
  .optional();

/** Fields every objective and key result has. */
const entityBase = {
  id: entityId,
  title: longText,
  description: longText.default(''),
  why: longText.default(''),
  owner: shortText.default(''),
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  carriedFrom: z.string().max(200).nullable().default(null),
  sharedFrom,
  ...softDeleteFields,
};

const lifecycle = {
  status: z.enum(['draft', 'active', 'closed']).default('active'),
  closedAs: z.enum(CLOSED_AS as [ClosedAs, ...ClosedAs[]]).nullable().default(null),
  addedReason: z.string().max(2_000).nullable().default(null),
};

const objectiveSchema = z.object({
  ...entityBase,
  ...lifecycle,
  commitment: z.enum(COMMITMENTS as [Commitment, ...Commitment[]]).default('committed'),
  deletedKeyResultIds: z.array(entityId).max(10_000).default([]),
});

const keyResultBase = {
  ...entityBase,
  ...lifecycle,
  objectiveId: entityId,
  risk: z
    .enum(RISKS as [string, ...string[]])
    .transform((r) => r as KeyResult['risk'])
    .nullable()
    .default(null),
};

const keyResultSchema = z.discriminatedUnion('kind', [
  z.object({
    ...keyResultBase,
    kind: z.literal('metric'),
    direction: z.enum(METRIC_DIRECTIONS as [string, ...string[]]).transform((d) => d as KeyResultDirection),
    baseline: finite,
    target: finite,
    unit: z.string().max(40).default(''),
  }),
  z.object({
    ...keyResultBase,
    kind: z.literal('output'),
    target: finite.refine((n) => n > 0, 'must be above zero'),
    unit: z.string().max(40).default(''),
  }),
  z.object({ ...keyResultBase, kind: z.literal('learning') }),
  z.object({ ...keyResultBase, kind: z.literal('milestone') }),
]);
type KeyResultDirection = (typeof METRIC_DIRECTIONS)[number];

export const checkInSchema = z.object({
  id: entityId,
  keyResultId: entityId,
  value: finite,
  confidence: z.number().int().min(0).max(10).nullable(),
  note: z.string().max(2_000),
  author: shortText,
  at: epochMs,
  answers: z
    .record(entityId, z.enum(ANSWERS as [string, ...string[]]).transform((a) => a as Answer))
    .refine((r) => Object.keys(r).length <= 200, 'at most 200 answers')
    .optional(),
  sharedFrom,
  corrects: entityId.optional(),
  withdrawn: z.literal(true).optional(),
  reason: z.string().max(2_000).optional(),
});

const questionSchema = z.object({
  id: entityId,
  keyResultId: entityId,
  text: z.string().max(2_000),
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  deletedAt: epochMs.nullable().default(null),
  sharedFrom,
});

const idList = z.array(entityId).max(1_000);

const decisionSchema = z.object({
  id: entityId,
  kind: z.enum(DECISION_KINDS as [string, ...string[]]).transform((k) => k as Decision['kind']),
  rationale: z.string().max(10_000),
  keyResultIds: idList,
  checkInIds: idList,
  signalKeys: z.array(z.string().max(300)).max(1_000),
  author: shortText,
  at: epochMs,
});

const changeSchema = z.object({
  id: entityId,
  entity: z.enum(['objective', 'keyResult']),
  entityId,
  kind: z.enum(CHANGE_KINDS as [Change['kind'], ...Change['kind'][]]),
  from: z.string().max(500),
  to: z.string().max(500),
  reason: z.string().max(2_000),
  author: shortText,
  at: epochMs,
});

const checkpointSchema = z.object({
  id: entityId,
  name: z.string().max(200),
  author: shortText,
  at: epochMs,
});

const scoreSchema = z.object({
  id: entityId,
  keyResultId: entityId,
  score: finite.refine((n) => n >= 0 && n <= 1, 'must be from 0 to 1'),
  suggested: finite.refine((n) => n >= 0 && n <= 1, 'must be from 0 to 1').nullable(),
  note: z.string().max(2_000),
  author: shortText,
  at: epochMs,
});

const retrospectiveSchema = z.object({
  id: entityId,
  objectiveId: entityId,
  learned: z.string().max(10_000),
  next: z.enum(OBJECTIVE_NEXT as [string, ...string[]]).transform((n) => n as Retrospective['next']),
  reason: z.string().max(2_000),
  author: shortText,
  at: epochMs,
});

const initiativeSchema = z.object({
  id: entityId,
  title: longText,
  description: longText.default(''),
  kind: z.enum(INITIATIVE_KINDS as [string, ...string[]]).transform((k) => k as Initiative['kind']),
  owner: shortText.default(''),
  status: z.enum(INITIATIVE_STATUSES as [string, ...string[]]).transform((k) => k as Initiative['status']),
  focusWeek: z.string().regex(ISO_WEEK_PATTERN, 'must be a YYYY-Www week').nullable().default(null),
  keyResultIds: idList,
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  carriedFrom: z.string().max(200).nullable().default(null),
  ...softDeleteFields,
});

/** The reader's limit on links per journal entry. */
export const MAX_JOURNAL_LINKS = 1_000;

const journalEntrySchema = z.object({
  id: entityId,
  date: calendarDate,
  period: z.enum(JOURNAL_PERIODS as [JournalEntry['period'], ...JournalEntry['period'][]]).default('week'),
  moved: longText.default(''),
  learned: longText.default(''),
  next: longText.default(''),
  links: z
    .record(entityId, z.enum(JOURNAL_LINK_KINDS as [JournalLink['kind'], ...JournalLink['kind'][]]))
    .refine((r) => Object.keys(r).length <= MAX_JOURNAL_LINKS, `at most ${MAX_JOURNAL_LINKS} links`)
    .transform((r): JournalLink[] => Object.entries(r).map(([id, kind]) => ({ id, kind })).sort((a, b) => compareStrings(a.id, b.id))),
  createdAt: epochMs,
  createdBy: shortText,
  ...softDeleteFields,
});

const metaSchema = z.object({
  id: entityId,
  schemaVersion: z.number().int().min(1),
  kind: z.enum(WORKSPACE_KINDS as [string, ...string[]]).transform((k) => k as WorkspaceMeta['kind']),
  title: longText,
  cycleStart: isoDate,
  cycleEnd: isoDate,
  createdAt: epochMs,
});

export const readObjective = (id: string, raw: unknown): ReadResult<Objective> => readEntity(ROOT_MAPS.objectives, objectiveSchema, id, raw);
export const readKeyResult = (id: string, raw: unknown): ReadResult<KeyResult> => readEntity(ROOT_MAPS.keyResults, keyResultSchema as z.ZodType<KeyResult>, id, raw);

/**
 * The hot path: a workspace holds tens of thousands of check-ins, so the
 * common well-formed record is checked by hand; anything else goes through
 * the schema for a precise message.
 */
/**
 * How many of a revision's optional keys (corrects, withdrawn, reason) a
 * well-formed check-in has, or -1 when one of them is malformed.
 */
function revisionKeyCount(c: Record<string, unknown>): number {
  if (c.corrects === undefined) return c.withdrawn === undefined && c.reason === undefined ? 0 : -1;
  if (typeof c.corrects !== 'string' || !ID_PATTERN.test(c.corrects)) return -1;
  if (c.withdrawn !== undefined && c.withdrawn !== true) return -1;
  if (c.reason !== undefined && (typeof c.reason !== 'string' || c.reason.length > 2_000)) return -1;
  return 1 + (c.withdrawn === undefined ? 0 : 1) + (c.reason === undefined ? 0 : 1);
}

function isWellFormedCheckIn(raw: unknown, id: string): raw is CheckIn {
  if (typeof raw !== 'object' || raw === null) return false;
  const c = raw as Record<string, unknown>;
  const revisionKeys = revisionKeyCount(c);
  return (
    revisionKeys >= 0 &&
    c.id === id &&
    ID_PATTERN.test(id) &&
    typeof c.keyResultId === 'string' &&
    ID_PATTERN.test(c.keyResultId) &&
    typeof c.value === 'number' &&
    Number.isFinite(c.value) &&
    (c.confidence === null || (typeof c.confidence === 'number' && Number.isInteger(c.confidence) && c.confidence >= 0 && c.confidence <= 10)) &&
    typeof c.note === 'string' &&
    c.note.length <= 2_000 &&
    typeof c.author === 'string' &&
    c.author.length <= 500 &&
    typeof c.at === 'number' &&
    Number.isFinite(c.at) &&
    c.at >= 0 &&
    c.at <= MAX_EPOCH_MS &&
    Object.keys(c).length === 7 + revisionKeys // check-ins with answers take the schema path
  );
}

export function readCheckIn(id: string, raw: unknown): ReadResult<CheckIn> {
  if (isWellFormedCheckIn(raw, id)) {
    const { keyResultId, value, confidence, note, author, at, corrects, withdrawn, reason } = raw;
    const read: CheckIn = { id, keyResultId, value, confidence, note, author, at };
    if (corrects !== undefined) read.corrects = corrects;
    if (withdrawn) read.withdrawn = withdrawn;
    if (reason !== undefined) read.reason = reason;
    return { ok: true, value: read };
  }
  const parsed = checkInSchema.safeParse(raw);
  if (!parsed.success) return fail(ROOT_MAPS.checkIns, id, describeError(parsed.error));
  if (parsed.data.id !== id) return fail(ROOT_MAPS.checkIns, id, `id field "${parsed.data.id}" does not match its key`);
  const { answers, corrects, withdrawn, reason, ...rest } = parsed.data;
  // Optional fields stay absent rather than undefined: exports and canonical comparisons see the stored shape.
  return { ok: true, value: { ...rest, ...(answers && { answers }), ...(corrects !== undefined && { corrects }), ...(withdrawn && { withdrawn }), ...(reason !== undefined && { reason }) } };
}

export const readQuestion = (id: string, raw: unknown): ReadResult<Question> => readRecord(ROOT_MAPS.questions, questionSchema, id, raw);
export const readDecision = (id: string, raw: unknown): ReadResult<Decision> => readRecord(ROOT_MAPS.decisions, decisionSchema, id, raw);
export const readChange = (id: string, raw: unknown): ReadResult<Change> => readRecord(ROOT_MAPS.changes, changeSchema, id, raw);
export const readCheckpoint = (id: string, raw: unknown): ReadResult<Checkpoint> => readRecord(ROOT_MAPS.checkpoints, checkpointSchema, id, raw);
export const readSession = (id: string, raw: unknown): ReadResult<Checkpoint> => readRecord(ROOT_MAPS.sessions, checkpointSchema, id, raw);
export const readScore = (id: string, raw: unknown): ReadResult<Score> => readRecord(ROOT_MAPS.scores, scoreSchema, id, raw);
export const readRetrospective = (id: string, raw: unknown): ReadResult<Retrospective> => readRecord(ROOT_MAPS.retrospectives, retrospectiveSchema, id, raw);

/**
 * A journal entry's links are a nested Y.Map of id → kind, not the id → true
 * set that plainFields flattens, so they are read as a record here.
 */
function linkRecord(links: unknown): unknown {
  return links instanceof Y.Map ? Object.fromEntries(links.entries()) : links;
}

export function readJournalEntry(id: string, raw: unknown): ReadResult<JournalEntry> {
  if (!(raw instanceof Y.Map)) return fail(ROOT_MAPS.journalEntries, id, 'not a map');
  return readRecord(ROOT_MAPS.journalEntries, journalEntrySchema, id, { ...plainFields(raw), links: linkRecord(raw.get('links')) });
}

export const readInitiative = (id: string, raw: unknown): ReadResult<Initiative> => readEntity(ROOT_MAPS.initiatives, initiativeSchema, id, raw);

/** The thresholds stored in meta, each checked against its limits; defaults fill the rest. */
export function readSignalThresholds(meta: Y.Map<unknown>): SignalThresholds {
  const out = { ...DEFAULT_SIGNAL_THRESHOLDS };
  for (const name of Object.keys(out) as (keyof SignalThresholds)[]) {
    const value = meta.get(THRESHOLD_KEY_PREFIX + name);
    const limits = SIGNAL_THRESHOLD_LIMITS[name];
    if (typeof value === 'number' && value >= limits.min && value <= limits.max && (!limits.integer || Number.isInteger(value))) out[name] = value;
  }
  return out;
}

export function readMeta(doc: Y.Doc): ReadResult<WorkspaceMeta> {
  const map = metaMap(doc);
  const parsed = metaSchema.safeParse({ ...plainFields(map), title: readText(map, 'title') ?? '' });
  if (!parsed.success) return fail(ROOT_MAPS.meta, '', describeError(parsed.error));
  return { ok: true, value: { ...parsed.data, signalThresholds: readSignalThresholds(map) } };
}

/** Everything in a workspace, validated, as plain data. */
export interface WorkspaceSnapshot {
  meta: WorkspaceMeta | null;
  objectives: Map<string, Objective>;
  keyResults: Map<string, KeyResult>;
  checkIns: Map<string, CheckIn>;
  questions: Map<string, Question>;
  initiatives: Map<string, Initiative>;
  decisions: Map<string, Decision>;
  scores: Map<string, Score>;
  retrospectives: Map<string, Retrospective>;
  changes: Map<string, Change>;
  checkpoints: Map<string, Checkpoint>;
  /** Feature rollout plans, their stages and readiness gates (shared/schema/rollouts.ts). */
  rolloutPlans: Map<string, RolloutPlan>;
  rolloutStages: Map<string, Stage>;
  readinessGates: Map<string, ReadinessGate>;
  /** Teams, north stars, alignments, dependencies and overlap decisions (shared/schema/alignment.ts). */
  alignment: Omit<AlignmentSnapshot, 'problems'>;
  /** A personal journal's reflections (empty in other workspaces). */
  journalEntries: Map<string, JournalEntry>;
  /** When workshops began hosting (the report's "what changed in this session"). */
  sessions: Map<string, Checkpoint>;
  problems: SchemaProblem[];
}

export function readWorkspace(doc: Y.Doc): WorkspaceSnapshot {
  const problems: SchemaProblem[] = [];
  const meta = readMeta(doc);
  if (!meta.ok) problems.push(meta.problem);
  const objectives = readAll(objectivesMap(doc), readObjective, problems);
  const keyResults = readAll(keyResultsMap(doc), readKeyResult, problems);
  const checkIns = readAll(checkInsMap(doc), readCheckIn, problems);
  const questions = readAll(questionsMap(doc), readQuestion, problems);
  const initiatives = readAll(initiativesMap(doc), readInitiative, problems);
  const decisions = readAll(decisionsMap(doc), readDecision, problems);
  const scores = readAll(scoresMap(doc), readScore, problems);
  const retrospectives = readAll(retrospectivesMap(doc), readRetrospective, problems);
  const changes = readAll(changesMap(doc), readChange, problems);
  const checkpoints = readAll(checkpointsMap(doc), readCheckpoint, problems);
  const journalEntries = readAll(journalEntriesMap(doc), readJournalEntry, problems);
  const sessions = readAll(sessionsMap(doc), readSession, problems);
  const rollouts = readRollouts(doc);
  problems.push(...rollouts.problems);
  const { problems: alignmentProblems, ...alignment } = readAlignmentState(doc);
  problems.push(...alignmentProblems);
  return {
    meta: meta.ok ? meta.value : null,
    objectives,
    keyResults,
    checkIns,
    questions,
    initiatives,
    decisions,
    scores,
    retrospectives,
    changes,
    checkpoints,
    rolloutPlans: rollouts.plans,
    rolloutStages: rollouts.stages,
    readinessGates: rollouts.gates,
    alignment,
    journalEntries,
    sessions,
    problems,
  };
}
