import { teamAssignments } from '../../shared/queries/alignment';
import { boardView, ownersOf, type BoardFilter, type BoardLookups, type BoardView } from '../../shared/queries/boardFilter';
import type { Outline } from '../../shared/queries/outline';
import { memoOn, selectOutline } from './selectors';
import type { WorkspaceState } from './workspaceSession';

/*
 * The board as the filter in the URL asks for it (shared/queries/boardFilter.ts),
 * memoised on the records it reads: a keystroke elsewhere, or a check-in, does
 * not rebuild it unless it changes what the board shows.
 */

const lookupsOf = memoOn((objectiveTeams: WorkspaceState['alignment']['objectiveTeams'], teams: WorkspaceState['alignment']['teams']): BoardLookups => {
  const assigned = teamAssignments(objectiveTeams.values());
  return {
    teamOf: (objectiveId) => assigned.get(objectiveId)?.winner.teamId ?? null,
    teamName: (teamId) => teams.get(teamId)?.name || 'Unnamed team',
    healthOf: () => null,
    dueThisWeek: () => false,
  };
});

const viewOf = memoOn((outline: Outline, filter: BoardFilter, lookups: BoardLookups) => boardView(outline, filter, lookups));

export function selectBoardView(state: WorkspaceState, filter: BoardFilter): BoardView {
  return viewOf(selectOutline(state), filter, lookupsOf(state.alignment.objectiveTeams, state.alignment.teams));
}

const ownersOfOutline = memoOn(ownersOf);

/** Every owner named on the board, for the owner filter (the same array while the outline is the same). */
export function selectOwners(state: WorkspaceState): string[] {
  return ownersOfOutline(selectOutline(state));
}
