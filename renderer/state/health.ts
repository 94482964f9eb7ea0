import { useDeferredValue, useMemo } from 'react';
import { checkInDueOf, isDueThisWeek, type CheckInDue } from '../../shared/queries/checkInDue';
import { buildGlance, patchGlance, type Glance, type GlanceBuild } from '../../shared/queries/glance';
import { objectiveHealthOfStandings, standingOfObjective, type KeyResultStanding, type ObjectiveStanding } from '../../shared/queries/standing';
import { NOT_JUDGED, healthOfKeyResult, type HealthVerdict } from '../../shared/queries/health';
import { standingChangesAt } from '../../shared/queries/timeBoundary';
import { isTracked } from '../../shared/queries/tracking';
import type { Signal } from '../../shared/queries/signals';
import type { DateWords } from '../../shared/dateWords';
import type { CheckIn, KeyResult, Objective, Question, WorkspaceMeta } from '../../shared/schema/types';
import { useClock } from './clock';
import { personDateWords } from '../ui/format';
import type { Projection } from './projection';
import { changedIds, outlineEntryOf, outlineObjectiveIds } from '../../shared/queries/outline';
import { progressFor, selectOutline, selectQuestionsByKeyResult, selectQuestionsOf } from './selectors';
import { openSignalsOf, selectDecisionsBySignal } from './signals';
import { useWorkspace } from './workspaceSession';

/*
 * Health and the next check-in due of the open workspace's KRs and objectives
 * (the rules: shared/queries/health.ts, checkInDue.ts, docs/health.md), as
 * standings (shared/queries/standing.ts) by id, computed once per change of
 * what they read (see "generation" below) however many rows, cards, filters
 * and the at-a-glance panel ask. Each KR's answer is also kept on the identity
 * of what it is computed from (its record, objective, check-ins, questions,
 * open signals, the cycle and the clock): a check-in recomputes one KR, a
 * keystroke in a title none, and an unchanged answer keeps its identity (no
 * re-render).
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
  dates: DateWords;
  verdict: HealthVerdict;
}
const healthCache = new WeakMap<KeyResult, CachedHealth>();

/** A KR's health at `now`, kept on the identity of what it is computed from (null health once it, or its objective, is closed). */
function computeKeyResultHealth(kr: KeyResult, projection: Projection, now: number): HealthVerdict {
  const meta = projection.meta;
  const objective = projection.objectives[kr.objectiveId];
  if (!meta || !isTracked(kr, objective)) return NOT_JUDGED;
  const history = projection.checkInsByKeyResult[kr.id] ?? NO_CHECK_INS;
  const questions = selectQuestionsByKeyResult(projection)[kr.id] ?? NO_QUESTIONS;
  const signals = openSignalsOf(kr, projection, now);
  // The reasons' days and numbers in the person's locale, as everything on screen.
  const dates = personDateWords();
  const cached = healthCache.get(kr);
  if (
    cached &&
    cached.objective === objective &&
    cached.history === history &&
    cached.questions === questions &&
    cached.meta === meta &&
    cached.signals === signals &&
    cached.now === now &&
    cached.dates === dates
  ) {
    return cached.verdict;
  }
  const computed = healthOfKeyResult({ keyResult: kr, objective, history, questions, meta, openSignals: signals, dates }, nowFor(history, now));
  const verdict = cached && sameVerdict(cached.verdict, computed) ? cached.verdict : computed;
  healthCache.set(kr, { objective, history, questions, meta, signals, now, dates, verdict });
  return verdict;
}

function sameVerdict(a: HealthVerdict, b: HealthVerdict): boolean {
  return a.health === b.health && a.reasons.length === b.reasons.length && a.reasons.every((r, i) => r === b.reasons[i]);
}

const dueCache = new WeakMap<KeyResult, { history: readonly CheckIn[]; meta: WorkspaceMeta; now: number; due: CheckInDue }>();

/** When a tracked KR's next check-in is due, kept on the identity of what it is computed from (null for one that is not tracked). */
function computeCheckInDue(kr: KeyResult, projection: Projection, now: number): CheckInDue | null {
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

/*
 * The board's standings (shared/queries/standing.ts): every KR's progress,
 * health, next check-in due and open signals, and every objective's, by id.
 * A "generation" lives while the projection fields they are computed from
 * and the clock stay the same objects; within it each standing is computed
 * once, on first ask, and every later reader (a row, a card, the glance, a
 * filter) gets it from a map. A store change that touches none of those
 * fields (a save, presence, undo) keeps the generation: a row's selector is
 * then a lookup. Lazily, not in one pass up front, so the first screen of a
 * large workspace computes only the standings it shows.
 */

interface Generation {
  inputs: readonly unknown[];
  /** The date words the standings' reasons are written in (a generation is carried over only in the same ones). */
  dates: DateWords;
  keyResults: Map<string, KeyResultStanding>;
  objectives: Map<string, ObjectiveStanding | null>;
  all: readonly ObjectiveStanding[] | null;
}
let generation: Generation | null = null;

/** The inputs' positions of the KR and objective records: a change of those alone is carried over (carriedOver). */
const KEY_RESULTS_INPUT = 0;
const OBJECTIVES_INPUT = 1;
const CHECK_INS_INPUT = 2;
const NOW_INPUT = 6;
const CARRIED_INPUTS: ReadonlySet<number> = new Set([KEY_RESULTS_INPUT, OBJECTIVES_INPUT, CHECK_INS_INPUT, NOW_INPUT]);

function generationOf(p: Projection, now: number): Generation {
  const inputs = [p.keyResults, p.objectives, p.checkInsByKeyResult, p.questions, p.decisions, p.meta, now];
  if (generation && generation.inputs.every((input, i) => input === inputs[i])) return generation;
  const dates = personDateWords();
  generation = (generation && carriedOver(generation, inputs, dates, p)) ?? { inputs, dates, keyResults: new Map(), objectives: new Map(), all: null };
  return generation;
}

/**
 * The next generation from `previous` when only some KR and objective records
 * or some KRs' check-ins changed (a keystroke in a title, an owner picked, a
 * check-in): every standing that reads none of them is kept, so a keystroke in one objective's title recomputes
 * that objective and its KRs (whose standings come out the same objects), not
 * the 2,000 objectives and 10,000 KRs of OKR-XL, and reads no other check-in.
 * Null when anything else changed, or too much (then standings are recomputed as asked).
 */
function carriedOver(previous: Generation, inputs: readonly unknown[], dates: DateWords, p: Projection): Generation | null {
  if (previous.dates !== dates || !inputs.every((input, i) => CARRIED_INPUTS.has(i) || input === previous.inputs[i])) return null;
  const objectivesBefore = previous.inputs[OBJECTIVES_INPUT] as Projection['objectives'];
  const keyResultsBefore = previous.inputs[KEY_RESULTS_INPUT] as Projection['keyResults'];
  const changedObjectives = changedIds(objectivesBefore, p.objectives);
  const changedKeyResults = changedIds(keyResultsBefore, p.keyResults);
  const checkedIn = changedKeys(previous.inputs[CHECK_INS_INPUT] as Projection['checkInsByKeyResult'], p.checkInsByKeyResult);
  if (!changedObjectives || !changedKeyResults || !checkedIn) return null;
  const keyResults = new Map(previous.keyResults);
  const objectives = new Map(previous.objectives);
  // A KR's standing reads its objective (closed, tracked); an objective's, its KRs.
  const outline = selectOutline(p);
  for (const id of changedObjectives) {
    objectives.delete(id);
    // Its live KRs, from the outline (a KR that moved to or from it is a changed KR, below).
    for (const kr of outlineEntryOf(outline, id)?.keyResults ?? []) keyResults.delete(kr.id);
  }
  for (const id of changedKeyResults) {
    keyResults.delete(id);
    objectives.delete(keyResultsBefore[id]!.objectiveId);
    objectives.delete(p.keyResults[id]!.objectiveId);
  }
  // A check-in changes its KR's standing (progress, health, due, signals) and so its objective's.
  for (const id of checkedIn) {
    keyResults.delete(id);
    const kr = p.keyResults[id];
    if (kr) objectives.delete(kr.objectiveId);
  }
  // The clock moved: only the standings whose next boundary it reached (timeBoundary.ts) are asked again.
  const now = inputs[NOW_INPUT] as number;
  if (now !== previous.inputs[NOW_INPUT]) {
    for (const [id, standing] of keyResults) {
      if (holdsAt(standing, p.checkInsByKeyResult[id] ?? NO_CHECK_INS, now)) continue;
      keyResults.delete(id);
      objectives.delete(standing.keyResult.objectiveId);
    }
  }
  return { inputs, dates, keyResults, objectives, all: null };
}

/** From which effective "now" (nowFor) a standing was computed, and until which it holds (timeBoundary.ts standingChangesAt). */
interface Validity {
  from: number;
  until: number;
}
const validities = new WeakMap<KeyResultStanding, Validity>();

/** Whether a standing computed earlier is still the one a computation at `now` would give (the same history: a check-in drops it anyway). */
function holdsAt(standing: KeyResultStanding, history: readonly CheckIn[], now: number): boolean {
  const validity = validities.get(standing);
  const at = nowFor(history, now);
  return validity !== undefined && at >= validity.from && at < validity.until;
}

/** How long a KR's standing just computed at `now` holds: until its first time boundary; for ever once it is not tracked. */
function validityOf(kr: KeyResult, p: Projection, history: readonly CheckIn[], now: number): Validity {
  const from = nowFor(history, now);
  if (!p.meta || !isTracked(kr, p.objectives[kr.objectiveId])) return { from, until: Infinity };
  return { from, until: standingChangesAt(kr, history, selectQuestionsOf(kr.id)(p), p.meta, from) };
}

/** More KRs checked in on at once than this (an import, a sync), and the standings start afresh. */
const MOST_CARRIED = 64;

/** The keys whose value is another object (or that came or went) between two records by id; null past MOST_CARRIED. */
function changedKeys(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] | null {
  if (before === after) return [];
  const changed: string[] = [];
  for (const key of Object.keys(after)) if (before[key] !== after[key] && changed.push(key) > MOST_CARRIED) return null;
  for (const key of Object.keys(before)) if (!(key in after) && changed.push(key) > MOST_CARRIED) return null;
  return changed;
}

// Across generations, a standing whose parts are the same objects is kept: its readers need no re-render.
const keyResultStandings = new WeakMap<KeyResult, KeyResultStanding>();
const objectiveStandings = new WeakMap<Objective, ObjectiveStanding>();

/**
 * What a KR's standing is computed from, besides the KR: while these are the
 * same objects its standing is the one of the previous generation. A
 * keystroke in one objective's title starts a new generation, and the
 * standings of the other 9,995 KRs of OKR-XL are then kept, not recomputed.
 */
function standingInputsOf(kr: KeyResult, p: Projection, now: number): readonly unknown[] {
  // The person's date words too: the standing's reasons are written in them (a new locale, new reasons).
  return [p.objectives[kr.objectiveId], p.checkInsByKeyResult[kr.id], selectQuestionsByKeyResult(p)[kr.id], p.meta, selectDecisionsBySignal(p), now, personDateWords()];
}
const standingsByInputs = new WeakMap<KeyResult, { inputs: readonly unknown[]; standing: KeyResultStanding }>();

function keyResultStandingIn(gen: Generation, kr: KeyResult, p: Projection, now: number): KeyResultStanding {
  const known = gen.keyResults.get(kr.id);
  if (known?.keyResult === kr) return known;
  const inputs = standingInputsOf(kr, p, now);
  const kept = standingsByInputs.get(kr);
  if (kept && kept.inputs.every((input, i) => input === inputs[i])) {
    gen.keyResults.set(kr.id, kept.standing);
    return kept.standing;
  }
  const history = p.checkInsByKeyResult[kr.id] ?? NO_CHECK_INS;
  const next: KeyResultStanding = {
    keyResult: kr,
    // The same arguments as the KR's row (selectQuestionsOf), so the row finds this progress cached.
    progress: progressFor(kr, history, selectQuestionsOf(kr.id)(p)).ratio,
    health: computeKeyResultHealth(kr, p, now),
    due: computeCheckInDue(kr, p, now),
    openSignals: openSignalsOf(kr, p, now),
  };
  const before = keyResultStandings.get(kr);
  const standing =
    before && before.progress === next.progress && before.health === next.health && before.due === next.due && before.openSignals === next.openSignals
      ? before
      : next;
  keyResultStandings.set(kr, standing);
  validities.set(standing, validityOf(kr, p, history, now));
  standingsByInputs.set(kr, { inputs, standing });
  gen.keyResults.set(kr.id, standing);
  return standing;
}

function objectiveStandingIn(gen: Generation, objectiveId: string, p: Projection, now: number): ObjectiveStanding | null {
  const known = gen.objectives.get(objectiveId);
  if (known !== undefined) return known;
  const entry = outlineEntryOf(selectOutline(p), objectiveId);
  if (!entry) {
    gen.objectives.set(objectiveId, null);
    return null;
  }
  const keyResults = entry.keyResults.map((kr) => keyResultStandingIn(gen, kr, p, now));
  const before = objectiveStandings.get(entry.objective);
  const standing =
    before && before.keyResults.length === keyResults.length && before.keyResults.every((kr, i) => kr === keyResults[i])
      ? before
      : standingOfObjective(entry.objective, keyResults, keptVerdict(before, objectiveHealthOfStandings(entry.objective, keyResults)));
  objectiveStandings.set(entry.objective, standing);
  gen.objectives.set(objectiveId, standing);
  return standing;
}

/** The new verdict, or the previous one when it says the same (its badge keeps its identity). */
function keptVerdict(before: ObjectiveStanding | undefined, verdict: HealthVerdict): HealthVerdict {
  return before && sameVerdict(before.health, verdict) ? before.health : verdict;
}

/** Every live objective's standing, in outline order (the same array within a generation). */
export function selectStandings(projection: Projection, now: number): readonly ObjectiveStanding[] {
  const gen = generationOf(projection, now);
  // By the outline's ids, not its records: a carried-over generation reads no objective it keeps.
  gen.all ??= outlineObjectiveIds(selectOutline(projection)).flatMap((id) => objectiveStandingIn(gen, id, projection, now) ?? []);
  return gen.all;
}
/** A KR's standing, or null for one not on the board (deleted, or of a deleted objective). */
function keyResultStandingOf(kr: KeyResult, projection: Projection, now: number): KeyResultStanding | null {
  const objective = projection.objectives[kr.objectiveId];
  if (kr.deletedAt !== null || !objective || objective.deletedAt !== null) return null;
  return keyResultStandingIn(generationOf(projection, now), kr, projection, now);
}

/** A KR's health in the open workspace at `now` (null health once it, or its objective, is closed). */
export function keyResultHealthOf(kr: KeyResult, projection: Projection, now: number): HealthVerdict {
  return keyResultStandingOf(kr, projection, now)?.health ?? computeKeyResultHealth(kr, projection, now);
}

/** When a tracked KR's next check-in is due (null for one that is not tracked). */
export function checkInDueFor(kr: KeyResult, projection: Projection, now: number): CheckInDue | null {
  const standing = keyResultStandingOf(kr, projection, now);
  return standing ? standing.due : computeCheckInDue(kr, projection, now);
}

/** An objective's health from its tracked KRs (shared/queries/health.ts healthOfObjective); null health when closed or without tracked KRs. */
export function objectiveHealthOf(objectiveId: string, projection: Projection, now: number): HealthVerdict {
  return objectiveStandingIn(generationOf(projection, now), objectiveId, projection, now)?.health ?? NOT_JUDGED;
}

let healthMapMemo: { inputs: readonly unknown[]; value: ReadonlyMap<string, HealthVerdict> } | null = null;

/**
 * Every live KR's health at `now`, by id (null health for closed ones): the
 * same map while none of its inputs changed. Plain (no React), for filters
 * and anything that reads many KRs at once.
 */
export function healthByKeyResult(projection: Projection, now: number): ReadonlyMap<string, HealthVerdict> {
  const p = projection;
  const inputs = generationOf(p, now).inputs;
  if (healthMapMemo && healthMapMemo.inputs === inputs) return healthMapMemo.value;
  const value = new Map<string, HealthVerdict>();
  for (const kr of Object.values(p.keyResults)) if (kr.deletedAt === null) value.set(kr.id, keyResultHealthOf(kr, p, now));
  healthMapMemo = { inputs, value };
  return value;
}

/** Whether a KR's check-in is due this week or overdue (docs/health.md); false for one that is not tracked. For the board's `due=week` filter. */
export function isDueThisWeekFor(kr: KeyResult, projection: Projection, now: number): boolean {
  const due = checkInDueFor(kr, projection, now);
  return due !== null && isDueThisWeek(due, now);
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

let glanceMemo: GlanceBuild | null = null;

/**
 * The at-a-glance summary of the open workspace (shared/queries/glance.ts),
 * from the same standings as the report and the board's rows; the same
 * object while they are the same, and patched, not rebuilt, when some
 * objectives' standings changed (a check-in, a title, a minute: patchGlance).
 */
export function selectGlance(projection: Projection, now: number): Glance {
  const standings = selectStandings(projection, now);
  if (glanceMemo?.standings === standings) return glanceMemo.glance;
  glanceMemo = (glanceMemo && patchGlance(glanceMemo, standings, now)) ?? buildGlance(standings, now);
  return glanceMemo.glance;
}

/**
 * The at-a-glance summary of the open workspace, kept current with the clock.
 * It reads every objective and KR (2,000 and 10,000 in OKR-XL), so it follows
 * a change in a deferred render (useDeferredValue): the keystroke that changed
 * a title is painted first, the summary right after.
 */
export function useGlance(): Glance {
  const now = useClock((s) => s.now);
  const projection = useDeferredValue(useWorkspace((s) => s));
  return useMemo(() => selectGlance(projection, now), [projection, now]);
}
