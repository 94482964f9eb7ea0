/**
 * Plain, validated views of the entities stored in a workspace document.
 * These are what queries and the UI read; the document itself stores them as
 * Y.Maps (objectives, key results) and immutable plain records (check-ins).
 * See docs/schema.md for the wire-level layout.
 *
 * The record types that a reader's schema describes whole are inferred from
 * it (shared/schema/readRecords.ts), so each field is declared once; the field
 * notes are beside the schemas.
 */
import type { z } from 'zod';
import type {
  changeSchema,
  checkInSchema,
  checkpointSchema,
  decisionSchema,
  initiativeSchema,
  journalEntrySchema,
  journalLink,
  keyResultSchema,
  objectiveSchema,
  questionSchema,
  retrospectiveSchema,
  scoreSchema,
} from './readRecords';
import type { metaSchema } from './readMeta';

export type WorkspaceKind = 'team' | 'workshop' | 'journal';

/** The workspace header (the `meta` root): the fields its schema describes (readMeta.ts), and the signal thresholds. */
export type WorkspaceMeta = z.output<typeof metaSchema> & {
  /** Workspace settings for the signal rules; defaults where never set. */
  signalThresholds: SignalThresholds;
};

/** When a KR's check-ins become a signal. Workspace settings, shared by the team. */
export interface SignalThresholds {
  /** Behind pace when progress trails the pace line by more than this many percentage points. */
  behindPacePoints: number;
  /** Stale after this many days without a check-in (the team's check-in rhythm). */
  checkInRhythmDays: number;
  /** A single fall of at least this much confidence is a drop. */
  confidenceDrop: number;
  /** Divergence: confidence at least this high while the value has not moved for `divergenceCheckIns`. */
  divergenceConfidence: number;
  divergenceCheckIns: number;
}

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = {
  behindPacePoints: 15,
  checkInRhythmDays: 7,
  confidenceDrop: 3,
  divergenceConfidence: 7,
  divergenceCheckIns: 3,
};

/** Allowed range of each threshold, checked by the command and the reader. */
export const SIGNAL_THRESHOLD_LIMITS: Record<keyof SignalThresholds, { min: number; max: number; integer: boolean }> = {
  behindPacePoints: { min: 1, max: 100, integer: false },
  checkInRhythmDays: { min: 1, max: 90, integer: true },
  confidenceDrop: { min: 1, max: 10, integer: true },
  divergenceConfidence: { min: 0, max: 10, integer: true },
  divergenceCheckIns: { min: 2, max: 20, integer: true },
};

export interface SoftDeletable {
  /** Epoch ms when deleted, or null when live. */
  deletedAt: number | null;
  deletedBy: string | null;
}

/** What objectives and key results have in common. */
export type EntityBase = Omit<Objective, 'commitment' | 'status' | 'closedAs' | 'addedReason' | 'deletedKeyResultIds'>;

/**
 * Where a copy shared from a personal journal came from. Sharing again skips
 * what the target already holds a copy of, by (workspaceId, entityId).
 */
export interface SharedFrom {
  /** The journal's workspace id. */
  workspaceId: string;
  /** The id of the original in the journal. */
  entityId: string;
  /** Epoch ms when it was shared. */
  at: number;
}

/** Committed OKRs are expected to be met in full; aspirational ones to land around 0.7. */
export const COMMITMENTS = ['committed', 'aspirational'] as const;
export type Commitment = (typeof COMMITMENTS)[number];

/** Where an objective (or KR) is in its life: draft → active → closed. */
export type LifecycleStatus = 'draft' | 'active' | 'closed';
/** How a closed objective or KR ended. `abandoned` reads "dropped" everywhere (the stored word predates it). */
export const CLOSED_AS = ['achieved', 'missed', 'modified', 'deferred', 'abandoned'] as const;
export type ClosedAs = (typeof CLOSED_AS)[number];
/** Endings that change the plan mid-cycle: they need a reason. */
export const CLOSINGS_NEEDING_REASON: readonly ClosedAs[] = ['modified', 'deferred', 'abandoned'];

export type Objective = z.output<typeof objectiveSchema>;

/** How a metric KR's number is judged against its target. */
export const METRIC_DIRECTIONS = ['increase', 'decrease', 'stayAbove', 'stayBelow'] as const;
export type MetricDirection = (typeof METRIC_DIRECTIONS)[number];

/**
 * The kinds of key result. `metric` is the outcome KR (a number from a
 * baseline to a target, or held above/below a threshold); `output` counts
 * deliverables; `learning` asks questions that check-ins answer; `milestone`
 * is done or not.
 */
export const KEY_RESULT_KINDS = ['metric', 'output', 'learning', 'milestone'] as const;
export type KeyResultKind = (typeof KEY_RESULT_KINDS)[number];

/**
 * The risk a KR addresses: understanding (do we know what to build and why?),
 * dependency (will others deliver what we need?), execution (can we deliver,
 * and does it move the outcome?). Null until the team names it.
 */
export const RISKS = ['understanding', 'dependency', 'execution'] as const;
export type Risk = (typeof RISKS)[number];

export type KeyResultBase = Omit<MetricKeyResult, 'kind' | 'direction' | 'baseline' | 'target' | 'unit'>;

/** A number moving from a baseline towards a target, or held above/below a threshold. */
export type MetricKeyResult = Extract<KeyResult, { kind: 'metric' }>;

/** Done or not done; check-ins record 1 (done) or 0 (not yet). */
export type MilestoneKeyResult = Extract<KeyResult, { kind: 'milestone' }>;

/** A count of deliverables from 0 to `target` (the check-in value is the count so far). */
export type OutputKeyResult = Extract<KeyResult, { kind: 'output' }>;

/**
 * Questions or hypotheses (see `Question`); check-ins answer them. Progress is
 * the answered share.
 */
export type LearningKeyResult = Extract<KeyResult, { kind: 'learning' }>;

export type KeyResult = z.output<typeof keyResultSchema>;

/** A question or hypothesis of a learning KR. */
export type Question = z.output<typeof questionSchema>;

export const ANSWERS = ['validated', 'invalidated', 'open'] as const;
export type Answer = (typeof ANSWERS)[number];

/** An immutable snapshot: never edited, only added. */
export type CheckIn = z.output<typeof checkInSchema>;

export const INITIATIVE_STATUSES = ['planned', 'active', 'done', 'dropped'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];
export const INITIATIVE_KINDS = ['activity', 'experiment', 'deliverable'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

/** Work (an activity, experiment or deliverable) that bets on one or more KRs. */
export type Initiative = z.output<typeof initiativeSchema>;

export const DECISION_KINDS = ['persevere', 'pivot', 'stop', 'escalate'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** A decision taken on evidence: immutable once recorded, like a check-in. */
export type Decision = z.output<typeof decisionSchema>;

/**
 * An end-of-cycle score of a KR, 0.0–1.0. Append-only like check-ins: a
 * rescore is a new record and the latest counts, so nobody's score is lost.
 */
export type Score = z.output<typeof scoreSchema>;

/** What becomes of an objective after the cycle. */
export const OBJECTIVE_NEXT = ['carry-forward', 'de-scope', 'complete'] as const;
export type ObjectiveNext = (typeof OBJECTIVE_NEXT)[number];

/** A short retrospective of an objective. Append-only; the latest counts. */
export type Retrospective = z.output<typeof retrospectiveSchema>;

/** What a recorded change did. */
export const CHANGE_KINDS = ['added', 'commitment', 'status', 'target'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * A change to the plan, with who, when and why: append-only, so "what changed
 * since publishing" is never lost, whoever made the change and wherever.
 */
export type Change = z.output<typeof changeSchema>;

/**
 * A named moment. Append-only. In `checkpoints`: the OKRs as published at the
 * start of a cycle. In `sessions`: when a workshop began hosting, so the
 * facilitator's report can say what changed in the session. (Two maps, not a
 * kind field: a Cairn that predates sessions ignores the `sessions` map, where
 * it would have read a session checkpoint as a publication.)
 */
export type Checkpoint = z.output<typeof checkpointSchema>;

/** How often a journal's reflections are written: weekly by default. */
export const JOURNAL_PERIODS = ['week', 'day'] as const;
export type JournalPeriod = (typeof JOURNAL_PERIODS)[number];

/** What a journal entry can link to, by the linked entity's map. */
export const JOURNAL_LINK_KINDS = ['keyResult', 'checkIn', 'decision'] as const;
export type JournalLinkKind = (typeof JOURNAL_LINK_KINDS)[number];

export type JournalLink = z.output<typeof journalLink>;

/**
 * A dated reflection in a personal journal: three prompts answered in
 * co-edited text, linked to the KRs, check-ins and decisions it is about.
 */
export type JournalEntry = z.output<typeof journalEntrySchema>;

/**
 * Something in the document that could not be read as written. With `field`,
 * that field was repaired (cut to its limit or read as its default) and the
 * record still loads; without it, the record could not be read at all.
 */
export interface SchemaProblem {
  /** The root map ('meta' for the workspace header). */
  map: string;
  /** The record's id ('' for meta). */
  id: string;
  /** The repaired field, when the record itself was kept. */
  field?: string;
  /** What was wrong with the field, in the validator's words (without how it was repaired). */
  reason?: string;
  message: string;
}
