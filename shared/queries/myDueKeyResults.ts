import { dateMs, DAY_MS } from '../dates';
import type { OwnedDueKeyResult } from '../reminders';
import type { WorkspaceSnapshot } from '../schema/read';
import type { KeyResult, Objective } from '../schema/types';
import { effectiveCheckInsByKeyResult } from './checkInHistory';
import { isTracked } from './tracking';

/*
 * The tracked KRs of one workspace with the date their next check-in is due,
 * and the owner each is assigned to: what the reminders pick "your" KRs from.
 * Due means one check-in rhythm after the latest check-in, or after the KR
 * was added (the cycle start, when it was written before the cycle).
 */

/** When the KR's next check-in is due: a rhythm after its latest check-in, else after it began to count. */
export function nextCheckInDueAt(input: { latestCheckInAt: number | null; createdAt: number; cycleStart: number; rhythmDays: number }): number {
  const since = input.latestCheckInAt ?? Math.max(input.createdAt, input.cycleStart);
  return since + input.rhythmDays * DAY_MS;
}

/**
 * Who checks a KR in: its owner, else its objective's, else whoever wrote it
 * (until owners are picked for every KR, an unassigned KR is its author's).
 */
export function ownerOf(kr: Pick<KeyResult, 'owner' | 'createdBy'>, objective: Pick<Objective, 'owner'> | undefined): string {
  return kr.owner.trim() || objective?.owner.trim() || kr.createdBy;
}

export function dueKeyResultsOf(snapshot: WorkspaceSnapshot, workspace: { id: string; name: string }): OwnedDueKeyResult[] {
  const checkIns = effectiveCheckInsByKeyResult(snapshot.checkIns.values());
  const cycleStart = dateMs(snapshot.meta.cycleStart);
  const rhythmDays = snapshot.meta.signalThresholds.checkInRhythmDays;
  const due: OwnedDueKeyResult[] = [];
  for (const kr of snapshot.keyResults.values()) {
    const objective = snapshot.objectives.get(kr.objectiveId);
    if (!isTracked(kr, objective)) continue;
    const latest = (checkIns.get(kr.id) ?? []).reduce<number | null>((max, c) => (max === null || c.at > max ? c.at : max), null);
    due.push({
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      keyResultId: kr.id,
      title: kr.title,
      owner: ownerOf(kr, objective),
      dueAt: nextCheckInDueAt({ latestCheckInAt: latest, createdAt: kr.createdAt, cycleStart: Number.isFinite(cycleStart) ? cycleStart : kr.createdAt, rhythmDays }),
    });
  }
  return due;
}
