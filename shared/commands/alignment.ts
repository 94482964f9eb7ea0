import * as Y from 'yjs';
import { ID_PATTERN, newId } from '../ids';
import { parentAlignments } from '../queries/alignment';
import {
  ALIGNMENT_PARENT_TYPES,
  OVERLAP_ACTIONS,
  overlapPairKey,
  readAlignment,
  type Alignment,
  type AlignmentParentType,
  type OverlapAction,
  type OverlapDecision,
} from '../schema/alignment';
import { readAll } from '../schema/readCommon';
import { CommandError, transact, type CommandContext } from './context';
import { liveWhere, mapOf, requireEntity, requireLiveEntity, softDelete } from './entities';
import { requireTrackedKeyResult, requireOpenObjective } from './tracked';
import { rootMap } from '../schema/roots';

/*
 * North stars, alignment and overlap decisions. Each is a record with a random
 * id, never a key derived from the objective: marking, aligning or deciding
 * adds a record (and soft-deletes the ones it replaces) in one transaction, so
 * two people doing it offline both leave theirs, and the queries settle and
 * show the difference.
 */

export interface AlignmentParent {
  type: AlignmentParentType;
  id: string;
}

/** Marks an objective as a company north star: a root of the alignment tree. */
export function markNorthStar(ctx: CommandContext, objectiveId: string): void {
  requireLiveEntity(rootMap(ctx.doc, 'objectives'), objectiveId, 'objective');
  if (liveWhere(rootMap(ctx.doc, 'northStars'), 'objectiveId', objectiveId).length > 0) return;
  if (liveWhere(rootMap(ctx.doc, 'alignments'), 'childObjectiveId', objectiveId).length > 0) {
    throw new CommandError('This objective is aligned under another. A north star is at the top: remove its alignment first.');
  }
  const id = newId();
  const record = mapOf({ id, objectiveId, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null });
  transact(ctx, () => rootMap(ctx.doc, 'northStars').set(id, record));
}

/** No longer a north star: its live records are soft-deleted (a mark made concurrently elsewhere stays). */
export function unmarkNorthStar(ctx: CommandContext, objectiveId: string): void {
  const records = liveWhere(rootMap(ctx.doc, 'northStars'), 'objectiveId', objectiveId);
  if (records.length > 0) transact(ctx, () => records.forEach((r) => softDelete(ctx, r)));
}

/** The live objective a parent stands for (a KR stands for its objective); throws when there is none. */
function parentObjectiveId(ctx: CommandContext, parent: AlignmentParent): string {
  if (!ALIGNMENT_PARENT_TYPES.includes(parent.type)) throw new CommandError(`An objective aligns to an objective or a key result, not a ${String(parent.type)}.`);
  if (parent.type === 'objective') {
    requireOpenObjective(ctx, parent.id, 'align under it');
    return parent.id;
  }
  const kr = requireLiveEntity(rootMap(ctx.doc, 'keyResults'), parent.id, 'key result');
  const objectiveId = kr.get('objectiveId');
  if (typeof objectiveId !== 'string') throw new CommandError('That key result belongs to no objective.');
  requireLiveEntity(rootMap(ctx.doc, 'objectives'), objectiveId, "key result's objective");
  requireTrackedKeyResult(ctx, parent.id, 'align under it');
  return objectiveId;
}

/** The objective `objectiveId` is aligned under, as far as this replica can tell, or null. */
function alignedUnder(ctx: CommandContext, alignments: Map<string, { winner: Alignment }>, objectiveId: string): string | null {
  const alignment = alignments.get(objectiveId)?.winner;
  if (!alignment) return null;
  if (alignment.parentType === 'objective') return alignment.parentId;
  const kr = rootMap(ctx.doc, 'keyResults').get(alignment.parentId);
  const parent = kr instanceof Y.Map ? kr.get('objectiveId') : undefined;
  return typeof parent === 'string' ? parent : null;
}

function readAlignments(ctx: CommandContext): Iterable<Alignment> {
  return readAll(rootMap(ctx.doc, 'alignments'), readAlignment, []).values();
}

/** The record that aligns `childId` under `parent`, after every check; null when it already is. */
function prepareAlignment(ctx: CommandContext, childId: string, parent: AlignmentParent): { record: Y.Map<unknown>; id: string; replaced: Y.Map<unknown>[] } | null {
  requireLiveEntity(rootMap(ctx.doc, 'objectives'), childId, 'objective');
  const target = parentObjectiveId(ctx, parent);
  if (parent.type === 'objective' && target === childId) throw new CommandError('An objective cannot align to itself.');
  if (target === childId) throw new CommandError('An objective cannot align to one of its own key results.');
  if (liveWhere(rootMap(ctx.doc, 'northStars'), 'objectiveId', childId).length > 0) {
    throw new CommandError('A north star is at the top of the tree and aligns to nothing. Unmark it as a north star first.');
  }
  const alignments = parentAlignments(readAlignments(ctx));
  const seen = new Set<string>();
  for (let at: string | null = target; at !== null && !seen.has(at); at = alignedUnder(ctx, alignments, at)) {
    if (at === childId) throw new CommandError('That would make a loop: the objective you chose is already aligned under this one.');
    seen.add(at);
  }
  const replaced = liveWhere(rootMap(ctx.doc, 'alignments'), 'childObjectiveId', childId);
  if (replaced.length === 1 && replaced[0]!.get('parentType') === parent.type && replaced[0]!.get('parentId') === parent.id) return null;
  const id = newId();
  const record = mapOf({ id, childObjectiveId: childId, parentType: parent.type, parentId: parent.id, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null });
  return { record, id, replaced };
}

/**
 * Aligns an objective to one parent: a live objective or KR (not itself, not
 * one of its own KRs, nothing already aligned under it). Replaces every live
 * alignment of the objective, so it also settles a conflict. North stars align
 * to nothing.
 */
export function alignObjective(ctx: CommandContext, childObjectiveId: string, parent: AlignmentParent): void {
  const prepared = prepareAlignment(ctx, childObjectiveId, parent);
  if (!prepared) return;
  transact(ctx, () => {
    for (const old of prepared.replaced) softDelete(ctx, old);
    rootMap(ctx.doc, 'alignments').set(prepared.id, prepared.record);
  });
}

/** Removes an objective's alignment (every live one). */
export function unalignObjective(ctx: CommandContext, childObjectiveId: string): void {
  requireEntity(rootMap(ctx.doc, 'objectives'), childObjectiveId, 'objective');
  const records = liveWhere(rootMap(ctx.doc, 'alignments'), 'childObjectiveId', childObjectiveId);
  if (records.length > 0) transact(ctx, () => records.forEach((r) => softDelete(ctx, r)));
}

function requireItem(ctx: CommandContext, id: string): void {
  const known = ID_PATTERN.test(id) && [rootMap(ctx.doc, 'objectives'), rootMap(ctx.doc, 'keyResults'), rootMap(ctx.doc, 'initiatives')].some((map) => map.get(id) instanceof Y.Map);
  if (!known) throw new CommandError('That objective, key result or initiative no longer exists.');
}

function decisionRecord(ctx: CommandContext, a: string, b: string, action: OverlapAction): OverlapDecision {
  if (!OVERLAP_ACTIONS.includes(action)) throw new CommandError(`Unknown decision "${String(action)}".`);
  if (a === b) throw new CommandError('An item cannot overlap with itself.');
  requireItem(ctx, a);
  requireItem(ctx, b);
  return { id: newId(), pairKey: overlapPairKey(a, b), action, author: ctx.actor, at: ctx.now() };
}

/**
 * Records what people decided about two look-alike items (objectives, KRs or
 * initiatives): 'aligned', 'shared' or 'dismissed'. Immutable; the latest
 * decision for the pair counts, and a decided pair is not offered again.
 */
export function decideOverlap(ctx: CommandContext, itemA: string, itemB: string, action: OverlapAction): void {
  const record = decisionRecord(ctx, itemA, itemB, action);
  transact(ctx, () => rootMap(ctx.doc, 'overlapDecisions').set(record.id, record));
}

/**
 * Settles an overlap by alignment: aligns the objective under the other item
 * (an objective or KR) and records the pair as 'aligned', in one transaction
 * (one undo step).
 */
export function alignOverlap(ctx: CommandContext, childObjectiveId: string, parent: AlignmentParent): void {
  const prepared = prepareAlignment(ctx, childObjectiveId, parent);
  const decision = decisionRecord(ctx, childObjectiveId, parent.id, 'aligned');
  transact(ctx, () => {
    if (prepared) {
      for (const old of prepared.replaced) softDelete(ctx, old);
      rootMap(ctx.doc, 'alignments').set(prepared.id, prepared.record);
    }
    rootMap(ctx.doc, 'overlapDecisions').set(decision.id, decision);
  });
}
