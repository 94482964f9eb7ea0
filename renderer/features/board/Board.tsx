import { useEffect } from 'react';
import { EditableWhileStored } from '../../ui/EditableWhileStored';
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
import { ObjectiveList } from './ObjectiveList';
import { TrashPanel } from './TrashPanel';

/**
 * The OKR board: the filter bar, the objectives with their key results (as the
 * filter and grouping in the URL ask), the add form and the trash. An empty
 * workspace leads with a guided first objective instead.
 */
export function Board({ objectiveIds }: { objectiveIds: readonly string[] }) {
  const filter = useBoardFilter();
  // The summary reads every KR: it comes right after the first screen, not before it.
  const painted = useAfterFirstPaint();
  const now = useClock((s) => s.now);
  const view = useWorkspace((s) => selectBoardView(s, filter, now));
  // The open is complete when the summary is in: the list itself renders only what is near the screen, at once.
  useEffect(() => {
    if (painted) performance.mark('cairn:workspace-complete');
  }, [painted]);
  if (objectiveIds.length === 0) {
    return (
      <div className="board">
        <EditableWhileStored>
          <GuidedFirstObjective />
          <TrashPanel />
        </EditableWhileStored>
      </div>
    );
  }
  const plain = !isFiltering(filter) && filter.group === null;
  const indexOf = (objectiveId: string) => objectiveIds.indexOf(objectiveId);
  const card = (entry: BoardEntry) => (
    <ObjectiveCard
      id={entry.objectiveId}
      index={indexOf(entry.objectiveId)}
      count={objectiveIds.length}
      shownKeyResultIds={plain ? undefined : entry.keyResultIds}
      hiddenKeyResults={entry.hiddenKeyResults}
    />
  );

  const list =
    view.groups.length === 0 ? null : filter.group === null ? (
      <ObjectiveList entries={view.groups[0]!.entries} label="Objectives" renderCard={card} />
    ) : (
      <div className="board-groups">
        {view.groups.map((group) => (
          <section key={group.key} className="board-group" aria-label={`Group: ${group.label}`}>
            <h2 className="board-group__title">
              {group.label} <span className="muted">· {keyResultCount(group.entries)}</span>
            </h2>
            <ObjectiveList entries={group.entries} label={`Objectives in ${group.label}`} renderCard={card} />
          </section>
        ))}
      </div>
    );

  return (
    <div className="board">
      <EditableWhileStored>{painted && <GlancePanel />}</EditableWhileStored>
      {/* Finding and filtering change no data: usable while the workspace is read-only (storage refused), unlike the rest. */}
      <BoardFilterBar filter={filter} view={view} />
      {list === null ? (
        <p className="empty board__none">
          No objective or key result matches these filters.{' '}
          <button type="button" className="button button--small" onClick={clearBoardFilter}>
            Clear filters
          </button>
        </p>
      ) : (
        <EditableWhileStored>{list}</EditableWhileStored>
      )}
      <EditableWhileStored>
        <AddObjectiveForm />
        {/* Below the list, and it reads every check-in (orphans): after the first screen, like the summary. */}
        {painted && <TrashPanel />}
      </EditableWhileStored>
    </div>
  );
}

function keyResultCount(entries: BoardEntry[]): string {
  const n = entries.reduce((sum, e) => sum + e.keyResultIds.length, 0);
  return n === 1 ? '1 key result' : `${n} key results`;
}
