import type { DateWords } from '../dateWords';
import { sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import { compareDue, endOfWeek, type CheckInDue, type Weekday } from './checkInDue';
import { HEALTHS, type Health, type HealthVerdict } from './health';
import { contextOf } from './reportContext';
import type { Signal, SignalKind } from './signals';
import { objectiveStandingOf, type KeyResultStanding, type ObjectiveStanding } from './standing';
import { isObjectiveOpen } from './tracking';

/*
 * "At a glance": what a team reads first on its OKR board. Per open objective
 * its progress and health; how many KRs are in each health; the KRs whose
 * check-in is due this week (overdue first); the open signals that matter
 * most. Built from the same standings as the report (standing.ts), so the two
 * always say the same. Rules: docs/health.md.
 */

export interface GlanceObjective {
  id: string;
  title: string;
  progress: number | null;
  health: HealthVerdict;
}

export interface GlanceDue {
  keyResultId: string;
  title: string;
  objectiveId: string;
  due: CheckInDue;
}

export interface GlanceSignal {
  signal: Signal;
  keyResultTitle: string;
  objectiveId: string;
}

export interface Glance {
  /** The open objectives (not closed), in board order. */
  objectives: GlanceObjective[];
  /** Tracked KRs by health (closed ones are not counted). */
  keyResultsByHealth: Record<Health, number>;
  /** Open objectives by health (those without a tracked KR are not counted). */
  objectivesByHealth: Record<Health, number>;
  /** Tracked KRs whose check-in is due this week, overdue first. */
  dueThisWeek: GlanceDue[];
  /** The open signals that matter most (see rankSignals), at most TOP_SIGNALS. */
  topSignals: GlanceSignal[];
  /** How many concerning open signals there are in all (breakthroughs are good news, not counted). */
  openSignalCount: number;
}

export const TOP_SIGNALS = 5;

/**
 * Which open signals matter most: the ones that say the KR is moving the
 * wrong way (behind pace, then a confidence drop, then divergence) before the
 * one that says nobody looked (stale); within a kind, the newest evidence
 * first, then board order (stale signals all date from now). Breakthroughs
 * are good news and are left out.
 */
const SIGNAL_RANK: Partial<Record<SignalKind, number>> = { 'behind-pace': 0, 'confidence-drop': 1, divergence: 2, stale: 3 };

export function compareSignalsByImportance(a: Signal, b: Signal): number {
  // Stale signals all date from "now": among them, board order (a standing kept since an earlier minute keeps that minute's).
  return (SIGNAL_RANK[a.kind] ?? 9) - (SIGNAL_RANK[b.kind] ?? 9) || (a.kind === 'stale' ? 0 : b.at - a.at);
}

const noneByHealth = (): Record<Health, number> => Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<Health, number>;

/** The glance of a workspace's objective standings at `now` (weeks start on `weekStart`, ISO Monday by default). */
export function glanceOf(standings: readonly ObjectiveStanding[], now: number, weekStart: Weekday = 1): Glance {
  return buildGlance(standings, now, weekStart).glance;
}

/**
 * A glance with what it was built from, so that the next one can be patched
 * from it (patchGlance): every concerning open signal ranked, not only the top
 * ones, each with its place on the board (the tie-break of equal signals).
 */
export interface GlanceBuild {
  glance: Glance;
  standings: readonly ObjectiveStanding[];
  weekEnd: string;
  weekStart: Weekday;
  /** Never changed once built: a patch makes a new list. */
  signals: RankedSignal[];
}

interface RankedSignal {
  item: GlanceSignal;
  /** Its objective's index among the standings, its KR's among the objective's, its own among the KR's open signals. */
  objective: number;
  keyResult: number;
  index: number;
}

/** Importance (compareSignalsByImportance), then board order: the order a stable sort of the board's signals gives. */
function compareRanked(a: RankedSignal, b: RankedSignal): number {
  return compareSignalsByImportance(a.item.signal, b.item.signal) || a.objective - b.objective || a.keyResult - b.keyResult || a.index - b.index;
}

/** A KR's contributions to a glance: its line among the check-ins due this week, its concerning open signals. */
function contributionsOf(kr: KeyResultStanding, objectiveId: string, at: number, k: number, weekEnd: string) {
  // isDueThisWeek, with the week's end worked out once rather than per KR.
  const due: GlanceDue | null = kr.due && (kr.due.overdue || kr.due.due <= weekEnd) ? { keyResultId: kr.keyResult.id, title: kr.keyResult.title, objectiveId, due: kr.due } : null;
  const signals: RankedSignal[] = [];
  kr.openSignals.forEach((signal, index) => {
    if (SIGNAL_RANK[signal.kind] !== undefined) signals.push({ item: { signal, keyResultTitle: kr.keyResult.title, objectiveId }, objective: at, keyResult: k, index });
  });
  return { due, signals };
}

export function buildGlance(standings: readonly ObjectiveStanding[], now: number, weekStart: Weekday = 1): GlanceBuild {
  const glance: Glance = { objectives: [], keyResultsByHealth: noneByHealth(), objectivesByHealth: noneByHealth(), dueThisWeek: [], topSignals: [], openSignalCount: 0 };
  const signals: RankedSignal[] = [];
  const weekEnd = endOfWeek(now, weekStart);
  standings.forEach(({ objective, progress, health, keyResults }, at) => {
    if (!isObjectiveOpen(objective)) return;
    glance.objectives.push({ id: objective.id, title: objective.title, progress, health });
    if (health.health) glance.objectivesByHealth[health.health]++;
    keyResults.forEach((kr, k) => {
      if (kr.health.health) glance.keyResultsByHealth[kr.health.health]++;
      const contributions = contributionsOf(kr, objective.id, at, k, weekEnd);
      if (contributions.due) glance.dueThisWeek.push(contributions.due);
      signals.push(...contributions.signals);
    });
  });
  glance.dueThisWeek.sort((a, b) => compareDue(a.due, b.due));
  signals.sort(compareRanked);
  glance.openSignalCount = signals.length;
  glance.topSignals = signals.slice(0, TOP_SIGNALS).map((s) => s.item);
  return { glance, standings, weekEnd, weekStart, signals };
}

/** More objectives changed at once than this (an import, a sync, a minute that moved every pace), and the glance is built afresh. */
const MOST_PATCHED = 256;

/** Where `item` goes in `list`, sorted by `compare`: after every element not greater. */
function insertionPoint<T>(list: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(list[middle]!, item) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `list` without the elements of `gone`'s KRs, with `added` put in their sorted places; `list` itself when neither changes it. */
function patchedList<T>(list: T[], gone: ReadonlySet<string>, keyResultOf: (item: T) => string, added: readonly T[], compare: (a: T, b: T) => number): T[] {
  if (gone.size === 0 && added.length === 0) return list;
  const kept = gone.size === 0 ? [...list] : list.filter((item) => !gone.has(keyResultOf(item)));
  if (kept.length === list.length && added.length === 0) return list;
  for (const item of added) kept.splice(insertionPoint(kept, item, compare), 0, item);
  return kept;
}

/**
 * The glance of `after` (standings at `now`) patched from `build`, when the
 * standings are of the same objectives in the same order and the week did
 * not turn: only the entries of the objectives and KRs whose standing is
 * another object are redone — a check-in changes one KR's counts, lines and
 * signals and its objective's chip; a keystroke in a title, its words; a
 * minute, the standings whose time boundary it crossed — and every list or
 * count not touched keeps its identity (its view does not render again). Null
 * when it cannot be patched (then build it again).
 */
export function patchGlance(build: GlanceBuild, after: readonly ObjectiveStanding[], now: number): GlanceBuild | null {
  const before = build.standings;
  if (before === after) return build;
  if (before.length !== after.length || endOfWeek(now, build.weekStart) !== build.weekEnd) return null;
  const changed: number[] = [];
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (before[i]!.objective.id !== after[i]!.objective.id || isObjectiveOpen(before[i]!.objective) !== isObjectiveOpen(after[i]!.objective)) return null;
    if (changed.push(i) > MOST_PATCHED) return null;
  }
  const { glance, weekEnd } = build;
  let objectives = glance.objectives;
  const byHealth = { keyResults: noneByHealth(), objectives: noneByHealth() };
  const gone = new Set<string>();
  const dueAdded: GlanceDue[] = [];
  const signalsAdded: RankedSignal[] = [];
  for (const at of changed) {
    const was = before[at]!;
    const now = after[at]!;
    if (!isObjectiveOpen(now.objective)) continue;
    const chipAt = glancePositionsOf(glance.objectives).get(now.objective.id);
    if (chipAt === undefined) return null;
    const chip = objectives[chipAt]!;
    if (chip.title !== now.objective.title || chip.progress !== now.progress || chip.health !== now.health) {
      if (objectives === glance.objectives) objectives = [...objectives];
      objectives[chipAt] = { id: now.objective.id, title: now.objective.title, progress: now.progress, health: now.health };
    }
    if (was.health.health) byHealth.objectives[was.health.health]--;
    if (now.health.health) byHealth.objectives[now.health.health]++;
    // KRs in the same places are redone one by one; a KR added, removed or moved redoes the objective's all (their places changed).
    const samePlaces = was.keyResults.length === now.keyResults.length && was.keyResults.every((kr, k) => kr.keyResult.id === now.keyResults[k]!.keyResult.id);
    now.keyResults.forEach((kr, k) => {
      const old = samePlaces ? was.keyResults[k]! : undefined;
      if (old === kr) return;
      if (old) {
        gone.add(old.keyResult.id);
        if (old.health.health) byHealth.keyResults[old.health.health]--;
      }
      if (kr.health.health) byHealth.keyResults[kr.health.health]++;
      const contributions = contributionsOf(kr, now.objective.id, at, k, weekEnd);
      if (contributions.due) dueAdded.push(contributions.due);
      signalsAdded.push(...contributions.signals);
    });
    if (!samePlaces) {
      for (const old of was.keyResults) {
        gone.add(old.keyResult.id);
        if (old.health.health) byHealth.keyResults[old.health.health]--;
      }
    }
  }
  if (objectives !== glance.objectives) glancePositions.set(objectives, glancePositionsOf(glance.objectives));
  const dueThisWeek = patchedList(glance.dueThisWeek, gone, (d) => d.keyResultId, dueAdded, (a, b) => compareDue(a.due, b.due));
  const signals = patchedList(build.signals, gone, (s) => s.item.signal.keyResultId, signalsAdded, compareRanked);
  const top = signals.slice(0, TOP_SIGNALS).map((s) => s.item);
  const topSignals = top.length === glance.topSignals.length && top.every((s, i) => s === glance.topSignals[i]) ? glance.topSignals : top;
  const keyResultsByHealth = withDeltas(glance.keyResultsByHealth, byHealth.keyResults);
  const objectivesByHealth = withDeltas(glance.objectivesByHealth, byHealth.objectives);
  const same =
    objectives === glance.objectives &&
    dueThisWeek === glance.dueThisWeek &&
    topSignals === glance.topSignals &&
    keyResultsByHealth === glance.keyResultsByHealth &&
    objectivesByHealth === glance.objectivesByHealth &&
    signals.length === glance.openSignalCount;
  const next = same ? glance : { objectives, keyResultsByHealth, objectivesByHealth, dueThisWeek, topSignals, openSignalCount: signals.length };
  return { glance: next, standings: after, weekEnd, weekStart: build.weekStart, signals };
}

/** Counts by health moved by `deltas`; the same object when every delta is zero. */
function withDeltas(counts: Record<Health, number>, deltas: Record<Health, number>): Record<Health, number> {
  if (HEALTHS.every((h) => deltas[h] === 0)) return counts;
  return Object.fromEntries(HEALTHS.map((h) => [h, counts[h] + deltas[h]])) as Record<Health, number>;
}

/** Where each objective sits in a glance's list, by id: built once per list structure, shared by the glances patched from it. */
const glancePositions = new WeakMap<Glance['objectives'], Map<string, number>>();
function glancePositionsOf(objectives: Glance['objectives']): Map<string, number> {
  let positions = glancePositions.get(objectives);
  if (!positions) glancePositions.set(objectives, (positions = new Map(objectives.map((o, i) => [o.id, i]))));
  return positions;
}

/** Every live objective's standing at `now`, in board order, from a read workspace: what the report is built from. */
export function standingsOfSnapshot(snapshot: WorkspaceSnapshot, now: number, dates: DateWords): ObjectiveStanding[] {
  const ctx = contextOf(snapshot, now, dates);
  const live = sortOrdered([...snapshot.objectives.values()].filter((o) => o.deletedAt === null));
  return live.map((objective) => objectiveStandingOf(ctx.standing, objective, ctx.keyResultsOf.get(objective.id) ?? [], now));
}

/** The glance of a read workspace (the CLI, tests; the app builds it from its cached standings). */
export function glanceOfSnapshot(snapshot: WorkspaceSnapshot, now: number, dates: DateWords, weekStart: Weekday = 1): Glance {
  return glanceOf(standingsOfSnapshot(snapshot, now, dates), now, weekStart);
}
