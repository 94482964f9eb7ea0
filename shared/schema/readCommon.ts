import * as Y from 'yjs';
import { z } from 'zod';
import { isCalendarDate } from '../dates';
import { ID_PATTERN } from '../ids';
import type { SchemaProblem } from './types';

/*
 * The pieces every reader of a root map shares: plain fields out of an
 * entity Y.Map, a one-line description of what failed, the checks that
 * turn a raw stored value into a validated record or a reported problem,
 * and the field rules (ids, times, order keys, text limits) their schemas use.
 */

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: SchemaProblem };

export function fail<T>(map: string, id: string, message: string): ReadResult<T> {
  return { ok: false, problem: { map, id, message } };
}

/** The plain fields of an entity map: Y.Text as strings, a nested Y.Map (a set of links) as its keys set to true, sorted. */
export function plainFields(map: Y.Map<unknown>): Record<string, unknown> {
  // No prototype: a peer-written key named `__proto__` stays an ordinary (and then rejected) field.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of map.entries()) {
    if (value instanceof Y.Text) out[key] = value.toString();
    else if (value instanceof Y.Map) out[key] = [...value.entries()].filter(([, on]) => on === true).map(([id]) => id).sort();
    else out[key] = value;
  }
  return out;
}

export function describeError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}

/** Reads a plain record (or the plain fields of a Y.Map) with `schema`, checking the id matches its key. */
export function readRecord<T extends { id: string }>(map: string, schema: z.ZodType<T>, id: string, raw: unknown): ReadResult<T> {
  const input = raw instanceof Y.Map ? plainFields(raw) : raw;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail(map, id, describeError(parsed.error));
  if (parsed.data.id !== id) return fail(map, id, `id field "${parsed.data.id}" does not match its key`);
  return { ok: true, value: parsed.data };
}

/** Like readRecord, for maps whose entities must be Y.Maps. */
export function readEntity<T extends { id: string }>(map: string, schema: z.ZodType<T>, id: string, raw: unknown): ReadResult<T> {
  if (!(raw instanceof Y.Map)) return fail(map, id, 'not a map');
  return readRecord(map, schema, id, raw);
}

/** Every value of a root map read with `read`: the valid ones by id, the rest added to `problems`. */
export function readAll<T>(
  map: { forEach(fn: (raw: unknown, id: string) => void): void },
  read: (id: string, raw: unknown) => ReadResult<T>,
  problems: SchemaProblem[],
): Map<string, T> {
  const out = new Map<string, T>();
  map.forEach((raw, id) => {
    const result = read(id, raw);
    if (result.ok) out.set(id, result.value);
    else problems.push(result.problem);
  });
  return out;
}

/** The latest moment a JavaScript Date can hold (year 275760): later "times" cannot be shown or exported. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

/** Epoch milliseconds: a moment every reader and every export format can show. */
export const epochMs = z.number().refine((n) => Number.isFinite(n) && n >= 0 && n <= MAX_EPOCH_MS, 'must be a time');

// Keys grow with repeated inserts in one gap; 1,000 characters leaves ample room.
export const orderKey = z.string().regex(/^[0-9A-Za-z]{1,1000}$/, 'must be a fractional index');
export const entityId = z.string().regex(ID_PATTERN, 'must be an id');
/** Names and authors. */
export const shortText = z.string().max(500);
/** Co-edited text: titles, descriptions, reflections. */
export const longText = z.string().max(100_000);
/** A day that exists: a peer's 2026-13-01 would break every date computation downstream. */
export const calendarDate = z.string().refine(isCalendarDate, 'must be a real YYYY-MM-DD date');

/** The soft-delete pair of an entity or record: absent means live. */
export const softDeleteFields = {
  deletedAt: epochMs.nullable().default(null),
  deletedBy: shortText.nullable().default(null),
};
