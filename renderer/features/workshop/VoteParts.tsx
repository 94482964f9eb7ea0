import { useVotes } from '../../state/votes';
import type { TalliedVote, Voter } from '../../../shared/workshop/voteTally';

/*
 * Pieces both vote areas show: who has voted (never what), who did not
 * reveal, commits after the close, and the records refused with their reason.
 */

const names = (voters: readonly Voter[]): string => voters.map((v) => v.name || 'someone').join(', ');

export function useMe(): string | null {
  return useVotes((s) => s.me);
}

export function WhoVoted({ tally }: { tally: TalliedVote }) {
  const me = useMe();
  return (
    <p className="vote__who" aria-live="polite">
      {tally.voted.length === 0 ? 'Nobody has voted yet.' : `Voted (${tally.voted.length}): ${names(tally.voted)}.`}
      {me && tally.voted.some((v) => v.voter === me) && !tally.closed && ' Your vote is committed and stays hidden until the close.'}
    </p>
  );
}

export function AfterClose({ tally }: { tally: TalliedVote }) {
  return (
    <>
      {tally.didNotReveal.length > 0 && <p className="vote__note">Did not reveal (not counted): {names(tally.didNotReveal)}.</p>}
      {tally.lateCommits.length > 0 && <p className="vote__note">Arrived after the close (not counted): {names(tally.lateCommits)}.</p>}
      <Refused tally={tally} />
    </>
  );
}

export function Refused({ tally }: { tally: TalliedVote }) {
  const refused = tally.problems.filter((p) => p.reason !== 'late-commit');
  if (refused.length === 0) return null;
  return (
    <details className="banner banner--warning vote__problems">
      <summary>{refused.length === 1 ? '1 record refused' : `${refused.length} records refused`}</summary>
      <ul>
        {refused.map((p) => (
          <li key={`${p.recordId}:${p.reason}`}>{p.message}</li>
        ))}
      </ul>
    </details>
  );
}
