import { newId } from '../ids';
import { DEPENDENCY_STATUSES, type DependencyStatus } from '../schema/alignment';
import { CommandError, transact, type CommandContext } from './context';
import { checkDate, mapOf, requireEntity, requireLiveEntity, requireShortText, restore, softDelete } from './entities';
import { requireTrackedKeyResult } from './tracked';
import { rootMap } from '../schema/roots';

/*
 * Dependencies between teams: who needs what from whom, by when, blocking or
 * not, and where it stands. Its own relation, not alignment. Each field is its
 * own key of the record's Y.Map, so a status change and a date change made
 * offline both stay.
 */

const MAX_WHAT = 2_000;
const MAX_NOTE = 2_000;
const NEEDED_BY = 'The needed-by date';

const requireDependency = (ctx: CommandContext, id: string) => requireEntity(rootMap(ctx.doc, 'dependencies'), id, 'dependency');

function checkWhat(value: string): string {
  const what = requireShortText(value, 'What is needed', MAX_WHAT);
  if (!what) throw new CommandError('Say what is needed.', 'what');
  return what;
}

function checkStatus(status: DependencyStatus): DependencyStatus {
  if (!DEPENDENCY_STATUSES.includes(status)) throw new CommandError(`Unknown dependency status "${String(status)}".`);
  return status;
}

export interface NewDependency {
  /** The team that needs it. */
  fromTeamId: string;
  /** The team it is needed from. */
  toTeamId: string;
  what: string;
  /** YYYY-MM-DD, or null/omitted when there is no date. */
  neededBy?: string | null;
  blocking?: boolean;
  /** The dependency KR that tracks it. */
  keyResultId?: string | null;
}

/** Records that one live team needs something from another; status 'requested'. Returns its id. */
export function addDependency(ctx: CommandContext, input: NewDependency): string {
  requireLiveEntity(rootMap(ctx.doc, 'teams'), input.fromTeamId, 'team');
  requireLiveEntity(rootMap(ctx.doc, 'teams'), input.toTeamId, 'team');
  if (input.fromTeamId === input.toTeamId) throw new CommandError('A team does not depend on itself: choose the team you need it from.', 'toTeam');
  const what = checkWhat(input.what);
  const neededBy = checkDate(input.neededBy ?? null, NEEDED_BY);
  const keyResultId = input.keyResultId ?? null;
  if (keyResultId !== null) requireTrackedKeyResult(ctx, keyResultId, 'track a dependency with it');
  const id = newId();
  const entity = mapOf({
    id,
    fromTeamId: input.fromTeamId,
    toTeamId: input.toTeamId,
    what,
    neededBy,
    blocking: input.blocking === true,
    status: 'requested',
    statusNote: '',
    statusAt: null,
    statusBy: null,
    keyResultId,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    deletedAt: null,
    deletedBy: null,
  });
  transact(ctx, () => rootMap(ctx.doc, 'dependencies').set(id, entity));
  return id;
}

/** Rewrites what is needed, by when, or whether it blocks; only the fields given are written. */
export function editDependency(ctx: CommandContext, id: string, changes: { what?: string; neededBy?: string | null; blocking?: boolean }): void {
  const entity = requireDependency(ctx, id);
  const what = changes.what === undefined ? undefined : checkWhat(changes.what);
  const neededBy = changes.neededBy === undefined ? undefined : checkDate(changes.neededBy, NEEDED_BY);
  transact(ctx, () => {
    if (what !== undefined && entity.get('what') !== what) entity.set('what', what);
    if (neededBy !== undefined && entity.get('neededBy') !== neededBy) entity.set('neededBy', neededBy);
    if (changes.blocking !== undefined && entity.get('blocking') !== changes.blocking) entity.set('blocking', changes.blocking);
  });
}

/**
 * Moves a dependency to a status, recording who and when, with an optional
 * note (why it was declined or is at risk). Setting the status it already has
 * only replaces the note, when one is given.
 */
export function setDependencyStatus(ctx: CommandContext, id: string, status: DependencyStatus, note?: string): void {
  const entity = requireDependency(ctx, id);
  const next = checkStatus(status);
  const text = note === undefined ? undefined : requireShortText(note, 'The note', MAX_NOTE);
  if (entity.get('status') === next) {
    if (text !== undefined && entity.get('statusNote') !== text) transact(ctx, () => entity.set('statusNote', text));
    return;
  }
  transact(ctx, () => {
    entity.set('status', next);
    entity.set('statusNote', text ?? '');
    entity.set('statusAt', ctx.now());
    entity.set('statusBy', ctx.actor);
  });
}

/** Links the dependency KR that tracks this dependency (a live KR), or unlinks it with null. */
export function linkDependencyKeyResult(ctx: CommandContext, id: string, keyResultId: string | null): void {
  const entity = requireDependency(ctx, id);
  if (keyResultId !== null && entity.get('keyResultId') !== keyResultId) requireTrackedKeyResult(ctx, keyResultId, 'track a dependency with it');
  if (entity.get('keyResultId') !== keyResultId) transact(ctx, () => entity.set('keyResultId', keyResultId));
}

export function deleteDependency(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireDependency(ctx, id));
}

export function restoreDependency(ctx: CommandContext, id: string): void {
  restore(ctx, requireDependency(ctx, id));
}
