import type { CheckIn, Decision, KeyResult, Question, SignalThresholds, WorkspaceMeta } from '../schema/types';
import { decisionsBySignal, decisionsOf } from './decisions';
import { compareCheckInsNewestFirst, progressOf, type Progress } from './progress';
import { signalsOf, signalsOfKnown, type Signal } from './signals';

/*
 * A KR's story: check-ins, the signals they raised and the decisions taken,
 * interleaved in time. Signals are recomputed as of each check-in, so a signal
 * that a later check-in made moot still shows where it arose.
 */

export type TimelineItem =
  | { type: 'check-in'; at: number; checkIn: CheckIn }
  | { type: 'signal'; at: number; signal: Signal; closedBy: Decision | null }
  | { type: 'decision'; at: number; decision: Decision };

const RANK: Record<TimelineItem['type'], number> = { 'check-in': 0, signal: 1, decision: 2 };

export interface TimelineInput {
  keyResult: KeyResult;
  history: readonly CheckIn[];
  /** All the KR's questions, deleted ones included: each moment sees those it had. */
  questions: readonly Question[];
  decisions: Iterable<Decision>;
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>;
  thresholds: SignalThresholds;
  /**
   * Whether the KR is still tracked (tracking.ts; true when omitted). A closed
   * KR raises no signals: its timeline keeps only those a decision answered,
   * which are part of its story.
   */
  tracked?: boolean;
}

/** Oldest first. At equal times a check-in comes before the signal it raised, and both before a decision. */
export function timelineOf(input: TimelineInput, now: number): TimelineItem[] {
  const { keyResult: kr, history, questions, meta, thresholds } = input;
  // As of `now`: a decision taken later neither shows nor closes a signal yet.
  const decisions = [...input.decisions].filter((d) => d.at <= now);
  const bySignal = decisionsBySignal(decisions);
  const items: TimelineItem[] = [];
  const seen = new Set<string>();
  const quiet = input.tracked === false;
  const addSignals = (signals: Signal[]) => {
    for (const signal of signals) {
      if (seen.has(signal.key)) continue;
      seen.add(signal.key);
      const closedBy = bySignal.get(signal.key) ?? null;
      if (quiet && !closedBy) continue;
      items.push({ type: 'signal', at: signal.at, signal, closedBy });
    }
  };
  // Sorted once: the check-ins known at a moment are the tail of this list from the first one not after it.
  const newestFirst = [...history].sort(compareCheckInsNewestFirst);
  for (const checkIn of history) {
    if (checkIn.at > now) continue;
    items.push({ type: 'check-in', at: checkIn.at, checkIn });
    // Time-based signals (stale) only make sense at `now`; the rest arise at a check-in.
    // With the questions of that moment: one added later must not make the past look behind pace.
    const known = newestFirst.slice(firstNotAfter(newestFirst, checkIn.at));
    addSignals(signalsOfKnown(kr, known, meta, checkIn.at, thresholds, questionsAsOf(questions, checkIn.at)).filter((s) => s.kind !== 'stale'));
  }
  addSignals(signalsOf(kr, history, meta, now, thresholds, questionsAsOf(questions, now)));
  for (const decision of decisionsOf(kr.id, decisions)) items.push({ type: 'decision', at: decision.at, decision });
  return items.sort((a, b) => a.at - b.at || RANK[a.type] - RANK[b.type]);
}

/** The index of the first check-in at or before `at` in a list sorted newest first (its length when there is none). */
function firstNotAfter(newestFirst: readonly CheckIn[], at: number): number {
  let low = 0;
  let high = newestFirst.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst[middle]!.at > at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A KR as it stood at `at`: the check-ins known then and the progress they gave. */
export interface KeyResultAsOf {
  history: CheckIn[];
  progress: Progress;
  latest: CheckIn | null;
}

/**
 * The questions a KR had at `at`: created by then and not yet deleted. Pass
 * all its questions, deleted ones included, to see a past that later deletes changed.
 */
export function questionsAsOf(questions: readonly Question[], at: number): Question[] {
  return questions.filter((q) => q.createdAt <= at && (q.deletedAt === null || q.deletedAt > at));
}

/** `questions`: all the KR's questions, deleted ones included (live ones are enough when none was deleted). */
export function keyResultAsOf(kr: KeyResult, history: readonly CheckIn[], questions: readonly Question[], at: number): KeyResultAsOf {
  const known = history.filter((c) => c.at <= at).sort(compareCheckInsNewestFirst);
  return { history: known, progress: progressOf(kr, known, questionsAsOf(questions, at)), latest: known[0] ?? null };
}
