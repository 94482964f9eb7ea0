import { checkInDueOf, type CheckInDue } from '../../shared/queries/checkInDue';
import { NOT_JUDGED, healthOfKeyResult, healthOfObjective, type HealthVerdict } from '../../shared/queries/health';
import { isTracked } from '../../shared/queries/tracking';
import type { Signal } from '../../shared/queries/signals';
import type { CheckIn, KeyResult, Objective, Question, WorkspaceMeta } from '../../shared/schema/types';
import { useClock } from './clock';
import type { Projection } from './projection';
import { selectOutline, selectQuestionsByKeyResult } from './selectors';
import { openSignalsOf } from './signals';
import { useWorkspace } from './workspaceSession';

/*
 * Health and the next check-in due of the open workspace's KRs and objectives
 * (the rules: shared/queries/health.ts, checkInDue.ts, docs/health.md).
 * Every KR row, objective card and the at-a-glance panel ask on each store
 * change, so each KR's answer is kept on the identity of what it is computed
 * from (its record, objective, check-ins, questions, open signals, the cycle
 * and the clock): a check-in recomputes one KR, a keystroke in a title none,
 * and an unchanged answer keeps its identity (no re-render).
 */

const NO_CHECK_INS: readonly CheckIn[] = [];
const NO_QUESTIONS: readonly Question[] = [];

/** "Now" for a KR: the clock ticks once a minute, and a check-in made since is evidence all the same (as in signals.ts). */
function nowFor(history: readonly CheckIn[], now: number): number {
  return Math.max(now, history[0]?.at ?? 0);
}

interface CachedHealth {
  objective: Objective | undefined;
  history: readonly CheckIn[];
  questions: readonly Question[];
  meta: WorkspaceMeta;
  signals: readonly Signal[];
  now: number;
  verdict: HealthVerdict;
}
const healthCache = new WeakMap<KeyResult, CachedHealth>();

/** A KR's health in the open workspace at `now` (null health once it, or its objective, is closed). */
export function keyResultHealthOf(kr: KeyResult, projection: Projection, now: number): HealthVerdict {
  const meta = projection.meta;
  const objective = projection.objectives[kr.objectiveId];
  if (!meta || !isTracked(kr, objective)) return NOT_JUDGED;
  const history = projection.checkInsByKeyResult[kr.id] ?? NO_CHECK_INS;
  const questions = selectQuestionsByKeyResult(projection)[kr.id] ?? NO_QUESTIONS;
  const signals = openSignalsOf(kr, projection, now);
  const cached = healthCache.get(kr);
  if (
    cached &&
    cached.objective === objective &&
    cached.history === history &&
    cached.questions === questions &&
    cached.meta === meta &&
    cached.signals === signals &&
    cached.now === now
  ) {
    return cached.verdict;
  }
  const computed = healthOfKeyResult({ keyResult: kr, objective, history, questions, meta, openSignals: signals }, nowFor(history, now));
  const verdict = cached && sameVerdict(cached.verdict, computed) ? cached.verdict : computed;
  healthCache.set(kr, { objective, history, questions, meta, signals, now, verdict });
  return verdict;
}

function sameVerdict(a: HealthVerdict, b: HealthVerdict): boolean {
  return a.health === b.health && a.reasons.length === b.reasons.length && a.reasons.every((r, i) => r === b.reasons[i]);
}

let healthMapMemo: { inputs: readonly unknown[]; value: ReadonlyMap<string, HealthVerdict> } | null = null;

/**
 * Every live KR's health at `now`, by id (null health for closed ones): the
 * same map while none of its inputs changed. Plain (no React), for filters
 * and anything that reads many KRs at once.
 */
export function healthByKeyResult(projection: Projection, now: number): ReadonlyMap<string, HealthVerdict> {
  const p = projection;
  const inputs = [p.keyResults, p.objectives, p.checkInsByKeyResult, p.questions, p.decisions, p.meta, now];
  if (healthMapMemo && healthMapMemo.inputs.every((input, i) => input === inputs[i])) return healthMapMemo.value;
  const value = new Map<string, HealthVerdict>();
  for (const kr of Object.values(p.keyResults)) if (kr.deletedAt === null) value.set(kr.id, keyResultHealthOf(kr, p, now));
  healthMapMemo = { inputs, value };
  return value;
}

const objectiveCache = new WeakMap<Objective, { parts: readonly (HealthVerdict | string)[]; verdict: HealthVerdict }>();

/** An objective's health from its tracked KRs (shared/queries/health.ts healthOfObjective); null health when closed or without tracked KRs. */
export function objectiveHealthOf(objectiveId: string, projection: Projection, now: number): HealthVerdict {
  const entry = selectOutline(projection).objectives.find((o) => o.objective.id === objectiveId);
  if (!entry) return NOT_JUDGED;
  const verdicts = entry.keyResults.map((kr) => keyResultHealthOf(kr, projection, now));
  // Kept while its KRs' verdicts and titles are the same objects: no re-render of the card.
  const parts = entry.keyResults.flatMap((kr, i) => [verdicts[i]!, kr.title]);
  const cached = objectiveCache.get(entry.objective);
  if (cached && cached.parts.length === parts.length && cached.parts.every((p, i) => p === parts[i])) return cached.verdict;
  const verdict = healthOfObjective(
    entry.objective,
    entry.keyResults.map((kr, i) => ({ title: kr.title, health: verdicts[i]!.health })),
  );
  objectiveCache.set(entry.objective, { parts, verdict });
  return verdict;
}

const dueCache = new WeakMap<KeyResult, { history: readonly CheckIn[]; meta: WorkspaceMeta; now: number; due: CheckInDue }>();

/** When a tracked KR's next check-in is due (null for one that is not tracked). */
export function checkInDueFor(kr: KeyResult, projection: Projection, now: number): CheckInDue | null {
  const meta = projection.meta;
  if (!meta || !isTracked(kr, projection.objectives[kr.objectiveId])) return null;
  const history = projection.checkInsByKeyResult[kr.id] ?? NO_CHECK_INS;
  const cached = dueCache.get(kr);
  if (cached && cached.history === history && cached.meta === meta && cached.now === now) return cached.due;
  const computed = checkInDueOf(kr, history, meta, nowFor(history, now));
  const due =
    cached && cached.due.due === computed.due && cached.due.overdue === computed.overdue && cached.due.since === computed.since ? cached.due : computed;
  dueCache.set(kr, { history, meta, now, due });
  return due;
}

/** The health of one KR of the open workspace, kept current with the clock. */
export function useKeyResultHealth(keyResultId: string): HealthVerdict {
  const now = useClock((s) => s.now);
  return useWorkspace((s) => {
    const kr = s.keyResults[keyResultId];
    return kr ? keyResultHealthOf(kr, s, now) : NOT_JUDGED;
  });
}

/** The health of one objective of the open workspace, kept current with the clock. */
export function useObjectiveHealth(objectiveId: string): HealthVerdict {
  const now = useClock((s) => s.now);
  return useWorkspace((s) => objectiveHealthOf(objectiveId, s, now));
}

/** When one KR's next check-in is due (null when it is not tracked), kept current with the clock. */
export function useCheckInDue(keyResultId: string): CheckInDue | null {
  const now = useClock((s) => s.now);
  return useWorkspace((s) => {
    const kr = s.keyResults[keyResultId];
    return kr ? checkInDueFor(kr, s, now) : null;
  });
}
