import * as Y from 'yjs';
import { utcDateOf } from '../dates';
import { newId } from '../ids';
import { orderAtEnd, orderBetween, orderForMove, sortOrdered } from '../order';
import { openGates } from '../queries/rollouts';
import type { EntityMap } from '../schema/doc';
import {
  DEFAULT_GATES,
  GATE_STATUSES,
  STAGE_KINDS,
  STAGE_KIND_LABELS,
  STAGE_STATUSES,
  TOGGLE_KEY_PATTERN,
  readReadinessGate,
  type GateStatus,
  type ReadinessGate,
  type StageKind,
  type StageOverride,
  type StageStatus,
} from '../schema/rollouts';
import { CommandError, transact, type CommandContext } from './context';
import { buildEntity, checkDate, editText, liveOrders, mapOf, requireEntity, requireLiveEntity, requireShortText, restore, softDelete } from './entities';
import { requireTrackedKeyResult } from './tracked';
import { rootMap } from '../schema/roots';

/*
 * Rollout plans, their stages and readiness gates. Every record is a Y.Map
 * built whole before one transaction inserts it (a stage's cohorts map
 * included); each status, date or text is its own key, so two people changing
 * different things offline both keep their change. Inputs are checked before
 * anything is written.
 */

/** Stricter than the readers, so concurrent additions on two devices stay readable once merged. */
const MAX_NAME = 200;
const MAX_NOTE = 2_000;
const MAX_COHORT_NAME = 100;
const MAX_COHORTS = 100;

/** For liveOrders: the stages or gates of one plan. */
const ofPlan = (planId: string) => (entity: Y.Map<unknown>) => entity.get('rolloutId') === planId;

const requirePlan = (ctx: CommandContext, id: string) => requireEntity(rootMap(ctx.doc, 'rollouts'), id, 'rollout plan');
const requireStage = (ctx: CommandContext, id: string) => requireEntity(rootMap(ctx.doc, 'rolloutStages'), id, 'stage');
const requireGate = (ctx: CommandContext, id: string) => requireEntity(rootMap(ctx.doc, 'readinessGates'), id, 'readiness gate');

function checkToggleKey(ctx: CommandContext, value: string, planId: string | null): string {
  const key = value.trim();
  if (key === '') return key;
  if (!TOGGLE_KEY_PATTERN.test(key)) {
    throw new CommandError('A release toggle key starts with a letter or digit and has only letters, digits, dots, dashes and underscores (at most 128), like new-onboarding.', 'toggleKey');
  }
  for (const { id, entity } of liveOrders(rootMap(ctx.doc, 'rollouts'))) {
    if (id !== planId && entity.get('toggleKey') === key) throw new CommandError(`Another rollout plan already uses the release toggle ${key}.`, 'toggleKey');
  }
  return key;
}

function checkName(value: string, message: string): string {
  const name = requireShortText(value, 'The name', MAX_NAME);
  if (!name) throw new CommandError(message);
  return name;
}

function checkCohorts(cohorts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const cohort of cohorts) {
    const name = requireShortText(cohort, 'A cohort name', MAX_COHORT_NAME);
    if (name) out.add(name);
  }
  if (out.size > MAX_COHORTS) throw new CommandError(`A stage can have at most ${MAX_COHORTS} cohorts.`);
  return [...out];
}

function checkStatus(status: StageStatus): StageStatus {
  if (!STAGE_STATUSES.includes(status)) throw new CommandError(`Unknown stage status "${String(status)}".`);
  return status;
}

export interface NewStage {
  kind: StageKind;
  /** Defaults to the kind's label ("Early access"). */
  name?: string;
  cohorts?: readonly string[];
  audience?: string;
  plannedDate?: string | null;
}

interface CheckedStage {
  kind: StageKind;
  name: string;
  cohorts: string[];
  audience: string;
  plannedDate: string | null;
}

function checkStage(input: NewStage): CheckedStage {
  if (!STAGE_KINDS.includes(input.kind)) throw new CommandError(`Unknown kind of stage "${String(input.kind)}".`);
  return {
    kind: input.kind,
    name: checkName(input.name ?? STAGE_KIND_LABELS[input.kind], 'Name the stage.'),
    cohorts: checkCohorts(input.cohorts ?? []),
    audience: requireShortText(input.audience ?? '', 'The audience', MAX_NOTE),
    plannedDate: checkDate(input.plannedDate ?? null, 'The planned date'),
  };
}

function buildStage(ctx: CommandContext, id: string, rolloutId: string, order: string, stage: CheckedStage): Y.Map<unknown> {
  const cohorts = new Y.Map<boolean>();
  for (const name of stage.cohorts) cohorts.set(name, true);
  return mapOf({
    id,
    rolloutId,
    ...stage,
    cohorts,
    actualDate: null,
    status: 'planned',
    statusReason: '',
    statusAt: null,
    statusBy: null,
    override: null,
    order,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    deletedAt: null,
    deletedBy: null,
  });
}

export interface NewGate {
  name: string;
  owningTeam?: string;
}

function checkGate(input: NewGate): Required<NewGate> {
  return {
    name: checkName(input.name, 'Name the gate: what must be ready before general availability?'),
    owningTeam: requireShortText(input.owningTeam ?? '', 'The owning team', MAX_NAME),
  };
}

function buildGate(ctx: CommandContext, id: string, rolloutId: string, order: string, gate: Required<NewGate>): Y.Map<unknown> {
  return mapOf({
    id,
    rolloutId,
    ...gate,
    status: 'open',
    evidence: '',
    doneAt: null,
    doneBy: null,
    order,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    deletedAt: null,
    deletedBy: null,
  });
}

export interface NewRolloutPlan {
  /** The feature. */
  title: string;
  description?: string;
  /** The release toggle's key; '' or omitted while it has none. */
  toggleKey?: string;
  initiativeId?: string | null;
  keyResultId?: string | null;
  /** Add the stages internal → early access → general availability. */
  defaultStages?: boolean;
  /** Add the DEFAULT_GATES. */
  defaultGates?: boolean;
}

/** Adds a plan, with its default stages and gates if asked, in one transaction. Returns the plan's id. */
export function addRolloutPlan(ctx: CommandContext, input: NewRolloutPlan): string {
  const title = input.title.trim();
  if (!title) throw new CommandError('Name the feature: what will you roll out?', 'title');
  const initiativeId = input.initiativeId ?? null;
  const keyResultId = input.keyResultId ?? null;
  if (initiativeId === null && keyResultId === null) throw new CommandError('A rollout plan belongs to an initiative or a key result: choose one.', 'linkedTo');
  if (initiativeId !== null) requireLiveEntity(rootMap(ctx.doc, 'initiatives'), initiativeId, 'initiative');
  if (keyResultId !== null) requireTrackedKeyResult(ctx, keyResultId, 'plan a rollout for it');
  const id = newId();
  const plan = buildEntity(
    {
      id,
      toggleKey: checkToggleKey(ctx, input.toggleKey ?? '', null),
      initiativeId,
      keyResultId,
      order: orderAtEnd(liveOrders(rootMap(ctx.doc, 'rollouts'))),
      createdAt: ctx.now(),
      createdBy: ctx.actor,
      deletedAt: null,
      deletedBy: null,
    },
    { title, description: input.description ?? '' },
  );
  const children: [Y.Map<EntityMap>, string, Y.Map<unknown>][] = [];
  let order: string | null = null;
  for (const kind of input.defaultStages ? STAGE_KINDS : []) {
    const stageId = newId();
    order = orderBetween(order, null);
    children.push([rootMap(ctx.doc, 'rolloutStages'), stageId, buildStage(ctx, stageId, id, order, checkStage({ kind }))]);
  }
  order = null;
  for (const name of input.defaultGates ? DEFAULT_GATES : []) {
    const gateId = newId();
    order = orderBetween(order, null);
    children.push([rootMap(ctx.doc, 'readinessGates'), gateId, buildGate(ctx, gateId, id, order, checkGate({ name }))]);
  }
  transact(ctx, () => {
    rootMap(ctx.doc, 'rollouts').set(id, plan);
    for (const [map, childId, child] of children) map.set(childId, child);
  });
  return id;
}

export function editRolloutPlanText(ctx: CommandContext, id: string, field: 'title' | 'description', next: string, previous?: string): void {
  if (field !== 'title' && field !== 'description') throw new CommandError(`A rollout plan has no ${String(field)} to edit.`);
  editText(ctx, requirePlan(ctx, id), field, next, previous);
}

/** Sets (or clears, with '') the release toggle's key. */
export function setToggleKey(ctx: CommandContext, id: string, toggleKey: string): void {
  const plan = requirePlan(ctx, id);
  const key = checkToggleKey(ctx, toggleKey, id);
  if (plan.get('toggleKey') === key) return;
  transact(ctx, () => plan.set('toggleKey', key));
}

export function deleteRolloutPlan(ctx: CommandContext, id: string): void {
  softDelete(ctx, requirePlan(ctx, id));
}

export function restoreRolloutPlan(ctx: CommandContext, id: string): void {
  restore(ctx, requirePlan(ctx, id));
}

/**
 * Adds a stage to a live plan, placed by kind: after the plan's stages of the
 * same or an earlier kind (so early access lands before general availability).
 * A plan has at most one live general-availability stage.
 */
export function addStage(ctx: CommandContext, rolloutId: string, input: NewStage): string {
  requireLiveEntity(rootMap(ctx.doc, 'rollouts'), rolloutId, 'rollout plan');
  const stage = checkStage(input);
  const siblings = sortOrdered(liveOrders(rootMap(ctx.doc, 'rolloutStages'), ofPlan(rolloutId)));
  if (stage.kind === 'general-availability' && siblings.some((s) => s.entity.get('kind') === 'general-availability')) {
    throw new CommandError('This plan already has a general availability stage.');
  }
  const rank = (kind: unknown) => Math.max(0, STAGE_KINDS.indexOf(kind as StageKind));
  const index = siblings.findLastIndex((s) => rank(s.entity.get('kind')) <= rank(stage.kind)) + 1;
  const id = newId();
  const entity = buildStage(ctx, id, rolloutId, orderForMove(siblings, id, index), stage);
  transact(ctx, () => rootMap(ctx.doc, 'rolloutStages').set(id, entity));
  return id;
}

/** Renames a stage or rewrites its audience; only the fields given are written. */
export function editStage(ctx: CommandContext, id: string, changes: { name?: string; audience?: string }): void {
  const entity = requireStage(ctx, id);
  const name = changes.name === undefined ? undefined : checkName(changes.name, 'Name the stage.');
  const audience = changes.audience === undefined ? undefined : requireShortText(changes.audience, 'The audience', MAX_NOTE);
  transact(ctx, () => {
    if (name !== undefined && entity.get('name') !== name) entity.set('name', name);
    if (audience !== undefined && entity.get('audience') !== audience) entity.set('audience', audience);
  });
}

/** Sets the planned and/or actual day (YYYY-MM-DD, or null to clear); a date left out is not touched. */
export function setStageDates(ctx: CommandContext, id: string, dates: { plannedDate?: string | null; actualDate?: string | null }): void {
  const entity = requireStage(ctx, id);
  const planned = dates.plannedDate === undefined ? undefined : checkDate(dates.plannedDate, 'The planned date');
  const actual = dates.actualDate === undefined ? undefined : checkDate(dates.actualDate, 'The actual date');
  transact(ctx, () => {
    if (planned !== undefined && entity.get('plannedDate') !== planned) entity.set('plannedDate', planned);
    if (actual !== undefined && entity.get('actualDate') !== actual) entity.set('actualDate', actual);
  });
}

/**
 * Makes the stage's cohorts the given list. Only the difference is written
 * (one key per cohort), so two people adding different cohorts both keep theirs.
 */
export function setStageCohorts(ctx: CommandContext, id: string, cohorts: readonly string[]): void {
  const entity = requireStage(ctx, id);
  const wanted = new Set(checkCohorts(cohorts));
  const current = entity.get('cohorts');
  if (!(current instanceof Y.Map)) throw new CommandError('The cohorts of this stage are damaged in this workspace.');
  const present = [...current.keys()].filter((k) => current.get(k) === true);
  const merged = new Set([...present.filter((k) => wanted.has(k)), ...wanted]);
  if (merged.size > MAX_COHORTS) throw new CommandError(`A stage can have at most ${MAX_COHORTS} cohorts.`);
  transact(ctx, () => {
    for (const name of present) if (!wanted.has(name)) current.delete(name);
    for (const name of wanted) if (current.get(name) !== true) current.set(name, true);
  });
}

export interface StageStatusOptions {
  /** Why; required for 'rolled-back'. */
  reason?: string;
  /** Takes general availability live over open readiness gates; recorded on the stage. */
  overrideReason?: string;
}

/** The plan's live, readable gates (a gate no one can read, or whose status cannot be read, does not block). */
function gatesOfPlan(ctx: CommandContext, planId: string): ReadinessGate[] {
  const out: ReadinessGate[] = [];
  rootMap(ctx.doc, 'readinessGates').forEach((raw, id) => {
    if (!(raw instanceof Y.Map) || raw.get('rolloutId') !== planId) return;
    const read = readReadinessGate(id, raw);
    if (read.ok && !read.problems.some((p) => p.field === 'status')) out.push(read.value);
  });
  return out;
}

/**
 * Moves a stage to a status. Going live records today (UTC) as its actual date
 * when it has none. General availability goes live only when every live gate
 * of its plan is done, unless `overrideReason` is given: then the override
 * (reason, who, when, the open gates) is recorded. A rollback needs a reason.
 * Setting the status it already has only updates the reason, if one is given.
 */
export function setStageStatus(ctx: CommandContext, id: string, status: StageStatus, options: StageStatusOptions = {}): void {
  const entity = requireStage(ctx, id);
  const next = checkStatus(status);
  const reason = requireShortText(options.reason ?? '', 'The reason', MAX_NOTE);
  const overrideReason = requireShortText(options.overrideReason ?? '', 'The reason to override', MAX_NOTE);
  if (entity.get('status') === next) {
    if (reason && entity.get('statusReason') !== reason) transact(ctx, () => entity.set('statusReason', reason));
    return;
  }
  if (next === 'rolled-back' && !reason) throw new CommandError('Say why it was rolled back: a rollback needs a reason.', 'reason');

  let override: StageOverride | null | undefined;
  if (next === 'live' && entity.get('kind') === 'general-availability') {
    const planId = entity.get('rolloutId');
    const open = typeof planId === 'string' ? openGates(planId, gatesOfPlan(ctx, planId)) : [];
    if (open.length > 0 && !overrideReason) {
      const which = open.length === 1 ? 'a readiness gate is' : `${open.length} readiness gates are`;
      throw new CommandError(`General availability cannot go live while ${which} open (${open.map((g) => g.name).join(', ')}). Complete them, or override with a reason.`, 'gates');
    }
    override = open.length > 0 ? { reason: overrideReason, by: ctx.actor, at: ctx.now(), openGates: open.map((g) => g.name) } : null;
  }

  transact(ctx, () => {
    entity.set('status', next);
    entity.set('statusReason', reason);
    entity.set('statusAt', ctx.now());
    entity.set('statusBy', ctx.actor);
    if (override !== undefined) entity.set('override', override);
    if (next === 'live' && entity.get('actualDate') == null) entity.set('actualDate', utcDateOf(ctx.now()));
  });
}

export function deleteStage(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireStage(ctx, id));
}

export function restoreStage(ctx: CommandContext, id: string): void {
  restore(ctx, requireStage(ctx, id));
}

/** Adds a readiness gate, open, at the end of a live plan's gates. */
export function addGate(ctx: CommandContext, rolloutId: string, input: NewGate): string {
  requireLiveEntity(rootMap(ctx.doc, 'rollouts'), rolloutId, 'rollout plan');
  const gate = checkGate(input);
  const id = newId();
  const entity = buildGate(ctx, id, rolloutId, orderAtEnd(liveOrders(rootMap(ctx.doc, 'readinessGates'), ofPlan(rolloutId))), gate);
  transact(ctx, () => rootMap(ctx.doc, 'readinessGates').set(id, entity));
  return id;
}

/** Renames a gate or changes its owning team; only the fields given are written. */
export function editGate(ctx: CommandContext, id: string, changes: { name?: string; owningTeam?: string }): void {
  const entity = requireGate(ctx, id);
  const name = changes.name === undefined ? undefined : checkName(changes.name, 'Name the gate: what must be ready before general availability?');
  const team = changes.owningTeam === undefined ? undefined : requireShortText(changes.owningTeam, 'The owning team', MAX_NAME);
  transact(ctx, () => {
    if (name !== undefined && entity.get('name') !== name) entity.set('name', name);
    if (team !== undefined && entity.get('owningTeam') !== team) entity.set('owningTeam', team);
  });
}

/**
 * Marks a gate done (recording who and when) or open again, and sets its
 * evidence when given. Status and evidence are separate keys.
 */
export function setGateStatus(ctx: CommandContext, id: string, status: GateStatus, evidence?: string): void {
  const entity = requireGate(ctx, id);
  if (!GATE_STATUSES.includes(status)) throw new CommandError(`Unknown gate status "${String(status)}".`);
  const proof = evidence === undefined ? undefined : requireShortText(evidence, 'The evidence', MAX_NOTE);
  transact(ctx, () => {
    if (entity.get('status') !== status) {
      entity.set('status', status);
      entity.set('doneAt', status === 'done' ? ctx.now() : null);
      entity.set('doneBy', status === 'done' ? ctx.actor : null);
    }
    if (proof !== undefined && entity.get('evidence') !== proof) entity.set('evidence', proof);
  });
}

export function deleteGate(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireGate(ctx, id));
}

export function restoreGate(ctx: CommandContext, id: string): void {
  restore(ctx, requireGate(ctx, id));
}
