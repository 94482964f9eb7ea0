import { create } from 'zustand';

/**
 * "Now" for time-based views (stale signals, the pace line), advanced once a
 * minute: signals that depend on the date stay current without recomputing
 * on every render.
 */
export const useClock = create<{ now: number }>(() => ({ now: Date.now() }));

const MINUTE = 60_000;
let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(): () => void {
  useClock.setState({ now: Date.now() });
  timer ??= setInterval(() => useClock.setState({ now: Date.now() }), MINUTE);
  return () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
}
