import { useState } from 'react';
import type { RevealMode } from '../../../shared/schema/drafts';
import { adoptCandidate, clusterCandidates } from '../../../shared/commands/drafts';
import type { Candidate, ShownDraft, ShownRound } from '../../../shared/workshop/drafts';
import { act } from '../../state/act';
import { revealRound, useDrafts } from '../../state/drafts';
import { reportError } from '../../state/toasts';
import { useWorkspace } from '../../state/workspaceSession';
import { formatWhen, plural } from '../../ui/format';
import './drafts.css';

/*
 * The revealed drafts of a workshop (docs/workshop.md, "Drafts"), newest
 * round first; the facilitator merges duplicates into one candidate and
 * adopts candidates as objectives or key results. `stageId` is the reveal
 * stage's: drafts were written in an earlier stage, so every revealed round
 * is shown.
 */

export interface RevealAreaProps {
  stageId: string;
  isFacilitator: boolean;
}

export function RevealArea({ stageId, isFacilitator }: RevealAreaProps) {
  const view = useDrafts((s) => s.view);
  const revealed = view.rounds.filter((r) => r.revealed).reverse();
  // Drafting happens in an earlier stage; its reveal belongs here too, where the agenda says "reveal".
  const waiting = view.rounds.filter((r) => !r.revealed);
  return (
    <section className="drafts panel" aria-labelledby={`reveal-${stageId}`}>
      <h2 className="panel__title" id={`reveal-${stageId}`}>
        Revealed drafts
      </h2>
      {view.problems.length > 0 && (
        <details className="banner banner--warning">
          <summary>{plural(view.problems.length, 'drafting record')} ignored: not signed by whoever opened the round, or published before the reveal</summary>
          <ul>
            {view.problems.slice(0, 20).map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </details>
      )}
      {waiting.map((round) =>
        isFacilitator ? (
          <Reveal key={round.id} round={round} />
        ) : (
          <p key={round.id} className="muted">
            {round.target === 'keyResult' ? 'Drafts of key results' : 'Drafts of objectives'} are waiting for the reveal.
          </p>
        ),
      )}
      {revealed.length === 0 && waiting.length === 0 && <p className="muted">Nothing is revealed yet: drafts appear here, all at once, when the facilitator reveals them.</p>}
      {revealed.map((round) => (
        <RevealedRound
          key={round.id}
          round={round}
          drafts={view.drafts.filter((d) => d.roundId === round.id)}
          candidates={view.candidates.filter((c) => c.roundId === round.id)}
          isFacilitator={isFacilitator}
        />
      ))}
    </section>
  );
}

/**
 * Who wrote a candidate, or how many drafts it merges. A lone draft adopted
 * becomes a cluster of one (shared/commands/drafts.ts): it still reads as its
 * author's draft, not as a merge.
 */
function originOf(candidate: Candidate, authorOf: ReadonlyMap<string, string | null>): string {
  const lone = candidate.kind === 'draft' ? candidate.id : candidate.history.length === 1 ? candidate.history[0]?.draftId : undefined;
  if (lone !== undefined) return authorOf.get(lone) ?? 'Anonymous';
  return `Merged from ${plural(candidate.history.length, 'draft')}`;
}

export function RevealedRound({ round, drafts, candidates, isFacilitator }: { round: ShownRound; drafts: ShownDraft[]; candidates: Candidate[]; isFacilitator: boolean }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [merging, setMerging] = useState<string | null>(null);
  const authorOf = new Map(drafts.map((d) => [d.id, d.shownAuthor]));
  const chosen = candidates.filter((c) => selected.includes(c.id));
  const toggle = (id: string) => setSelected((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]));
  const merge = (event: React.FormEvent) => {
    event.preventDefault();
    if (merging === null) return;
    if (act((ctx) => clusterCandidates(ctx, chosen, merging), 'The drafts could not be merged') !== undefined) {
      setSelected([]);
      setMerging(null);
    }
  };
  return (
    <div className="drafts__round">
      <p className="drafts__meta">
        {plural(drafts.length, 'draft')} {round.target === 'keyResult' ? 'of key results' : 'of objectives'}, revealed {round.revealMode === 'anonymous' ? 'anonymously' : 'with names'} on{' '}
        {formatWhen(round.reveal?.at ?? 0)}
      </p>
      <ul className="drafts__list" aria-label="Candidates">
        {candidates.map((candidate) => (
          <li key={candidate.id} className={`drafts__item${selected.includes(candidate.id) ? ' drafts__item--selected' : ''}`}>
            {isFacilitator && !candidate.adoptedAs && (
              <input type="checkbox" aria-label={`Select “${candidate.text}”`} checked={selected.includes(candidate.id)} onChange={() => toggle(candidate.id)} />
            )}
            <div className="drafts__text">
              {candidate.text}
              <div className="drafts__meta">
                {originOf(candidate, authorOf)}
                {candidate.adoptedAs && ` · adopted as ${candidate.adoptedAs.kind === 'objective' ? 'an objective' : 'a key result'}`}
              </div>
              {candidate.kind === 'cluster' && candidate.history.length > 1 && (
                <details className="drafts__history">
                  <summary>Original texts</summary>
                  <ul>
                    {candidate.history.map((h) => (
                      <li key={h.draftId}>
                        {h.text}
                        {authorOf.get(h.draftId) ? ` — ${authorOf.get(h.draftId)}` : ''}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </div>
            {isFacilitator && !candidate.adoptedAs && <Adopt round={round} candidate={candidate} />}
          </li>
        ))}
      </ul>
      {isFacilitator &&
        (merging === null ? (
          <button type="button" className="button" disabled={chosen.length < 2} onClick={() => setMerging(chosen.map((c) => c.text).join(' / '))}>
            Merge selected ({chosen.length})
          </button>
        ) : (
          <form className="row row--wrap" onSubmit={merge}>
            <label className="field field--grow">
              <span>Text of the merged candidate</span>
              <textarea className="drafts__textarea" value={merging} maxLength={2000} onChange={(e) => setMerging(e.target.value)} />
            </label>
            <button type="submit" className="button button--primary" disabled={!merging.trim()}>
              Merge
            </button>
            <button type="button" className="button button--ghost" onClick={() => setMerging(null)}>
              Cancel
            </button>
          </form>
        ))}
    </div>
  );
}

function Adopt({ round, candidate }: { round: ShownRound; candidate: Candidate }) {
  const objectives = useWorkspace((s) => s.objectives);
  const objectiveId = round.objectiveIds.find((id) => objectives[id] && objectives[id].deletedAt === null) ?? null;
  if (round.target === 'keyResult') {
    return (
      <button
        type="button"
        className="button button--small"
        disabled={!objectiveId}
        onClick={() => objectiveId && act((ctx) => adoptCandidate(ctx, candidate, 'keyResult', { objectiveId }), 'Could not adopt this draft')}
      >
        Adopt as key result
      </button>
    );
  }
  return (
    <button type="button" className="button button--small" onClick={() => act((ctx) => adoptCandidate(ctx, candidate, 'objective'), 'Could not adopt this draft')}>
      Adopt as objective
    </button>
  );
}

/** The opener's control to reveal every draft of a round at once. */
export function Reveal({ round }: { round: ShownRound }) {
  const participantId = useDrafts((s) => s.participantId);
  const [mode, setMode] = useState<RevealMode>('named');
  if (participantId !== round.openedBy) {
    return <p className="muted">{round.openedByName || 'Whoever opened this drafting'} can reveal the drafts.</p>;
  }
  const reveal = () => void revealRound(round.id, mode).catch((e: unknown) => reportError(e, 'The drafts could not be revealed'));
  return (
    <fieldset>
      <legend>Reveal every draft at once</legend>
      <label className="field--inline">
        <input type="radio" name={`reveal-${round.id}`} checked={mode === 'named'} onChange={() => setMode('named')} /> With names
      </label>
      <label className="field--inline">
        <input type="radio" name={`reveal-${round.id}`} checked={mode === 'anonymous'} onChange={() => setMode('anonymous')} /> Anonymously
      </label>
      <button type="button" className="button button--primary" onClick={reveal}>
        Reveal drafts
      </button>
      <span className="drafts__meta">Opened {formatWhen(round.openedAt)}. Until you reveal, every draft stays on its author&apos;s laptop: nobody, you included, sees who wrote how many.</span>
    </fieldset>
  );
}
