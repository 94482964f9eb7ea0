import { utcDateOf } from '../dates';
import type { DateWords } from '../dateWords';
import { formatNumberIn } from '../numberWords';
import type { CheckIn, KeyResult, Objective, Question, WorkspaceMeta } from '../schema/types';
import { compareCheckInsNewestFirst, confidenceLevel, progressOf } from './progress';
import { elapsedShare, hasPace, type Signal, type SignalKind } from './signals';
import { isTracked } from './tracking';

/*
 * Health: on track, at risk or off track, per KR and per objective. Computed,
 * never typed, from three things the team already records: pace (progress
 * against the share of the cycle gone), the latest confidence, and the open
 * signals (a signal a decision answered no longer counts). The rule, with
 * examples, is in docs/health.md; every verdict comes with its reasons in
 * words and numbers, worst first, so a badge can always say why.
 */

export type Health = 'on-track' | 'at-risk' | 'off-track';

export const HEALTH_LABEL: Record<Health, string> = { 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track' };

/** Worst first: the order counts and lists are shown in. */
export const HEALTHS: readonly Health[] = ['off-track', 'at-risk', 'on-track'];

const SEVERITY: Record<Health, number> = { 'on-track': 0, 'at-risk': 1, 'off-track': 2 };

/** The worse of two healths. */
export function worseHealth(a: Health, b: Health): Health {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** Sorts healths worst first (null, not judged, last). */
export function compareHealthWorstFirst(a: Health | null, b: Health | null): number {
  return (b === null ? -1 : SEVERITY[b]) - (a === null ? -1 : SEVERITY[a]);
}

export interface HealthVerdict {
  /** Null when there is nothing to judge: a closed, dropped or deleted KR (or one of a closed objective); an objective without tracked KRs. */
  health: Health | null;
  /** Why, in words with the numbers, worst first. Empty when `health` is null. */
  reasons: readonly string[];
}

export const NOT_JUDGED: HealthVerdict = Object.freeze({ health: null, reasons: Object.freeze([]) });

export interface KeyResultHealthInput {
  keyResult: KeyResult;
  /** Its objective (undefined when missing): a KR of a closed objective is not judged. */
  objective: Pick<Objective, 'deletedAt' | 'status'> | undefined;
  /** Its effective history (shared/queries/checkInHistory.ts), any order. */
  history: readonly CheckIn[];
  /** Its live questions (learning KRs). */
  questions: readonly Question[];
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd' | 'signalThresholds'>;
  /** Its signals at `now` that no decision answered (see openSignals). */
  openSignals: readonly Signal[];
  /** How the reasons write a day and a number: the reader's (the board passes the person's, the report its locale's). */
  dates: DateWords;
}

/** The signals no decision answered yet (shared/queries/decisions.ts decisionsBySignal). */
export function openSignals(signals: readonly Signal[], answered: { has(key: string): boolean }): Signal[] {
  return signals.filter((s) => !answered.has(s.key));
}

/** A finding: one of the reasons, with the health it points to. */
interface Finding {
  health: Health;
  reason: string;
}

/** Signals that lower health on their own. Behind pace is measured directly (below); a breakthrough is good news. */
const SIGNAL_HEALTH: Partial<Record<SignalKind, Health>> = { stale: 'at-risk', 'confidence-drop': 'at-risk', divergence: 'at-risk' };

/** A check-in's day as the reasons name it: its UTC day (as cycle days are), a medium date in the reader's locale. */
const dayOf = (at: number, dates: DateWords) => dates.day(utcDateOf(at));

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/**
 * How far behind the pace line a KR may fall: more than the workspace's
 * behind-pace points is at risk, more than twice that off track.
 */
function paceHealth(gapPoints: number, behindPacePoints: number): Health {
  if (gapPoints > 2 * behindPacePoints) return 'off-track';
  if (gapPoints > behindPacePoints) return 'at-risk';
  return 'on-track';
}

/** What has been done, in the KR's own terms: never forcing a learning KR into outcome form. */
function doneText(kr: KeyResult, ratio: number, current: number | null, questions: readonly Question[]): string {
  if (kr.kind === 'learning') return `${current ?? 0} of ${questions.length} questions answered`;
  if (kr.kind === 'output') return `${current ?? 0} of ${kr.target} delivered (${percent(ratio)})`;
  return `${percent(ratio)} done`;
}

function paceFinding(input: KeyResultHealthInput, history: readonly CheckIn[], now: number): Finding | null {
  const { keyResult: kr, questions, meta, dates } = input;
  const latest = history[0];
  if (!latest) return null; // nothing measured yet: pace is judged from the first check-in on
  const elapsed = elapsedShare(meta, now);
  const cycleOver = elapsed >= 1;
  if (kr.kind === 'milestone') {
    if (latest.value >= 1) return { health: 'on-track', reason: `Done (${dayOf(latest.at, dates)}).` };
    return cycleOver
      ? { health: 'off-track', reason: 'Not done, and the cycle is over.' }
      : { health: 'on-track', reason: `Not done yet, with ${percent(elapsed)} of the cycle gone.` };
  }
  const progress = progressOf(kr, history, questions);
  if (kr.kind === 'metric' && (kr.direction === 'stayAbove' || kr.direction === 'stayBelow')) {
    const side = kr.direction === 'stayAbove' ? 'at or above' : 'at or below';
    const [value, target, on] = [formatNumberIn(dates.locale, latest.value), formatNumberIn(dates.locale, kr.target), dayOf(latest.at, dates)];
    return progress.holding
      ? { health: 'on-track', reason: `Holding: ${value} is ${side} ${target} (${on}).` }
      : { health: 'off-track', reason: `Breached: ${value} is not ${side} ${target} (${on}).` };
  }
  if (!hasPace(kr, questions) || progress.ratio === null) {
    if (kr.kind === 'learning') return { health: 'on-track', reason: 'No questions to answer yet, so no pace to keep.' };
    return null;
  }
  const ratio = progress.ratio;
  const done = doneText(kr, ratio, progress.current, questions);
  if (ratio >= 1) return { health: 'on-track', reason: kr.kind === 'learning' ? `All ${questions.length} questions answered.` : `Target reached: ${done}.` };
  // Rounded to a thousandth of a point, as the behind-pace signal does.
  const gap = Math.round((elapsed - ratio) * 100_000) / 1000;
  const health = paceHealth(gap, meta.signalThresholds.behindPacePoints);
  const behind = gap > 0 ? `, ${Math.round(gap)} points behind the pace line` : '';
  return { health, reason: `${done} with ${percent(elapsed)} of the cycle gone${health === 'on-track' ? '' : behind}.` };
}

/** The latest confidence given: low is off track, medium at risk, high on track (progress.ts confidenceLevel). */
function confidenceFinding(history: readonly CheckIn[], dates: DateWords): Finding | null {
  const rated = history.find((c) => c.confidence !== null);
  if (!rated || rated.confidence === null) return null;
  const level = confidenceLevel(rated.confidence);
  const health: Health = level === 'low' ? 'off-track' : level === 'medium' ? 'at-risk' : 'on-track';
  return { health, reason: `Confidence ${rated.confidence}/10 (${level}) on ${dayOf(rated.at, dates)}.` };
}

function worstFirst(findings: readonly Finding[]): HealthVerdict {
  const sorted = [...findings].sort((a, b) => SEVERITY[b.health] - SEVERITY[a.health]);
  const health = sorted.reduce<Health>((worst, f) => worseHealth(worst, f.health), 'on-track');
  return { health, reasons: sorted.map((f) => f.reason) };
}

/**
 * A KR's health at `now`: the worst of its pace, its latest confidence and its
 * open signals (docs/health.md). Null for a KR that is no longer tracked
 * (closed, dropped, deleted, or its objective is). A KR with no check-in yet
 * and no open signal is on track: nothing says otherwise, and it turns at
 * risk the day its first check-in is overdue (the stale signal).
 */
export function healthOfKeyResult(input: KeyResultHealthInput, now: number): HealthVerdict {
  if (!isTracked(input.keyResult, input.objective)) return NOT_JUDGED;
  const history = input.history.filter((c) => c.at <= now).sort(compareCheckInsNewestFirst);
  const findings: Finding[] = [];
  const pace = paceFinding(input, history, now);
  if (pace) findings.push(pace);
  const confidence = confidenceFinding(history, input.dates);
  if (confidence) findings.push(confidence);
  for (const signal of input.openSignals) {
    const health = SIGNAL_HEALTH[signal.kind];
    if (health) findings.push({ health, reason: signal.explanation });
  }
  if (findings.length === 0) return { health: 'on-track', reasons: ['No check-in yet, and nothing says it is off course.'] };
  return worstFirst(findings);
}

/** A KR's verdict with its title: what an objective's health is made of. */
export interface TitledHealth {
  title: string;
  health: Health | null;
}

const names = (krs: readonly TitledHealth[]) => krs.map((kr) => `“${kr.title || 'Untitled key result'}”`).join(', ');

/**
 * An objective's health from its tracked KRs' (those judged; closed ones are
 * left out): off track when at least half of them are off track; at risk when
 * any is at risk or off track; on track when all are. Null for a closed or
 * deleted objective, or one without a tracked KR.
 */
export function healthOfObjective(objective: Pick<Objective, 'deletedAt' | 'status'>, keyResults: readonly TitledHealth[]): HealthVerdict {
  if (objective.deletedAt !== null || objective.status === 'closed') return NOT_JUDGED;
  const judged = keyResults.filter((kr) => kr.health !== null);
  if (judged.length === 0) return NOT_JUDGED;
  const off = judged.filter((kr) => kr.health === 'off-track');
  const atRisk = judged.filter((kr) => kr.health === 'at-risk');
  const of = `of ${judged.length} key result${judged.length === 1 ? '' : 's'}`;
  const reasons: string[] = [];
  if (off.length) reasons.push(`${off.length} ${of} off track: ${names(off)}.`);
  if (atRisk.length) reasons.push(`${atRisk.length} ${of} at risk: ${names(atRisk)}.`);
  if (off.length * 2 >= judged.length) return { health: 'off-track', reasons };
  if (off.length || atRisk.length) return { health: 'at-risk', reasons };
  return { health: 'on-track', reasons: [judged.length === 1 ? 'Its key result is on track.' : `All ${judged.length} key results are on track.`] };
}
