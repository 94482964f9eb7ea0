import * as Y from 'yjs';
import { isTracked } from '../queries/tracking';
import type { LifecycleStatus } from '../schema/types';
import { CommandError, type CommandContext } from './context';
import { requireLiveEntity } from './entities';
import { rootMap } from '../schema/roots';

/*
 * New links (work, a rollout plan, a dependency's tracking KR, an alignment
 * parent) point only at what is still live for tracking — the same rule as
 * every picker (isTracked in queries/tracking.ts), applied to what is stored,
 * so a stale screen or a peer's concurrent drop cannot slip one through.
 * Links made before a KR was closed stay; removing one is always allowed.
 */

/** The lifecycle fields isTracked reads, from a stored entity (any peer's: read defensively, as the reader does). */
function lifecycleOf(entity: Y.Map<unknown>): { deletedAt: number | null; status: LifecycleStatus } {
  const status = entity.get('status');
  const deletedAt = entity.get('deletedAt');
  return { deletedAt: typeof deletedAt === 'number' ? deletedAt : null, status: status === 'draft' || status === 'closed' ? status : 'active' };
}

/** A KR that may be linked to, or a CommandError saying why not and what to do. */
export function requireTrackedKeyResult(ctx: CommandContext, id: string, purpose: string): Y.Map<unknown> {
  const kr = requireLiveEntity(rootMap(ctx.doc, 'keyResults'), id, 'key result');
  const objectiveId = kr.get('objectiveId');
  const objective = typeof objectiveId === 'string' ? rootMap(ctx.doc, 'objectives').get(objectiveId) : undefined;
  const parent = objective instanceof Y.Map ? lifecycleOf(objective) : undefined;
  if (!isTracked(lifecycleOf(kr), parent)) {
    const byObjective = parent !== undefined && parent.status === 'closed' && lifecycleOf(kr).status !== 'closed';
    throw new CommandError(
      byObjective
        ? `That key result's objective is closed, so the key result is too: reopen the objective to ${purpose}.`
        : `That key result is closed (or has no open objective): reopen it to ${purpose}.`,
    );
  }
  return kr;
}

/** An objective that may be aligned under, or a CommandError saying why not. */
export function requireOpenObjective(ctx: CommandContext, id: string, purpose: string): Y.Map<unknown> {
  const objective = requireLiveEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  if (lifecycleOf(objective).status === 'closed') throw new CommandError(`That objective is closed: reopen it to ${purpose}.`);
  return objective;
}
