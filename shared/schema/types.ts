/**
 * Plain, validated views of the entities stored in a workspace document.
 * These are what queries and the UI read; the document itself stores them as
 * Y.Maps (objectives, key results) and immutable plain records (check-ins).
 * See docs/schema.md for the wire-level layout.
 */

export type WorkspaceKind = 'team' | 'workshop' | 'journal';

export interface WorkspaceMeta {
  id: string;
  schemaVersion: number;
  kind: WorkspaceKind;
  title: string;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  cycleStart: string;
  cycleEnd: string;
  createdAt: number;
  /** Workspace settings for the signal rules; defaults where never set. */
  signalThresholds: SignalThresholds;
}

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
export interface EntityBase extends SoftDeletable {
  id: string;
  title: string;
  description: string;
  /** Objectives: "why now"; key results: "why this measure". Co-edited text. */
  why: string;
  owner: string;
  /** Fractional index among its siblings; sort by (order, id). */
  order: string;
  createdAt: number;
  createdBy: string;
  /** Carried forward from a previous cycle: "<workspace id>/<entity id>", else null. */
  carriedFrom: string | null;
  /** Set on the copy when it was shared from a personal journal; absent otherwise. */
  sharedFrom?: SharedFrom;
}

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

export interface Objective extends EntityBase {
  commitment: Commitment;
  status: LifecycleStatus;
  /** Set when status is 'closed'. */
  closedAs: ClosedAs | null;
  /** Why it was added after the OKRs were published, or null. */
  addedReason: string | null;
  /**
   * The key results that were live when the objective was deleted: they went to
   * the trash with it. A live KR under a deleted objective that is not listed
   * here was added concurrently, and is shown as orphaned rather than hidden.
   */
  deletedKeyResultIds: string[];
}

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

export interface KeyResultBase extends EntityBase {
  objectiveId: string;
  risk: Risk | null;
  status: LifecycleStatus;
  closedAs: ClosedAs | null;
  /** Why it was added after the OKRs were published, or null. */
  addedReason: string | null;
}

/** A number moving from a baseline towards a target, or held above/below a threshold. */
export interface MetricKeyResult extends KeyResultBase {
  kind: 'metric';
  direction: MetricDirection;
  baseline: number;
  /** For stayAbove / stayBelow this is the threshold. */
  target: number;
  unit: string;
}

/** Done or not done; check-ins record 1 (done) or 0 (not yet). */
export interface MilestoneKeyResult extends KeyResultBase {
  kind: 'milestone';
}

/** A count of deliverables from 0 to `target` (the check-in value is the count so far). */
export interface OutputKeyResult extends KeyResultBase {
  kind: 'output';
  target: number;
  unit: string;
}

/**
 * Questions or hypotheses (see `Question`); check-ins answer them. Progress is
 * the answered share.
 */
export interface LearningKeyResult extends KeyResultBase {
  kind: 'learning';
}

export type KeyResult = MetricKeyResult | OutputKeyResult | LearningKeyResult | MilestoneKeyResult;

/** A question or hypothesis of a learning KR. */
export interface Question {
  id: string;
  keyResultId: string;
  text: string;
  order: string;
  createdAt: number;
  createdBy: string;
  deletedAt: number | null;
  /** Set on the copy when it was shared from a personal journal. */
  sharedFrom?: SharedFrom;
}

export const ANSWERS = ['validated', 'invalidated', 'open'] as const;
export type Answer = (typeof ANSWERS)[number];

/** An immutable snapshot: never edited, only added. */
export interface CheckIn {
  id: string;
  keyResultId: string;
  value: number;
  /** 0–10, or null when the author gave none. */
  confidence: number | null;
  note: string;
  author: string;
  /** Epoch ms. */
  at: number;
  /** Learning KRs: the questions this check-in answered (or reopened), by question id. */
  answers?: Readonly<Record<string, Answer>>;
  /** Set on the copy when it was shared from a personal journal. */
  sharedFrom?: SharedFrom;
  /**
   * A correction or withdrawal: the id of the original check-in (same KR, same
   * author) it supersedes. Its value, confidence and note replace the original's;
   * the original keeps its time (shared/queries/checkInHistory.ts).
   */
  corrects?: string;
  /** On a revision: the original no longer counts. */
  withdrawn?: true;
  /** On a revision: why it was corrected or withdrawn. */
  reason?: string;
}

export const INITIATIVE_STATUSES = ['planned', 'active', 'done', 'dropped'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];
export const INITIATIVE_KINDS = ['activity', 'experiment', 'deliverable'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

/** Work (an activity, experiment or deliverable) that bets on one or more KRs. */
export interface Initiative extends SoftDeletable {
  id: string;
  title: string;
  description: string;
  kind: InitiativeKind;
  owner: string;
  status: InitiativeStatus;
  /** The ISO week (YYYY-Www) the team focuses on it, or null. */
  focusWeek: string | null;
  /** The KRs it supports, sorted. Stored as a Y.Map of id → true so concurrent links merge. */
  keyResultIds: string[];
  order: string;
  createdAt: number;
  createdBy: string;
  /** Carried forward from a previous cycle: "<workspace id>/<initiative id>", else null. */
  carriedFrom: string | null;
}

export const DECISION_KINDS = ['persevere', 'pivot', 'stop', 'escalate'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** A decision taken on evidence: immutable once recorded, like a check-in. */
export interface Decision {
  id: string;
  kind: DecisionKind;
  rationale: string;
  /** The KRs it affects. */
  keyResultIds: string[];
  /** The check-ins that were the evidence. */
  checkInIds: string[];
  /** The signals it answers (their keys); an answered signal is closed. */
  signalKeys: string[];
  author: string;
  at: number;
}

/**
 * An end-of-cycle score of a KR, 0.0–1.0. Append-only like check-ins: a
 * rescore is a new record and the latest counts, so nobody's score is lost.
 */
export interface Score {
  id: string;
  keyResultId: string;
  score: number;
  /** What Cairn suggested from the KR's progress when it was scored. */
  suggested: number | null;
  note: string;
  author: string;
  at: number;
}

/** What becomes of an objective after the cycle. */
export const OBJECTIVE_NEXT = ['carry-forward', 'de-scope', 'complete'] as const;
export type ObjectiveNext = (typeof OBJECTIVE_NEXT)[number];

/** A short retrospective of an objective. Append-only; the latest counts. */
export interface Retrospective {
  id: string;
  objectiveId: string;
  learned: string;
  next: ObjectiveNext;
  /** Why carry it forward, or why de-scope it. */
  reason: string;
  author: string;
  at: number;
}

/** What a recorded change did. */
export const CHANGE_KINDS = ['added', 'commitment', 'status', 'target'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * A change to the plan, with who, when and why: append-only, so "what changed
 * since publishing" is never lost, whoever made the change and wherever.
 */
export interface Change {
  id: string;
  entity: 'objective' | 'keyResult';
  entityId: string;
  kind: ChangeKind;
  /** Short descriptions of before and after (e.g. "active" → "closed: dropped", "10 → 40 teams"). */
  from: string;
  to: string;
  reason: string;
  author: string;
  at: number;
}

/**
 * A named moment. Append-only. In `checkpoints`: the OKRs as published at the
 * start of a cycle. In `sessions`: when a workshop began hosting, so the
 * facilitator's report can say what changed in the session. (Two maps, not a
 * kind field: a Cairn that predates sessions ignores the `sessions` map, where
 * it would have read a session checkpoint as a publication.)
 */
export interface Checkpoint {
  id: string;
  name: string;
  author: string;
  at: number;
}

/** How often a journal's reflections are written: weekly by default. */
export const JOURNAL_PERIODS = ['week', 'day'] as const;
export type JournalPeriod = (typeof JOURNAL_PERIODS)[number];

/** What a journal entry can link to, by the linked entity's map. */
export const JOURNAL_LINK_KINDS = ['keyResult', 'checkIn', 'decision'] as const;
export type JournalLinkKind = (typeof JOURNAL_LINK_KINDS)[number];

export interface JournalLink {
  id: string;
  kind: JournalLinkKind;
}

/**
 * A dated reflection in a personal journal: three prompts answered in
 * co-edited text, linked to the KRs, check-ins and decisions it is about.
 */
export interface JournalEntry extends SoftDeletable {
  id: string;
  /** The day (YYYY-MM-DD) the reflection is for; a weekly entry's is the Monday of its ISO week. */
  date: string;
  period: JournalPeriod;
  /** "What moved?" */
  moved: string;
  /** "What did I learn?" */
  learned: string;
  /** "What do I decide next?" */
  next: string;
  /** Sorted by id. Stored as a Y.Map of id → kind so concurrent links merge. */
  links: JournalLink[];
  createdAt: number;
  createdBy: string;
}

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
