import * as Y from 'yjs';
import { isCalendarDate } from '../dates';
import type { Ordered } from '../order';
import { TEXT_FIELDS, type JournalTextField, type TextField } from '../schema/doc';
import { applyTextChange, applyTextEdit, toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';

/*
 * Helpers shared by the commands: entities are Y.Maps with co-edited Y.Text
 * fields, an order key and a soft-delete pair; records are Y.Maps of plain values.
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

/** The root map of some entities: what liveOrders and liveWhere look through. */
type EntityRoot = { forEach(fn: (value: unknown, id: string) => void): void };

/** A live entity's place among its siblings, with the entity for any other field the caller needs. */
export interface LiveOrder extends Ordered {
  entity: Y.Map<unknown>;
}

/**
 * The live entities of a root map as (id, order) pairs, the siblings a move or
 * insert is placed among; only those `filter` accepts when given. Malformed
 * entries from a peer (not a map, no order key) are skipped.
 */
export function liveOrders(map: EntityRoot, filter?: (entity: Y.Map<unknown>) => boolean): LiveOrder[] {
  const out: LiveOrder[] = [];
  map.forEach((entity, id) => {
    if (!(entity instanceof Y.Map)) return;
    const order = entity.get('order');
    if (typeof order === 'string' && entity.get('deletedAt') == null && (!filter || filter(entity))) out.push({ id, order, entity });
  });
  return out;
}

/** The live records of `map` whose `field` is `value`. */
export function liveWhere(map: EntityRoot, field: string, value: string): Y.Map<unknown>[] {
  const out: Y.Map<unknown>[] = [];
  map.forEach((record) => {
    if (record instanceof Y.Map && record.get(field) === value && record.get('deletedAt') == null) out.push(record);
  });
  return out;
}

/** A plain record as a Y.Map, built whole before it is inserted. */
export function mapOf(fields: Record<string, unknown>): Y.Map<unknown> {
  const entity = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) entity.set(key, value);
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
  const entity = mapOf(fields);
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
    // Entities made before the field existed have none, and a damaged one reads
    // as its default. Creating a Y.Text now could race with a peer creating
    // another (one side's typing would be dropped), so such a field becomes a
    // plain string, last writer wins: writing it repairs it.
    transact(ctx, () => entity.set(field, toWellFormed(next)));
    return;
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

/** A day that exists (YYYY-MM-DD), or null for none; `label` names the date in the refusal. */
export function checkDate(value: string | null, label: string): string | null {
  if (value === null) return null;
  if (!isCalendarDate(value)) throw new CommandError(`${label} must be a day written like 2026-03-31.`);
  return value;
}

export function requireShortText(value: string, label: string, max = 500): string {
  const trimmed = toWellFormed(value.trim());
  if (trimmed.length > max) throw new CommandError(`${label} is too long (at most ${max} characters).`);
  return trimmed;
}
