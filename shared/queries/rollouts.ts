import { dateOfDay, dayNumber, utcDateOf } from '../dates';
import type { DateWords } from '../dateWords';
import { compareOrdered } from '../order';
import type { ReadinessGate, RolloutPlan, Stage } from '../schema/rollouts';
import type { WorkspaceMeta } from '../schema/types';

/*
 * What rollout plans say: the stages and gates of a plan, whether general
 * availability may go live, what marketing and sales can promise, and a
 * timeline of all plans over the cycle. Pure functions of validated records.
 */

const isLive = (r: { deletedAt: number | null }) => r.deletedAt === null;

/** Live plans, by (order, id). */
export function livePlans(plans: Iterable<RolloutPlan>): RolloutPlan[] {
  return [...plans].filter(isLive).sort(compareOrdered);
}

/** The plan's live stages, by (order, id). */
export function stagesOf(planId: string, stages: Iterable<Stage>): Stage[] {
  return [...stages].filter((s) => s.rolloutId === planId && isLive(s)).sort(compareOrdered);
}

/** The plan's live readiness gates, by (order, id). */
export function gatesOf(planId: string, gates: Iterable<ReadinessGate>): ReadinessGate[] {
  return [...gates].filter((g) => g.rolloutId === planId && isLive(g)).sort(compareOrdered);
}

/** The plan's live gates still open, in order. */
export function openGates(planId: string, gates: Iterable<ReadinessGate>): ReadinessGate[] {
  return gatesOf(planId, gates).filter((g) => g.status === 'open');
}

export interface GaReadiness {
  ok: boolean;
  openGates: ReadinessGate[];
  /** One line for people: why it may or may not go live. */
  explanation: string;
}

/** Whether general availability may go live: only when every live gate of the plan is done. */
export function canGoGenerallyAvailable(planId: string, gates: Iterable<ReadinessGate>): GaReadiness {
  const all = gatesOf(planId, gates);
  const open = all.filter((g) => g.status === 'open');
  if (open.length > 0) return { ok: false, openGates: open, explanation: `${openGatesPhrase(open)}: ${open.map((g) => g.name).join(', ')}.` };
  if (all.length === 0) return { ok: true, openGates: [], explanation: 'No readiness gates: nothing holds general availability back.' };
  return { ok: true, openGates: [], explanation: all.length === 1 ? 'The readiness gate is done.' : `All ${all.length} readiness gates are done.` };
}

function openGatesPhrase(open: readonly unknown[]): string {
  return open.length === 1 ? '1 readiness gate is still open' : `${open.length} readiness gates are still open`;
}

/*
 * "What we can promise", decided from the plan's live stages in this order:
 * 1. generally-available: a GA stage is live.
 * 2. paused: a GA stage is paused or rolled back; or no early-access stage is
 *    live and one is paused or rolled back. The rollout is halted: promise nothing new.
 * 3. in-production: an early-access stage is live. Safe to promise, with the planned GA date.
 * 4. in-development: anything else (no stage, only planned ones, internal stages
 *    live or halted). No promise.
 */
export type PromiseState = 'generally-available' | 'in-production' | 'paused' | 'in-development';
export const PROMISE_STATES: readonly PromiseState[] = ['generally-available', 'in-production', 'paused', 'in-development'];

export interface PromiseStatus {
  state: PromiseState;
  /** The stage that decided the state (the first such in order), or null for in-development without one. */
  stage: Stage | null;
  /** The planned date of the plan's first GA stage that is not live, or null. */
  plannedGaDate: string | null;
  /** Whether an early-access stage is live (true for in-production, and possibly for paused). */
  earlyAccessLive: boolean;
  /** Cohorts of the live early-access stages, sorted, deduplicated. */
  cohorts: string[];
  /** One line for marketing and sales. */
  explanation: string;
}

const halted = (s: Stage) => s.status === 'paused' || s.status === 'rolled-back';

/**
 * `stages`: any stages (those of other plans and deleted ones are ignored);
 * `dates`: how the reader writes a day (the explanation is prose).
 */
export function promiseStatusOf(plan: RolloutPlan, stages: Iterable<Stage>, dates: DateWords): PromiseStatus {
  const mine = stagesOf(plan.id, stages);
  const ga = mine.filter((s) => s.kind === 'general-availability');
  const early = mine.filter((s) => s.kind === 'early-access');
  const earlyLive = early.filter((s) => s.status === 'live');
  const cohorts = [...new Set(earlyLive.flatMap((s) => s.cohorts))].sort();
  const plannedGaDate = ga.find((s) => s.status !== 'live')?.plannedDate ?? null;
  const result = (state: PromiseState, stage: Stage | null, explanation: string): PromiseStatus => ({
    state,
    stage,
    plannedGaDate: state === 'generally-available' ? null : plannedGaDate,
    earlyAccessLive: earlyLive.length > 0,
    cohorts,
    explanation,
  });

  const gaLive = ga.find((s) => s.status === 'live');
  if (gaLive) return result('generally-available', gaLive, `Available to everyone${gaLive.actualDate ? ` since ${dates.day(gaLive.actualDate)}` : ''}.`);
  const haltedStage = ga.find(halted) ?? (earlyLive.length === 0 ? early.find(halted) : undefined);
  if (haltedStage) {
    const what = haltedStage.status === 'paused' ? 'paused' : 'rolled back';
    const why = haltedStage.statusReason ? `: ${haltedStage.statusReason}` : '';
    return result('paused', haltedStage, `${haltedStage.name} ${what}${why}. Promise nothing new until it resumes.`);
  }
  if (earlyLive[0]) {
    const who = cohorts.length ? ` with ${cohorts.join(', ')}` : ' with early-access customers';
    const when = plannedGaDate ? `general availability planned for ${dates.day(plannedGaDate)}` : 'no date for general availability yet';
    return result('in-production', earlyLive[0], `In production${who}; safe to promise, ${when}.`);
  }
  return result('in-development', null, 'Still in development: no promise yet.');
}

export interface PromiseItem {
  plan: RolloutPlan;
  status: PromiseStatus;
}

/** The "What we can promise" list: live plans grouped by state (in PROMISE_STATES order), each group in plan order. */
export function whatWeCanPromise(plans: Iterable<RolloutPlan>, stages: Iterable<Stage>, dates: DateWords): PromiseItem[] {
  const all = [...stages];
  const items = livePlans(plans).map((plan) => ({ plan, status: promiseStatusOf(plan, all, dates) }));
  const rank = (item: PromiseItem) => PROMISE_STATES.indexOf(item.status.state);
  return items.sort((a, b) => rank(a) - rank(b) || compareOrdered(a.plan, b.plan));
}

/*
 * Timeline. Days are UTC, the cycle inclusive at both ends; x is the fraction
 * of the cycle (0 at the start of its first day, 1 at the end of its last).
 * A stage's bar starts on its actual date, else its planned date, and runs to
 * the day before the next stage of the plan (in order) that starts later; the
 * last one runs to the cycle's end (general availability has no end). Bars
 * are clamped to the cycle; those wholly outside it, and undated stages, have no bar.
 */

export interface StageBar {
  stage: Stage;
  /** Clamped to the cycle, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  x0: number;
  x1: number;
  /** The start is the planned date (not yet happened, or not recorded). */
  tentative: boolean;
  /** Actual minus planned, in days, when both are known. */
  slipDays: number | null;
  startsBeforeCycle: boolean;
  endsAfterCycle: boolean;
}

export interface GateMarker {
  gate: ReadinessGate;
  /** Done gates: the day they were done. Open gates: the day GA starts (actual, else planned), the day they are due. */
  date: string;
  /** The middle of its day. */
  x: number;
  due: boolean;
}

export interface TimelineRow {
  plan: RolloutPlan;
  bars: StageBar[];
  markers: GateMarker[];
  /** Live stages without any date. */
  undated: Stage[];
}

export interface RolloutTimeline {
  cycleStart: string;
  cycleEnd: string;
  rows: TimelineRow[];
}

export function rolloutTimeline(
  plans: Iterable<RolloutPlan>,
  stages: Iterable<Stage>,
  gates: Iterable<ReadinessGate>,
  cycle: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd'>,
): RolloutTimeline {
  const first = dayNumber(cycle.cycleStart);
  const last = Math.max(first, dayNumber(cycle.cycleEnd));
  const length = last - first + 1;
  const x = (day: number) => (day - first) / length;
  const allStages = [...stages];
  const allGates = [...gates];

  const rows = livePlans(plans).map((plan): TimelineRow => {
    const mine = stagesOf(plan.id, allStages);
    const startOf = (s: Stage) => s.actualDate ?? s.plannedDate;
    const bars: StageBar[] = [];
    mine.forEach((stage, i) => {
      const start = startOf(stage);
      if (start === null) return;
      const from = dayNumber(start);
      const next = mine.slice(i + 1).map(startOf).find((d): d is string => d !== null && dayNumber(d) > from);
      const to = next === undefined ? Number.POSITIVE_INFINITY : dayNumber(next) - 1;
      if (to < first || from > last) return;
      const a = Math.max(from, first);
      const b = Math.min(to, last);
      bars.push({
        stage,
        from: dateOfDay(a),
        to: dateOfDay(b),
        x0: x(a),
        x1: x(b + 1),
        tentative: stage.actualDate === null,
        slipDays: stage.actualDate !== null && stage.plannedDate !== null ? dayNumber(stage.actualDate) - dayNumber(stage.plannedDate) : null,
        startsBeforeCycle: from < first,
        endsAfterCycle: to > last,
      });
    });

    const gaStart = mine.filter((s) => s.kind === 'general-availability').map(startOf).find((d) => d !== null) ?? null;
    const markers: GateMarker[] = [];
    for (const gate of gatesOf(plan.id, allGates)) {
      const done = gate.status === 'done';
      const date = done ? (gate.doneAt === null ? null : utcDateOf(gate.doneAt)) : gaStart;
      if (date === null) continue;
      const day = dayNumber(date);
      if (day < first || day > last) continue;
      markers.push({ gate, date, x: x(day + 0.5), due: !done });
    }
    return { plan, bars, markers, undated: mine.filter((s) => startOf(s) === null) };
  });
  return { cycleStart: cycle.cycleStart, cycleEnd: cycle.cycleEnd, rows };
}
