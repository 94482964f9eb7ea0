import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { adoptWinners, closeVote, commitBallot, openVote, type AdoptDraft } from '../../../shared/commands/votes';
import { rankingOf } from '../../../shared/queries/votes';
import type { Candidate } from '../../../shared/schema/votes';
import type { TalliedVote } from '../../../shared/workshop/voteTally';
import { selectLiveKeyResults } from '../../state/selectors';
import { actVote, keepSecret, useVotes } from '../../state/votes';
import { useDrafts } from '../../state/drafts';
import { adoptCandidate } from '../../../shared/commands/drafts';
import { useWorkspace } from '../../state/workspaceSession';
import { AfterClose, useMe, WhoVoted } from './VoteParts';

/*
 * Dot voting (docs/workshop.md, "Votes"): the facilitator opens a vote on
 * candidates with a budget of dots per person; each participant places dots
 * and commits them (hidden until the close, the same commit-reveal as a
 * confidence vote); after the close the ranking shows with counts, and the
 * facilitator adopts the winners.
 */

/**
 * How a winning draft (or cluster of drafts) is adopted: it becomes an
 * objective, or a KR of the objective its drafting round was for, through the
 * drafts' `adoptCandidate` (the ordinary add commands), in the same
 * transaction as the vote's adoption record.
 */
const adoptDraft: AdoptDraft = (ctx, candidateId) => {
  const { view } = useDrafts.getState();
  const candidate = view.candidates.find((c) => c.id === candidateId);
  if (!candidate || candidate.adoptedAs) return null;
  const round = view.rounds.find((r) => r.id === candidate.roundId);
  if (round?.target === 'keyResult') return adoptCandidate(ctx, candidate, 'keyResult', { objectiveId: round.objectiveIds[0] });
  return adoptCandidate(ctx, candidate, 'objective');
};

export function DotVoteArea({ stageId, isFacilitator }: { stageId: string; isFacilitator: boolean }) {
  const tallies = useVotes(useShallow((s) => s.tallies.filter((t) => t.vote.kind === 'dots')));
  return (
    <section className="vote-area" aria-labelledby={`dots-${stageId}`}>
      <h2 id={`dots-${stageId}`} className="section-title">
        Dot votes
      </h2>
      {isFacilitator && <OpenDotVote />}
      {tallies.length === 0 && <p className="vote__note">No dot vote yet.</p>}
      {[...tallies].reverse().map((tally) => (
        <DotVote key={tally.vote.id} tally={tally} />
      ))}
    </section>
  );
}

/** The revealed drafts not yet adopted (clusters as one), then the workspace's objectives and KRs, as candidates. */
function useCandidates(): Candidate[] {
  const drafts = useDrafts(useShallow((s) => s.view.candidates.filter((c) => !c.adoptedAs)));
  const objectives = useWorkspace(useShallow((s) => Object.values(s.objectives).filter((o) => o.deletedAt === null)));
  const keyResults = useWorkspace(useShallow(selectLiveKeyResults));
  return [
    ...drafts.map((d) => ({ id: d.id, kind: 'draft' as const, label: d.text || 'Untitled draft' })),
    ...objectives.map((o) => ({ id: o.id, kind: 'objective' as const, label: o.title || 'Untitled objective' })),
    ...keyResults.map((kr) => ({ id: kr.id, kind: 'keyResult' as const, label: kr.title || 'Untitled key result' })),
  ];
}

function OpenDotVote() {
  const candidates = useCandidates();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [budget, setBudget] = useState(3);
  const [allowMultiple, setAllowMultiple] = useState(true);
  const [named, setNamed] = useState(false);
  const toggle = (id: string) => setChosen((was) => (was.has(id) ? new Set([...was].filter((x) => x !== id)) : new Set([...was, id])));
  const open = () =>
    void actVote(
      (ctx, key) => openVote(ctx, key, { kind: 'dots', title: 'Dot vote', candidates: candidates.filter((c) => chosen.has(c.id)), budget, allowMultiple, named }),
      'The vote could not be opened',
    ).then((id) => id && setChosen(new Set()));
  return (
    <fieldset className="vote__form">
      <legend>Open a dot vote</legend>
      <ul className="vote__candidates">
        {candidates.map((c) => (
          <li key={c.id}>
            <label className="field--inline">
              <input type="checkbox" checked={chosen.has(c.id)} onChange={() => toggle(c.id)} />
              <span>
                {c.label} <span className="vote__meta">({c.kind === 'draft' ? 'draft' : c.kind === 'objective' ? 'objective' : 'key result'})</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div className="row row--wrap">
        <label className="field">
          <span>Dots per person</span>
          <input type="number" min={1} max={20} value={budget} onChange={(e) => setBudget(Math.max(1, Math.min(20, Math.round(Number(e.target.value)) || 1)))} />
        </label>
        <label className="field field--inline">
          <input type="checkbox" checked={allowMultiple} onChange={(e) => setAllowMultiple(e.target.checked)} />
          <span>Several dots on one allowed</span>
        </label>
        <label className="field field--inline">
          <input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} />
          <span>Show who placed which dots</span>
        </label>
        <button type="button" className="button button--primary" disabled={chosen.size < 2} onClick={open}>
          Open the dot vote
        </button>
      </div>
    </fieldset>
  );
}

function DotVote({ tally }: { tally: TalliedVote }) {
  const me = useMe();
  const { vote, closed } = tally;
  const mine = vote.by === me;
  const title = `${vote.title} on ${vote.candidates.length} candidates`;
  return (
    <article className="vote panel" aria-label={title}>
      <h3 className="vote__title">
        {title}{' '}
        <span className="vote__meta">
          ({vote.budget} {vote.budget === 1 ? 'dot' : 'dots'} each{vote.allowMultiple ? ', several on one allowed' : ', one per candidate'}, {vote.named ? 'named' : 'anonymous'}, opened by {vote.name || 'someone'})
        </span>
      </h3>
      <WhoVoted tally={tally} />
      {!closed && me && !tally.voted.some((v) => v.voter === me) && <PlaceDots tally={tally} />}
      {!closed && mine && (
        <button type="button" className="button" onClick={() => void actVote((ctx, key) => closeVote(ctx, key, vote.id), 'The vote could not be closed')}>
          Close the vote and reveal
        </button>
      )}
      {closed && <Ranking tally={tally} canAdopt={mine} />}
      {closed && <AfterClose tally={tally} />}
    </article>
  );
}

function PlaceDots({ tally }: { tally: TalliedVote }) {
  const { vote } = tally;
  const [dots, setDots] = useState<Readonly<Record<string, number>>>({});
  const used = Object.values(dots).reduce((a, b) => a + b, 0);
  const left = vote.budget - used;
  const change = (id: string, by: number) => setDots((was) => ({ ...was, [id]: Math.max(0, (was[id] ?? 0) + by) }));
  const commit = () => {
    const choice = Object.fromEntries(Object.entries(dots).filter(([, n]) => n > 0));
    void actVote((ctx, key, workspaceId) => commitBallot(ctx, key, vote.id, choice, keepSecret(workspaceId)), 'Your dots could not be committed');
  };
  return (
    <fieldset className="vote__cast">
      <legend>Your dots (only you see them until the close)</legend>
      <p className="vote__budget" aria-live="polite">
        {left} of {vote.budget} {vote.budget === 1 ? 'dot' : 'dots'} left
      </p>
      <ul className="vote__candidates">
        {vote.candidates.map((c) => {
          const here = dots[c.id] ?? 0;
          const canAdd = left > 0 && (vote.allowMultiple || here === 0);
          return (
            <li key={c.id} className="row">
              <span className="row--grow">{c.label}</span>
              <button type="button" className="button button--small" aria-label={`Remove a dot from ${c.label}`} disabled={here === 0} onClick={() => change(c.id, -1)}>
                −
              </button>
              <span className="vote__count" aria-label={`${here} on ${c.label}`}>
                {'●'.repeat(here) || '0'}
              </span>
              <button type="button" className="button button--small" aria-label={`Add a dot to ${c.label}`} disabled={!canAdd} onClick={() => change(c.id, 1)}>
                +
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button--primary" disabled={used === 0} onClick={commit}>
        Commit my dots
      </button>
    </fieldset>
  );
}

function Ranking({ tally, canAdopt }: { tally: TalliedVote; canAdopt: boolean }) {
  const ranking = rankingOf(tally);
  const adopted = new Set(tally.vote.adopted?.candidateIds ?? []);
  return (
    <div className="vote__result">
      <ol className="vote__ranking" aria-label="Ranking">
        {ranking.map((r) => (
          <li key={r.candidate.id}>
            <strong>{r.candidate.label}</strong>: {r.dots} {r.dots === 1 ? 'dot' : 'dots'}
            {r.givenBy.length > 0 && <span className="vote__meta"> ({r.givenBy.map((g) => `${g.name || 'someone'} ${g.dots}`).join(', ')})</span>}
            {adopted.has(r.candidate.id) && <span className="vote__adopted"> adopted</span>}
          </li>
        ))}
      </ol>
      {canAdopt && !tally.vote.adopted && ranking.some((r) => r.dots > 0) && (
        <button type="button" className="button button--primary" onClick={() => void actVote((ctx, key) => adoptWinners(ctx, key, tally.vote.id, 1, adoptDraft), 'The winners could not be adopted')}>
          Adopt the winner
        </button>
      )}
    </div>
  );
}
