import { z } from 'zod';
import {
  CREATED_FALLBACKS,
  FALLBACK_ORDER_KEY,
  MISSING_REFERENCE,
  calendarDate,
  entityId,
  epochMs,
  longText,
  orderKey,
  readEntity,
  softDeleteFields,
  type Fallbacks,
  type ReadResult,
} from './readCommon';

/*
 * Feature rollout plans: a feature behind a release toggle, rolled out in
 * ordered stages (internal, early access, general availability), with the
 * business readiness gates that must be done before general availability.
 * Three flat root maps, records referring to their plan by `rolloutId`.
 * See docs/rollouts.md.
 */

export const STAGE_KINDS = ['internal', 'early-access', 'general-availability'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const STAGE_KIND_LABELS: Record<StageKind, string> = {
  internal: 'Internal',
  'early-access': 'Early access',
  'general-availability': 'General availability',
};

export const STAGE_STATUSES = ['planned', 'live', 'paused', 'rolled-back'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const GATE_STATUSES = ['open', 'done'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

/** The readiness gates offered for a new plan: what business readiness before GA usually means. */
export const DEFAULT_GATES: readonly string[] = ['Marketing announcement', 'Documentation', 'Customer success / support trained', 'Sales enabled'];

/**
 * A release toggle's key as flag tools write them (`new-onboarding`,
 * `billing.v2_invoices`): a letter or digit, then letters, digits, dots,
 * dashes or underscores, at most 128 characters. Empty means "not named yet".
 */
export const TOGGLE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Limits the readers enforce (commands are stricter, so merged concurrent edits stay readable). */
export const ROLLOUT_LIMITS = {
  name: 500,
  note: 2_000,
  cohortName: 200,
  cohortsPerStage: 1_000,
  overrideGates: 1_000,
} as const;

/*
 * The record types are what the readers below return: inferred from their
 * schemas, so a field is declared once.
 */

/** A feature rolled out behind a release toggle. Belongs to an initiative, a KR or both. */
export type RolloutPlan = z.output<typeof planSchema>;

/** Recorded when general availability went live while readiness gates were open. */
export type StageOverride = z.output<typeof overrideSchema>;

export type Stage = z.output<typeof stageSchema>;

export type ReadinessGate = z.output<typeof gateSchema>;

/*
 * Validation: the field rules (ids, times, order keys, text limits) and the
 * reading itself are readCommon.ts's, shared by every root map.
 */

const shortText = z.string().max(ROLLOUT_LIMITS.name);
const note = z.string().max(ROLLOUT_LIMITS.note);

const base = {
  id: entityId,
  order: orderKey,
  createdAt: epochMs,
  createdBy: shortText,
  ...softDeleteFields,
};

const planSchema = z.object({
  ...base,
  /** The feature. Co-edited (Y.Text). */
  title: longText,
  description: longText.default(''),
  /** The release toggle's key, or '' while it has none. */
  toggleKey: z.union([z.literal(''), z.string().regex(TOGGLE_KEY_PATTERN, 'must be a release toggle key')]).default(''),
  initiativeId: entityId.nullable().default(null),
  keyResultId: entityId.nullable().default(null),
});

const overrideSchema = z.object({
  reason: note,
  by: shortText,
  at: epochMs,
  /** Names of the gates that were open at that moment. */
  openGates: z.array(shortText).max(ROLLOUT_LIMITS.overrideGates).default([]),
});

const stageSchema = z.object({
  ...base,
  rolloutId: entityId,
  kind: z.enum(STAGE_KINDS),
  name: shortText,
  /** Named cohorts (sorted). Stored as a Y.Map of name → true so concurrent additions merge. */
  cohorts: z.array(z.string().max(ROLLOUT_LIMITS.cohortName)).max(ROLLOUT_LIMITS.cohortsPerStage).default([]),
  audience: note.default(''),
  /** YYYY-MM-DD or null. */
  plannedDate: calendarDate.nullable().default(null),
  actualDate: calendarDate.nullable().default(null),
  status: z.enum(STAGE_STATUSES),
  /** Why it is in its status; Cairn requires one for 'rolled-back'. '' when none. */
  statusReason: note.default(''),
  statusAt: epochMs.nullable().default(null),
  statusBy: shortText.nullable().default(null),
  /** Set when a GA stage last went live over open gates; null otherwise. */
  override: overrideSchema.nullable().default(null),
});

const gateSchema = z.object({
  ...base,
  rolloutId: entityId,
  name: shortText,
  /** Free text until teams exist. */
  owningTeam: shortText.default(''),
  status: z.enum(GATE_STATUSES),
  /** What shows it is done, e.g. a link. */
  evidence: note.default(''),
  doneAt: epochMs.nullable().default(null),
  doneBy: shortText.nullable().default(null),
});

/** What a lost or unreadable field reads as (readCommon.ts's readFields); fields with a schema default need none. */
const baseFallbacks: Fallbacks = { ...CREATED_FALLBACKS, order: () => FALLBACK_ORDER_KEY };
const planFallbacks: Fallbacks = { ...baseFallbacks, title: () => '' };
const stageFallbacks: Fallbacks = { ...baseFallbacks, rolloutId: () => MISSING_REFERENCE, kind: () => 'internal', name: () => '', status: () => 'planned' };
const gateFallbacks: Fallbacks = { ...baseFallbacks, rolloutId: () => MISSING_REFERENCE, name: () => '', status: () => 'open' };

export const readRolloutPlan = (id: string, raw: unknown): ReadResult<RolloutPlan> => readEntity('rollouts', planSchema, id, raw, planFallbacks);
export const readStage = (id: string, raw: unknown): ReadResult<Stage> => readEntity('rolloutStages', stageSchema, id, raw, stageFallbacks);
export const readReadinessGate = (id: string, raw: unknown): ReadResult<ReadinessGate> => readEntity('readinessGates', gateSchema, id, raw, gateFallbacks);
