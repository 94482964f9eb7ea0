import { teamAssignments } from '../../shared/queries/alignment';
import { boardViewer, ownersOf, type BoardFilter, type BoardLookups, type BoardView } from '../../shared/queries/boardFilter';
import { isDueThisWeek } from '../../shared/queries/checkInDue';
import { checkInDueFor, healthByKeyResult, objectiveHealthOf } from './health';
import { memoOn, selectOutline } from './selectors';
import type { WorkspaceState } from './workspaceSession';

/*
 * The board as the filter in the URL asks for it (shared/queries/boardFilter.ts),
 * kept while what it reads is the same. A keystroke in a title looks at that
 * objective alone (the outline is patched, the other entries kept) and, as
 * it shows as before, gives the same view: the list does not render again. Health and check-ins due (which move with
 * the clock) are read only while a filter or the grouping asks for them.
 */

let lookupsMemo: { inputs: readonly unknown[]; value: BoardLookups } | null = null;

function lookupsOf(state: WorkspaceState, filter: BoardFilter, now: number): BoardLookups {
  const health = filter.health !== null || filter.group === 'health' ? healthByKeyResult(state, now) : null;
  const due = filter.due !== null;
  const inputs = [state.alignment.objectiveTeams, state.alignment.teams, health, ...(due ? [state.keyResults, state.objectives, state.checkInsByKeyResult, state.meta, now] : [])];
  if (lookupsMemo && lookupsMemo.inputs.length === inputs.length && lookupsMemo.inputs.every((input, i) => input === inputs[i])) return lookupsMemo.value;
  // The state captured here answers the same as a later one while the inputs above are the same.
  const assigned = teamAssignments(state.alignment.objectiveTeams.values());
  const teams = state.alignment.teams;
  const value: BoardLookups = {
    teamOf: (objectiveId) => assigned.get(objectiveId)?.winner.teamId ?? null,
    teamName: (teamId) => teams.get(teamId)?.name || 'Unnamed team',
    healthOf: (keyResultId) => health?.get(keyResultId)?.health ?? null,
    objectiveHealthOf: (objectiveId) => (health ? objectiveHealthOf(objectiveId, state, now).health : null),
    dueThisWeek: (keyResultId) => {
      const kr = state.keyResults[keyResultId];
      const next = kr ? checkInDueFor(kr, state, now) : null;
      return next !== null && isDueThisWeek(next, now);
    },
  };
  lookupsMemo = { inputs, value };
  return value;
}

// Per objective, kept while its outline entry is the same object (shared/queries/boardFilter.ts boardViewer).
const viewOf = boardViewer();

export function selectBoardView(state: WorkspaceState, filter: BoardFilter, now: number): BoardView {
  return viewOf(selectOutline(state), filter, lookupsOf(state, filter, now));
}

const ownersOfOutline = memoOn(ownersOf);

/** Every owner named on the board, for the owner filter (the same array while the outline is the same). */
export function selectOwners(state: WorkspaceState): string[] {
  return ownersOfOutline(selectOutline(state));
}
