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
