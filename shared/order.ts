import { generateJitteredKeyBetween } from 'fractional-indexing-jittered';

/** Anything that is placed in a list by a fractional index. */
export interface Ordered {
  id: string;
  order: string;
}

/** Code-unit comparison: the same on every replica and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest first: by time, ties broken by id (the same on every replica). */
export function byTimeThenId(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || compareStrings(a.id, b.id);
}

/** Sort by (order, id): ties from concurrent inserts break the same way everywhere. */
export function compareOrdered(a: Ordered, b: Ordered): number {
  return compareStrings(a.order, b.order) || compareStrings(a.id, b.id);
}

export function sortOrdered<T extends Ordered>(items: readonly T[]): T[] {
  return [...items].sort(compareOrdered);
}

/**
 * A jittered key strictly between lower and upper (either may be null for an end).
 * Jitter keeps two peers inserting at the same place from picking the same key.
 */
export function orderBetween(lower: string | null, upper: string | null): string {
  const low = usableKey(lower);
  let high = usableKey(upper);
  // Two neighbours share a key (concurrent inserts): the best we can do is just after them.
  if (low !== null && high !== null && low >= high) high = null;
  return generateJitteredKeyBetween(low, high);
}

/**
 * A key the generator accepts, or null. A peer may have written a key that
 * passes the schema's character check but is not a valid fractional index;
 * treating it as an open end keeps our own inserts working.
 */
function usableKey(key: string | null): string | null {
  if (key === null) return null;
  try {
    generateJitteredKeyBetween(key, null);
    return key;
  } catch {
    return null;
  }
}

/** The order key for appending after the last of `siblings`. */
export function orderAtEnd(siblings: readonly Ordered[]): string {
  const last = sortOrdered(siblings).at(-1);
  return orderBetween(last ? last.order : null, null);
}

/**
 * The order key that puts an item at `targetIndex` among `siblings` once it is
 * removed from its current place (siblings may include the item itself).
 */
export function orderForMove(siblings: readonly Ordered[], movingId: string, targetIndex: number): string {
  const others = sortOrdered(siblings.filter((s) => s.id !== movingId));
  const index = Math.max(0, Math.min(targetIndex, others.length));
  const lower = others[index - 1]?.order ?? null;
  // Skip neighbours that tie with the lower key, so we land before the next distinct one.
  const upper = others.slice(index).find((o) => lower === null || o.order > lower)?.order ?? null;
  return orderBetween(lower, upper);
}
