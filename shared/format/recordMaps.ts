import * as Y from 'yjs';
import { applyTextChange } from '../text';
import { canonicalJson } from './canonical';

/* Writing records into a workspace's root maps, each as its map stores it: shared by the JSON and the CSV importers. */

/** How a root map stores its records (docs/schema.md). */
export interface RecordLayout {
  /** A plain object per record (immutable: added when missing, never changed), or a Y.Map per record. */
  as: 'record' | 'map';
  /** Co-edited fields, stored as Y.Text. */
  texts?: readonly string[];
  /** Y.Text fields Cairn writes (empty) with a new record though readers do not read them. */
  emptyTexts?: readonly string[];
  /** Sets stored as a nested Y.Map of key → true, so concurrent additions merge. */
  sets?: readonly string[];
  /**
   * Lists of `{ [key]: …, [value]: … }` items stored as a nested Y.Map from
   * each item's key to its value (a journal entry's links: id → kind).
   */
  keyedLists?: Readonly<Record<string, { key: string; value: string }>>;
}

export const RECORD: RecordLayout = { as: 'record' };
export const PLAIN_MAP: RecordLayout = { as: 'map' };
export const OKR_TEXTS: RecordLayout = { as: 'map', texts: ['title', 'description', 'why'] };
/** Initiatives and rollout plans: Cairn writes a `why` Y.Text that readers do not read yet. */
export const WORK_TEXTS: RecordLayout = { as: 'map', texts: ['title', 'description'], emptyTexts: ['why'] };

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
/**
 * A detached copy of a plain JSON value, so the document never shares an
 * object with the caller: what `JSON.parse(JSON.stringify(value))` gives (an
 * undefined field dropped, undefined in a list and a non-finite number as
 * null), copied directly, since an import copies every record it writes.
 */
export function plainCopy(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? copyJson(value) : value;
}

function copyJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined ? null : copyJson(item)));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    // `__proto__` as an own field (JSON.parse makes one) and not the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyJson(item), enumerable: true, writable: true, configurable: true });
    else copy[key] = copyJson(item);
  }
  return copy;
}

/** The entries a set or keyed list stands for in its nested Y.Map, or null when the value is not one. */
function nestedEntries(key: string, value: unknown, layout: RecordLayout): Map<string, unknown> | null {
  if (layout.sets?.includes(key)) return isStringArray(value) ? new Map(value.map((k) => [k, true])) : null;
  const keyed = layout.keyedLists?.[key];
  if (!keyed || !Array.isArray(value)) return null;
  const entries = new Map<string, unknown>();
  for (const item of value as unknown[]) {
    const fields = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    if (typeof fields[keyed.key] !== 'string' || fields[keyed.value] === undefined) return null;
    entries.set(fields[keyed.key] as string, plainCopy(fields[keyed.value]));
  }
  return entries;
}

function nestedMapOf(entries: Map<string, unknown>): Y.Map<unknown> {
  const nested = new Y.Map<unknown>();
  for (const [key, value] of entries) nested.set(key, value);
  return nested;
}

/** A value as stored in a new record's Y.Map: a Y.Text, a nested Y.Map, or a plain copy (which readers judge). */
function storedValue(key: string, value: unknown, layout: RecordLayout): unknown {
  if (layout.texts?.includes(key) && typeof value === 'string') return new Y.Text(value);
  const entries = nestedEntries(key, value, layout);
  return entries ? nestedMapOf(entries) : plainCopy(value);
}

/** A record as the Y.Map it is stored as, built whole (its Y.Texts and sets inside) before it is inserted. */
export function buildRecordMap(record: Record<string, unknown>, layout: RecordLayout): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(record)) if (value !== undefined) map.set(key, storedValue(key, value, layout));
  for (const key of layout.emptyTexts ?? []) if (!(key in record)) map.set(key, new Y.Text(''));
  return map;
}

/**
 * Makes a stored Y.Map say what `record` says, writing only what differs: a
 * Y.Text is edited in place (the smallest change, so concurrent typing
 * merges), a set gains and loses single keys, a plain field is overwritten.
 * A text field without a Y.Text gets a plain string, never a new Y.Text
 * (unless `newTexts`, for a map this import created): two peers creating one
 * would lose one's typing. Runs inside a transaction.
 */
export function updateRecordMap(map: Y.Map<unknown>, record: Record<string, unknown>, layout: RecordLayout, newTexts = false): void {
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    const current = map.get(key);
    const entries = current instanceof Y.Map ? nestedEntries(key, value, layout) : null;
    if (layout.texts?.includes(key) && typeof value === 'string') updateText(map, key, current, value, newTexts);
    else if (entries) updateNested(current as Y.Map<unknown>, entries);
    else if (!map.has(key) || canonicalJson(current) !== canonicalJson(value)) map.set(key, plainCopy(value));
  }
}

function updateText(map: Y.Map<unknown>, key: string, current: unknown, value: string, newTexts: boolean): void {
  if (current instanceof Y.Text) applyTextChange(current, value);
  else if (newTexts && current === undefined) map.set(key, new Y.Text(value));
  else if (current !== value) map.set(key, value);
}

/** One key at a time, so a peer's concurrent additions to the same set stay. */
function updateNested(nested: Y.Map<unknown>, wanted: Map<string, unknown>): void {
  for (const [key, value] of wanted) if (canonicalJson(nested.get(key)) !== canonicalJson(value)) nested.set(key, value);
  for (const key of [...nested.keys()]) if (!wanted.has(key)) nested.delete(key);
}
