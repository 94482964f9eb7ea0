import type { ClosedAs, KeyResult, LifecycleStatus, Objective } from '../schema/types';
import type { Outline } from './outline';

/*
 * Is this KR still live for tracking? The one answer every view asks for:
 * signals, the Check in button, the Signals count, the report's status and
 * every picker that offers a KR (or an objective) as a target. A closed KR is
 * done with; so is every KR of a closed objective — dropping an objective
 * drops its KRs with it, without anyone having to close them one by one.
 * Drafts are still live: the team is writing them.
 */

/**
 * How an ending reads wherever people see it. The stored value `abandoned`
 * predates the word the app offers; it reads as "dropped" everywhere.
 */
export const CLOSED_AS_LABEL: Record<ClosedAs, string> = {
  achieved: 'achieved',
  missed: 'missed',
  modified: 'modified',
  deferred: 'deferred',
  abandoned: 'dropped',
};

/** "achieved", "dropped"…; "closed" when no ending was recorded. */
export function closedAsLabel(closedAs: ClosedAs | null): string {
  return closedAs ? CLOSED_AS_LABEL[closedAs] : 'closed';
}

/** "Draft", "Active", "Closed: dropped"… how a status reads on screen and in the report. */
export function statusLabel(status: LifecycleStatus, closedAs: ClosedAs | null): string {
  if (status === 'draft') return 'Draft';
  if (status === 'active') return 'Active';
  return `Closed: ${closedAsLabel(closedAs)}`;
}

/** Where a KR stands, counting its objective: a KR of a closed objective is closed the same way. */
export interface EffectiveStatus {
  status: LifecycleStatus;
  closedAs: ClosedAs | null;
  /** True when the KR is closed because its objective is (its own status says otherwise). */
  viaObjective: boolean;
}

/** An objective that still takes part: not deleted, not closed. */
export function isObjectiveOpen(objective: Pick<Objective, 'deletedAt' | 'status'>): boolean {
  return objective.deletedAt === null && objective.status !== 'closed';
}

export function keyResultStatus(kr: Pick<KeyResult, 'status' | 'closedAs'>, objective: Pick<Objective, 'status' | 'closedAs'> | undefined): EffectiveStatus {
  if (kr.status !== 'closed' && objective?.status === 'closed') return { status: 'closed', closedAs: objective.closedAs, viaObjective: true };
  return { status: kr.status, closedAs: kr.status === 'closed' ? kr.closedAs : null, viaObjective: false };
}

/** "Closed: dropped (with its objective)" for a KR closed by its objective; else as `statusLabel`. */
export function keyResultStatusLabel(status: EffectiveStatus): string {
  const label = statusLabel(status.status, status.closedAs);
  return status.viaObjective ? `${label} (with its objective)` : label;
}

/**
 * Still live for tracking: the KR and its objective exist, are not deleted
 * and are not closed. Only such a KR raises signals, takes check-ins and is
 * offered as a target (alignment parent, linked work, rollout, dependency).
 */
export function isTracked(kr: Pick<KeyResult, 'deletedAt' | 'status'>, objective: Pick<Objective, 'deletedAt' | 'status'> | undefined): boolean {
  return kr.deletedAt === null && objective !== undefined && isObjectiveOpen(objective) && kr.status !== 'closed';
}

/** The tracked KRs of an outline, in the order the team sees them. */
export function trackedKeyResults(outline: Outline): KeyResult[] {
  return outline.objectives.flatMap(({ objective, keyResults }) => (isObjectiveOpen(objective) ? keyResults.filter((kr) => isTracked(kr, objective)) : []));
}

/**
 * The choices of a picker: the tracked targets, plus the ones already chosen
 * that are no longer tracked (so the choice still shows, and can be undone),
 * in the order of `all`.
 */
export function offeredTargets<T extends { id: string }>(all: readonly T[], isOffered: (item: T) => boolean, chosen: Iterable<string>): T[] {
  const keep = new Set(chosen);
  return all.filter((item) => isOffered(item) || keep.has(item.id));
}
