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

  return (
    <section className="board-filter" aria-label="Filter and group the OKRs">
      <div className="board-filter__controls">
        <label className="field board-filter__text">
          <span>Find</span>
          <input type="search" value={filter.q} placeholder="Words in titles, descriptions, names" onChange={(e) => setBoardFilter({ q: e.target.value })} aria-label="Filter by text" />
        </label>
        {(teams.length > 0 || filter.team) && (
          <label className="field">
            <span>Team</span>
            <select value={filter.team ?? ''} onChange={(e) => setBoardFilter({ team: e.target.value || null })} aria-label="Filter by team">
              <option value="">All teams</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name || 'Unnamed team'}
                </option>
              ))}
              {filter.team && !teams.some((t) => t.id === filter.team) && <option value={filter.team}>A deleted team</option>}
            </select>
          </label>
        )}
        <label className="field">
          <span>Owner</span>
          <select value={filter.owner ?? ''} onChange={(e) => setBoardFilter({ owner: e.target.value || null })} aria-label="Filter by owner">
            <option value="">Anyone</option>
            {ownerChoices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Health</span>
          <select value={filter.health ?? ''} onChange={(e) => setBoardFilter({ health: BOARD_HEALTHS.find((h) => h === e.target.value) ?? null })} aria-label="Filter by health">
            <option value="">Any health</option>
            {BOARD_HEALTHS.map((h) => (
              <option key={h} value={h}>
                {HEALTH_LABEL[h]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={filter.status ?? ''} onChange={(e) => setBoardFilter({ status: BOARD_STATUSES.find((s) => s === e.target.value) ?? null })} aria-label="Filter by status">
            <option value="">Any status</option>
            {BOARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {boardStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`button board-filter__toggle ${filter.due ? 'board-filter__toggle--on' : ''}`}
          aria-pressed={filter.due !== null}
          onClick={() => setBoardFilter({ due: filter.due ? null : 'week' })}
        >
          Check-in due this week
        </button>
        <label className="field board-filter__group">
          <span>Group by</span>
          <select value={filter.group ?? ''} onChange={(e) => setBoardFilter({ group: BOARD_GROUPINGS.find((g) => g === e.target.value) ?? null })} aria-label="Group by">
            <option value="">Objective</option>
            {BOARD_GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {GROUPING_LABEL[g]}
              </option>
            ))}
          </select>
        </label>
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
