import { useState } from 'react';
import { Lock } from 'lucide-react';
import type { DraftTarget } from '../../../shared/schema/drafts';
import { roundsOfStage, type LocalDraft, type ShownRound } from '../../../shared/workshop/drafts';
import { deleteDraft, openRound, saveDraft, useDrafts } from '../../state/drafts';
import { reportError } from '../../state/toasts';
import { useWorkspace } from '../../state/workspaceSession';
import { Reveal, RevealedRound } from './RevealArea';
import './drafts.css';

/*
 * A drafting stage (docs/workshop.md, "Drafts"): each person's private
 * notepad, and the facilitator's open and reveal. What is typed here goes to
 * this laptop's device store only, until the round's opener reveals it.
 */

export interface DraftingAreaProps {
  stageId: string;
  target: DraftTarget;
  isFacilitator: boolean;
}

const NOUN: Record<DraftTarget, string> = { objective: 'objective', keyResult: 'key result' };

export function DraftingArea({ stageId, target, isFacilitator }: DraftingAreaProps) {
  const view = useDrafts((s) => s.view);
  const rounds = roundsOfStage(view, stageId).filter((r) => r.target === target);
  const round = rounds.at(-1) ?? null;
  return (
    <section className="drafts panel" aria-labelledby={`drafting-${stageId}`}>
      <h2 className="panel__title" id={`drafting-${stageId}`}>
        Draft {NOUN[target]}s
      </h2>
      {!round ? (
        isFacilitator ? (
          <OpenRound stageId={stageId} target={target} />
        ) : (
          <p className="muted">Drafting opens when the facilitator starts it.</p>
        )
      ) : round.revealed ? (
        // Everyone reads the drafts where they were written, and the facilitator adopts them there (the agenda's key-result stage has no reveal stage after it).
        <RevealedRound round={round} drafts={view.drafts.filter((d) => d.roundId === round.id)} candidates={view.candidates.filter((c) => c.roundId === round.id)} isFacilitator={isFacilitator} />
      ) : (
        <>
          <Notepad round={round} target={target} />
          {isFacilitator && <Reveal round={round} />}
        </>
      )}
    </section>
  );
}

function OpenRound({ stageId, target }: { stageId: string; target: DraftTarget }) {
  const objectives = useWorkspace((s) => s.objectives);
  const live = Object.values(objectives).filter((o) => o.deletedAt === null);
  const [objectiveId, setObjectiveId] = useState('');
  const chosen = objectiveId || live[0]?.id || '';
  const open = () => {
    openRound(stageId, target, target === 'keyResult' ? [chosen] : []).catch((e: unknown) => reportError(e, 'Drafting could not be opened'));
  };
  return (
    <div className="row row--wrap">
      {target === 'keyResult' && (
        <label className="field">
          <span>Key results for</span>
          <select value={chosen} onChange={(e) => setObjectiveId(e.target.value)}>
            {live.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title || 'Untitled objective'}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button button--primary" onClick={open} disabled={target === 'keyResult' && !chosen}>
        Open drafting
      </button>
    </div>
  );
}

function Notepad({ round, target }: { round: ShownRound; target: DraftTarget }) {
  const local = useDrafts((s) => s.local);
  const mine = local.filter((d) => d.roundId === round.id);
  const [text, setText] = useState('');
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    saveDraft({ stageId: round.stageId, roundId: round.id, text })
      .then(() => setText(''))
      .catch((e: unknown) => reportError(e, 'Your draft could not be kept'));
  };
  return (
    <>
      <p className="drafts__private">
        <Lock aria-hidden="true" size={14} />
        Only you can see these until the facilitator reveals them. They stay on this laptop, not in the shared workspace.
      </p>
      {mine.length > 0 && (
        <ul className="drafts__list" aria-label="Your private drafts">
          {mine.map((draft) => (
            <DraftRow key={draft.id} draft={draft} />
          ))}
        </ul>
      )}
      <form className="row row--wrap" onSubmit={add}>
        <label className="field field--grow">
          <span>A new {NOUN[target]}</span>
          <textarea className="drafts__textarea" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={!text.trim()}>
          Add draft
        </button>
      </form>
    </>
  );
}

function DraftRow({ draft }: { draft: LocalDraft }) {
  const [text, setText] = useState(draft.text);
  const commit = () => {
    if (text.trim() && text !== draft.text) saveDraft({ ...draft, text }).catch((e: unknown) => reportError(e, 'Your draft could not be kept'));
  };
  return (
    <li className="drafts__item">
      <textarea className="drafts__textarea" aria-label="Your draft" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} onBlur={commit} />
      <button type="button" className="button button--small button--danger" onClick={() => void deleteDraft(draft).catch((e: unknown) => reportError(e, 'Could not delete'))}>
        Delete
      </button>
    </li>
  );
}
