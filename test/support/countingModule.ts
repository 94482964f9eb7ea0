/**
 * A module whose named functions count their calls (each bumps `counts[name]`)
 * and otherwise do what the real ones do: for a `vi.mock` factory that counts
 * the work a cache saves, e.g.
 * `vi.mock(path, async (original) => (await import('../support/countingModule')).countingModule(await original(), counts))`.
 */
export function countingModule<M extends Record<string, unknown>>(actual: M, counts: Partial<Record<keyof M, number>>): M {
  const counted: Record<string, unknown> = { ...actual };
  for (const name of Object.keys(counts) as (keyof M & string)[]) {
    const real = actual[name];
    if (typeof real !== 'function') throw new Error(`${name} is not a function of the module`);
    counted[name] = (...args: unknown[]) => {
      counts[name] = (counts[name] ?? 0) + 1;
      return (real as (...args: unknown[]) => unknown)(...args);
    };
  }
  return counted as M;
}
