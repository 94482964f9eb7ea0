import type { Ballot, BallotCommit, BallotReveal, Choice, Vote } from '../schema/votes';
import { commitKey, revealKey } from '../schema/votes';
import { canonicalJson } from './participantKey';
import { ballotPayload, checkSignature, closePayload, openPayload, revealMatches, type SignatureCheck } from './commitReveal';

/*
 * What a vote's records amount to, checked record by record (docs/workshop.md,
 * "Votes", the rules). Signatures are checked here, asynchronously with
 * WebCrypto; the document's reader only checked shapes. Every record refused
 * is listed in `problems` with its reason; nothing refused is counted.
 *
 * The partition rule: a commit counts only when the opener's signed close
 * lists its commitment. A commit the close does not list "arrived after the
 * close" and is shown, not counted; a voter with two commitments in the close
 * is counted for neither; a reveal counts only when it answers the close
 * (carries its signature) and hashes to its commitment.
 */

export type ProblemReason =
  | 'bad-signature'
  | 'forged-voter'
  | 'close-not-by-opener'
  | 'early-reveal'
  | 'mismatched-reveal'
  | 'double-commit'
  | 'over-budget'
  | 'invalid-choice'
  | 'late-commit'
  | 'misfiled';

const REASON_TEXT: Record<ProblemReason, string> = {
  'bad-signature': 'its signature does not hold',
  'forged-voter': 'it is written in the name of someone whose key did not sign it',
  'close-not-by-opener': 'the close is not signed by the person who opened the vote',
  'early-reveal': 'the vote was revealed before the close',
  'mismatched-reveal': 'the revealed vote is not the one committed (changed after committing)',
  'double-commit': 'this person committed two different votes: counted for neither',
  'over-budget': 'it places more dots than the budget allows',
  'invalid-choice': 'its choice is not on the vote (a value off the scale or an unknown candidate)',
  'late-commit': 'it arrived after the close: not counted',
  misfiled: 'it is stored under a key that is not its commitment',
};

export interface VoteProblem {
  voteId: string;
  recordId: string;
  /** Who the record claims wrote it (a forged record names its victim). */
  voter: string;
  name: string;
  reason: ProblemReason;
  message: string;
}

export interface Voter {
  voter: string;
  name: string;
}

export interface CountedBallot extends Voter {
  choice: Choice;
}

export interface TalliedVote {
  vote: Vote;
  /** A signed close by the opener, or null while the vote is open (or its close is refused). */
  closed: { closedAt: number; accepted: readonly string[]; sig: string } | null;
  /** Every validly signed commitment, late ones included: what a close lists (it judges arrival, not validity). */
  commitments: readonly string[];
  /** Everyone with a valid commit (before the close: who has voted, never what). */
  voted: readonly Voter[];
  /** After the close: the ballots counted, one per voter. */
  counted: readonly CountedBallot[];
  /** After the close: voters counted in the close whose reveal has not come (or was refused). */
  didNotReveal: readonly Voter[];
  /** Commits the close does not list. */
  lateCommits: readonly Voter[];
  problems: readonly VoteProblem[];
}

/** Signature checks are ECDSA verifications: each record is checked once per session, not on every change. */
const checked = new Map<string, Promise<SignatureCheck>>();
const CHECK_CACHE_LIMIT = 20_000;

function cachedCheck(by: string, key: unknown, payload: unknown, sig: string): Promise<SignatureCheck> {
  const id = canonicalJson({ by, key, payload, sig });
  let found = checked.get(id);
  if (!found) {
    if (checked.size >= CHECK_CACHE_LIMIT) checked.clear();
    found = checkSignature(by, key, payload, sig);
    checked.set(id, found);
  }
  return found;
}

/** Why a revealed choice cannot be counted on this vote, or null when it can. */
export function choiceProblem(vote: Vote, choice: Choice): 'over-budget' | 'invalid-choice' | null {
  if (vote.kind === 'confidence') return typeof choice === 'number' && choice >= 0 && choice <= vote.scale ? null : 'invalid-choice';
  if (typeof choice === 'number') return 'invalid-choice';
  const candidates = new Set(vote.candidates.map((c) => c.id));
  let total = 0;
  for (const [id, dots] of Object.entries(choice)) {
    if (!candidates.has(id)) return 'invalid-choice';
    if (dots > 1 && !vote.allowMultiple) return 'over-budget';
    total += dots;
  }
  return total > vote.budget ? 'over-budget' : null;
}

function problem(voteId: string, record: { id: string; voter?: string; name?: string }, reason: ProblemReason, names: ReadonlyMap<string, string>): VoteProblem {
  const voter = record.voter ?? '';
  const name = record.name || names.get(voter) || 'someone';
  return { voteId, recordId: record.id, voter, name, reason, message: `${name}: ${REASON_TEXT[reason]}.` };
}

/** A vote's id: its opener's participant id, then a random part. */
export function voteIdFor(openerId: string, random: string): string {
  return `${openerId}-${random}`.slice(0, 64);
}

/** A vote's open and close, checked: null when the open itself is not validly signed (the vote is refused). */
async function checkVote(vote: Vote, problems: VoteProblem[]): Promise<TalliedVote['closed'] | undefined> {
  const names = new Map([[vote.by, vote.name]]);
  // A vote whose id names someone else: a peer overwrote another's vote with one they signed (a takeover).
  const open = vote.id.startsWith(`${vote.by}-`) ? await cachedCheck(vote.by, vote.key, openPayload(vote), vote.sig) : 'forged-voter';
  if (open !== 'valid') {
    problems.push(problem(vote.id, { id: vote.id, voter: vote.by, name: vote.name }, open, names));
    return undefined;
  }
  if (!vote.close) return null;
  const close = await cachedCheck(vote.by, vote.key, closePayload(vote.id, vote.close), vote.close.sig);
  if (close !== 'valid') {
    problems.push(problem(vote.id, { id: vote.id, voter: vote.by, name: vote.name }, 'close-not-by-opener', names));
    return null;
  }
  return { closedAt: vote.close.closedAt, accepted: vote.close.accepted, sig: vote.close.sig };
}

/** Tallies one vote from every ballot record of the workspace (others' votes' records are skipped). */
export async function tallyVote(vote: Vote, ballots: Iterable<[string, Ballot]>): Promise<TalliedVote | null> {
  const problems: VoteProblem[] = [];
  const closed = await checkVote(vote, problems);
  if (closed === undefined) return null;
  const commits: BallotCommit[] = [];
  const reveals: BallotReveal[] = [];
  const names = new Map<string, string>();
  for (const [key, ballot] of ballots) {
    if (ballot.voteId !== vote.id) continue;
    const signed = await cachedCheck(ballot.voter, ballot.key, ballotPayload(ballot), ballot.sig);
    if (signed !== 'valid') {
      problems.push(problem(vote.id, ballot, signed, names));
      continue;
    }
    const expectedKey = ballot.type === 'commit' ? commitKey(ballot.commitment) : revealKey(ballot.commitment);
    if (key !== expectedKey) {
      problems.push(problem(vote.id, ballot, 'misfiled', names));
      continue;
    }
    if (ballot.type === 'commit') {
      commits.push(ballot);
      names.set(ballot.voter, ballot.name);
    } else reveals.push(ballot);
  }
  commits.sort((a, b) => a.at - b.at || (a.commitment < b.commitment ? -1 : 1));

  const accepted = new Set(closed?.accepted ?? []);
  const byVoter = new Map<string, BallotCommit[]>();
  const lateCommits: Voter[] = [];
  for (const commit of commits) {
    if (closed && !accepted.has(commit.commitment)) {
      lateCommits.push({ voter: commit.voter, name: commit.name });
      problems.push(problem(vote.id, commit, 'late-commit', names));
      continue;
    }
    byVoter.set(commit.voter, [...(byVoter.get(commit.voter) ?? []), commit]);
  }
  const voted: Voter[] = [];
  const single = new Map<string, BallotCommit>();
  for (const [voter, theirs] of byVoter) {
    voted.push({ voter, name: names.get(voter) ?? '' });
    if (theirs.length > 1) problems.push(problem(vote.id, theirs[1]!, 'double-commit', names));
    else single.set(voter, theirs[0]!);
  }

  const counted: CountedBallot[] = [];
  const revealed = new Set<string>();
  for (const reveal of reveals.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!closed || reveal.closeSig !== closed.sig) {
      problems.push(problem(vote.id, reveal, 'early-reveal', names));
      continue;
    }
    const commit = single.get(reveal.voter);
    if (!commit || commit.commitment !== reveal.commitment) continue; // a late or double commit's reveal: already reported
    if (!(await revealMatches(reveal))) {
      problems.push(problem(vote.id, reveal, 'mismatched-reveal', names));
      continue;
    }
    const refused = choiceProblem(vote, reveal.choice);
    if (refused) {
      problems.push(problem(vote.id, reveal, refused, names));
      continue;
    }
    if (revealed.has(reveal.voter)) continue;
    revealed.add(reveal.voter);
    counted.push({ voter: reveal.voter, name: names.get(reveal.voter) ?? '', choice: reveal.choice });
  }
  const didNotReveal = closed ? [...single.values()].filter((c) => !revealed.has(c.voter)).map((c) => ({ voter: c.voter, name: c.name })) : [];
  return { vote, closed, commitments: commits.map((c) => c.commitment), voted, counted, didNotReveal, lateCommits, problems };
}

/** Every vote of a workspace, tallied; votes whose open is not validly signed are left out and reported. */
export async function tallyVotes(votes: ReadonlyMap<string, Vote>, ballots: ReadonlyMap<string, Ballot>): Promise<{ tallies: TalliedVote[]; refused: VoteProblem[] }> {
  const tallies: TalliedVote[] = [];
  const refused: VoteProblem[] = [];
  const entries = [...ballots.entries()];
  for (const vote of votes.values()) {
    const tally = await tallyVote(vote, entries);
    if (tally) tallies.push(tally);
    else refused.push(...(await openProblems(vote)));
  }
  tallies.sort((a, b) => a.vote.openedAt - b.vote.openedAt || (a.vote.id < b.vote.id ? -1 : 1));
  return { tallies, refused };
}

async function openProblems(vote: Vote): Promise<VoteProblem[]> {
  const problems: VoteProblem[] = [];
  await checkVote(vote, problems);
  return problems;
}

/** Every refused record of every vote, with its reason (early reveal, mismatched reveal, double commit, …). */
export function reportedProblems(result: { tallies: readonly TalliedVote[]; refused: readonly VoteProblem[] }): VoteProblem[] {
  return [...result.refused, ...result.tallies.flatMap((t) => t.problems)];
}
