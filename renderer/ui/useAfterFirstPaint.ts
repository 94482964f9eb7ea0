import { useEffect, useState } from 'react';

/**
 * False on the first render and true once the browser has painted it: for a
 * part that reads the whole workspace (the At a glance summary) and should not
 * hold back the first screen of a large one. See docs/architecture.md, "The data's path" (projection).
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // A frame, then a task: the frame is painted before the work starts.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}

/**
 * True once the first screen is painted and the browser has then had an idle
 * moment (or a second has passed): for work that should not delay even the
 * first screen's own follow-ups, such as the Signals tab's count, which reads
 * every key result's check-ins and would otherwise hold back At a glance.
 */
export function useWhenIdleAfterFirstPaint(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let idleHandle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const whenIdle = () => {
      if (cancelled) return;
      if (typeof requestIdleCallback === 'function') idleHandle = requestIdleCallback(() => setIdle(true), { timeout: 1_000 });
      else timer = setTimeout(() => setIdle(true), 50);
    };
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(whenIdle, 0);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      if (idleHandle !== undefined) cancelIdleCallback(idleHandle);
    };
  }, []);
  return idle;
}
