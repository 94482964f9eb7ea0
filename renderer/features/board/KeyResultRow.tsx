import { memo, useEffect, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Trash } from '../../ui/icons';
import { deleteKeyResult, editKeyResultText, moveKeyResult, restoreKeyResult, setKeyResultOwner } from '../../../shared/commands/keyResults';
import { confidenceLevel } from '../../../shared/queries/progress';
import { useToasts } from '../../state/toasts';
import { progressFor, selectCheckInsOf, selectQuestionsOf } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { ProgressBar } from '../../ui/ProgressBar';
import { act, announce, focusAfterRender } from '../../state/act';
import { CheckInForm } from './CheckInForm';
import { KeyResultDetails } from './KeyResultDetails';
import { describeTarget, formatWhen, unitOf, withUnit } from '../../ui/format';
import { KEY_RESULT_DRAG_TYPE, dropIndex, dropsAfter } from './reorder';
import { ReorderHandle } from './ReorderHandle';
import { useClock } from '../../state/clock';
import { SIGNAL_LABEL, openSignalsOf } from '../../state/signals';
import { RISK_PROMPTS } from './riskPrompts';
import { isTracked, keyResultStatus, keyResultStatusLabel } from '../../../shared/queries/tracking';
import { CoEditedText } from './CoEditedText';
import { useFollow } from '../../state/follow';
import { useCheckInDue, useKeyResultHealth } from '../../state/health';
import { HealthBadge } from './HealthBadge';
import { CheckInDueText } from './CheckInDueText';
import { assignOwner } from '../../../shared/commands/people';
import { Avatar } from '../../ui/Avatar';
import { useInlineForm } from '../../ui/inlineForm';

interface KeyResultRowProps {
  id: string;
  index: number;
  count: number;
  objectiveId: string;
  siblingIds: string[];
}

export const KeyResultRow = memo(function KeyResultRow({ id, index, count, objectiveId, siblingIds }: KeyResultRowProps) {
  const kr = useWorkspace((s) => s.keyResults[id]);
  const objective = useWorkspace((s) => s.objectives[objectiveId]);
  const history = useWorkspace(selectCheckInsOf(id));
  const questions = useWorkspace(selectQuestionsOf(id));
  const now = useClock((s) => s.now);
  // openSignalsOf keeps its answer's identity while the signals stay the same: no shallow compare needed.
  const signals = useWorkspace((s) => {
    const record = s.keyResults[id];
    return record ? openSignalsOf(record, s, now) : null;
  });
  const health = useKeyResultHealth(id);
  const due = useCheckInDue(id);
  const checkIn = useInlineForm();
  const [open, setOpen] = useState(false);
  // Following the facilitator (or brought here) to this key result: its details open.
  const revealed = useFollow((s) => (s.reveal?.keyResultId === id ? s.reveal.nonce : null));
  useEffect(() => {
    if (revealed !== null) setOpen(true);
  }, [revealed]);
  const [dropHint, setDropHint] = useState<'before' | 'after' | null>(null);
  if (!kr) return null;
  const name = kr.title || 'Untitled key result';
  const progress = progressFor(kr, history, questions);
  const latest = history[0];
  // A closed KR, or one of a closed objective, is done with: no signals, no check-ins (reopen it to check in again).
  const tracked = isTracked(kr, objective);
  const status = keyResultStatus(kr, objective);

  const move = (to: number) => {
    if (to < 0 || to >= count) return;
    act((ctx) => moveKeyResult(ctx, id, objectiveId, to), 'Could not move the key result');
    announce(`Key result moved to position ${to + 1} of ${count}.`);
    focusAfterRender(`[data-kr-handle="${id}"]`);
  };
  const onHandleKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'ArrowDown') move(index + 1);
    else return;
    event.preventDefault();
  };
  const onDragOver = (event: DragEvent<HTMLElement>) => {
    if (!event.dataTransfer.types.includes(KEY_RESULT_DRAG_TYPE)) return;
    event.preventDefault();
    event.stopPropagation();
    setDropHint(dropsAfter(event) ? 'after' : 'before');
  };
  const onDrop = (event: DragEvent<HTMLElement>) => {
    setDropHint(null);
    const movingId = event.dataTransfer.getData(KEY_RESULT_DRAG_TYPE);
    if (!movingId) return;
    event.preventDefault();
    event.stopPropagation();
    act((ctx) => moveKeyResult(ctx, movingId, objectiveId, dropIndex(index, dropsAfter(event), siblingIds.indexOf(movingId))));
  };
  const remove = () => {
    act((ctx) => deleteKeyResult(ctx, id), 'Could not delete the key result');
    useToasts.getState().push({
      message: `Key result “${name}” moved to Deleted items.`,
      tone: 'info',
      // Undo, as deleting a workspace offers: the KR comes back where it was, with its check-ins.
      action: { label: 'Undo', run: () => act((ctx) => restoreKeyResult(ctx, id), 'Could not restore the key result') },
    });
  };

  const current =
    kr.kind === 'milestone'
      ? progress.current === 1
        ? 'Done'
        : 'Not done'
      : progress.current === null
        ? 'No check-ins yet'
        : kr.kind === 'learning'
          ? `${progress.current} of ${questions.length} answered`
          : withUnit(progress.current, unitOf(kr));

  return (
    <li
      className={`kr ${dropHint ? `kr--drop-${dropHint}` : ''}`}
      aria-label={`Key result: ${name}`}
      data-key-result-id={id}
      onDragOver={onDragOver}
      onDragLeave={() => setDropHint(null)}
      onDrop={onDrop}
    >
      <div className="kr__main">
        <ReorderHandle
          small
          id={id}
          dragType={KEY_RESULT_DRAG_TYPE}
          focusKey={{ 'data-kr-handle': id }}
          label={`Reorder key result ${name} (position ${index + 1} of ${count}; use arrow keys)`}
          onKeyDown={onHandleKey}
        />
        <div className="kr__titles">
          <CoEditedText
            entityId={id}
            field="title"
            className="kr__title"
            label="Key result title"
            placeholder="How will we know? (measurable)"
            wrap
            value={kr.title}
            onChange={(next, previous) => act((ctx) => editKeyResultText(ctx, id, 'title', next, previous))}
          />
          <span className="kr__target muted">
            {kr.risk && <span className={`tag tag--${kr.risk}`}>{RISK_PROMPTS[kr.risk].label} risk</span>}{' '}
            {status.status !== 'active' && <span className={`tag tag--status-${status.status}`}>{keyResultStatusLabel(status)}</span>} {describeTarget(kr)}
            {kr.addedReason && <span> · added mid-cycle: {kr.addedReason}</span>}
          </span>
          {(health.health !== null || due) && (
            <div className="kr__health">
              <HealthBadge verdict={health} subject={name} />
              {due && <CheckInDueText due={due} />}
            </div>
          )}
          {signals && signals.length > 0 && (
            <ul className="signal-chips" aria-label={`Open signals of ${name}`}>
              {signals.map((s) => (
                <li key={s.key} className={`signal-chip signal-chip--${s.kind}`} title={s.explanation}>
                  {SIGNAL_LABEL[s.kind]}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="kr__status">
          {/* The owner once, as an avatar: the name on hover and to screen readers. */}
          {kr.owner.trim() && <Avatar name={kr.owner} label={`Owner: ${kr.owner}`} />}
          <span className="kr__current" aria-label={`Current value of ${name}`}>
            {current}
          </span>
          <ProgressBar
            ratio={progress.ratio}
            label={`Progress of key result ${name}`}
            tone={progress.holding === false ? 'breached' : 'normal'}
          />
          {latest?.confidence != null && (
            <span className={`confidence confidence--${confidenceLevel(latest.confidence)}`} title={`Confidence at the last check-in, ${formatWhen(latest.at)}`}>
              {latest.confidence}/10 · {confidenceLevel(latest.confidence)}
            </span>
          )}
        </div>
        <div className="kr__actions">
          {tracked && (
            <button type="button" className="button button--small button--primary" onClick={checkIn.openFrom} aria-label={`Check in on ${name}`}>
              Check in
            </button>
          )}
          <button
            type="button"
            className="button button--small button--ghost"
            aria-expanded={open}
            aria-label={open ? `Hide details of ${name}` : `Details of ${name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Details'}
          </button>
          <button type="button" className="button button--small button--ghost" onClick={remove} aria-label={`Delete key result ${name}`}>
            <Trash className="button__icon" aria-hidden="true" size={14} />
            Delete
          </button>
        </div>
      </div>
      {checkIn.open && tracked && (
        <CheckInForm
          keyResult={kr}
          lastConfidence={latest?.confidence ?? null}
          questions={questions}
          history={history}
          onDone={(recorded) => {
            checkIn.close();
            if (recorded) useToasts.getState().push({ message: `Check-in recorded for “${name}”.`, tone: 'info' });
          }}
        />
      )}
      {open && (
        <KeyResultDetails
          keyResult={kr}
          objective={objective}
          health={health}
          history={history}
          questions={questions}
          onDescription={(next, previous) => act((ctx) => editKeyResultText(ctx, id, 'description', next, previous))}
          onOwner={(owner, isNew) => act((ctx) => assignOwner(ctx, (c, o) => setKeyResultOwner(c, id, o), owner, isNew))}
        />
      )}
    </li>
  );
});
