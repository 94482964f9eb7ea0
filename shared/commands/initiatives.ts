import * as Y from 'yjs';
import { ISO_WEEK_PATTERN } from '../dates';
import { newId } from '../ids';
import { orderAtEnd } from '../order';
import type { TextField } from '../schema/doc';
import { INITIATIVE_KINDS, INITIATIVE_STATUSES, type InitiativeKind, type InitiativeStatus } from '../schema/types';
import { CommandError, transact, type CommandContext } from './context';
import { buildEntity, editText, liveOrders, requireEntity, requireShortText, restore, softDelete } from './entities';
import { requireTrackedKeyResult } from './tracked';
import { rootMap } from '../schema/roots';

/*
 * Initiatives: the work (activities, experiments, deliverables) a team bets
 * on. Links to KRs live in a nested Y.Map (KR id → true) created with the
 * initiative, so two people linking it to two KRs offline both keep their link.
 */

/** The reader's limit on links per initiative. */
const MAX_LINKS = 1_000;

export interface NewInitiative {
  title: string;
  kind?: InitiativeKind;
  owner?: string;
  status?: InitiativeStatus;
  keyResultIds?: readonly string[];
}

function checkKind(kind: InitiativeKind): InitiativeKind {
  if (!INITIATIVE_KINDS.includes(kind)) throw new CommandError(`Unknown kind of work "${String(kind)}".`);
  return kind;
}
function checkStatus(status: InitiativeStatus): InitiativeStatus {
  if (!INITIATIVE_STATUSES.includes(status)) throw new CommandError(`Unknown status "${String(status)}".`);
  return status;
}

export function addInitiative(ctx: CommandContext, input: NewInitiative): string {
  if (!input.title.trim()) throw new CommandError('Name the work: what will the team do?', 'title');
  const id = newId();
  const links = new Y.Map<boolean>();
  if ((input.keyResultIds?.length ?? 0) > MAX_LINKS) throw new CommandError(`An initiative can support at most ${MAX_LINKS.toLocaleString('en')} key results.`);
  for (const krId of input.keyResultIds ?? []) {
    requireTrackedKeyResult(ctx, krId, 'link work to it');
    links.set(krId, true);
  }
  const entity = buildEntity(
    {
      id,
      kind: checkKind(input.kind ?? 'activity'),
      owner: requireShortText(input.owner ?? '', 'Owner'),
      status: checkStatus(input.status ?? 'planned'),
      focusWeek: null,
      keyResultIds: links,
      order: orderAtEnd(liveOrders(rootMap(ctx.doc, 'initiatives'))),
      createdAt: ctx.now(),
      createdBy: ctx.actor,
      deletedAt: null,
      deletedBy: null,
    },
    { title: input.title.trim() },
  );
  transact(ctx, () => rootMap(ctx.doc, 'initiatives').set(id, entity));
  return id;
}

const requireInitiative = (ctx: CommandContext, id: string) => requireEntity(rootMap(ctx.doc, 'initiatives'), id, 'initiative');

export function editInitiativeText(ctx: CommandContext, id: string, field: TextField, next: string, previous?: string): void {
  editText(ctx, requireInitiative(ctx, id), field, next, previous);
}

export function setInitiativeStatus(ctx: CommandContext, id: string, status: InitiativeStatus): void {
  const entity = requireInitiative(ctx, id);
  const value = checkStatus(status);
  transact(ctx, () => entity.set('status', value));
}

export function setInitiativeKind(ctx: CommandContext, id: string, kind: InitiativeKind): void {
  const entity = requireInitiative(ctx, id);
  const value = checkKind(kind);
  transact(ctx, () => entity.set('kind', value));
}

export function setInitiativeOwner(ctx: CommandContext, id: string, owner: string): void {
  const entity = requireInitiative(ctx, id);
  const value = requireShortText(owner, 'Owner');
  transact(ctx, () => entity.set('owner', value));
}

/** Marks the initiative as the focus of an ISO week (YYYY-Www), or clears it with null. */
export function setInitiativeFocusWeek(ctx: CommandContext, id: string, week: string | null): void {
  const entity = requireInitiative(ctx, id);
  if (week !== null && !ISO_WEEK_PATTERN.test(week)) throw new CommandError('A focus week looks like 2026-W48.', 'week');
  transact(ctx, () => entity.set('focusWeek', week));
}

/** Links (or unlinks) an initiative and a KR. */
export function linkInitiative(ctx: CommandContext, id: string, keyResultId: string, linked: boolean): void {
  const entity = requireInitiative(ctx, id);
  const links = entity.get('keyResultIds');
  if (!(links instanceof Y.Map)) throw new CommandError('The links of this initiative are damaged in this workspace.');
  if (linked && !links.has(keyResultId)) {
    requireTrackedKeyResult(ctx, keyResultId, 'link work to it');
    // The reader refuses more: an initiative must never become unreadable.
    if (!links.has(keyResultId) && links.size >= MAX_LINKS) throw new CommandError(`An initiative can support at most ${MAX_LINKS.toLocaleString('en')} key results.`);
  }
  transact(ctx, () => {
    if (linked) links.set(keyResultId, true);
    else if (links.has(keyResultId)) links.delete(keyResultId);
  });
}

export function deleteInitiative(ctx: CommandContext, id: string): void {
  softDelete(ctx, requireInitiative(ctx, id));
}

export function restoreInitiative(ctx: CommandContext, id: string): void {
  restore(ctx, requireInitiative(ctx, id));
}
