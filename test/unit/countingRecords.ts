/* Records that count the reads of their fields: what the work-counting tests (keystrokeWork, signalCountWork) count work with. */

/** Records like the given ones whose every field read calls `onRead` (one wrapper per record: an unchanged record keeps its identity). */
export function counting<T extends object>(onRead: (record: T) => void): (record: T) => T {
  const wrappers = new WeakMap<T, T>();
  return (record) => {
    let counted = wrappers.get(record);
    if (!counted) {
      counted = {} as T;
      for (const key of Object.keys(record)) {
        Object.defineProperty(counted, key, {
          enumerable: true,
          get: () => {
            onRead(record);
            return Reflect.get(record, key) as unknown;
          },
        });
      }
      wrappers.set(record, counted);
    }
    return counted;
  };
}
