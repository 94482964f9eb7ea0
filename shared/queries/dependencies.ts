import { daysBetween } from '../dates';
import { compareOrdered, compareStrings } from '../order';
import { DEPENDENCY_STATUSES, type Dependency, type DependencyStatus, type Team } from '../schema/alignment';

/*
 * What teams need from each other: each live dependency with whether it is
 * open, overdue or blocking, and the counts a team or a leadership review
 * asks for ("what we need from others"). Pure functions of validated records.
 */

/** Still expected: requested, agreed or at risk (delivered and declined are settled). */
export const OPEN_DEPENDENCY_STATUSES: readonly DependencyStatus[] = ['requested', 'agreed', 'at-risk'];

export interface DependencyView {
  dependency: Dependency;
  /** The teams (possibly deleted), or null when missing from the workspace. */
  from: Team | null;
  to: Team | null;
  open: boolean;
  /** Open and its needed-by day is before today. */
  overdue: boolean;
  /** Whole days past the needed-by day when overdue, else 0. */
  daysOverdue: number;
  /** Open and blocking the team that needs it. */
  blockingOpen: boolean;
}

export interface TeamDependencies {
  team: Team;
  /** Open dependencies this team needs from others. */
  needs: number;
  /** Open dependencies others need from this team. */
  owes: number;
  /** Of those it owes, how many are overdue. */
  overdueOwed: number;
}

export interface DependencyStatusSummary {
  /** Live dependencies by needed-by day (undated last), then creation. */
  dependencies: DependencyView[];
  overdue: DependencyView[];
  blockingOpen: DependencyView[];
  atRisk: DependencyView[];
  /** Declined: the needing team must find another way. */
  declined: DependencyView[];
  counts: Record<DependencyStatus, number>;
  /** Per live team, by (order, id). */
  byTeam: TeamDependencies[];
}

export interface DependencyStatusInput {
  dependencies: ReadonlyMap<string, Dependency>;
  teams: ReadonlyMap<string, Team>;
  /** Today, YYYY-MM-DD (UTC, like every day in Cairn). */
  today: string;
}

export function viewOf(dependency: Dependency, teams: ReadonlyMap<string, Team>, today: string): DependencyView {
  const open = OPEN_DEPENDENCY_STATUSES.includes(dependency.status);
  const late = open && dependency.neededBy !== null && dependency.neededBy < today ? daysBetween(dependency.neededBy, today) : 0;
  return {
    dependency,
    from: teams.get(dependency.fromTeamId) ?? null,
    to: teams.get(dependency.toTeamId) ?? null,
    open,
    overdue: late > 0,
    daysOverdue: late,
    blockingOpen: open && dependency.blocking,
  };
}

/** By needed-by day (undated last), then creation, then id. */
export function compareDependencies(a: Dependency, b: Dependency): number {
  const da = a.neededBy ?? '\uffff';
  const db = b.neededBy ?? '\uffff';
  return compareStrings(da, db) || a.createdAt - b.createdAt || compareStrings(a.id, b.id);
}

export function dependencyStatus({ dependencies, teams, today }: DependencyStatusInput): DependencyStatusSummary {
  const views = [...dependencies.values()]
    .filter((d) => d.deletedAt === null)
    .sort(compareDependencies)
    .map((d) => viewOf(d, teams, today));
  const counts = Object.fromEntries(DEPENDENCY_STATUSES.map((s) => [s, 0])) as Record<DependencyStatus, number>;
  for (const view of views) counts[view.dependency.status] += 1;
  const byTeam = [...teams.values()]
    .filter((t) => t.deletedAt === null)
    .sort(compareOrdered)
    .map((team) => {
      const owed = views.filter((v) => v.open && v.dependency.toTeamId === team.id);
      return {
        team,
        needs: views.filter((v) => v.open && v.dependency.fromTeamId === team.id).length,
        owes: owed.length,
        overdueOwed: owed.filter((v) => v.overdue).length,
      };
    });
  return {
    dependencies: views,
    overdue: views.filter((v) => v.overdue),
    blockingOpen: views.filter((v) => v.blockingOpen),
    atRisk: views.filter((v) => v.dependency.status === 'at-risk'),
    declined: views.filter((v) => v.dependency.status === 'declined'),
    counts,
    byTeam,
  };
}

/** The live dependencies a KR tracks (a dependency KR links to its record), oldest first. */
export function dependenciesOfKeyResult(keyResultId: string, dependencies: Iterable<Dependency>): Dependency[] {
  return [...dependencies].filter((d) => d.deletedAt === null && d.keyResultId === keyResultId).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}
