/*
 * A stage's shared timer, in the facilitator's clock (docs/workshop.md,
 * "Session"). Running, it has a deadline; paused, the time left. Every
 * laptop computes what is left as deadline − (its own now + its offset to
 * the facilitator's clock, shared/workshop/clock.ts), so laptops whose clocks
 * differ by minutes still show the same seconds.
 */

export interface TimerState {
  running: boolean;
  /** When it reaches zero, in the facilitator's clock (running only). */
  deadline: number | null;
  /** What is left while paused, ms. */
  remainingMs: number;
}

export const MINUTE_MS = 60_000;
/** No stage runs longer than a day. */
export const MAX_TIMER_MS = 86_400_000;

const clampMs = (ms: number) => Math.max(0, Math.min(MAX_TIMER_MS, Math.round(ms)));

export function idleTimer(durationMs: number): TimerState {
  return { running: false, deadline: null, remainingMs: clampMs(durationMs) };
}

/** The time left at `facilitatorNow` (a time in the facilitator's clock), never below zero. */
export function remainingMs(timer: TimerState, facilitatorNow: number): number {
  if (timer.running && timer.deadline !== null) return Math.max(0, timer.deadline - facilitatorNow);
  return timer.remainingMs;
}

export function startTimer(timer: TimerState, facilitatorNow: number): TimerState {
  if (timer.running) return timer;
  return { running: true, deadline: facilitatorNow + timer.remainingMs, remainingMs: timer.remainingMs };
}

export function pauseTimer(timer: TimerState, facilitatorNow: number): TimerState {
  if (!timer.running) return timer;
  const left = remainingMs(timer, facilitatorNow);
  return { running: false, deadline: null, remainingMs: left };
}

/** One more minute: on the deadline while running (from now, if it had already run out), on the time left while paused. */
export function addMinute(timer: TimerState, facilitatorNow: number): TimerState {
  if (timer.running && timer.deadline !== null) {
    const base = Math.max(timer.deadline, facilitatorNow);
    return { running: true, deadline: Math.min(base + MINUTE_MS, facilitatorNow + MAX_TIMER_MS), remainingMs: timer.remainingMs };
  }
  return { running: false, deadline: null, remainingMs: clampMs(timer.remainingMs + MINUTE_MS) };
}

/** Whether a running timer has reached zero: the moment of the gentle end signal. */
export function hasRunOut(timer: TimerState, facilitatorNow: number): boolean {
  return timer.running && remainingMs(timer, facilitatorNow) === 0;
}
