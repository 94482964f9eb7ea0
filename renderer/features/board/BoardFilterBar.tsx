import { useShallow } from 'zustand/react/shallow';
import {
  BOARD_GROUPINGS,
  BOARD_HEALTHS,
  BOARD_STATUSES,
  HEALTH_LABEL,
  boardStatusLabel,
  isFiltering,
  type BoardFilter,
  type BoardGrouping,
  type BoardView,
} from '../../../shared/queries/boardFilter';
import { clearBoardFilter, setBoardFilter } from '../../state/boardFilter';
import { selectOwners } from '../../state/boardView';
import { selectLiveTeams } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { SelectField } from '../../ui/SelectField';

const GROUPING_LABEL: Record<BoardGrouping, string> = { team: 'Team', owner: 'Owner', health: 'Health', status: 'Status' };

/** One active filter, as a chip that removes it. */
interface ActiveFilter {
  label: string;
  clear: Partial<BoardFilter>;
}

function activeFilters(filter: BoardFilter, teamName: (id: string) => string): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  if (filter.q.trim()) out.push({ label: `Text: “${filter.q.trim()}”`, clear: { q: '' } });
  if (filter.team) out.push({ label: `Team: ${teamName(filter.team)}`, clear: { team: null } });
  if (filter.owner) out.push({ label: `Owner: ${filter.owner}`, clear: { owner: null } });
  if (filter.health) out.push({ label: `Health: ${HEALTH_LABEL[filter.health]}`, clear: { health: null } });
  if (filter.status) out.push({ label: `Status: ${boardStatusLabel(filter.status)}`, clear: { status: null } });
  if (filter.due) out.push({ label: 'Check-in due this week', clear: { due: null } });
  return out;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Filter and group the OKRs: text, team, owner, health, status, check-ins
 * due this week, and a grouping. Every choice is written to the URL at once
 * (renderer/state/boardFilter.ts), so a reload or a shared link shows the same.
 */
export function BoardFilterBar({ filter, view }: { filter: BoardFilter; view: BoardView }) {
  const teams = useWorkspace(selectLiveTeams);
  const owners = useWorkspace(useShallow(selectOwners));
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name || 'a deleted team';
  const chips = activeFilters(filter, teamName);
  // A value in the URL that is no longer among the choices (a deleted team, an owner renamed) still shows, so it can be seen and removed.
  const ownerChoices = filter.owner && !owners.includes(filter.owner) ? [...owners, filter.owner] : owners;
  const teamChoices = teams.map((t) => ({ value: t.id, label: t.name || 'Unnamed team' }));
  if (filter.team && !teams.some((t) => t.id === filter.team)) teamChoices.push({ value: filter.team, label: 'A deleted team' });

  return (
    <section className="board-filter" aria-label="Filter and group the OKRs">
      <div className="board-filter__controls">
        <label className="field board-filter__text">
          <span>Find</span>
          <input type="search" value={filter.q} placeholder="Words in titles, descriptions, names" onChange={(e) => setBoardFilter({ q: e.target.value })} aria-label="Filter by text" />
        </label>
        {(teams.length > 0 || filter.team) && (
          <SelectField
            label="Team"
            name="Filter by team"
            value={filter.team}
            none="All teams"
            choices={teamChoices}
            onChange={(team) => setBoardFilter({ team })}
          />
        )}
        <SelectField
          label="Owner"
          name="Filter by owner"
          value={filter.owner}
          none="Anyone"
          choices={ownerChoices.map((name) => ({ value: name, label: name }))}
          onChange={(owner) => setBoardFilter({ owner })}
        />
        <SelectField
          label="Health"
          name="Filter by health"
          value={filter.health}
          none="Any health"
          choices={BOARD_HEALTHS.map((h) => ({ value: h, label: HEALTH_LABEL[h] }))}
          onChange={(health) => setBoardFilter({ health })}
        />
        <SelectField
          label="Status"
          name="Filter by status"
          value={filter.status}
          none="Any status"
          choices={BOARD_STATUSES.map((st) => ({ value: st, label: boardStatusLabel(st) }))}
          onChange={(status) => setBoardFilter({ status })}
        />
        <button
          type="button"
          className={`button board-filter__toggle ${filter.due ? 'board-filter__toggle--on' : ''}`}
          aria-pressed={filter.due !== null}
          onClick={() => setBoardFilter({ due: filter.due ? null : 'week' })}
        >
          Check-in due this week
        </button>
        <SelectField
          className="field board-filter__group"
          label="Group by"
          value={filter.group}
          none="Objective"
          choices={BOARD_GROUPINGS.map((g) => ({ value: g, label: GROUPING_LABEL[g] }))}
          onChange={(group) => setBoardFilter({ group })}
        />
      </div>
      {isFiltering(filter) && (
        <div className="board-filter__active">
          <ul className="chips" aria-label="Active filters">
            {chips.map((chip) => (
              <li key={chip.label} className="chip">
                {chip.label}
                <button type="button" className="chip__remove" aria-label={`Remove filter ${chip.label}`} onClick={() => setBoardFilter(chip.clear)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <p className="board-filter__hidden" role="status">
            {view.hiddenObjectives + view.hiddenKeyResults === 0
              ? 'Nothing hidden.'
              : `Hidden: ${plural(view.hiddenObjectives, 'objective', 'objectives')}, ${plural(view.hiddenKeyResults, 'key result', 'key results')}.`}
          </p>
          <button type="button" className="button button--small" onClick={clearBoardFilter}>
            Clear filters
          </button>
        </div>
      )}
    </section>
  );
}
