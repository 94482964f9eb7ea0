import type { WorkspaceSnapshot } from '../schema/read';
import type { Change, KeyResult, Objective } from '../schema/types';
import type { Vote } from '../schema/votes';
import type { SignatureCache } from '../workshop/signed';
import { tallyVotes } from '../workshop/voteTally';
import { draftsOutcomeOf, type DraftsOutcome } from './draftsOutcome';
import { votesOutcome, type ConfidenceOutcome, type DotOutcome, type VotesOutcome } from './votesOutcome';
import { verifiedWorkshopOutcome, type OutcomeAdoption, type OutcomeCommitment, type OutcomeRefusal, type SessionProduced, type WorkshopOutcome } from './workshopOutcome';

/*
 * The whole outcome of a workshop session, as the facilitator's report opens
 * with it (docs/workshop.md, "The outcome"): the session's attendance and
 * agenda (shared/queries/workshopOutcome.ts), plus what it produced — the
 * drafts revealed in its stages, the votes opened while it ran, what was
 * adopted from them, the objectives committed during it, and every record
 * refused. Signatures are checked first (WebCrypto, asynchronous), so the
 * result is plain data that crosses to the export worker as is.
 */

/** The outcome of `sessionId` (or the latest session), everything it produced included; null when the workspace ran no such session. */
export async function verifiedSessionOutcome(snapshot: WorkspaceSnapshot, cache: SignatureCache, sessionId: string | null = null): Promise<WorkshopOutcome | null> {
  const outcome = await verifiedWorkshopOutcome(snapshot, cache, sessionId);
  if (!outcome) return null;
  const drafts = await draftsOutcomeOf(draftsOfSession(snapshot, outcome));
  const tallied = await tallyVotes(snapshot.votes, snapshot.ballots);
  return { ...outcome, produced: sessionProduced(snapshot, outcome, drafts, votesOutcome(tallied.tallies, tallied.refused)) };
}

/**
 * The drafting records of the session's stages, so that the problems of another session's rounds stay in that
 * session's report; a draft naming a round nobody opened in the document is kept, to be reported as refused.
 */
function draftsOfSession(snapshot: WorkspaceSnapshot, outcome: WorkshopOutcome): WorkspaceSnapshot {
  const stageIds = new Set(outcome.agenda.map((s) => s.id));
  const draftRounds = new Map([...snapshot.draftRounds].filter(([, r]) => stageIds.has(r.stageId)));
  const revealedDrafts = new Map([...snapshot.revealedDrafts].filter(([, d]) => draftRounds.has(d.roundId) || !snapshot.draftRounds.has(d.roundId)));
  return { ...snapshot, draftRounds, revealedDrafts };
}

type Window = Pick<WorkshopOutcome, 'startedAt' | 'endedAt'>;

/** Within the session, by the clock that wrote `at` (the facilitator's, for what the facilitator did). */
const during = (window: Window, at: number): boolean => at >= window.startedAt && (window.endedAt === null || at <= window.endedAt);

const quoted = (text: string): string => `“${text}”`;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en');

/** Who voted what, by name (most dots first): ballots arrive in the order of their commitments' hashes, which means nothing to a reader. */
function inStableOrder(vote: ConfidenceOutcome | DotOutcome): ConfidenceOutcome | DotOutcome {
  if (vote.kind === 'confidence') return { ...vote, ballots: [...vote.ballots].sort(byName) };
  return { ...vote, ranking: vote.ranking.map((r) => ({ ...r, givenBy: [...r.givenBy].sort((a, b) => b.dots - a.dots || byName(a, b)) })) };
}

/** What `sessionProduced` reads of a workspace (a WorkspaceSnapshot is one). */
export interface ProducedSources {
  objectives: ReadonlyMap<string, Pick<Objective, 'title' | 'commitment'>>;
  keyResults: ReadonlyMap<string, Pick<KeyResult, 'title'>>;
  changes: ReadonlyMap<string, Change>;
  votes: ReadonlyMap<string, Pick<Vote, 'id' | 'title' | 'openedAt'>>;
}

/** Pure: what the session produced, from the workspace and the drafts and votes outcomes. */
export function sessionProduced(snapshot: ProducedSources, session: Pick<WorkshopOutcome, 'startedAt' | 'endedAt' | 'agenda'>, drafts: DraftsOutcome, votes: VotesOutcome): SessionProduced {
  // Drafting rounds belong to a stage of this session's agenda; votes carry no stage, so a vote is this session's when it opened while the session ran.
  const stageIds = new Set(session.agenda.map((s) => s.id));
  const rounds = drafts.rounds.filter((r) => stageIds.has(r.stageId));
  const voteIds = new Set([...snapshot.votes.values()].filter((v) => during(session, v.openedAt)).map((v) => v.id));
  const sessionVotes = votes.votes.filter((v) => voteIds.has(v.voteId)).map(inStableOrder);
  const titleOf = (kind: string, id: string, fallback: string): string => (kind === 'objective' ? snapshot.objectives.get(id)?.title : kind === 'keyResult' ? snapshot.keyResults.get(id)?.title : undefined) || fallback;

  const adopted: OutcomeAdoption[] = [];
  for (const round of rounds) {
    for (const a of round.adopted) {
      const cluster = round.clusters.find((c) => c.adoptedAs?.id === a.id);
      const from = cluster ? `cluster ${quoted(cluster.text)} (${cluster.mergedTexts.length} drafts)` : `draft ${quoted(a.text)}`;
      adopted.push({ kind: a.kind, title: a.title || a.text, from, detail: '' });
    }
  }
  for (const vote of sessionVotes) {
    if (vote.kind === 'confidence') {
      if (vote.adoptedConfidence === null) continue;
      const title = vote.keyResultId ? titleOf('keyResult', vote.keyResultId, vote.title) : vote.title;
      adopted.push({ kind: 'keyResult', title, from: `confidence vote ${quoted(vote.title)}`, detail: `confidence ${vote.adoptedConfidence}/10 (median ${vote.median ?? '–'} on 0–${vote.scale})` });
      continue;
    }
    for (const id of vote.adopted) {
      const winner = vote.ranking.find((r) => r.id === id);
      if (!winner) continue;
      const won = `won dot vote ${quoted(vote.title)} (${winner.dots} ${winner.dots === 1 ? 'dot' : 'dots'})`;
      // A winning draft was adopted through the drafts part: that adoption is already listed, so it gains where it won.
      const fromDrafts = winner.kind === 'draft' ? adopted.find((a) => a.title === winner.label || a.from.includes(quoted(winner.label))) : undefined;
      if (fromDrafts) fromDrafts.from = `${fromDrafts.from}, ${won}`;
      else adopted.push({ kind: winner.kind === 'keyResult' ? 'keyResult' : 'objective', title: titleOf(winner.kind, winner.id, winner.label), from: won, detail: '' });
    }
  }

  const committed: OutcomeCommitment[] = [...snapshot.changes.values()]
    .filter((c) => c.entity === 'objective' && during(session, c.at) && ((c.kind === 'commitment' && c.to === 'committed') || (c.kind === 'status' && c.to === 'active')))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
    .map((c) => {
      const objective = snapshot.objectives.get(c.entityId);
      return { objectiveId: c.entityId, title: objective?.title ?? c.entityId, commitment: objective?.commitment ?? 'committed', change: `${c.from} → ${c.to}`, by: c.author, at: c.at };
    });

  const voteTitle = new Map([...snapshot.votes.values()].map((v) => [v.id, v.title]));
  const refused: OutcomeRefusal[] = [
    ...drafts.problems.map((reason) => ({ where: 'Drafts', reason })),
    // A refused record of a vote opened before this session belongs to that session's report; one whose vote is unknown (a forged open) is shown here.
    ...votes.refused
      .filter((p) => voteIds.has(p.voteId) || !voteTitle.has(p.voteId))
      .map((p) => ({ where: `Vote ${quoted(voteTitle.get(p.voteId) ?? p.voteId)}`, reason: p.message })),
  ];
  return { drafts: rounds, votes: sessionVotes, adopted, committed, refused };
}

