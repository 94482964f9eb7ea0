import { GlancePanel } from './GlancePanel';
import { useAfterFirstPaint } from '../../ui/useAfterFirstPaint';
import { isFiltering, type BoardEntry } from '../../../shared/queries/boardFilter';
import { clearBoardFilter, useBoardFilter } from '../../state/boardFilter';
import { selectBoardView } from '../../state/boardView';
import { useClock } from '../../state/clock';
import { useWorkspace } from '../../state/workspaceSession';
import { AddObjectiveForm } from './AddObjectiveForm';
import { BoardFilterBar } from './BoardFilterBar';
import { GuidedFirstObjective } from './GuidedFirstObjective';
import { ObjectiveCard } from './ObjectiveCard';
import { TrashPanel } from './TrashPanel';

/**
 * The OKR board: the filter bar, the objectives with their key results (as the
 * filter and grouping in the URL ask), the add form and the trash. An empty
 * workspace leads with a guided first objective instead.
 */
export function Board({ objectiveIds, rendered }: { objectiveIds: string[]; rendered: number }) {
  const filter = useBoardFilter();
  // The summary reads every KR: it comes right after the first screen, not before it.
  const painted = useAfterFirstPaint();
  const now = useClock((s) => s.now);
  const view = useWorkspace((s) => selectBoardView(s, filter, now));
  if (objectiveIds.length === 0) {
    return (
      <div className="board">
        <GuidedFirstObjective />
        <TrashPanel />
      </div>
    );
  }
  const plain = !isFiltering(filter) && filter.group === null;
  const indexOf = (objectiveId: string) => objectiveIds.indexOf(objectiveId);
  const card = (entry: BoardEntry, key: string) => (
    <div role="listitem" key={key}>
      <ObjectiveCard
        id={entry.objectiveId}
        index={indexOf(entry.objectiveId)}
        count={objectiveIds.length}
        shownKeyResultIds={plain ? undefined : entry.keyResultIds}
        hiddenKeyResults={entry.hiddenKeyResults}
      />
    </div>
  );

  return (
    <div className="board">
      {painted && <GlancePanel />}
      <BoardFilterBar filter={filter} view={view} />
      {view.groups.length === 0 ? (
        <p className="empty board__none">
          No objective or key result matches these filters.{' '}
          <button type="button" className="button button--small" onClick={clearBoardFilter}>
            Clear filters
          </button>
        </p>
      ) : filter.group === null ? (
        <div className="objectives" aria-label="Objectives" role="list">
          {/* Unfiltered, the list renders progressively (see useProgressiveCount); filtered, it is short enough to render at once. */}
          {(plain ? view.groups[0]!.entries.slice(0, rendered) : view.groups[0]!.entries).map((entry) => card(entry, entry.objectiveId))}
        </div>
      ) : (
        <div className="board-groups">
          {view.groups.map((group) => (
            <section key={group.key} className="board-group" aria-label={`Group: ${group.label}`}>
              <h2 className="board-group__title">
                {group.label} <span className="muted">· {keyResultCount(group.entries)}</span>
              </h2>
              <div className="objectives" aria-label={`Objectives in ${group.label}`} role="list">
                {group.entries.map((entry) => card(entry, `${group.key}:${entry.objectiveId}`))}
              </div>
            </section>
          ))}
        </div>
      )}
      <AddObjectiveForm />
      <TrashPanel />
    </div>
  );
}

function keyResultCount(entries: BoardEntry[]): string {
  const n = entries.reduce((sum, e) => sum + e.keyResultIds.length, 0);
  return n === 1 ? '1 key result' : `${n} key results`;
}
