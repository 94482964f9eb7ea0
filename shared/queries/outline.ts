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

/** Objectives and key results by id, as the renderer's projection holds them. */
export interface OutlineRecords {
  objectives: Readonly<Record<string, Objective>>;
  keyResults: Readonly<Record<string, KeyResult>>;
}

/** More changed records than this in one step, and the outline is rebuilt whole (a paste, an import, a remote batch). */
const MOST_PATCHED = 64;

/** The ids whose record is another object in `after` than in `before`; null when a record was added or removed, or more than a patch's worth changed. */
export function changedIds<T>(before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>): string[] | null {
  if (before === after) return [];
  const ids = Object.keys(after);
  if (ids.length !== Object.keys(before).length) return null;
  const changed: string[] = [];
  for (const id of ids) {
    if (before[id] === after[id]) continue;
    if (before[id] === undefined || changed.length === MOST_PATCHED) return null;
    changed.push(id);
  }
  return changed;
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** The live objectives' ids in order, and where each sits: built once per structure and shared by the outlines patched from it. */
interface Structure {
  ids: readonly string[];
  positions: ReadonlyMap<string, number>;
}
const structures = new WeakMap<Outline['objectives'], Structure>();
function structureOf(objectives: Outline['objectives']): Structure {
  let structure = structures.get(objectives);
  if (!structure) {
    const ids = objectives.map((o) => o.objective.id);
    structures.set(objectives, (structure = { ids, positions: new Map(ids.map((id, i) => [id, i])) }));
  }
  return structure;
}

/** The live objectives' ids, in order: the same array for an outline and those patched from it (patchOutline moves nothing). */
export function outlineObjectiveIds(outline: Outline): readonly string[] {
  return structureOf(outline.objectives).ids;
}

/** A live objective's entry in the outline, found by its id without a scan. */
export function outlineEntryOf(outline: Outline, objectiveId: string): Outline['objectives'][number] | undefined {
  const at = structureOf(outline.objectives).positions.get(objectiveId);
  return at === undefined ? undefined : outline.objectives[at];
}

/** `list` with the item of `id` replaced by `next` (the same array when it has none). */
function replaced<T extends { id: string }>(list: T[], next: T): T[] {
  const at = list.findIndex((item) => item.id === next.id);
  return at < 0 ? list : list.with(at, next);
}

/**
 * The outline of `after`, from the outline of `before`, when what changed
 * moves nothing: records whose place (order, deletion, parent, the KRs
 * deleted with them) is the same, only their words, owners, numbers. Then
 * only their entries are new objects; every other objective's entry, and its
 * list of KRs, is the one of `outline`, so what is kept per entry (the
 * board's rows, standings) is kept. Null when the structure may have changed
 * (the caller rebuilds with outlineOf). A keystroke in a title is such a
 * change: it costs one entry, not an outline of 2,000 objectives and 10,000 KRs.
 */
export function patchOutline(outline: Outline, before: OutlineRecords, after: OutlineRecords): Outline | null {
  const objectiveIds = changedIds(before.objectives, after.objectives);
  const keyResultIds = changedIds(before.keyResults, after.keyResults);
  if (!objectiveIds || !keyResultIds) return null;
  let objectives = outline.objectives;
  let { deletedObjectives, deletedKeyResults, orphanedKeyResults } = outline;
  // The entries already replaced in this step, by position (an objective and one of its KRs may both change).
  const entry = (at: number) => objectives[at]!;
  const setEntry = (at: number, next: Outline['objectives'][number]) => {
    objectives = objectives === outline.objectives ? objectives.with(at, next) : (objectives.splice(at, 1, next), objectives);
  };
  for (const id of objectiveIds) {
    const was = before.objectives[id]!;
    const now = after.objectives[id]!;
    if (was.order !== now.order || was.deletedAt !== now.deletedAt || !sameIds(was.deletedKeyResultIds, now.deletedKeyResultIds)) return null;
    if (now.deletedAt !== null) {
      deletedObjectives = replaced(deletedObjectives, now);
      continue;
    }
    const at = structureOf(outline.objectives).positions.get(id);
    if (at === undefined) return null;
    setEntry(at, { objective: now, keyResults: entry(at).keyResults });
  }
  for (const id of keyResultIds) {
    const was = before.keyResults[id]!;
    const now = after.keyResults[id]!;
    if (was.order !== now.order || was.deletedAt !== now.deletedAt || was.objectiveId !== now.objectiveId) return null;
    if (now.deletedAt !== null) {
      deletedKeyResults = replaced(deletedKeyResults, now);
      continue;
    }
    const orphaned = replaced(orphanedKeyResults, now);
    if (orphaned !== orphanedKeyResults) {
      orphanedKeyResults = orphaned;
      continue;
    }
    const at = structureOf(outline.objectives).positions.get(now.objectiveId);
    // A KR of a deleted objective, deleted with it: in no list of the outline.
    if (at === undefined) continue;
    setEntry(at, { objective: entry(at).objective, keyResults: replaced(entry(at).keyResults, now) });
  }
  if (objectives !== outline.objectives) structures.set(objectives, structureOf(outline.objectives));
  return { objectives, deletedObjectives, deletedKeyResults, orphanedKeyResults };
}
