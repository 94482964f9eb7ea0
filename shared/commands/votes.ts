import { newId } from '../ids';
import { readCheckIn } from '../schema/read';
import type { CheckIn } from '../schema/types';
import { rootMap } from '../schema/roots';
import { readBallot, readVote, revealKey, type Candidate, type Choice, type ConfidenceScale, type Vote } from '../schema/votes';
import { effectiveCheckIns } from '../queries/checkInHistory';
import { medianAsConfidence, winnersOf } from '../queries/votes';
import type { ParticipantKey } from '../workshop/participantKey';
import { signPayload } from '../workshop/participantKey';
import { newBallot, revealOf, signedClose, signedVote, type BallotSecret } from '../workshop/commitReveal';
import { choiceProblem, tallyVote, voteIdFor, type TalliedVote } from '../workshop/voteTally';
import { recordCheckIn } from './checkIns';
import { refuseInJournal } from './workshopGuard';
import { CommandError, transact, type CommandContext } from './context';
import { requireTrackedKeyResult } from './tracked';

/*
 * Workshop votes (docs/workshop.md, "Votes"). The authority of a vote is the
 * participant who opened it: only their key can close it or record what it
 * adopted, and readers refuse (and report) a close signed by anyone else, so
 * these commands check the person acting but the document never trusts it.
 * Signing is asynchronous (WebCrypto): each command signs first, then writes
 * in one transaction.
 */

export interface NewConfidenceVote {
  kind: 'confidence';
  keyResultId: string;
  scale: ConfidenceScale;
  named: boolean;
}

export interface NewDotVote {
  kind: 'dots';
  title: string;
  candidates: readonly Candidate[];
  budget: number;
  allowMultiple: boolean;
  named: boolean;
}

const MAX_BUDGET = 20;

function requireWorkshopDoc(ctx: CommandContext): void {
  refuseInJournal(ctx, 'workshop votes');
}

function storedVote(ctx: CommandContext, voteId: string): Vote {
  const raw = rootMap(ctx.doc, 'votes').get(voteId);
  const read = raw === undefined ? null : readVote(voteId, raw);
  if (!read?.ok) throw new CommandError('That vote is not in this workspace.');
  return read.value;
}

/** Opens a vote signed by `key`; returns its id. */
export async function openVote(ctx: CommandContext, key: ParticipantKey, input: NewConfidenceVote | NewDotVote): Promise<string> {
  requireWorkshopDoc(ctx);
  // The id names its opener: a peer who overwrites the vote with one signed by another key cannot take it over (voteTally.ts).
  const id = voteIdFor(key.id, newId());
  const common = { id, named: input.named, openedAt: ctx.now(), name: ctx.actor };
  let fields: Parameters<typeof signedVote>[1];
  if (input.kind === 'confidence') {
    const kr = requireTrackedKeyResult(ctx, input.keyResultId, 'vote on');
    const title = String(kr.get('title') ?? '').slice(0, 200);
    if (input.scale !== 5 && input.scale !== 10) throw new CommandError('Choose fist of five (0–5) or 0–10.');
    fields = { ...common, kind: 'confidence', title, scale: input.scale, target: input.keyResultId, candidates: [], budget: 0, allowMultiple: false };
  } else {
    const ids = new Set(input.candidates.map((c) => c.id));
    if (ids.size < 2) throw new CommandError('Choose at least two candidates to vote on.');
    if (!Number.isInteger(input.budget) || input.budget < 1 || input.budget > MAX_BUDGET) throw new CommandError(`Give each person from 1 to ${MAX_BUDGET} dots.`, 'budget');
    const candidates = input.candidates.map((c) => ({ id: c.id, kind: c.kind, label: c.label.slice(0, 200) }));
    fields = { ...common, kind: 'dots', title: input.title.trim().slice(0, 200) || 'Dot vote', scale: 0, target: null, candidates, budget: input.budget, allowMultiple: input.allowMultiple };
  }
  const vote = await signedVote(key, fields);
  transact(ctx, () => rootMap(ctx.doc, 'votes').set(id, vote));
  return id;
}

/** The ballots of one vote as the tally reads them. */
function ballotsOf(ctx: CommandContext, voteId: string): [string, ReturnType<typeof readBallot> extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never][] {
  const out: [string, ReturnType<typeof readBallot> extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never][] = [];
  rootMap(ctx.doc, 'ballots').forEach((raw, id) => {
    const read = readBallot(id, raw);
    if (read.ok && read.value.voteId === voteId) out.push([id, read.value]);
  });
  return out;
}

/** The vote's tally as this document holds it now. */
export async function tallyOf(ctx: CommandContext, voteId: string): Promise<TalliedVote> {
  const tally = await tallyVote(storedVote(ctx, voteId), ballotsOf(ctx, voteId));
  if (!tally) throw new CommandError('That vote is not signed by the person who opened it.');
  return tally;
}

function requireOpener(vote: Vote, key: ParticipantKey, what: string): void {
  if (vote.by !== key.id) throw new CommandError(`Only ${vote.name || 'the person who opened the vote'} can ${what}.`);
}

/**
 * Closes a vote: the signed close lists every valid commitment this laptop
 * holds now; commits that reach it later are "after the close" everywhere.
 */
export async function closeVote(ctx: CommandContext, key: ParticipantKey, voteId: string): Promise<void> {
  const vote = storedVote(ctx, voteId);
  requireOpener(vote, key, 'close this vote');
  if (vote.close) throw new CommandError('This vote is already closed.');
  // Every validly signed commit here now, a voter's second one too: the tally then counts such a voter for neither.
  const accepted = (await tallyOf(ctx, voteId)).commitments;
  const close = await signedClose(key, voteId, ctx.now(), accepted);
  transact(ctx, () => rootMap(ctx.doc, 'votes').set(voteId, { ...vote, close }));
}

/**
 * Commits this laptop's ballot. `keep` stores the secret (choice and nonce)
 * on this laptop before anything is published, so a crash cannot leave a
 * commitment nobody can reveal.
 */
export async function commitBallot(ctx: CommandContext, key: ParticipantKey, voteId: string, choice: Choice, keep: (secret: BallotSecret) => Promise<void>): Promise<BallotSecret> {
  const vote = storedVote(ctx, voteId);
  if (vote.close) throw new CommandError('This vote is closed.');
  const refused = choiceProblem(vote, choice);
  if (refused === 'over-budget') throw new CommandError(`You have ${vote.budget} dots${vote.allowMultiple ? '' : ', one per candidate'}.`);
  if (refused) throw new CommandError(vote.kind === 'confidence' ? `Choose a value from 0 to ${vote.scale}.` : 'Place your dots on the candidates of this vote.');
  if (ballotsOf(ctx, voteId).some(([, b]) => b.type === 'commit' && b.voter === key.id)) throw new CommandError('You have already voted.');
  const { commit, secret } = await newBallot(key, voteId, ctx.actor, choice, ctx.now());
  await keep(secret);
  transact(ctx, () => rootMap(ctx.doc, 'ballots').set(commit.id, commit));
  return secret;
}

/**
 * Reveals the kept ballots whose vote this document shows closed, with a
 * valid close that counts them, and not revealed yet. Run whenever the
 * document changes (a close may arrive now or on reconnect). Returns the
 * commitments revealed.
 */
export async function revealKeptBallots(ctx: CommandContext, key: ParticipantKey, secrets: readonly BallotSecret[]): Promise<string[]> {
  const reveals: Awaited<ReturnType<typeof revealOf>>[] = [];
  for (const secret of secrets) {
    if (rootMap(ctx.doc, 'ballots').has(revealKey(secret.commitment))) continue;
    const raw = rootMap(ctx.doc, 'votes').get(secret.voteId);
    const read = raw === undefined ? null : readVote(secret.voteId, raw);
    if (!read?.ok || !read.value.close?.accepted.includes(secret.commitment)) continue;
    const tally = await tallyVote(read.value, ballotsOf(ctx, secret.voteId));
    // Only a close signed by the opener is answered: a forged close must not make anyone reveal.
    if (!tally?.closed) continue;
    reveals.push(await revealOf(key, secret, tally.closed.sig, ctx.now()));
  }
  if (reveals.length) transact(ctx, () => reveals.forEach((r) => rootMap(ctx.doc, 'ballots').set(r.id, r)));
  return reveals.map((r) => r.commitment);
}

function currentValue(ctx: CommandContext, keyResultId: string): number {
  const records: CheckIn[] = [];
  rootMap(ctx.doc, 'checkIns').forEach((raw, id) => {
    const read = readCheckIn(id, raw);
    if (read.ok && read.value.keyResultId === keyResultId) records.push(read.value);
  });
  const latest = effectiveCheckIns(records)[0];
  if (latest) return latest.value;
  const baseline = rootMap(ctx.doc, 'keyResults').get(keyResultId)?.get('baseline');
  return typeof baseline === 'number' ? baseline : 0;
}

/** What the opener adopted, signed like the close: kept on the vote for the report. */
async function recordAdoption(ctx: CommandContext, key: ParticipantKey, vote: Vote, adopted: { candidateIds: string[]; confidence: number | null; checkInId: string | null }): Promise<void> {
  const sig = await signPayload(key, { type: 'adopt', voteId: vote.id, ...adopted });
  transact(ctx, () => rootMap(ctx.doc, 'votes').set(vote.id, { ...vote, adopted: { ...adopted, at: ctx.now(), sig } }));
}

/**
 * Adopts a closed confidence vote's median as its KR's confidence: a check-in
 * at the KR's current value with that confidence (the domain's way of
 * recording confidence, shared/commands/checkIns.ts). A fist-of-five median
 * counts double on Cairn's 0–10. Returns the check-in id.
 */
export async function adoptMedian(ctx: CommandContext, key: ParticipantKey, voteId: string): Promise<string> {
  const tally = await tallyOf(ctx, voteId);
  const vote = tally.vote;
  requireOpener(vote, key, 'adopt the median');
  if (vote.kind !== 'confidence' || !vote.target) throw new CommandError('Only a confidence vote has a median to adopt.');
  if (!tally.closed) throw new CommandError('Close the vote first.');
  if (vote.adopted) throw new CommandError('The median of this vote is already adopted.');
  const confidence = medianAsConfidence(tally);
  if (confidence === null) throw new CommandError('Nobody’s vote was revealed: there is no median to adopt.');
  const note = `Confidence vote: median of ${tally.counted.length} ${tally.counted.length === 1 ? 'vote' : 'votes'}`;
  const checkInId = recordCheckIn(ctx, vote.target, { value: currentValue(ctx, vote.target), confidence, note });
  await recordAdoption(ctx, key, storedVote(ctx, voteId), { candidateIds: [], confidence, checkInId });
  return checkInId;
}

/** How a draft candidate becomes an objective or KR: the drafts part's `adoptCandidate` (wired at merge). */
export type AdoptDraft = (ctx: CommandContext, draftId: string) => string | null;

/**
 * Adopts the winners of a closed dot vote (the `howMany` candidates with the
 * most dots, ties included): objective and KR candidates are marked chosen on
 * the vote; draft candidates are turned into objectives or KRs by
 * `adoptDraft`. Returns the candidate ids adopted.
 */
export async function adoptWinners(ctx: CommandContext, key: ParticipantKey, voteId: string, howMany: number, adoptDraft: AdoptDraft | null): Promise<string[]> {
  const tally = await tallyOf(ctx, voteId);
  const vote = tally.vote;
  requireOpener(vote, key, 'adopt the winners');
  if (vote.kind !== 'dots') throw new CommandError('Only a dot vote has winners to adopt.');
  if (!tally.closed) throw new CommandError('Close the vote first.');
  if (vote.adopted) throw new CommandError('The winners of this vote are already adopted.');
  const winners = winnersOf(tally, howMany);
  if (winners.length === 0) throw new CommandError('Nobody placed a dot: there is no winner to adopt.');
  for (const winner of winners) if (winner.kind === 'draft' && adoptDraft) adoptDraft(ctx, winner.id);
  const candidateIds = winners.map((w) => w.id);
  await recordAdoption(ctx, key, storedVote(ctx, voteId), { candidateIds, confidence: null, checkInId: null });
  return candidateIds;
}
