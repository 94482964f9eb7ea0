import { sortOrdered } from '../order';
import { compareCheckInsNewestFirst } from '../queries/progress';
import type { WorkspaceSnapshot } from '../schema/read';

export const JSON_FORMAT = 'cairn-workspace';
export const JSON_FORMAT_VERSION = 1;

/**
 * The whole workspace as documented JSON (docs/schema.md, "JSON export"):
 * everything, deleted entities included (with deletedAt), in a stable order.
 */
export function workspaceToJson(snapshot: WorkspaceSnapshot) {
  return {
    format: JSON_FORMAT,
    formatVersion: JSON_FORMAT_VERSION,
    meta: snapshot.meta,
    objectives: sortOrdered([...snapshot.objectives.values()]),
    keyResults: sortOrdered([...snapshot.keyResults.values()]).sort((a, b) =>
      a.objectiveId < b.objectiveId ? -1 : a.objectiveId > b.objectiveId ? 1 : 0,
    ),
    checkIns: [...snapshot.checkIns.values()].sort(compareCheckInsNewestFirst).reverse(),
    problems: snapshot.problems,
  };
}
