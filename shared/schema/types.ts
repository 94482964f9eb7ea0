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
}

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
  owner: string;
  /** Fractional index among its siblings; sort by (order, id). */
  order: string;
  createdAt: number;
  createdBy: string;
}

export interface Objective extends EntityBase {
  /**
   * The key results that were live when the objective was deleted: they went to
   * the trash with it. A live KR under a deleted objective that is not listed
   * here was added concurrently, and is shown as orphaned rather than hidden.
   */
  deletedKeyResultIds: string[];
}

/** How a metric KR's number is judged against its target. */
export type MetricDirection = 'increase' | 'decrease' | 'stayAbove' | 'stayBelow';
export const METRIC_DIRECTIONS: readonly MetricDirection[] = ['increase', 'decrease', 'stayAbove', 'stayBelow'];

export type KeyResultKind = 'metric' | 'milestone';
export const KEY_RESULT_KINDS: readonly KeyResultKind[] = ['metric', 'milestone'];

export interface KeyResultBase extends EntityBase {
  objectiveId: string;
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

export type KeyResult = MetricKeyResult | MilestoneKeyResult;

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
}

/** Something in the document that could not be read; the rest still loads. */
export interface SchemaProblem {
  map: string;
  id: string;
  message: string;
}
