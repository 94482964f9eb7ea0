import type { WorkspaceSnapshot } from '../schema/read';
import type { Objective } from '../schema/types';
import { teamAssignments } from './alignment';

/**
 * What an export covers: the whole workspace, one team's objectives, or a
 * hand-picked set of objectives. Every export format filters through here,
 * so "one team" means the same thing in the CSV and in the report.
 */
export type ExportScope = { kind: 'workspace' } | { kind: 'team'; teamId: string } | { kind: 'objectives'; objectiveIds: readonly string[] };

export const WHOLE_WORKSPACE: ExportScope = { kind: 'workspace' };

/** The team each live objective belongs to now (latest live assignment), by objective id. */
export function teamOfObjectives(snapshot: Pick<WorkspaceSnapshot, 'alignment'>): Map<string, string> {
  const teamOf = new Map<string, string>();
  for (const [objectiveId, resolved] of teamAssignments(snapshot.alignment.objectiveTeams.values())) {
    teamOf.set(objectiveId, resolved.winner.teamId);
  }
  return teamOf;
}

/** The live (not deleted) objectives in scope, in no particular order; callers sort. */
export function objectivesInScope(snapshot: Pick<WorkspaceSnapshot, 'objectives' | 'alignment'>, scope: ExportScope): Objective[] {
  const live = [...snapshot.objectives.values()].filter((o) => o.deletedAt === null);
  switch (scope.kind) {
    case 'workspace':
      return live;
    case 'team': {
      const teamOf = teamOfObjectives(snapshot);
      return live.filter((o) => teamOf.get(o.id) === scope.teamId);
    }
    case 'objectives': {
      const wanted = new Set(scope.objectiveIds);
      return live.filter((o) => wanted.has(o.id));
    }
  }
}

/** A human label for the scope, used in report titles and file names. */
export function scopeLabel(snapshot: Pick<WorkspaceSnapshot, 'alignment'>, scope: ExportScope): string {
  switch (scope.kind) {
    case 'workspace':
      return 'Whole workspace';
    case 'team':
      return `Team ${snapshot.alignment.teams.get(scope.teamId)?.name ?? 'unknown'}`;
    case 'objectives':
      return `${scope.objectiveIds.length} selected objective${scope.objectiveIds.length === 1 ? '' : 's'}`;
  }
}
