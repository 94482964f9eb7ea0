import * as Y from 'yjs';
import { z } from 'zod';
import { isCalendarDate } from '../dates';
import { ID_PATTERN } from '../ids';
import { toWellFormed } from '../text';
// Type only: the table of roots imports the readers, which import this module.
import type { RootName } from './roots';
import type { SchemaProblem } from './types';

/*
 * The pieces every reader of a root map shares: plain fields out of an
 * entity Y.Map, a one-line description of what failed, the checks that
 * turn a raw stored value into a validated record or a reported problem,
 * and the field rules (ids, times, order keys, text limits) their schemas use.
 */

type Issue = z.ZodError['issues'][number];

/**
 * A record read from the document. `ok` with the value, and the fields that had
 * to be repaired (each a problem naming its field); or, only when there is no
 * record to speak of (not a map or object at all), the one problem that says so.
 */
export type ReadResult<T> = { ok: true; value: T; problems: readonly SchemaProblem[] } | { ok: false; problem: SchemaProblem };

/** The repairs of a well-formed record: one shared empty list. */
export const NO_PROBLEMS: readonly SchemaProblem[] = Object.freeze([]);

export function fail<T>(map: RootName, id: string, message: string): ReadResult<T> {
  return { ok: false, problem: { map, id, message } };
}

export function readOk<T>(value: T, problems: readonly SchemaProblem[] = NO_PROBLEMS): ReadResult<T> {
  return { ok: true, value, problems };
}

/** Every problem of a read: the refusal, or the repaired fields (none when the record was well formed). */
export function problemsOf<T>(result: ReadResult<T>): readonly SchemaProblem[] {
  return result.ok ? result.problems : [result.problem];
}

/**
 * For commands that check a record before storing it: the first thing the
 * reader would have had to repair, or null when it reads exactly as written.
 */
export function firstProblem<T>(result: ReadResult<T>): SchemaProblem | null {
  return problemsOf(result)[0] ?? null;
}

/** The keys of a set of links set to true, sorted. */
function linkedIds(links: Y.Map<unknown>): string[] {
  const ids: string[] = [];
  links.forEach((on, id) => {
    if (on === true) ids.push(id);
  });
  return ids.sort();
}

/** The plain fields of an entity map: Y.Text as strings, a nested Y.Map (a set of links) as its keys set to true, sorted. */
export function plainFields(map: Y.Map<unknown>): Record<string, unknown> {
  // No prototype: a peer-written key named `__proto__` stays an ordinary (and then rejected) field.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  // forEach, not entries(): no iterator and no [key, value] pair per field, which halves the cost of reading 12,000 entities on open.
  map.forEach((value, key) => {
    if (value instanceof Y.Text) out[key] = value.toString();
    else if (value instanceof Y.Map) out[key] = linkedIds(value);
    else out[key] = value;
  });
  return out;
}

export function describeError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}

/**
 * What a field reads as when its stored value is missing, of the wrong type
 * or over a limit that cutting cannot fix. Computed from the record's key and
 * its raw fields, so every replica repairs the same record the same way.
 * Fields whose schema has a `.default()` need no entry: removing the value
 * lets the default apply.
 */
export type Fallbacks = Readonly<Record<string, (id: string, raw: Readonly<Record<string, unknown>>) => unknown>>;

/** How many repair rounds a record gets: a cut string can still fail a pattern, then it falls back. */
const REPAIR_ROUNDS = 3;

function rawPreview(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character text` : JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** A string or list over a `too_big` limit, cut to it; undefined when the issue is not one cutting fixes. */
function cutToLimit(value: unknown, issue: Issue): unknown {
  if (issue.code !== 'too_big' || issue.path.length !== 1) return undefined;
  const limit = Number(issue.maximum);
  if (!Number.isSafeInteger(limit) || limit < 0) return undefined;
  if (typeof value === 'string') return toWellFormed(value.slice(0, limit));
  if (Array.isArray(value)) return value.slice(0, limit);
  return undefined;
}

/**
 * Reads `input` with `schema`, field by field: a record is never dropped for
 * one bad field. A string or list over its limit is cut to it; any other bad
 * field reads as its fallback (or its schema default); the key is the id, whatever
 * the `id` field says (an id is fixed at creation). Each repair is a problem
 * naming the field. The well-formed record, the common case, costs one parse.
 */
export function readFields<T extends { id: string }>(
  map: RootName,
  schema: z.ZodType<T>,
  id: string,
  input: Readonly<Record<string, unknown>>,
  fallbacks: Fallbacks = {},
): ReadResult<T> {
  const first = schema.safeParse(input);
  if (first.success && first.data.id === id) return readOk(first.data);
  const repairs = new Map<string, SchemaProblem>();
  const repaired: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, input);
  let error: z.ZodError;
  if (repaired.id !== id) {
    repairs.set('id', { map, id, field: 'id', reason: 'does not match its key', message: `id: ${rawPreview(repaired.id)} does not match its key, read as its key` });
    repaired.id = id;
    // Judged again with the key in place: the first parse's issues may be about the id it replaced.
    const again = schema.safeParse(repaired);
    if (again.success) return readOk(again.data, [...repairs.values()]);
    error = again.error;
  } else if (!first.success) {
    error = first.error;
  } else {
    return readOk(first.data); // unreachable: a parsed record whose id equals its key returned above
  }
  for (let round = 0; round < REPAIR_ROUNDS; round++) {
    const byField = new Map<string, Issue>();
    for (const issue of error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && !byField.has(field)) byField.set(field, issue);
    }
    if (byField.size === 0) break; // an issue with the record as a whole: nothing to repair field by field
    for (const [field, issue] of byField) {
      const before = repaired[field];
      const cut = round === 0 ? cutToLimit(before, issue) : undefined;
      if (cut !== undefined) {
        repaired[field] = cut;
        repairs.set(field, { map, id, field, reason: issue.message, message: `${field}: ${issue.message}, cut to the limit` });
        continue;
      }
      const fallback = fallbacks[field];
      repaired[field] = fallback ? fallback(id, input) : undefined;
      const what = before === undefined ? 'missing' : `${issue.message} (found ${rawPreview(before)})`;
      repairs.set(field, { map, id, field, reason: issue.message, message: `${field}: ${what}, read as its default` });
    }
    const next = schema.safeParse(repaired);
    if (next.success) return readOk(next.data, [...repairs.values()]);
    error = next.error;
  }
  return fail(map, id, describeError(error));
}

/** Reads a plain record (or the plain fields of a Y.Map) with `schema`, field by field (readFields). */
export function readRecord<T extends { id: string }>(map: RootName, schema: z.ZodType<T>, id: string, raw: unknown, fallbacks: Fallbacks = {}): ReadResult<T> {
  const input = raw instanceof Y.Map ? plainFields(raw) : raw;
  if (typeof input !== 'object' || input === null || Array.isArray(input) || input instanceof Uint8Array || input instanceof Y.AbstractType) {
    return fail(map, id, 'not a record');
  }
  return readFields(map, schema, id, input as Record<string, unknown>, fallbacks);
}

/**
 * A hand-written check of a well-formed record that returns exactly what its
 * schema would (see quickRead.ts), or null for anything else: the schema then
 * reads the record, repairs and messages included.
 */
export type QuickRead<T> = (id: string, fields: Readonly<Record<string, unknown>>) => T | null;

/** Like readRecord, for maps whose entities must be Y.Maps; a well-formed entity that `quick` accepts skips the schema. */
export function readEntity<T extends { id: string }>(
  map: RootName,
  schema: z.ZodType<T>,
  id: string,
  raw: unknown,
  fallbacks: Fallbacks = {},
  quick?: QuickRead<T>,
): ReadResult<T> {
  if (!(raw instanceof Y.Map)) return fail(map, id, 'not a map');
  const fields = plainFields(raw);
  const read = quick?.(id, fields);
  return read ? readOk(read) : readFields(map, schema, id, fields, fallbacks);
}

/** Every value of a root map read with `read`: the readable ones by id; refusals and repairs added to `problems`. */
export function readAll<T>(
  map: { forEach(fn: (raw: unknown, id: string) => void): void },
  read: (id: string, raw: unknown) => ReadResult<T>,
  problems: SchemaProblem[],
): Map<string, T> {
  const out = new Map<string, T>();
  map.forEach((raw, id) => {
    const result = read(id, raw);
    if (result.ok) {
      out.set(id, result.value);
      // The hot path (tens of thousands of check-ins) has none: no iterator for an empty list.
      if (result.problems.length > 0) problems.push(...result.problems);
    } else problems.push(result.problem);
  });
  return out;
}

/** The fallback of every record's creation facts: unknown author, time zero (shown as unknown, sorted first). */
export const CREATED_FALLBACKS: Fallbacks = {
  createdAt: () => 0,
  createdBy: () => '',
};

/**
 * The order key a record whose key was lost reads as: the same on every
 * replica (sorting by (order, id) then places such records alike everywhere),
 * and a key the fractional-index generator accepts, so moving next to it works.
 */
export const FALLBACK_ORDER_KEY = 'a0';

/**
 * The id a reference whose stored id was lost reads as: it names nothing, so
 * the record shows as orphaned (and can be linked again) instead of vanishing.
 */
export const MISSING_REFERENCE = 'missing-reference';

/** The latest moment a JavaScript Date can hold (year 275760): later "times" cannot be shown or exported. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

/** Epoch milliseconds: a moment every reader and every export format can show (the schema below, and the quick paths' check). */
export function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_EPOCH_MS;
}
export const epochMs = z.number().refine(isEpochMs, 'must be a time');

/** A fractional index. Keys grow with repeated inserts in one gap; 1,000 characters leaves ample room. */
export const ORDER_KEY_PATTERN = /^[0-9A-Za-z]{1,1000}$/;
export const orderKey = z.string().regex(ORDER_KEY_PATTERN, 'must be a fractional index');
export const entityId = z.string().regex(ID_PATTERN, 'must be an id');
export const SHORT_TEXT_MAX = 500;
/** Names and authors. */
export const shortText = z.string().max(SHORT_TEXT_MAX);
export const LONG_TEXT_MAX = 100_000;
/** Co-edited text: titles, descriptions, reflections. */
export const longText = z.string().max(LONG_TEXT_MAX);
/** A day that exists: a peer's 2026-13-01 would break every date computation downstream. */
export const calendarDate = z.string().refine(isCalendarDate, 'must be a real YYYY-MM-DD date');

/** The soft-delete pair of an entity or record: absent means live. */
export const softDeleteFields = {
  deletedAt: epochMs.nullable().default(null),
  deletedBy: shortText.nullable().default(null),
};

/** The first day a date can name: what a lost date reads as when nothing else is known, the same on every replica. */
export const EPOCH_DAY = '1970-01-01';
