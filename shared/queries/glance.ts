import type { DateWords } from '../dateWords';
import { sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import { compareDue, endOfWeek, type CheckInDue, type Weekday } from './checkInDue';
import { HEALTHS, type Health, type HealthVerdict } from './health';
import { contextOf } from './reportContext';
import type { Signal, SignalKind } from './signals';
import { objectiveStandingOf, type ObjectiveStanding } from './standing';
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
  return (SIGNAL_RANK[a.kind] ?? 9) - (SIGNAL_RANK[b.kind] ?? 9) || b.at - a.at;
}

const noneByHealth = (): Record<Health, number> => Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<Health, number>;

/** The glance of a workspace's objective standings at `now` (weeks start on `weekStart`, ISO Monday by default). */
export function glanceOf(standings: readonly ObjectiveStanding[], now: number, weekStart: Weekday = 1): Glance {
  const glance: Glance = { objectives: [], keyResultsByHealth: noneByHealth(), objectivesByHealth: noneByHealth(), dueThisWeek: [], topSignals: [], openSignalCount: 0 };
  const signals: GlanceSignal[] = [];
  // isDueThisWeek, with the week's end worked out once rather than per KR.
  const weekEnd = endOfWeek(now, weekStart);
  for (const { objective, progress, health, keyResults } of standings) {
    if (!isObjectiveOpen(objective)) continue;
    glance.objectives.push({ id: objective.id, title: objective.title, progress, health });
    if (health.health) glance.objectivesByHealth[health.health]++;
    for (const kr of keyResults) {
      if (kr.health.health) glance.keyResultsByHealth[kr.health.health]++;
      if (kr.due && (kr.due.overdue || kr.due.due <= weekEnd)) glance.dueThisWeek.push({ keyResultId: kr.keyResult.id, title: kr.keyResult.title, objectiveId: objective.id, due: kr.due });
      for (const signal of kr.openSignals) if (SIGNAL_RANK[signal.kind] !== undefined) signals.push({ signal, keyResultTitle: kr.keyResult.title, objectiveId: objective.id });
    }
  }
  glance.dueThisWeek.sort((a, b) => compareDue(a.due, b.due));
  glance.openSignalCount = signals.length;
  // Array.prototype.sort is stable: equal signals keep board order.
  glance.topSignals = signals.sort((a, b) => compareSignalsByImportance(a.signal, b.signal)).slice(0, TOP_SIGNALS);
  return glance;
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
