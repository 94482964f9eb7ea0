import { sortOrdered } from '../order';
import type { KeyResult, Objective } from '../schema/types';

export interface OutlineInput {
  objectives: ReadonlyMap<string, Objective>;
  keyResults: ReadonlyMap<string, KeyResult>;
}

export interface Outline {
  /** Live objectives in order, each with its live KRs in order. */
  objectives: { objective: Objective; keyResults: KeyResult[] }[];
  /** Deleted objectives, most recently deleted first. */
  deletedObjectives: Objective[];
  /** Deleted KRs whose objective is live (those of a deleted objective go with it). */
  deletedKeyResults: KeyResult[];
  /**
   * Live KRs whose objective is missing, or was deleted without them (added
   * by one person while another deleted the objective). Shown, never hidden.
   */
  orphanedKeyResults: KeyResult[];
}

export function outlineOf({ objectives, keyResults }: OutlineInput): Outline {
  const live = sortOrdered([...objectives.values()].filter((o) => o.deletedAt === null));
  const krsByObjective = new Map<string, KeyResult[]>();
  const deletedKeyResults: KeyResult[] = [];
  const orphanedKeyResults: KeyResult[] = [];
  for (const kr of keyResults.values()) {
    const parent = objectives.get(kr.objectiveId);
    const parentLive = parent !== undefined && parent.deletedAt === null;
    if (kr.deletedAt !== null) {
      // A deleted KR of a deleted objective is inside that objective's trash entry.
      if (parent === undefined || parentLive) deletedKeyResults.push(kr);
    } else if (parent === undefined || (!parentLive && !parent.deletedKeyResultIds.includes(kr.id))) {
      orphanedKeyResults.push(kr);
    } else if (parentLive) {
      const list = krsByObjective.get(kr.objectiveId) ?? [];
      list.push(kr);
      krsByObjective.set(kr.objectiveId, list);
    }
  }
  const byDeletedDesc = (a: { deletedAt: number | null; id: string }, b: { deletedAt: number | null; id: string }) =>
    (b.deletedAt ?? 0) - (a.deletedAt ?? 0) || (a.id < b.id ? -1 : 1);
  return {
    objectives: live.map((objective) => ({ objective, keyResults: sortOrdered(krsByObjective.get(objective.id) ?? []) })),
    deletedObjectives: [...objectives.values()].filter((o) => o.deletedAt !== null).sort(byDeletedDesc),
    deletedKeyResults: deletedKeyResults.sort(byDeletedDesc),
    orphanedKeyResults: sortOrdered(orphanedKeyResults),
  };
}
