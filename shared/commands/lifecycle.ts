import type * as Y from 'yjs';
import { newId } from '../ids';
import { changesMap, checkpointsMap, keyResultsMap, objectivesMap } from '../schema/doc';
import { readChange, readCheckpoint } from '../schema/read';
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
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { requireEntity } from './entities';

/*
 * Commitments that can change: objectives and KRs go draft → active → closed
 * (achieved, missed, modified, deferred, abandoned). A change of plan is never
 * silent: it needs a reason where it alters what others rely on, and every
 * change is recorded (who, when, why) in the append-only change log, so "what
 * changed since publishing" survives offline edits merged later.
 */

const MAX_REASON = 2_000;

function cleanReason(reason: string | undefined): string {
  const value = toWellFormed((reason ?? '').trim());
  if (value.length > MAX_REASON) throw new CommandError(`The reason is too long (at most ${MAX_REASON.toLocaleString('en')} characters).`);
  return value;
}

/** The latest published checkpoint, or null before the OKRs are published. */
export function latestCheckpoint(doc: Y.Doc): Checkpoint | null {
  let latest: Checkpoint | null = null;
  checkpointsMap(doc).forEach((raw, id) => {
    const read = readCheckpoint(id, raw);
    if (read.ok && (!latest || read.value.at > latest.at || (read.value.at === latest.at && read.value.id > latest.id))) latest = read.value;
  });
  return latest;
}

/** Publishes the OKRs: a named checkpoint the cycle starts from. Returns its id. */
export function publishCheckpoint(ctx: CommandContext, name: string): string {
  const clean = toWellFormed(name.trim());
  if (!clean) throw new CommandError('Name the checkpoint, for example “Start of Q4”.');
  if (clean.length > 200) throw new CommandError('The name is too long (at most 200 characters).');
  const record: Checkpoint = { id: newId(), name: clean, author: ctx.actor, at: ctx.now() };
  transact(ctx, () => checkpointsMap(ctx.doc).set(record.id, record));
  return record.id;
}

/** Appends a change record; call inside the transaction that makes the change. */
export function logChange(ctx: CommandContext, change: Omit<Change, 'id' | 'author' | 'at'>): void {
  const record: Change = { ...change, from: change.from.slice(0, 500), to: change.to.slice(0, 500), id: newId(), author: ctx.actor, at: ctx.now() };
  const checked = readChange(record.id, record);
  if (!checked.ok) throw new CommandError(`This change cannot be recorded: ${checked.problem.message}.`);
  changesMap(ctx.doc).set(record.id, record);
}

/**
 * The reason an addition needs once the OKRs are published (null before).
 * Throws when published and no reason is given.
 */
export function reasonForAddition(ctx: CommandContext, reason: string | undefined, noun: string): string | null {
  if (!latestCheckpoint(ctx.doc)) return null;
  const clean = cleanReason(reason);
  if (!clean) throw new CommandError(`The OKRs were published: say why this ${noun} is added mid-cycle.`);
  return clean;
}

export function setObjectiveCommitment(ctx: CommandContext, id: string, commitment: Commitment, reason: string): void {
  const entity = requireEntity(objectivesMap(ctx.doc), id, 'objective');
  if (!COMMITMENTS.includes(commitment)) throw new CommandError(`Unknown commitment "${String(commitment)}".`);
  const previous = (entity.get('commitment') as Commitment | undefined) ?? 'committed';
  if (previous === commitment) return;
  const why = cleanReason(reason);
  if (!why) throw new CommandError(`Say why the objective becomes ${commitment}: the team and whoever it reports to will read it.`);
  transact(ctx, () => {
    entity.set('commitment', commitment);
    logChange(ctx, { entity: 'objective', entityId: id, kind: 'commitment', from: previous, to: commitment, reason: why });
  });
}

export interface StatusChange {
  status: LifecycleStatus;
  /** Required when status is 'closed'. */
  closedAs?: ClosedAs | null;
  reason?: string;
}

/** "active", "closed: abandoned" — how a status reads in the change log. */
export function describeStatus(status: LifecycleStatus, closedAs: ClosedAs | null): string {
  return status === 'closed' && closedAs ? `closed: ${closedAs}` : status;
}

function setStatus(ctx: CommandContext, entity: Y.Map<unknown>, kind: 'objective' | 'keyResult', id: string, change: StatusChange): void {
  const status = change.status;
  if (status !== 'draft' && status !== 'active' && status !== 'closed') throw new CommandError(`Unknown status "${String(status)}".`);
  const closedAs = status === 'closed' ? (change.closedAs ?? null) : null;
  if (status === 'closed' && (!closedAs || !CLOSED_AS.includes(closedAs))) throw new CommandError('Say how it ended: achieved, missed, modified, deferred or abandoned.');
  const previousStatus = (entity.get('status') as LifecycleStatus | undefined) ?? 'active';
  const previousClosedAs = (entity.get('closedAs') as ClosedAs | null | undefined) ?? null;
  if (previousStatus === status && previousClosedAs === closedAs) return;
  const why = cleanReason(change.reason);
  const noun = kind === 'objective' ? 'objective' : 'key result';
  if (closedAs && CLOSINGS_NEEDING_REASON.includes(closedAs) && !why) {
    throw new CommandError(`Say why the ${noun} is ${closedAs === 'abandoned' ? 'dropped' : closedAs}: a change of plan is recorded with its reason, not as a failure.`);
  }
  if (previousStatus === 'closed' && status !== 'closed' && !why) throw new CommandError(`Say why the ${noun} is reopened.`);
  transact(ctx, () => {
    entity.set('status', status);
    entity.set('closedAs', closedAs);
    logChange(ctx, { entity: kind, entityId: id, kind: 'status', from: describeStatus(previousStatus, previousClosedAs), to: describeStatus(status, closedAs), reason: why });
  });
}

export function setObjectiveStatus(ctx: CommandContext, id: string, change: StatusChange): void {
  setStatus(ctx, requireEntity(objectivesMap(ctx.doc), id, 'objective'), 'objective', id, change);
}

export function setKeyResultStatus(ctx: CommandContext, id: string, change: StatusChange): void {
  setStatus(ctx, requireEntity(keyResultsMap(ctx.doc), id, 'key result'), 'keyResult', id, change);
}
