import { newId } from '../ids';
import * as Y from 'yjs';
import { ID_PATTERN } from '../ids';
import { orderAtEnd, orderForMove, sortOrdered } from '../order';
import type { TextField } from '../schema/doc';
import { CommandError, transact, type CommandContext } from './context';
import { COMMITMENTS, type Commitment } from '../schema/types';
import { changeRecord, logChange, reasonForAddition } from './lifecycle';
import { buildEntity, editText, liveOrders, requireEntity, requireShortText, restore, softDelete } from './entities';
import { rootMap } from '../schema/roots';

/** Live objectives as (id, order) pairs, the siblings a move or insert is placed among. */
const liveObjectiveOrders = (ctx: CommandContext) => liveOrders(rootMap(ctx.doc, 'objectives'));

export interface NewObjective {
  title: string;
  description?: string;
  owner?: string;
  /** Insert right after this objective; at the end when omitted. */
  afterId?: string;
  commitment?: Commitment;
  /** Required once the OKRs are published: why it is added mid-cycle. */
  addedReason?: string;
}

export function addObjective(ctx: CommandContext, input: NewObjective): string {
  const addedReason = reasonForAddition(ctx, input.addedReason, 'objective');
  const commitment = input.commitment ?? 'committed';
  if (!COMMITMENTS.includes(commitment)) throw new CommandError(`Unknown commitment "${String(commitment)}".`);
  const id = newId();
  const siblings = liveObjectiveOrders(ctx);
  let order = orderAtEnd(siblings);
  if (input.afterId) {
    const index = sortOrdered(siblings).findIndex((s) => s.id === input.afterId);
    if (index >= 0) order = orderForMove(siblings, id, index + 1);
  }
  const entity = buildEntity(
    {
      id,
      owner: requireShortText(input.owner ?? '', 'Owner'),
      order,
      createdAt: ctx.now(),
      createdBy: ctx.actor,
      deletedAt: null,
      deletedBy: null,
      deletedKeyResultIds: [],
      commitment,
      status: 'active',
      closedAs: null,
      addedReason,
    },
    { title: input.title, description: input.description ?? '' },
  );
  const added = addedReason ? changeRecord(ctx, { entity: 'objective', entityId: id, kind: 'added', from: '', to: input.title.trim().slice(0, 200), reason: addedReason }) : null;
  transact(ctx, () => {
    rootMap(ctx.doc, 'objectives').set(id, entity);
    if (added) logChange(ctx, added);
  });
  return id;
}

export function editObjectiveText(ctx: CommandContext, id: string, field: TextField, next: string, previous?: string): void {
  editText(ctx, requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective'), field, next, previous);
}

export function setObjectiveOwner(ctx: CommandContext, id: string, owner: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  const value = requireShortText(owner, 'Owner');
  transact(ctx, () => entity.set('owner', value));
}

/** Moves an objective to `targetIndex` among the live objectives. */
export function moveObjective(ctx: CommandContext, id: string, targetIndex: number): void {
  const entity = requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  const order = orderForMove(liveObjectiveOrders(ctx), id, targetIndex);
  transact(ctx, () => entity.set('order', order));
}

/**
 * Soft delete: the objective and its key results go to the trash, restorable.
 * The KRs live at this moment are recorded, so a KR someone adds concurrently
 * on another device shows up as orphaned instead of vanishing with it.
 */
export function deleteObjective(ctx: CommandContext, id: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  if (entity.get('deletedAt') != null) return;
  const liveKeyResults: string[] = [];
  rootMap(ctx.doc, 'keyResults').forEach((kr, krId) => {
    if (kr instanceof Y.Map && ID_PATTERN.test(krId) && kr.get('objectiveId') === id && kr.get('deletedAt') == null) liveKeyResults.push(krId);
  });
  transact(ctx, () => {
    softDelete(ctx, entity);
    entity.set('deletedKeyResultIds', liveKeyResults.sort().slice(0, 10_000));
  });
}

export function restoreObjective(ctx: CommandContext, id: string): void {
  const entity = requireEntity(rootMap(ctx.doc, 'objectives'), id, 'objective');
  if (entity.get('deletedAt') == null) return;
  transact(ctx, () => {
    restore(ctx, entity);
    entity.set('deletedKeyResultIds', []);
  });
}
