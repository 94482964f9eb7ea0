import type { CheckIn } from '../schema/types';

/** The check-ins of one key result that is not stored at all. */
export interface OrphanedCheckIns {
  keyResultId: string;
  /** Newest first. */
  checkIns: CheckIn[];
}

/**
 * Check-ins whose key result is missing from the workspace entirely (removed
 * before anyone kept it, or never received from a peer), grouped by that
 * key result, the group with the newest check-in first. Such check-ins are
 * shown in Deleted items: stored data is never silently out of reach.
 */
export function orphanedCheckInsOf(checkIns: Iterable<CheckIn>, keyResults: { has(id: string): boolean }): OrphanedCheckIns[] {
  const groups = new Map<string, CheckIn[]>();
  for (const checkIn of checkIns) {
    if (keyResults.has(checkIn.keyResultId)) continue;
    const list = groups.get(checkIn.keyResultId) ?? [];
    list.push(checkIn);
    groups.set(checkIn.keyResultId, list);
  }
  const newestFirst = (a: CheckIn, b: CheckIn) => b.at - a.at || (a.id < b.id ? -1 : 1);
  return [...groups]
    .map(([keyResultId, list]) => ({ keyResultId, checkIns: list.sort(newestFirst) }))
    .sort((a, b) => newestFirst(a.checkIns[0]!, b.checkIns[0]!) || (a.keyResultId < b.keyResultId ? -1 : 1));
}
