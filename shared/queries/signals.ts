import { DAY_MS, dateMs } from '../dates';
import { DEFAULT_SIGNAL_THRESHOLDS, type CheckIn, type KeyResult, type Question, type SignalThresholds, type WorkspaceMeta } from '../schema/types';
import { answersOf, compareCheckInsNewestFirst, confidenceLevel, progressOf } from './progress';

/*
 * Signals: changes detected in a KR's check-ins, each explained in one
 * sentence that names the numbers, so a team can decide what to do about it.
 * Pure and local: computed from the check-ins, the cycle dates and the
 * workspace's thresholds, never stored (only the decisions that answer them
 * are: see decisions.ts).
 */

export type SignalKind = 'behind-pace' | 'stale' | 'confidence-drop' | 'divergence' | 'breakthrough';

export interface Signal {
  kind: SignalKind;
  keyResultId: string;
  /** One sentence with the numbers that triggered it. */
  explanation: string;
  /** When the evidence arose: the check-in that triggered it, or `now` for time-based signals. */
  at: number;
  /** Stable across recomputations, so a decision can refer to (and close) it. */
  key: string;
}

export { DEFAULT_SIGNAL_THRESHOLDS, type SignalThresholds } from '../schema/types';

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** Share of the cycle elapsed at `at`, 0..1. */
export function elapsedShare(meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>, at: number): number {
  const start = dateMs(meta.cycleStart);
  const end = dateMs(meta.cycleEnd) + DAY_MS;
  if (!(end > start)) return 0;
  return Math.min(1, Math.max(0, (at - start) / (end - start)));
}

/**
 * KRs with a pace: a number moving from a baseline to a target, a count of
 * deliverables, or questions to answer (progress expected to grow steadily).
 */
export function hasPace(kr: KeyResult, questions: readonly Question[] = []): boolean {
  if (kr.kind === 'output') return true;
  if (kr.kind === 'learning') return questions.length > 0;
  return kr.kind === 'metric' && (kr.direction === 'increase' || kr.direction === 'decrease') && kr.target !== kr.baseline;
}

/**
 * The signals of one KR at time `now`, oldest evidence first. Check-ins after
 * `now` are ignored, so this also tells what the signals were on a past date.
 * `questions` are the KR's live questions (learning KRs only).
 */
export function signalsOf(
  kr: KeyResult,
  history: readonly CheckIn[],
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>,
  now: number,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
  questions: readonly Question[] = [],
): Signal[] {
  return signalsOfKnown(kr, [...history].filter((c) => c.at <= now).sort(compareCheckInsNewestFirst), meta, now, thresholds, questions);
}

/**
 * signalsOf, from the check-ins known at `now` already sorted newest first
 * (compareCheckInsNewestFirst): a KR's timeline asks it as of each of its
 * check-ins, and sorts the history once, not once per check-in.
 */
export function signalsOfKnown(
  kr: KeyResult,
  newestFirst: readonly CheckIn[],
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>,
  now: number,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
  questions: readonly Question[] = [],
): Signal[] {
  const signals: Signal[] = [];
  const latest = newestFirst[0];
  const previous = newestFirst[1];
  const add = (kind: SignalKind, explanation: string, at: number, evidence: string) =>
    signals.push({ kind, keyResultId: kr.id, explanation, at, key: `${kind}:${kr.id}:${evidence}` });

  // Stale: measured from the last check-in; without one, from when the KR
  // was added (a KR written on day 66 has not missed the check-ins before it
  // existed), or from the cycle start when it was written before the cycle.
  const cycleStart = dateMs(meta.cycleStart);
  const added = Number.isFinite(kr.createdAt) && kr.createdAt > cycleStart ? kr.createdAt : null;
  const since = latest?.at ?? added ?? cycleStart;
  const quietDays = Math.floor((now - since) / DAY_MS);
  if (now >= cycleStart && quietDays > thresholds.checkInRhythmDays) {
    const rhythm = `(the team checks in every ${thresholds.checkInRhythmDays})`;
    add(
      'stale',
      latest
        ? `No check-in for ${quietDays} days ${rhythm}.`
        : added !== null
          ? `No check-in yet, ${quietDays} days since it was added ${rhythm}.`
          : `No check-in yet, ${quietDays} days into the cycle ${rhythm}.`,
      now,
      latest ? latest.id : 'none',
    );
  }

  // One pace state at a time (docs/schema.md, Signals): behind pace wins over a
  // breakthrough. A breakthrough says "now on pace"; a KR still behind the
  // pace line after its latest check-in is not, whatever that check-in did.
  let behind = false;
  if (hasPace(kr, questions) && latest) {
    const expected = elapsedShare(meta, latest.at);
    // The whole history up to each check-in: a learning KR's answers accumulate.
    const actual = progressOf(kr, newestFirst, questions).ratio ?? 0;
    // Rounded to a thousandth of a point, so 50% − 35% is 15 points, not 15.000000000000002.
    const gap = Math.round((expected - actual) * 100_000) / 1000;
    if (gap > thresholds.behindPacePoints) {
      behind = true;
      add(
        'behind-pace',
        `Progress is ${percent(actual)} where the pace line expects ${percent(expected)} by now: ${Math.round(gap)} points behind (more than ${thresholds.behindPacePoints}).`,
        latest.at,
        latest.id,
      );
    }
    // A learning KR's breakthrough is a question answered (below): one event, one signal.
    if (previous && kr.kind !== 'learning') {
      const before = progressOf(kr, newestFirst.slice(1), questions).ratio ?? 0;
      const expectedBefore = elapsedShare(meta, previous.at);
      if (before < expectedBefore && actual >= expected) {
        add(
          'breakthrough',
          `The value moved from ${previous.value} to ${latest.value}, past the pace line: ${percent(actual)} done where ${percent(expected)} was expected.`,
          latest.at,
          latest.id,
        );
      }
    }
  }
  if (kr.kind === 'milestone' && latest && latest.value >= 1 && (!previous || previous.value < 1)) {
    add('breakthrough', 'The milestone was reached.', latest.at, latest.id);
  }
  if (kr.kind === 'learning' && latest?.answers && !behind) {
    // A question answered by the latest check-in that was open before it.
    const before = answersOf(questions, newestFirst.slice(1));
    const answered = questions.filter((q) => {
      const now = latest.answers?.[q.id];
      return (now === 'validated' || now === 'invalidated') && before.get(q.id) === 'open';
    });
    if (answered.length) {
      const first = answered[0]!;
      add(
        'breakthrough',
        answered.length === 1
          ? `A question was answered (${latest.answers[first.id]}): “${first.text}”.`
          : `${answered.length} questions were answered, among them “${first.text}” (${latest.answers[first.id]}).`,
        latest.at,
        `${latest.id}:answered`,
      );
    }
  }

  // Confidence: the last three check-ins that gave one, newest first.
  const rated = newestFirst.filter((c): c is CheckIn & { confidence: number } => c.confidence !== null);
  const [c0, c1, c2] = rated;
  if (c0 && c1) {
    const fall = c1.confidence - c0.confidence;
    if (fall >= thresholds.confidenceDrop) {
      add('confidence-drop', `Confidence fell from ${c1.confidence} to ${c0.confidence} (−${fall}) since the previous check-in.`, c0.at, c0.id);
    } else if (c2 && c2.confidence > c1.confidence && c1.confidence > c0.confidence) {
      add('confidence-drop', `Confidence fell twice in a row: ${c2.confidence} → ${c1.confidence} → ${c0.confidence}.`, c0.at, c0.id);
    }
  }

  // Divergence: high confidence while the number stands still.
  const recent = newestFirst.slice(0, thresholds.divergenceCheckIns);
  if (
    latest &&
    latest.confidence !== null &&
    latest.confidence >= thresholds.divergenceConfidence &&
    recent.length === thresholds.divergenceCheckIns &&
    recent.every((c) => c.value === latest.value) &&
    kr.kind !== 'learning' &&
    !(kr.kind === 'milestone' && latest.value >= 1) &&
    !((kr.kind === 'metric' || kr.kind === 'output') && progressOf(kr, [latest]).ratio === 1)
  ) {
    add(
      'divergence',
      `Confidence is ${latest.confidence} (${confidenceLevel(latest.confidence)}) but the value has stayed at ${latest.value} for the last ${recent.length} check-ins.`,
      latest.at,
      latest.id,
    );
  }
  return signals.sort(compareSignalsByEvidence);
}

/** A KR's signals' order: oldest evidence first, then by key. */
export function compareSignalsByEvidence(a: Signal, b: Signal): number {
  return a.at - b.at || (a.key < b.key ? -1 : 1);
}
