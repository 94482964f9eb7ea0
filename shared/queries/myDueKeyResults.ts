import { DAY_MS } from '../dates';
import type { OwnedDueKeyResult } from '../reminders';
import type { WorkspaceSnapshot } from '../schema/read';
import type { KeyResult, Objective } from '../schema/types';
import { checkInDueOf } from './checkInDue';
import { effectiveCheckInsByKeyResult } from './checkInHistory';
import { isTracked } from './tracking';

/*
 * The tracked KRs of one workspace with the moment their next check-in is
 * due, and the owner each is assigned to: what the reminders pick "your" KRs
 * from. The due rule is the board's (checkInDue.ts, docs/health.md): one
 * check-in rhythm after the latest check-in, or after the KR was added (the
 * cycle start, when it was written before the cycle).
 */

/**
 * Who checks a KR in ("your KRs" of the reminders): its owner, else its
 * objective's owner; '' when neither is named, and then nobody is reminded.
 * Never its author: in a workshop one person types the whole room's KRs, and
 * would be reminded of everyone's (docs/architecture.md, reminders).
 */
export function ownerOf(kr: Pick<KeyResult, 'owner'>, objective: Pick<Objective, 'owner'> | undefined): string {
  return kr.owner.trim() || objective?.owner.trim() || '';
}

export function dueKeyResultsOf(snapshot: WorkspaceSnapshot, workspace: { id: string; name: string }): OwnedDueKeyResult[] {
  const checkIns = effectiveCheckInsByKeyResult(snapshot.checkIns.values());
  const rhythmMs = snapshot.meta.signalThresholds.checkInRhythmDays * DAY_MS;
  const due: OwnedDueKeyResult[] = [];
  for (const kr of snapshot.keyResults.values()) {
    const objective = snapshot.objectives.get(kr.objectiveId);
    if (!isTracked(kr, objective)) continue;
    // Every check-in counts, whenever it was made: the reminder looks at the library as it is.
    const { since } = checkInDueOf(kr, checkIns.get(kr.id) ?? [], snapshot.meta, Number.POSITIVE_INFINITY);
    due.push({ workspaceId: workspace.id, workspaceName: workspace.name, keyResultId: kr.id, title: kr.title, owner: ownerOf(kr, objective), dueAt: since + rhythmMs });
  }
  return due;
}
