import { memo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Plus, Trash } from '../../ui/icons';
import { useShallow } from 'zustand/react/shallow';
import { deleteObjective, editObjectiveText, moveObjective, restoreObjective, setObjectiveOwner } from '../../../shared/commands/objectives';
import { moveKeyResult } from '../../../shared/commands/keyResults';
import { objectiveProgressOf } from '../../../shared/queries/progress';
import { useToasts } from '../../state/toasts';
import { progressFor, selectKeyResultIdsOf, selectObjectiveIds, selectQuestionsOf } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { OwnerPicker } from '../../ui/OwnerPicker';
import { usePeople } from '../../state/people';
import { assignOwner } from '../../../shared/commands/people';
import { ProgressBar } from '../../ui/ProgressBar';
import { act, announce, focusAfterRender } from '../../state/act';
import { AddKeyResultForm } from './AddKeyResultForm';
import { KeyResultRow } from './KeyResultRow';
import { ReorderHandle } from './ReorderHandle';
import { CoEditedText } from './CoEditedText';
import { KEY_RESULT_DRAG_TYPE, OBJECTIVE_DRAG_TYPE, dropIndex, dropsAfter } from './reorder';
import { LifecycleForm } from '../../ui/LifecycleForm';
import { statusLabel } from '../../../shared/queries/tracking';
import { useObjectiveHealth } from '../../state/health';
import { HealthBadge } from './HealthBadge';

/** The id of an objective's card: the at-a-glance panel scrolls to it. */
export const objectiveAnchor = (id: string) => `objective-${id}`;

function useObjectiveProgress(keyResultIds: string[]): number | null {
  return useWorkspace((s) =>
    objectiveProgressOf(
      keyResultIds.map((id) => {
        const kr = s.keyResults[id];
        return kr ? progressFor(kr, s.checkInsByKeyResult[id] ?? [], selectQuestionsOf(id)(s)).ratio : null;
      }),
    ),
  );
}

interface ObjectiveCardProps {
  id: string;
  index: number;
  count: number;
  /** Under a filter or a grouping: the key results to list (in order); all of them when absent. */
  shownKeyResultIds?: string[];
  /** How many of its key results the filter or grouping leaves out here. */
  hiddenKeyResults?: number;
}

export const ObjectiveCard = memo(function ObjectiveCard({ id, index, count, shownKeyResultIds, hiddenKeyResults = 0 }: ObjectiveCardProps) {
  const objective = useWorkspace((s) => s.objectives[id]);
  const keyResultIds = useWorkspace(useShallow(selectKeyResultIdsOf(id)));
  const listed = shownKeyResultIds ?? keyResultIds;
  const progress = useObjectiveProgress(keyResultIds);
  const health = useObjectiveHealth(id);
  const [adding, setAdding] = useState(false);
  const [changingStatus, setChangingStatus] = useState(false);
  const [dropHint, setDropHint] = useState<'before' | 'after' | null>(null);
  if (!objective) return null;
  const name = objective.title || 'Untitled objective';

  const move = (to: number) => {
    if (to < 0 || to >= count) return;
    act((ctx) => moveObjective(ctx, id, to), 'Could not move the objective');
    announce(`Objective moved to position ${to + 1} of ${count}.`);
    focusAfterRender(`[data-objective-handle="${id}"]`);
  };

  const onHandleKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(count - 1);
    else return;
    event.preventDefault();
  };

  const remove = () => {
    act((ctx) => deleteObjective(ctx, id), 'Could not delete the objective');
    useToasts.getState().push({
      message: `Objective “${name}” moved to Deleted items.`,
      tone: 'info',
      action: { label: 'Restore', run: () => act((ctx) => restoreObjective(ctx, id)) },
    });
  };

  const onDragOver = (event: DragEvent<HTMLElement>) => {
    const types = event.dataTransfer.types;
    if (types.includes(OBJECTIVE_DRAG_TYPE)) {
      event.preventDefault();
      setDropHint(dropsAfter(event) ? 'after' : 'before');
    } else if (types.includes(KEY_RESULT_DRAG_TYPE) && keyResultIds.length === 0) {
      event.preventDefault(); // an empty objective accepts a KR dropped anywhere on it
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    setDropHint(null);
    const objectiveId = event.dataTransfer.getData(OBJECTIVE_DRAG_TYPE);
    if (objectiveId) {
      event.preventDefault();
      const ids = selectObjectiveIds(useWorkspace.getState());
      act((ctx) => moveObjective(ctx, objectiveId, dropIndex(index, dropsAfter(event), ids.indexOf(objectiveId))));
      return;
    }
    const krId = event.dataTransfer.getData(KEY_RESULT_DRAG_TYPE);
    if (krId && keyResultIds.length === 0) {
      event.preventDefault();
      act((ctx) => moveKeyResult(ctx, krId, id, 0));
    }
  };

  return (
    <article
      className={`objective ${dropHint ? `objective--drop-${dropHint}` : ''} ${objective.status === 'closed' ? 'objective--closed' : ''}`}
      aria-label={`Objective: ${name}`}
      id={objectiveAnchor(id)}
      data-objective-id={id}
      tabIndex={-1}
      onDragOver={onDragOver}
      onDragLeave={() => setDropHint(null)}
      onDrop={onDrop}
    >
      <header className="objective__header">
        <ReorderHandle
          id={id}
          dragType={OBJECTIVE_DRAG_TYPE}
          focusKey={{ 'data-objective-handle': id }}
          label={`Reorder objective ${name} (position ${index + 1} of ${count}; use arrow keys)`}
          onKeyDown={onHandleKey}
        />
        <div className="objective__titles">
          {/* A heading per objective (named by its editable title) lets screen reader users jump between them. */}
          <h2 className="objective__heading">
            <CoEditedText
              entityId={id}
              field="title"
              className="objective__title"
              label="Objective title"
              placeholder="What do we want to achieve?"
              wrap
              value={objective.title}
              onChange={(next, previous) => act((ctx) => editObjectiveText(ctx, id, 'title', next, previous))}
            />
          </h2>
          <p className="objective__badges">
            <span className={`tag tag--${objective.commitment}`}>{objective.commitment === 'committed' ? 'Committed' : 'Aspirational'}</span>{' '}
            <span className={`tag tag--status-${objective.status}`}>{statusLabel(objective.status, objective.closedAs)}</span>{' '}
            <HealthBadge verdict={health} subject={name} />
            {objective.addedReason && <span className="muted"> · added mid-cycle: {objective.addedReason}</span>}
          </p>
          <CoEditedText
            entityId={id}
            field="description"
            className="objective__description"
            label="Objective description"
            placeholder="What it means, and for whom"
            multiline
            value={objective.description}
            onChange={(next, previous) => act((ctx) => editObjectiveText(ctx, id, 'description', next, previous))}
          />
          <CoEditedText
            entityId={id}
            field="why"
            className="objective__why"
            label={`Why now: ${name}`}
            placeholder="Why now?"
            multiline
            value={objective.why}
            onChange={(next, previous) => act((ctx) => editObjectiveText(ctx, id, 'why', next, previous))}
          />
        </div>
        <div className="objective__side">
          <ProgressBar ratio={progress} label={`Progress of objective ${name}`} />
          <ObjectiveOwner id={id} name={name} owner={objective.owner} />
          <button
            type="button"
            className="button button--ghost button--small"
            aria-expanded={changingStatus}
            onClick={() => setChangingStatus(!changingStatus)}
            aria-label={`Status and commitment of ${name}`}
          >
            Status…
          </button>
          <button type="button" className="button button--ghost button--small" onClick={remove} aria-label={`Delete objective ${name}`}>
            <Trash className="button__icon" aria-hidden="true" size={14} />
            Delete
          </button>
        </div>
      </header>
      {changingStatus && <LifecycleForm entity={{ type: 'objective', value: objective }} onDone={() => setChangingStatus(false)} />}

      {keyResultIds.length === 0 ? (
        <p className="empty empty--small">
          No key results yet. Add two to five: each is a measurable sign that you are getting there — a number moving from a baseline to a target, a
          level to hold, or a milestone that is done or not. Start with the risk it addresses.
        </p>
      ) : (
        listed.length > 0 && (
          <ol className="key-results" aria-label={`Key results of ${name}`}>
            {listed.map((krId) => (
              <KeyResultRow key={krId} id={krId} index={keyResultIds.indexOf(krId)} count={keyResultIds.length} objectiveId={id} siblingIds={keyResultIds} />
            ))}
          </ol>
        )
      )}
      {hiddenKeyResults > 0 && (
        <p className="objective__hidden muted">
          {hiddenKeyResults === 1 ? '1 key result' : `${hiddenKeyResults} key results`} of this objective not shown here.
        </p>
      )}

      {adding ? (
        <AddKeyResultForm objectiveId={id} objectiveTitle={name} onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="button button--ghost add-kr" onClick={() => setAdding(true)} aria-label={`Add key result to ${name}`}>
          <Plus className="button__icon" aria-hidden="true" size={16} />
          Add key result
        </button>
      )}
    </article>
  );
});

/** The objective's owner, as an avatar beside their name, picked among the workspace's people. */
function ObjectiveOwner({ id, name, owner }: { id: string; name: string; owner: string }) {
  // The people are read once the picker takes focus (before its list opens or a name is committed), not for every card as the board opens.
  const [engaged, setEngaged] = useState(false);
  const people = usePeople(engaged);
  return (
    <div className="owner" onFocus={engaged ? undefined : () => setEngaged(true)}>
      <OwnerPicker
        label={`Owner of objective ${name}`}
        value={owner}
        people={people}
        onCommit={(next, isNew) => act((ctx) => assignOwner(ctx, (c, o) => setObjectiveOwner(c, id, o), next, isNew))}
      />
    </div>
  );
}
