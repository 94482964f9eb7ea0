import type * as Y from 'yjs';
import { latestRecord } from '../collections';
import { firstProblem } from '../schema/readCommon';
import { newId } from '../ids';
import { readChange, readCheckpoint } from '../schema/read';
import { readAll } from '../schema/readCommon';
import {
  CLOSED_AS,
  CLOSINGS_NEEDING_REASON,
  COMMITMENTS,
  type Change,
  type Checkpoint,
  type ClosedAs,
  type Commitment,
  type LifecycleStatus,
} from '../schema/types';
import { closedAsLabel } from '../queries/tracking';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { requireEntity } from './entities';
import { rootMap } from '../schema/roots';

/*
 * Commitments that can change: objectives and KRs go draft → active → closed
 * (achieved, missed, modified, deferred, dropped — stored as `abandoned`). A change of plan is never
 * silent: it needs a reason where it alters what others rely on, and every
 * change is recorded (who, when, why) in the append-only change log, so "what
 * changed since publishing" survives offline edits merged later.
 */

const MAX_REASON = 2_000;

function cleanReason(reason: string | undefined): string {
  const value = toWellFormed((reason ?? '').trim());
  if (value.length > MAX_REASON) throw new CommandError(`The reason is too long (at most ${MAX_REASON.toLocaleString('en')} characters).`, 'reason');
  return value;
}

/** The latest published checkpoint, or null before the OKRs are published. */
export function latestCheckpoint(doc: Y.Doc): Checkpoint | null {
  return latestRecord(readAll(rootMap(doc, 'checkpoints'), readCheckpoint, []).values());
}

/** Publishes the OKRs: a named checkpoint the cycle starts from. Returns its id. */
export function publishCheckpoint(ctx: CommandContext, name: string): string {
  const clean = toWellFormed(name.trim());
  if (!clean) throw new CommandError('Name the checkpoint, for example “Start of Q4”.', 'name');
  if (clean.length > 200) throw new CommandError('The name is too long (at most 200 characters).', 'name');
  const record: Checkpoint = { id: newId(), name: clean, author: ctx.actor, at: ctx.now() };
  transact(ctx, () => rootMap(ctx.doc, 'checkpoints').set(record.id, record));
  return record.id;
}

/**
 * Marks the start of a workshop session (taken when hosting begins), so the
 * facilitator's report can list what the session added, changed and decided.
 */
export function markSessionStart(ctx: CommandContext, name: string): string {
  const record: Checkpoint = { id: newId(), name: toWellFormed(name.trim()).slice(0, 200) || 'Workshop session', author: ctx.actor, at: ctx.now() };
  transact(ctx, () => rootMap(ctx.doc, 'sessions').set(record.id, record));
  return record.id;
}

/**
 * Builds and checks a change record. Call it before writing anything, so a
 * record that cannot be stored refuses the whole change instead of leaving
 * the change made and unlogged; then `logChange` it inside the transaction.
 */
export function changeRecord(ctx: CommandContext, change: Omit<Change, 'id' | 'author' | 'at'>): Change {
  const record: Change = { ...change, from: String(change.from).slice(0, 500), to: String(change.to).slice(0, 500), id: newId(), author: ctx.actor, at: ctx.now() };
  const checked = readChange(record.id, record);
  const problem = firstProblem(checked);
  if (problem) throw new CommandError(`This change cannot be recorded: ${problem.message}.`);
  return record;
}

/** Appends a checked change record; call inside the transaction that makes the change. */
export function logChange(ctx: CommandContext, record: Change): void {
  rootMap(ctx.doc, 'changes').set(record.id, record);
}

/**
 * The reason an addition needs once the OKRs are published (null before).
 * Throws when published and no reason is given.
 */
export function reasonForAddition(ctx: CommandContext, reason: string | undefined, noun: string): string | null {
  if (!latestCheckpoint(ctx.doc)) return null;
  const clean = cleanReason(reason);
  if (!clean) throw new CommandError(`The OKRs were published: say why this ${noun} is added mid-cycle.`, 'reason');
  return clean;
}

/** A checked change that is ready to write: validation has run, nothing is written yet. */
interface PlannedChange {
  apply: () => void;
}

function planCommitment(ctx: CommandContext, id: string, commitment: Commitment, reason: string): PlannedChange | null {
  const entity = requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  if (!COMMITMENTS.includes(commitment)) throw new CommandError(`Unknown commitment "${String(commitment)}".`);
  const stored = entity.get('commitment');
  const previous = typeof stored === 'string' ? stored : 'committed';
  if (previous === commitment) return null;
  const why = cleanReason(reason);
  if (!why) throw new CommandError(`Say why the objective becomes ${commitment}: the team and whoever it reports to will read it.`, 'reason');
  const record = changeRecord(ctx, { entity: 'objective', entityId: id, kind: 'commitment', from: previous, to: commitment, reason: why });
  return {
    apply: () => {
      entity.set('commitment', commitment);
      logChange(ctx, record);
    },
  };
}

export function setObjectiveCommitment(ctx: CommandContext, id: string, commitment: Commitment, reason: string): void {
  const planned = planCommitment(ctx, id, commitment, reason);
  if (planned) transact(ctx, planned.apply);
}

export interface StatusChange {
  status: LifecycleStatus;
  /** Required when status is 'closed'. */
  closedAs?: ClosedAs | null;
  reason?: string;
}

/**
 * "active", "closed: dropped" — how a status reads in the change log, in the
 * words the app offers (records an older Cairn wrote say "closed: abandoned":
 * `readableChange` in queries/changes.ts reads those as dropped).
 */
export function describeStatus(status: LifecycleStatus, closedAs: ClosedAs | null): string {
  return status === 'closed' && closedAs ? `closed: ${closedAsLabel(closedAs)}` : status;
}

function planStatus(ctx: CommandContext, entity: Y.Map<unknown>, kind: 'objective' | 'keyResult', id: string, change: StatusChange): PlannedChange | null {
  const status = change.status;
  if (status !== 'draft' && status !== 'active' && status !== 'closed') throw new CommandError(`Unknown status "${String(status)}".`);
  const closedAs = status === 'closed' ? (change.closedAs ?? null) : null;
  if (status === 'closed' && (!closedAs || !CLOSED_AS.includes(closedAs))) throw new CommandError('Say how it ended: achieved, missed, modified, deferred or dropped.', 'status');
  // What is stored may come from any peer: read it defensively.
  const storedStatus = entity.get('status');
  const storedClosedAs = entity.get('closedAs');
  const previousStatus: LifecycleStatus = storedStatus === 'draft' || storedStatus === 'closed' ? storedStatus : 'active';
  const previousClosedAs = CLOSED_AS.includes(storedClosedAs as ClosedAs) ? (storedClosedAs as ClosedAs) : null;
  if (previousStatus === status && previousClosedAs === closedAs) return null;
  const why = cleanReason(change.reason);
  const noun = kind === 'objective' ? 'objective' : 'key result';
  if (closedAs && CLOSINGS_NEEDING_REASON.includes(closedAs) && !why) {
    throw new CommandError(`Say why the ${noun} is ${closedAsLabel(closedAs)}: a change of plan is recorded with its reason, not as a failure.`, 'reason');
  }
  if (previousStatus === 'closed' && status !== 'closed' && !why) throw new CommandError(`Say why the ${noun} is reopened.`, 'reason');
  const record = changeRecord(ctx, { entity: kind, entityId: id, kind: 'status', from: describeStatus(previousStatus, previousClosedAs), to: describeStatus(status, closedAs), reason: why });
  return {
    apply: () => {
      entity.set('status', status);
      entity.set('closedAs', closedAs);
      logChange(ctx, record);
    },
  };
}

export function setObjectiveStatus(ctx: CommandContext, id: string, change: StatusChange): void {
  const planned = planStatus(ctx, requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective'), 'objective', id, change);
  if (planned) transact(ctx, planned.apply);
}

export function setKeyResultStatus(ctx: CommandContext, id: string, change: StatusChange): void {
  const planned = planStatus(ctx, requireEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result'), 'keyResult', id, change);
  if (planned) transact(ctx, planned.apply);
}

/**
 * Changes an objective's commitment and status together: both are checked
 * first, then written in one transaction (one undo step), or neither is.
 */
export function changeObjectiveLifecycle(ctx: CommandContext, id: string, input: StatusChange & { commitment: Commitment }): void {
  const entity = requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  const planned = [planCommitment(ctx, id, input.commitment, input.reason ?? ''), planStatus(ctx, entity, 'objective', id, input)].filter(
    (p): p is PlannedChange => p !== null,
  );
  if (planned.length) transact(ctx, () => planned.forEach((p) => p.apply()));
}
