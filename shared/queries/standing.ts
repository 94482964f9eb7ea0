import type { DateWords } from '../dateWords';
import type { CheckIn, Decision, KeyResult, Objective, Question, WorkspaceMeta } from '../schema/types';
import { checkInDueOf, type CheckInDue } from './checkInDue';
import { healthOfKeyResult, healthOfObjective, openSignals, type HealthVerdict } from './health';
import { objectiveProgressOf, progressOf } from './progress';
import { signalsOf, type Signal } from './signals';
import { isTracked } from './tracking';

/*
 * Where a KR and an objective stand at a moment: progress, health, the next
 * check-in due and the open signals. The one computation the report and the
 * at-a-glance panel both read (glance.ts, reportObjectives.ts), so their
 * numbers cannot drift apart.
 */

export interface KeyResultStanding {
  keyResult: KeyResult;
  /** 0..1, or null when nothing is known yet (progress.ts progressOf). */
  progress: number | null;
  health: HealthVerdict;
  /** Null for a KR that is no longer tracked. */
  due: CheckInDue | null;
  /** Its signals no decision answered (none once it is not tracked). */
  openSignals: readonly Signal[];
}

export interface ObjectiveStanding {
  objective: Objective;
  /** The mean of its live KRs' known progress (progress.ts objectiveProgressOf), as the board shows it. */
  progress: number | null;
  health: HealthVerdict;
  keyResults: readonly KeyResultStanding[];
}

/** What a standing is computed from: plain data, any store. */
export interface StandingSource {
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd' | 'signalThresholds'>;
  /** A KR's effective history (checkInHistory.ts), newest first. */
  checkInsOf(keyResultId: string): readonly CheckIn[];
  /** A learning KR's live questions, in order. */
  questionsOf(keyResultId: string): readonly Question[];
  /** Decisions by the signal keys they answer (decisions.ts decisionsBySignal). */
  decisionsBySignal: ReadonlyMap<string, Decision>;
  /** How health reasons write days and numbers: the reader's locale (health.ts). */
  dates: DateWords;
}

const NONE: readonly Signal[] = [];

export function standingOfKeyResult(source: StandingSource, kr: KeyResult, objective: Objective | undefined, now: number): KeyResultStanding {
  const history = source.checkInsOf(kr.id);
  const questions = kr.kind === 'learning' ? source.questionsOf(kr.id) : [];
  const progress = progressOf(kr, history, questions).ratio;
  if (!isTracked(kr, objective)) return { keyResult: kr, progress, health: healthOfKeyResult({ keyResult: kr, objective, history, questions, meta: source.meta, openSignals: NONE, dates: source.dates }, now), due: null, openSignals: NONE };
  const open = openSignals(signalsOf(kr, history, source.meta, now, source.meta.signalThresholds, questions), source.decisionsBySignal);
  const health = healthOfKeyResult({ keyResult: kr, objective, history, questions, meta: source.meta, openSignals: open, dates: source.dates }, now);
  return { keyResult: kr, progress, health, due: checkInDueOf(kr, history, source.meta, now), openSignals: open };
}

/** An objective's health from its KRs' standings (health.ts healthOfObjective). */
export function objectiveHealthOfStandings(objective: Objective, keyResults: readonly KeyResultStanding[]): HealthVerdict {
  return healthOfObjective(
    objective,
    keyResults.map((kr) => ({ title: kr.keyResult.title, health: kr.health.health })),
  );
}

/**
 * An objective's standing from its KRs' (its live KRs, in order). `health`,
 * when the caller already has it from the same KR standings (a cache), is
 * not computed again.
 */
export function standingOfObjective(
  objective: Objective,
  keyResults: readonly KeyResultStanding[],
  health: HealthVerdict = objectiveHealthOfStandings(objective, keyResults),
): ObjectiveStanding {
  return { objective, progress: objectiveProgressOf(keyResults.map((kr) => kr.progress)), health, keyResults };
}

/** An objective and its live KRs, standing at `now`. */
export function objectiveStandingOf(source: StandingSource, objective: Objective, keyResults: readonly KeyResult[], now: number): ObjectiveStanding {
  return standingOfObjective(
    objective,
    keyResults.map((kr) => standingOfKeyResult(source, kr, objective, now)),
  );
}
