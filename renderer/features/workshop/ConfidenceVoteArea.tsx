import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { adoptMedian, closeVote, commitBallot, openVote } from '../../../shared/commands/votes';
import { distributionOf } from '../../../shared/queries/votes';
import type { ConfidenceScale } from '../../../shared/schema/votes';
import type { TalliedVote } from '../../../shared/workshop/voteTally';
import { selectTrackedKeyResults } from '../../state/selectors';
import { actVote, keepSecret, useVotes } from '../../state/votes';
import { useWorkspace } from '../../state/workspaceSession';
import { AfterClose, useMe, WhoVoted } from './VoteParts';

/*
 * Secret confidence votes on a KR (docs/workshop.md, "Votes"): the
 * facilitator calls one, each participant picks a value privately and
 * commits it (only a hash leaves the laptop), the close reveals every ballot
 * at once, and the distribution shows with its median and, when wide, a call
 * to talk about it.
 */

export function ConfidenceVoteArea({ stageId, isFacilitator }: { stageId: string; isFacilitator: boolean }) {
  const tallies = useVotes(useShallow((s) => s.tallies.filter((t) => t.vote.kind === 'confidence')));
  return (
    <section className="vote-area" aria-labelledby={`confidence-${stageId}`}>
      <h2 id={`confidence-${stageId}`} className="section-title">
        Confidence votes
      </h2>
      {isFacilitator && <CallConfidenceVote />}
      {tallies.length === 0 && <p className="vote__note">No confidence vote yet.</p>}
      {[...tallies].reverse().map((tally) => (
        <ConfidenceVote key={tally.vote.id} tally={tally} />
      ))}
    </section>
  );
}

function CallConfidenceVote() {
  const keyResults = useWorkspace(useShallow(selectTrackedKeyResults));
  const [keyResultId, setKeyResultId] = useState('');
  const [scale, setScale] = useState<ConfidenceScale>(5);
  const [named, setNamed] = useState(false);
  const chosen = keyResults.some((kr) => kr.id === keyResultId) ? keyResultId : (keyResults[0]?.id ?? '');
  const call = () => void actVote((ctx, key) => openVote(ctx, key, { kind: 'confidence', keyResultId: chosen, scale, named }), 'The vote could not be called');
  return (
    <div className="row row--wrap vote__form">
      <label className="field">
        <span>Key result</span>
        <select value={chosen} onChange={(e) => setKeyResultId(e.target.value)}>
          {keyResults.map((kr) => (
            <option key={kr.id} value={kr.id}>
              {kr.title || 'Untitled key result'}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Scale</span>
        <select value={scale} onChange={(e) => setScale(e.target.value === '10' ? 10 : 5)}>
          <option value={5}>Fist of five (0–5)</option>
          <option value={10}>0–10</option>
        </select>
      </label>
      <label className="field field--inline">
        <input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} />
        <span>Show who voted what</span>
      </label>
      <button type="button" className="button button--primary" disabled={!chosen} onClick={call}>
        Call a confidence vote
      </button>
    </div>
  );
}

function ConfidenceVote({ tally }: { tally: TalliedVote }) {
  const me = useMe();
  const { vote, closed } = tally;
  const mine = vote.by === me;
  const title = `Confidence in “${vote.title || 'a key result'}”`;
  return (
    <article className="vote panel" aria-label={title}>
      <h3 className="vote__title">
        {title} <span className="vote__meta">({vote.scale === 5 ? 'fist of five, 0–5' : '0–10'}, {vote.named ? 'named' : 'anonymous'}, called by {vote.name || 'someone'})</span>
      </h3>
      <WhoVoted tally={tally} />
      {!closed && me && !tally.voted.some((v) => v.voter === me) && <CastConfidence voteId={vote.id} scale={vote.scale} />}
      {!closed && mine && (
        <button type="button" className="button" onClick={() => void actVote((ctx, key) => closeVote(ctx, key, vote.id), 'The vote could not be closed')}>
          Close the vote and reveal
        </button>
      )}
      {closed && <Distribution tally={tally} canAdopt={mine} />}
      {closed && <AfterClose tally={tally} />}
    </article>
  );
}

function CastConfidence({ voteId, scale }: { voteId: string; scale: number }) {
  const [value, setValue] = useState<number | null>(null);
  const group = useId();
  const commit = () =>
    value !== null && void actVote((ctx, key, workspaceId) => commitBallot(ctx, key, voteId, value, keepSecret(workspaceId)), 'Your vote could not be committed');
  return (
    <fieldset className="vote__cast">
      <legend>Your confidence (only you see it until the close)</legend>
      <div className="vote__scale">
        {Array.from({ length: scale + 1 }, (_, v) => (
          <label key={v} className="vote__value">
            <input type="radio" name={group} value={v} checked={value === v} onChange={() => setValue(v)} />
            <span>{v}</span>
          </label>
        ))}
      </div>
      <button type="button" className="button button--primary" disabled={value === null} onClick={commit}>
        Commit my vote
      </button>
    </fieldset>
  );
}

function Distribution({ tally, canAdopt }: { tally: TalliedVote; canAdopt: boolean }) {
  const d = distributionOf(tally);
  const most = Math.max(1, ...d.counts);
  const adopted = tally.vote.adopted;
  return (
    <div className="vote__result">
      <table className="vote__chart" aria-label="Distribution of the votes">
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Votes</th>
          </tr>
        </thead>
        <tbody>
          {d.counts.map((count, value) => (
            <tr key={value}>
              <th scope="row">{value}</th>
              <td>
                <span className="vote__bar" style={{ width: `${(count / most) * 85}%` }} aria-hidden="true" />
                <span className="vote__count">{count}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="vote__median">{d.median === null ? 'No vote was revealed.' : `Median ${d.median} of ${d.total} ${d.total === 1 ? 'vote' : 'votes'}.`}</p>
      {d.callout && (
        <p className="banner banner--warning" role="note">
          {d.callout}
        </p>
      )}
      {tally.vote.named && tally.counted.length > 0 && (
        <p className="vote__note">{tally.counted.map((b) => `${b.name || 'someone'}: ${String(b.choice)}`).join(', ')}</p>
      )}
      {adopted?.confidence != null && <p className="vote__note">Adopted as the key result&apos;s confidence: {adopted.confidence} of 10.</p>}
      {canAdopt && !adopted && d.median !== null && (
        <button type="button" className="button button--primary" onClick={() => void actVote((ctx, key) => adoptMedian(ctx, key, tally.vote.id), 'The median could not be adopted')}>
          Adopt the median as the key result&apos;s confidence
        </button>
      )}
    </div>
  );
}
