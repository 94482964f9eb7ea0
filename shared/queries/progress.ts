import type { Answer, CheckIn, KeyResult, Question } from '../schema/types';

/** Latest first by time; ties (same ms on two devices) break by id, the same everywhere. */
export function compareCheckInsNewestFirst(a: CheckIn, b: CheckIn): number {
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * A KR's check-ins newest first, sorted in place. They are appended as they are
 * recorded, so a document usually holds a KR's records oldest first: one pass
 * finds a list already in either order (then reversed, or kept), and only a list
 * out of order (a peer's late record, a merge) is sorted.
 */
export function sortNewestFirst(list: CheckIn[]): CheckIn[] {
  let oldestFirst = true;
  let newestFirst = true;
  for (let i = 1; i < list.length && (oldestFirst || newestFirst); i++) {
    const order = compareCheckInsNewestFirst(list[i - 1]!, list[i]!);
    if (order < 0) oldestFirst = false;
    else if (order > 0) newestFirst = false;
  }
  if (newestFirst) return list;
  if (oldestFirst) return list.reverse();
  return list.sort(compareCheckInsNewestFirst);
}

export function latestCheckIn(history: readonly CheckIn[]): CheckIn | null {
  let latest: CheckIn | null = null;
  for (const c of history) if (!latest || compareCheckInsNewestFirst(c, latest) < 0) latest = c;
  return latest;
}

/** Live questions of a learning KR, in order. */
export function questionsOf(keyResultId: string, questions: Iterable<Question>): Question[] {
  const out: Question[] = [];
  for (const q of questions) if (q.keyResultId === keyResultId && q.deletedAt === null) out.push(q);
  return out.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/** Each question's standing answer: the latest check-in that answered it ('open' when none did). */
export function answersOf(questions: readonly Question[], history: readonly CheckIn[]): Map<string, Answer> {
  const out = new Map<string, Answer>(questions.map((q) => [q.id, 'open']));
  const oldestFirst = [...history].sort(compareCheckInsNewestFirst).reverse();
  for (const c of oldestFirst) {
    if (!c.answers) continue;
    for (const [questionId, answer] of Object.entries(c.answers)) if (out.has(questionId)) out.set(questionId, answer);
  }
  return out;
}

/** How many of the questions have been answered (validated or invalidated). */
export function answeredCount(answers: ReadonlyMap<string, Answer>): number {
  let n = 0;
  for (const a of answers.values()) if (a !== 'open') n++;
  return n;
}

/**
 * The KR's current value: its latest check-in, else the baseline (milestones
 * and outputs: 0; learning KRs: the number of answered questions).
 */
export function currentValueOf(kr: KeyResult, history: readonly CheckIn[], questions: readonly Question[] = []): number | null {
  if (kr.kind === 'learning') return answeredCount(answersOf(questions, history));
  const latest = latestCheckIn(history);
  if (latest) return latest.value;
  if (kr.kind === 'milestone' || kr.kind === 'output') return 0;
  if (kr.direction === 'increase' || kr.direction === 'decrease') return kr.baseline;
  return null; // a threshold KR says nothing until someone measures it
}

export interface Progress {
  /** 0..1, or null when nothing is known yet. */
  ratio: number | null;
  current: number | null;
  /** For stay-above / stay-below KRs: is the number on the right side now? */
  holding: boolean | null;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/**
 * Progress of a KR from its check-ins. Metric KRs move linearly from baseline to
 * target (either direction); threshold KRs are 1 while they hold and 0 when
 * breached; outputs are the delivered share of the target count; learning KRs
 * the answered share of their questions; milestones are 1 once done.
 * `questions` are the KR's live questions (learning KRs only).
 */
export function progressOf(kr: KeyResult, history: readonly CheckIn[], questions: readonly Question[] = []): Progress {
  const current = currentValueOf(kr, history, questions);
  if (current === null) return { ratio: null, current, holding: null };
  if (kr.kind === 'milestone') return { ratio: current >= 1 ? 1 : 0, current, holding: null };
  if (kr.kind === 'output') return { ratio: clamp01(current / kr.target), current, holding: null };
  if (kr.kind === 'learning') return { ratio: questions.length ? clamp01(current / questions.length) : null, current, holding: null };
  switch (kr.direction) {
    case 'increase':
    case 'decrease': {
      const span = kr.target - kr.baseline;
      if (span === 0) return { ratio: current === kr.target ? 1 : 0, current, holding: null };
      return { ratio: clamp01((current - kr.baseline) / span), current, holding: null };
    }
    case 'stayAbove': {
      const holding = current >= kr.target;
      return { ratio: holding ? 1 : 0, current, holding };
    }
    case 'stayBelow': {
      const holding = current <= kr.target;
      return { ratio: holding ? 1 : 0, current, holding };
    }
  }
}

/** An objective's progress: the mean of its KRs that have a known progress. */
export function objectiveProgressOf(ratios: readonly (number | null)[]): number | null {
  const known = ratios.filter((r): r is number => r !== null);
  if (known.length === 0) return null;
  return known.reduce((a, b) => a + b, 0) / known.length;
}

/** Three confidence levels shown next to the 0–10 number. */
export function confidenceLevel(confidence: number): 'low' | 'medium' | 'high' {
  if (confidence <= 3) return 'low';
  if (confidence <= 6) return 'medium';
  return 'high';
}
