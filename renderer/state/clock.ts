import { create } from 'zustand';

/**
 * "Now" for time-based views (stale signals, the pace line), advanced once a
 * minute: signals that depend on the date stay current without recomputing
 * on every render.
 */
export const useClock = create<{ now: number }>(() => ({ now: Date.now() }));

const MINUTE = 60_000;
let timer: ReturnType<typeof setInterval> | null = null;

/** A "now" this fresh is not set again on start: every view reading it would compute again for the same day. */
const FRESH_MS = 1_000;

export function startClock(): () => void {
  if (Date.now() - useClock.getState().now >= FRESH_MS) useClock.setState({ now: Date.now() });
  timer ??= setInterval(() => useClock.setState({ now: Date.now() }), MINUTE);
  return () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
}
