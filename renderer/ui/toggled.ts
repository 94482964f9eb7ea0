/** A copy of `set` with `value` added or removed: flipped, or set to `on` when given. For state kept as a set (checked boxes). */
export function toggled<T>(set: ReadonlySet<T>, value: T, on: boolean = !set.has(value)): Set<T> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}
