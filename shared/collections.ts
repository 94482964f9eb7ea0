/*
 * Small helpers over plain collections that the queries and commands share:
 * grouping records by a key, and picking the latest record the same way on
 * every replica.
 */

/** Appends `value` to the list `map` holds under `key`, starting the list when there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The items by `keyOf`, each list in the order the items came. */
export function groupBy<T, K = string>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) pushTo(out, keyOf(item), item);
  return out;
}

/** A record of a moment; ids break ties between records of the same moment. */
export interface Timed {
  id: string;
  at: number;
}

/** Whether `a` is later than `b`: by time, ties broken by id (the same on every replica). */
function isLater(a: Timed, b: Timed): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id);
}

/** The latest of the records (by time, then id), or null when there are none. */
export function latestRecord<T extends Timed>(records: Iterable<T>): T | null {
  let latest: T | null = null;
  for (const r of records) if (!latest || isLater(r, latest)) latest = r;
  return latest;
}

/** The latest record per key (a KR's score, an objective's retrospective); ties break by id. */
export function latestBy<T extends Timed>(records: Iterable<T>, keyOf: (r: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of records) {
    const known = out.get(keyOf(r));
    if (!known || isLater(r, known)) out.set(keyOf(r), r);
  }
  return out;
}
