import { outlineOf, type Outline } from '../../shared/queries/outline';
import { progressOf, type Progress } from '../../shared/queries/progress';
import type { CheckIn, KeyResult } from '../../shared/schema/types';
import type { WorkspaceState } from './workspaceSession';

/*
 * Derived views of the open workspace, memoized on the identity of the records
 * they read, so every component asking on the same store version shares one
 * computation.
 */

let outlineMemo: { objectives: unknown; keyResults: unknown; outline: Outline } | null = null;

export function selectOutline(state: WorkspaceState): Outline {
  if (outlineMemo?.objectives !== state.objectives || outlineMemo.keyResults !== state.keyResults) {
    const outline = outlineOf({ objectives: new Map(Object.entries(state.objectives)), keyResults: new Map(Object.entries(state.keyResults)) });
    outlineMemo = { objectives: state.objectives, keyResults: state.keyResults, outline };
  }
  return outlineMemo.outline;
}

export function selectObjectiveIds(state: WorkspaceState): string[] {
  return selectOutline(state).objectives.map((o) => o.objective.id);
}

export function selectKeyResultIdsOf(objectiveId: string) {
  return (state: WorkspaceState): string[] =>
    selectOutline(state)
      .objectives.find((o) => o.objective.id === objectiveId)
      ?.keyResults.map((kr) => kr.id) ?? [];
}

const EMPTY: readonly CheckIn[] = [];
export function selectCheckInsOf(keyResultId: string) {
  return (state: WorkspaceState): readonly CheckIn[] => state.checkInsByKeyResult[keyResultId] ?? EMPTY;
}

const progressMemo = new WeakMap<KeyResult, WeakMap<readonly CheckIn[], Progress>>();
/** Progress of a KR, cached per (KR record, check-in list) pair. */
export function progressFor(kr: KeyResult, history: readonly CheckIn[]): Progress {
  let inner = progressMemo.get(kr);
  if (!inner) progressMemo.set(kr, (inner = new WeakMap()));
  let progress = inner.get(history);
  if (!progress) inner.set(history, (progress = progressOf(kr, history)));
  return progress;
}
