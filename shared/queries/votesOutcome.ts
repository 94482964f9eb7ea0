import type { TalliedVote, VoteProblem } from '../workshop/voteTally';
import { distributionOf, rankingOf } from './votes';

/*
 * The votes of a session as the facilitator's export reports them: each
 * vote's result (a confidence distribution with its median and spread, or a
 * dot vote's ranking), who did not reveal, what was adopted, and the records
 * refused. A pure function of the tallies (shared/workshop/voteTally.ts),
 * which the caller computes first: checking signatures is asynchronous.
 */

export interface ConfidenceOutcome {
  kind: 'confidence';
  voteId: string;
  keyResultId: string | null;
  title: string;
  scale: number;
  named: boolean;
  closedAt: number | null;
  counts: readonly number[];
  median: number | null;
  callout: string | null;
  /** Named votes only: who chose what. */
  ballots: readonly { name: string; value: number }[];
  didNotReveal: readonly string[];
  lateCommits: readonly string[];
  /** The confidence adopted on Cairn's 0–10, when the median was adopted. */
  adoptedConfidence: number | null;
}

export interface DotOutcome {
  kind: 'dots';
  voteId: string;
  title: string;
  named: boolean;
  closedAt: number | null;
  budget: number;
  ranking: readonly { id: string; kind: string; label: string; dots: number; givenBy: readonly { name: string; dots: number }[] }[];
  didNotReveal: readonly string[];
  lateCommits: readonly string[];
  adopted: readonly string[];
}

export interface VotesOutcome {
  votes: readonly (ConfidenceOutcome | DotOutcome)[];
  refused: readonly { voteId: string; name: string; reason: string; message: string }[];
}

export function votesOutcome(tallies: readonly TalliedVote[], refused: readonly VoteProblem[] = []): VotesOutcome {
  const votes = tallies.map((tally): ConfidenceOutcome | DotOutcome => {
    const { vote } = tally;
    const common = {
      voteId: vote.id,
      title: vote.title,
      named: vote.named,
      closedAt: tally.closed?.closedAt ?? null,
      didNotReveal: tally.didNotReveal.map((v) => v.name),
      lateCommits: tally.lateCommits.map((v) => v.name),
    };
    if (vote.kind === 'confidence') {
      const d = distributionOf(tally);
      return {
        kind: 'confidence',
        ...common,
        keyResultId: vote.target,
        scale: vote.scale,
        counts: d.counts,
        median: d.median,
        callout: d.callout,
        ballots: vote.named ? tally.counted.flatMap((b) => (typeof b.choice === 'number' ? [{ name: b.name, value: b.choice }] : [])) : [],
        adoptedConfidence: vote.adopted?.confidence ?? null,
      };
    }
    return {
      kind: 'dots',
      ...common,
      budget: vote.budget,
      ranking: rankingOf(tally).map((r) => ({ ...r.candidate, dots: r.dots, givenBy: r.givenBy.map((g) => ({ name: g.name, dots: g.dots })) })),
      adopted: vote.adopted?.candidateIds ?? [],
    };
  });
  const problems = [...refused, ...tallies.flatMap((t) => t.problems)].map((p) => ({ voteId: p.voteId, name: p.name, reason: p.reason, message: p.message }));
  return { votes, refused: problems };
}
