import * as Y from 'yjs';
import { TEXT_FIELDS, type JournalTextField, type TextField } from '../schema/doc';
import { applyTextChange, applyTextEdit, toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';

/*
 * Helpers shared by the objective and key-result commands: both are Y.Maps with
 * co-edited Y.Text fields, an order key and a soft-delete pair.
 */

/** Matches the reader's limit: longer text would make the entity unreadable. */
export const MAX_TEXT_LENGTH = 100_000;

export function requireEntity(map: Y.Map<Y.Map<unknown>>, id: string, noun: string): Y.Map<unknown> {
  const entity = map.get(id);
  if (!(entity instanceof Y.Map)) throw new CommandError(`That ${noun} no longer exists.`);
  return entity;
}

/** Like requireEntity, but a deleted entity is refused too (nothing new goes under it). */
export function requireLiveEntity(map: Y.Map<Y.Map<unknown>>, id: string, noun: string): Y.Map<unknown> {
  const entity = requireEntity(map, id, noun);
  if (entity.get('deletedAt') != null) throw new CommandError(`That ${noun} was deleted; restore it first.`);
  return entity;
}

/**
 * Builds an entity map with every nested Y.Text already in place, so it is
 * inserted whole in one transaction (never created lazily by two peers).
 */
export function buildEntity(fields: Record<string, unknown>, given: Partial<Record<TextField, string>>): Y.Map<unknown> {
  const texts: Record<TextField, string> = { title: '', description: '', why: '', ...given };
  for (const field of TEXT_FIELDS) {
    if (texts[field].length > MAX_TEXT_LENGTH) throw new CommandError(`The ${field} is too long (at most ${MAX_TEXT_LENGTH.toLocaleString('en')} characters).`);
  }
  const entity = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) entity.set(key, value);
  for (const field of TEXT_FIELDS) entity.set(field, new Y.Text(toWellFormed(texts[field])));
  return entity;
}

/**
 * Sets a co-edited field (of an objective, KR or initiative, or a journal
 * entry's prompt answer). With `previous` (what the person saw before their
 * edit) only their change is applied, so a peer's concurrent typing survives.
 */
export function editText(ctx: CommandContext, entity: Y.Map<unknown>, field: TextField | JournalTextField, next: string, previous?: string): void {
  if (next.length > MAX_TEXT_LENGTH) throw new CommandError(`The ${field} is too long (at most ${MAX_TEXT_LENGTH.toLocaleString('en')} characters).`);
  const text = entity.get(field);
  if (!(text instanceof Y.Text)) {
    // Entities made before the field existed have none. Creating a Y.Text now
    // could race with a peer creating another (one side's typing would be
    // dropped), so such a field is a plain string, last writer wins.
    if (text === undefined || typeof text === 'string') {
      transact(ctx, () => entity.set(field, toWellFormed(next)));
      return;
    }
    throw new CommandError(`The ${field} cannot be edited: it is damaged in this workspace.`);
  }
  transact(ctx, () => (previous === undefined ? applyTextChange(text, next) : applyTextEdit(text, previous, next)));
}

export function softDelete(ctx: CommandContext, entity: Y.Map<unknown>): void {
  if (entity.get('deletedAt') != null) return;
  transact(ctx, () => {
    entity.set('deletedAt', ctx.now());
    entity.set('deletedBy', ctx.actor);
  });
}

export function restore(ctx: CommandContext, entity: Y.Map<unknown>): void {
  if (entity.get('deletedAt') == null) return;
  transact(ctx, () => {
    entity.set('deletedAt', null);
    entity.set('deletedBy', null);
  });
}

export function requireShortText(value: string, label: string, max = 500): string {
  const trimmed = toWellFormed(value.trim());
  if (trimmed.length > max) throw new CommandError(`${label} is too long (at most ${max} characters).`);
  return trimmed;
}
