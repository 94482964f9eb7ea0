import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ArrowDown, ArrowUp, Bell, BellOff, Pause, Play, Plus, SkipForward } from 'lucide-react';
import { remainingMs } from '../../../shared/workshop/timer';
import type { StageState } from '../../../shared/workshop/session';
import { dismissEndedNotice, facilitate, facilitatorNow, SESSION_ENDED_MESSAGE, useFacilitation } from '../../state/facilitation';
import { useWorkshop } from '../../state/workshopSession';
import { useWorkspace } from '../../state/workspaceSession';
import { CommitOnBlurInput } from '../../ui/CommitOnBlurInput';
import { Dialog } from '../../ui/Dialog';
import { IconButton } from '../../ui/IconButton';
import { formatWhen } from '../../ui/format';
import { StageArea } from './StageArea';
import { isChimeMuted, playChime, setChimeMuted } from './stageSignal';

/*
 * The facilitator's session under the header of a shared workshop
 * (docs/workshop.md, "Session"): the current stage and what it asks, the
 * shared timer, the agenda and who is here. The facilitator runs it; everyone
 * else sees the same panel, read-only.
 */

export function StagePanel() {
  const kind = useWorkspace((s) => s.meta?.kind);
  const shared = useWorkshop((s) => s.workshop !== null);
  const session = useFacilitation((s) => s.session);
  const isFacilitator = useFacilitation((s) => s.isFacilitator);
  const stage = useFacilitation((s) => s.currentStage);
  const [ending, setEnding] = useState(false);
  if (kind !== 'workshop' || !shared || !session || session.endedAt !== null) return null;
  const position = stage ? session.stages.filter((s) => !s.skipped).findIndex((s) => s.id === stage.id) + 1 : 0;
  const count = session.stages.filter((s) => !s.skipped).length;
  return (
    <section className="panel stage-panel" aria-labelledby="stage-panel-title" data-facilitator={isFacilitator ? 'true' : 'false'}>
      <div className="stage-panel__now">
        <div className="stage-panel__what">
          <p className="stage-panel__step muted">{stage ? `Stage ${position} of ${count}` : 'The session has not begun a stage yet'}</p>
          <h2 id="stage-panel-title" className="stage-panel__title" data-stage-id={stage?.id ?? ''}>
            {stage ? stage.title : `Facilitated by ${session.facilitatorName || 'the facilitator'}`}
          </h2>
          {stage?.prompt && <p className="stage-panel__prompt">{stage.prompt}</p>}
        </div>
        {stage && <StageTimer stage={stage} isFacilitator={isFacilitator} />}
        {isFacilitator && (
          <div className="stage-panel__actions">
            <button type="button" className="button button--primary" onClick={() => void facilitate.next()}>
              <SkipForward className="button__icon" aria-hidden="true" size={16} />
              {stage ? 'Next stage' : 'Start the first stage'}
            </button>
            <button type="button" className="button button--danger" aria-haspopup="dialog" onClick={() => setEnding(true)}>
              End session…
            </button>
          </div>
        )}
      </div>
      {stage && <StageArea stage={stage} isFacilitator={isFacilitator} />}
      <div className="stage-panel__more">
        <Agenda stages={session.stages} currentId={session.currentStageId} isFacilitator={isFacilitator} />
        <AttendanceList />
      </div>
      {ending && <EndSessionDialog onClose={() => setEnding(false)} />}
    </section>
  );
}

/** "4:05": minutes and seconds, rounded up, so 0:00 shows only when time is up. */
function clockText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function readNow(): { now: number; localAt: number } {
  const localAt = Date.now();
  return { now: facilitatorNow(localAt), localAt };
}

function StageTimer({ stage, isFacilitator }: { stage: StageState; isFacilitator: boolean }) {
  const offset = useFacilitation((s) => s.offsetMs);
  // The facilitator's now, and this laptop's clock when it was read (tests compare pages read at slightly different moments).
  const [{ now, localAt }, setNow] = useState(readNow);
  const [muted, setMuted] = useState(isChimeMuted);
  useEffect(() => {
    const timer = setInterval(() => setNow(readNow()), 100);
    return () => clearInterval(timer);
  }, []);
  const left = remainingMs(stage.timer, now);
  const done = stage.timer.running && left === 0;
  // The chime sounds once, when this stage's running timer reaches zero here.
  const chimed = useRef<string | null>(null);
  useEffect(() => {
    const mark = `${stage.id}:${stage.timer.deadline ?? ''}`;
    if (done && chimed.current !== mark) {
      chimed.current = mark;
      playChime();
    }
  }, [done, stage.id, stage.timer.deadline]);
  const known = isFacilitator || offset !== null;
  return (
    <div className={done ? 'stage-timer stage-timer--done' : 'stage-timer'}>
      <p className="stage-timer__time" role="timer" aria-label={`Time left in ${stage.title}`} data-remaining-ms={known ? Math.round(left) : ''} data-computed-at={localAt} data-running={stage.timer.running ? 'true' : 'false'}>
        {known ? clockText(left) : '–:––'}
      </p>
      {done && (
        <p className="stage-timer__done" role="status">
          Time is up for this stage.
        </p>
      )}
      <div className="stage-timer__controls">
        {isFacilitator &&
          (stage.timer.running ? (
            <IconButton label="Pause the timer" icon={<Pause size={16} />} onClick={() => void facilitate.timer(stage.id, 'pause')} />
          ) : (
            <IconButton label="Start the timer" icon={<Play size={16} />} onClick={() => void facilitate.timer(stage.id, 'start')} />
          ))}
        {isFacilitator && (
          <button type="button" className="button button--small" onClick={() => void facilitate.timer(stage.id, 'add-minute')}>
            +1 min
          </button>
        )}
        <IconButton
          label={muted ? 'Unmute the end-of-stage chime' : 'Mute the end-of-stage chime'}
          icon={muted ? <BellOff size={16} /> : <Bell size={16} />}
          aria-pressed={muted}
          onClick={() => {
            setChimeMuted(!muted);
            setMuted(!muted);
          }}
        />
      </div>
    </div>
  );
}

function Agenda({ stages, currentId, isFacilitator }: { stages: readonly StageState[]; currentId: string | null; isFacilitator: boolean }) {
  const [title, setTitle] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    void facilitate.add(title).then((id) => id && setTitle(''));
  };
  // Alt+Up / Alt+Down moves a stage from its title field: reordering without a mouse.
  const onKey = (stage: StageState, index: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const to = event.key === 'ArrowUp' ? index - 1 : index + 1;
    if (to >= 0 && to < stages.length) void facilitate.move(stage.id, to).then(() => requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-agenda-title="${stage.id}"]`)?.focus()));
  };
  return (
    <details className="agenda" open={isFacilitator}>
      <summary>Agenda</summary>
      <ol className="agenda__list">
        {stages.map((stage, index) => (
          <li key={stage.id} className={['agenda__stage', stage.id === currentId ? 'agenda__stage--current' : '', stage.skipped ? 'agenda__stage--skipped' : ''].join(' ')} aria-current={stage.id === currentId ? 'step' : undefined}>
            {isFacilitator ? (
              <>
                <CommitOnBlurInput
                  className="agenda__title-input"
                  aria-label={`Stage ${index + 1} title`}
                  aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                  data-agenda-title={stage.id}
                  value={stage.title}
                  onCommit={(next) => next !== stage.title && void facilitate.rename(stage.id, next)}
                  onKeyDownCapture={onKey(stage, index)}
                />
                <IconButton label={`Move up: ${stage.title}`} icon={<ArrowUp size={14} />} disabled={index === 0} onClick={() => void facilitate.move(stage.id, index - 1)} />
                <IconButton label={`Move down: ${stage.title}`} icon={<ArrowDown size={14} />} disabled={index === stages.length - 1} onClick={() => void facilitate.move(stage.id, index + 1)} />
                <label className="agenda__skip">
                  <input type="checkbox" checked={stage.skipped} disabled={stage.id === currentId} onChange={(e) => void facilitate.skip(stage.id, e.target.checked)} /> Skip
                </label>
              </>
            ) : (
              <span className="agenda__title">{stage.title}</span>
            )}
            {stage.skipped && !isFacilitator && <span className="muted"> (skipped)</span>}
            <span className="agenda__time muted">{stage.startedAt === null ? '' : stage.endedAt !== null ? 'done' : 'now'}</span>
          </li>
        ))}
      </ol>
      {isFacilitator && (
        <form className="agenda__add" onSubmit={add}>
          <input aria-label="New stage title" placeholder="New stage" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
          <button type="submit" className="button button--small">
            <Plus className="button__icon" aria-hidden="true" size={14} />
            Add stage
          </button>
        </form>
      )}
    </details>
  );
}

function AttendanceList() {
  const visits = useFacilitation((s) => s.attendance);
  const here = new Set(visits.filter((v) => v.leftAt === null).map((v) => v.participantId));
  return (
    <details className="attendance">
      <summary>
        Attendance ({here.size} here)
      </summary>
      <ul className="attendance__list">
        {visits.map((v) => (
          <li key={`${v.participantId}:${v.joinedAt}`}>
            <strong>{v.name || 'Someone'}</strong> joined {formatWhen(v.joinedAt)}
            {v.leftAt !== null && `, left ${formatWhen(v.leftAt)}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

function EndSessionDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog
      title="End the session for everyone?"
      onClose={onClose}
      footer={(close) => (
        <>
          <button type="button" className="button" onClick={close}>
            Keep going
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => {
              void facilitate.end();
              close();
            }}
          >
            End session
          </button>
        </>
      )}
    >
      <p>Everyone is told the session ended and leaves the workshop. What was done stays in the workspace, and the report opens with the session’s outcome.</p>
    </Dialog>
  );
}

/** What every participant reads when the facilitator ends the session; it stays until dismissed. */
export function SessionEndedNotice() {
  const shown = useFacilitation((s) => s.endedNotice);
  if (!shown) return null;
  return (
    <div className="banner banner--info session-ended" role="alert">
      <p>{SESSION_ENDED_MESSAGE}</p>
      <button type="button" className="button button--small" onClick={dismissEndedNotice}>
        Dismiss
      </button>
    </div>
  );
}
