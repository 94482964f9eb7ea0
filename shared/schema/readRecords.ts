import * as Y from 'yjs';
import { z } from 'zod';
import {
  ANSWERS,
  CHANGE_KINDS,
  CLOSED_AS,
  COMMITMENTS,
  type Change,
  type Checkpoint,
  DECISION_KINDS,
  OBJECTIVE_NEXT,
  INITIATIVE_KINDS,
  INITIATIVE_STATUSES,
  JOURNAL_LINK_KINDS,
  JOURNAL_PERIODS,
  METRIC_DIRECTIONS,
  RISKS,
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
} from './types';
import { ISO_WEEK_PATTERN, utcDateOf } from '../dates';
import { isId } from '../ids';
import { compareStrings } from '../order';
import {
  CREATED_FALLBACKS,
  EPOCH_DAY,
  FALLBACK_ORDER_KEY,
  isEpochMs,
  MISSING_REFERENCE,
  NO_PROBLEMS,
  calendarDate,
  entityId,
  epochMs,
  fail,
  longText,
  orderKey,
  plainFields,
  readEntity,
  readFields,
  readOk,
  readRecord,
  shortText,
  softDeleteFields,
  type Fallbacks,
  type ReadResult,
} from './readCommon';
import { ADDED_REASON_MAX, CARRIED_FROM_MAX, DELETED_KEY_RESULTS_MAX, LIFECYCLE_STATUSES, UNIT_MAX, quickKeyResult, quickObjective } from './quickRead';

/*
 * Everything read from a document is validated: a remote peer or a file may hold
 * anything, and Yjs's undo or out-of-order delivery can leave a key absent.
 * Reading is total: a bad field is cut to its limit or read as its default
 * (the fallbacks beside each schema), reported as a problem naming the field,
 * and the record, the workspace and its file stay readable. Only a value that
 * is not a record at all is skipped (and reported).
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Provenance of a copy shared from a personal journal; absent on everything else. */
const sharedFrom = z
  .object({ workspaceId: entityId, entityId, at: epochMs })
  .optional();

/** Fields every objective and key result has. */
const entityBase = {
  id: entityId,
  title: longText,
  description: longText.default(''),
  /** Objectives: "why now"; key results: "why this measure". Co-edited text. */
  why: longText.default(''),
  owner: shortText.default(''),
  /** Fractional index among its siblings; sort by (order, id). */
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  /** Carried forward from a previous cycle: "<workspace id>/<entity id>", else null. */
  carriedFrom: z.string().max(CARRIED_FROM_MAX).nullable().default(null),
  /** Set on the copy when it was shared from a personal journal; absent otherwise. */
  sharedFrom,
  ...softDeleteFields,
};

/** Fallbacks of the fields objectives, key results and initiatives share. */
const entityFallbacks: Fallbacks = {
  ...CREATED_FALLBACKS,
  title: () => '',
  order: () => FALLBACK_ORDER_KEY,
};

const lifecycle = {
  status: z.enum(LIFECYCLE_STATUSES).default('active'),
  /** Set when status is 'closed'. */
  closedAs: z.enum(CLOSED_AS).nullable().default(null),
  /** Why it was added after the OKRs were published, or null. */
  addedReason: z.string().max(ADDED_REASON_MAX).nullable().default(null),
};

export const objectiveSchema = z.object({
  ...entityBase,
  ...lifecycle,
  commitment: z.enum(COMMITMENTS).default('committed'),
  /**
   * The key results that were live when the objective was deleted: they went to
   * the trash with it. A live KR under a deleted objective that is not listed
   * here was added concurrently, and is shown as orphaned rather than hidden.
   */
  deletedKeyResultIds: z.array(entityId).max(DELETED_KEY_RESULTS_MAX).default([]),
});

const keyResultBase = {
  ...entityBase,
  ...lifecycle,
  objectiveId: entityId,
  risk: z.enum(RISKS).nullable().default(null),
};

export const keyResultSchema = z.discriminatedUnion('kind', [
  z.object({
    ...keyResultBase,
    kind: z.literal('metric'),
    direction: z.enum(METRIC_DIRECTIONS),
    baseline: finite,
    /** For stayAbove / stayBelow this is the threshold. */
    target: finite,
    unit: z.string().max(UNIT_MAX).default(''),
  }),
  z.object({
    ...keyResultBase,
    kind: z.literal('output'),
    target: finite.refine((n) => n > 0, 'must be above zero'),
    unit: z.string().max(UNIT_MAX).default(''),
  }),
  z.object({ ...keyResultBase, kind: z.literal('learning') }),
  z.object({ ...keyResultBase, kind: z.literal('milestone') }),
]);

const keyResultFallbacks: Fallbacks = {
  ...entityFallbacks,
  objectiveId: () => MISSING_REFERENCE,
  // The kind that needs no other field: the KR stays visible, and a command can set its kind again.
  kind: () => 'milestone',
  direction: () => 'increase',
  baseline: () => 0,
  target: () => 1,
};

export const checkInSchema = z.object({
  id: entityId,
  keyResultId: entityId,
  value: finite,
  /** 0–10, or null when the author gave none. */
  confidence: z.number().int().min(0).max(10).nullable(),
  note: z.string().max(2_000),
  author: shortText,
  /** Epoch ms. */
  at: epochMs,
  /** Learning KRs: the questions this check-in answered (or reopened), by question id. */
  answers: z
    .record(entityId, z.enum(ANSWERS))
    .refine((r) => Object.keys(r).length <= 200, 'at most 200 answers')
    .optional(),
  /** Set on the copy when it was shared from a personal journal. */
  sharedFrom,
  /**
   * A correction or withdrawal: the id of the original check-in (same KR, same
   * author) it supersedes. Its value, confidence and note replace the original's;
   * the original keeps its time (shared/queries/checkInHistory.ts).
   */
  corrects: entityId.optional(),
  /** On a revision: the original no longer counts. */
  withdrawn: z.literal(true).optional(),
  /** On a revision: why it was corrected or withdrawn. */
  reason: z.string().max(2_000).optional(),
  /**
   * Set by the reader, never written by Cairn: the stored value could not be
   * read (a buggy or hostile peer). It reads as 0 but does not count until its
   * author corrects it (shared/queries/checkInHistory.ts).
   */
  unreadable: z.literal(true).optional(),
});

const checkInFallbacks: Fallbacks = {
  keyResultId: () => MISSING_REFERENCE,
  value: () => 0,
  confidence: () => null,
  note: () => '',
  author: () => '',
  at: () => 0,
};

export const questionSchema = z.object({
  id: entityId,
  keyResultId: entityId,
  text: z.string().max(2_000),
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  deletedAt: epochMs.nullable().default(null),
  sharedFrom,
});

const questionFallbacks: Fallbacks = { ...CREATED_FALLBACKS, keyResultId: () => MISSING_REFERENCE, text: () => '', order: () => FALLBACK_ORDER_KEY };

const idList = z.array(entityId).max(1_000);

/** Fallbacks of the fields every immutable record (decision, score, change, ...) shares. */
const recordFallbacks: Fallbacks = { author: () => '', at: () => 0 };

export const decisionSchema = z.object({
  id: entityId,
  kind: z.enum(DECISION_KINDS),
  rationale: z.string().max(10_000),
  /** The KRs it affects. */
  keyResultIds: idList,
  /** The check-ins that were the evidence. */
  checkInIds: idList,
  /** The signals it answers (their keys); an answered signal is closed. */
  signalKeys: z.array(z.string().max(300)).max(1_000),
  author: shortText,
  at: epochMs,
});

const decisionFallbacks: Fallbacks = {
  ...recordFallbacks,
  kind: () => 'persevere',
  rationale: () => '',
  keyResultIds: () => [],
  checkInIds: () => [],
  signalKeys: () => [],
};

export const changeSchema = z.object({
  id: entityId,
  entity: z.enum(['objective', 'keyResult']),
  entityId,
  kind: z.enum(CHANGE_KINDS),
  /** Short descriptions of before and after (e.g. "active" → "closed: dropped", "10 → 40 teams"). */
  from: z.string().max(500),
  to: z.string().max(500),
  reason: z.string().max(2_000),
  author: shortText,
  at: epochMs,
});

const changeFallbacks: Fallbacks = {
  ...recordFallbacks,
  entity: () => 'objective',
  entityId: () => MISSING_REFERENCE,
  kind: () => 'status',
  from: () => '',
  to: () => '',
  reason: () => '',
};

export const checkpointSchema = z.object({
  id: entityId,
  name: z.string().max(200),
  author: shortText,
  at: epochMs,
});

const checkpointFallbacks: Fallbacks = { ...recordFallbacks, name: () => '' };

export const scoreSchema = z.object({
  id: entityId,
  keyResultId: entityId,
  score: finite.refine((n) => n >= 0 && n <= 1, 'must be from 0 to 1'),
  /** What Cairn suggested from the KR's progress when it was scored. */
  suggested: finite.refine((n) => n >= 0 && n <= 1, 'must be from 0 to 1').nullable(),
  note: z.string().max(2_000),
  author: shortText,
  at: epochMs,
});

const scoreFallbacks: Fallbacks = { ...recordFallbacks, keyResultId: () => MISSING_REFERENCE, score: () => 0, suggested: () => null, note: () => '' };

export const retrospectiveSchema = z.object({
  id: entityId,
  objectiveId: entityId,
  learned: z.string().max(10_000),
  next: z.enum(OBJECTIVE_NEXT),
  /** Why carry it forward, or why de-scope it. */
  reason: z.string().max(2_000),
  author: shortText,
  at: epochMs,
});

const retrospectiveFallbacks: Fallbacks = {
  ...recordFallbacks,
  objectiveId: () => MISSING_REFERENCE,
  learned: () => '',
  next: () => 'complete',
  reason: () => '',
};

export const initiativeSchema = z.object({
  id: entityId,
  title: longText,
  description: longText.default(''),
  kind: z.enum(INITIATIVE_KINDS),
  owner: shortText.default(''),
  status: z.enum(INITIATIVE_STATUSES),
  /** The ISO week (YYYY-Www) the team focuses on it, or null. */
  focusWeek: z.string().regex(ISO_WEEK_PATTERN, 'must be a YYYY-Www week').nullable().default(null),
  /** The KRs it supports, sorted. Stored as a Y.Map of id → true so concurrent links merge. */
  keyResultIds: idList,
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  carriedFrom: z.string().max(200).nullable().default(null),
  ...softDeleteFields,
});

const initiativeFallbacks: Fallbacks = {
  ...entityFallbacks,
  kind: () => 'activity',
  status: () => 'planned',
  keyResultIds: () => [],
};

/** The reader's limit on links per journal entry. */
export const MAX_JOURNAL_LINKS = 1_000;

export const journalLink = z.object({
  id: entityId,
  kind: z.enum(JOURNAL_LINK_KINDS),
});

export const journalEntrySchema = z.object({
  id: entityId,
  /** The day (YYYY-MM-DD) the reflection is for; a weekly entry's is the Monday of its ISO week. */
  date: calendarDate,
  period: z.enum(JOURNAL_PERIODS).default('week'),
  /** "What moved?" */
  moved: longText.default(''),
  /** "What did I learn?" */
  learned: longText.default(''),
  /** "What do I decide next?" */
  next: longText.default(''),
  /** Sorted by id (before reading, so cutting to the limit keeps the same links on every replica). Stored as a Y.Map of id → kind so concurrent links merge. */
  links: z.array(journalLink).max(MAX_JOURNAL_LINKS).default([]),
  createdAt: epochMs,
  createdBy: shortText,
  ...softDeleteFields,
});

const journalEntryFallbacks: Fallbacks = {
  ...CREATED_FALLBACKS,
  // The day it was written, else the first day a date can name: the same on every replica.
  date: (_id, raw) => (epochMs.safeParse(raw.createdAt).success ? utcDateOf(raw.createdAt as number) : EPOCH_DAY),
  links: () => [],
};

/*
 * Objectives and key results are read by the quick check (quickRead.ts) when
 * well formed, else by their schema. The ...BySchema readers are the reference
 * the quick check must match: test/unit/quickRead.test.ts compares the two.
 */
export const readObjective = (id: string, raw: unknown): ReadResult<Objective> => readEntity('objectives', objectiveSchema, id, raw, entityFallbacks, quickObjective);
export const readKeyResult = (id: string, raw: unknown): ReadResult<KeyResult> =>
  readEntity('keyResults', keyResultSchema, id, raw, keyResultFallbacks, quickKeyResult);
export const readObjectiveBySchema = (id: string, raw: unknown): ReadResult<Objective> => readEntity('objectives', objectiveSchema, id, raw, entityFallbacks);
export const readKeyResultBySchema = (id: string, raw: unknown): ReadResult<KeyResult> => readEntity('keyResults', keyResultSchema, id, raw, keyResultFallbacks);

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
  if (!isId(c.corrects)) return -1;
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
    isId(id) &&
    isId(c.keyResultId) &&
    typeof c.value === 'number' &&
    Number.isFinite(c.value) &&
    (c.confidence === null || (typeof c.confidence === 'number' && Number.isInteger(c.confidence) && c.confidence >= 0 && c.confidence <= 10)) &&
    typeof c.note === 'string' &&
    c.note.length <= 2_000 &&
    typeof c.author === 'string' &&
    c.author.length <= 500 &&
    isEpochMs(c.at) &&
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
    return { ok: true, value: read, problems: NO_PROBLEMS };
  }
  const read = readRecord('checkIns', checkInSchema, id, raw, checkInFallbacks);
  if (!read.ok) return read;
  const { answers, corrects, withdrawn, reason, unreadable, ...rest } = read.value;
  // A value read as its fallback is not a measurement: marked, so it does not count.
  const valueLost = unreadable === true || read.problems.some((p) => p.field === 'value');
  // Optional fields stay absent rather than undefined: exports and canonical comparisons see the stored shape.
  return readOk(
    {
      ...rest,
      ...(answers && { answers }),
      ...(corrects !== undefined && { corrects }),
      ...(withdrawn && { withdrawn }),
      ...(reason !== undefined && { reason }),
      ...(valueLost && { unreadable: true as const }),
    },
    read.problems,
  );
}

export const readQuestion = (id: string, raw: unknown): ReadResult<Question> => readRecord('questions', questionSchema, id, raw, questionFallbacks);
export const readDecision = (id: string, raw: unknown): ReadResult<Decision> => readRecord('decisions', decisionSchema, id, raw, decisionFallbacks);
export const readChange = (id: string, raw: unknown): ReadResult<Change> => readRecord('changes', changeSchema, id, raw, changeFallbacks);
export const readCheckpoint = (id: string, raw: unknown): ReadResult<Checkpoint> => readRecord('checkpoints', checkpointSchema, id, raw, checkpointFallbacks);
export const readSession = (id: string, raw: unknown): ReadResult<Checkpoint> => readRecord('sessions', checkpointSchema, id, raw, checkpointFallbacks);
export const readScore = (id: string, raw: unknown): ReadResult<Score> => readRecord('scores', scoreSchema, id, raw, scoreFallbacks);
export const readRetrospective = (id: string, raw: unknown): ReadResult<Retrospective> => readRecord('retrospectives', retrospectiveSchema, id, raw, retrospectiveFallbacks);

/**
 * A journal entry's links are a nested Y.Map of id → kind, not the id → true
 * set that plainFields flattens: read link by link (a bad link is skipped and
 * reported, the others stay), sorted by id.
 */
function readLinks(map: string, id: string, links: unknown, problems: SchemaProblem[]): unknown {
  if (!(links instanceof Y.Map)) return links;
  const out: JournalLink[] = [];
  let skipped = 0;
  for (const [linkedId, kind] of links.entries()) {
    const link = journalLink.safeParse({ id: linkedId, kind });
    if (link.success) out.push(link.data);
    else skipped++;
  }
  if (skipped > 0) problems.push({ map, id, field: 'links', message: `links: ${skipped} unreadable link${skipped === 1 ? '' : 's'} skipped` });
  return out.sort((a, b) => compareStrings(a.id, b.id));
}

export function readJournalEntry(id: string, raw: unknown): ReadResult<JournalEntry> {
  const map = 'journalEntries';
  if (!(raw instanceof Y.Map)) return fail(map, id, 'not a map');
  const linkProblems: SchemaProblem[] = [];
  const read = readFields(map, journalEntrySchema, id, { ...plainFields(raw), links: readLinks(map, id, raw.get('links'), linkProblems) }, journalEntryFallbacks);
  return read.ok && linkProblems.length > 0 ? readOk(read.value, [...linkProblems, ...read.problems]) : read;
}

export const readInitiative = (id: string, raw: unknown): ReadResult<Initiative> => readEntity('initiatives', initiativeSchema, id, raw, initiativeFallbacks);
