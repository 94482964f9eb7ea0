import { startTransition, useEffect, useState } from 'react';

/**
 * How many items of a long list to render now. The first screenful renders at
 * once; the rest follow in small chunks between frames, so a workspace with
 * hundreds of objectives opens quickly and typing is never blocked for long.
 * Everything ends up rendered (no virtualization), so keyboard navigation,
 * find-in-page and screen readers see the whole list.
 */
export function useProgressiveCount(total: number, first = 24, chunk = 16): number {
  const [count, setCount] = useState(() => Math.min(total, first));
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => startTransition(() => setCount((c) => Math.min(total, c + chunk))), 0);
    return () => clearTimeout(timer);
  }, [count, total, chunk]);
  return Math.min(Math.max(count, Math.min(total, first)), total);
}
