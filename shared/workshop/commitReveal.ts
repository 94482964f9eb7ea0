import { base64url, canonicalJson, sha256, signPayload, verifyPayload, participantIdOf, isPublicKeyJwk, type ParticipantKey } from './participantKey';
import type { BallotCommit, BallotReveal, Choice, Vote, VoteClose } from '../schema/votes';
import { commitKey, revealKey } from '../schema/votes';

/*
 * Commit-reveal for workshop votes (docs/workshop.md, "Votes"). A ballot is
 * first published as a commitment, SHA-256 over the canonical JSON of
 * {voteId, voter, choice, nonce} with a 128-bit random nonce: the document and
 * the network carry only the digest, and the nonce (kept in this laptop's
 * device store) makes guessing the choice by hashing the 11 possible values
 * useless. After the opener's signed close, each laptop publishes its choice
 * and nonce; anyone can check them against the commitment, so nobody can
 * change a vote after seeing the others. Every record is signed with its
 * writer's participant key.
 */

/** What the device store keeps until the reveal: never synced. */
export interface BallotSecret {
  voteId: string;
  commitment: string;
  choice: Choice;
  nonce: string;
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return base64url(bytes);
}

export async function commitmentOf(voteId: string, voter: string, choice: Choice, nonce: string): Promise<string> {
  return base64url(await sha256(canonicalJson({ choice, nonce, voteId, voter })));
}

/** The fields of a vote its opener signs: everything but the signature and the close. */
export function openPayload(vote: Omit<Vote, 'sig' | 'close' | 'adopted'>): unknown {
  const { id, kind, title, scale, target, candidates, budget, allowMultiple, named, openedAt, by, name, key } = vote;
  return { type: 'open', id, kind, title, scale, target, candidates, budget, allowMultiple, named, openedAt, by, name, key };
}

export function closePayload(voteId: string, close: Omit<VoteClose, 'sig'>): unknown {
  return { type: 'close', voteId, closedAt: close.closedAt, accepted: close.accepted };
}

/** Every signed field of a ballot record but `sig`. */
export function ballotPayload(record: Omit<BallotCommit, 'sig'> | Omit<BallotReveal, 'sig'> | BallotCommit | BallotReveal): unknown {
  const { sig: _sig, ...rest } = record as { sig?: string };
  return rest;
}

export async function signedVote(key: ParticipantKey, fields: Omit<Vote, 'by' | 'key' | 'sig' | 'close' | 'adopted'>): Promise<Vote> {
  const unsigned = { ...fields, by: key.id, key: { ...key.publicJwk } };
  return { ...unsigned, sig: await signPayload(key, openPayload(unsigned)), close: null, adopted: null };
}

export async function signedClose(key: ParticipantKey, voteId: string, closedAt: number, accepted: readonly string[]): Promise<VoteClose> {
  const sorted = [...new Set(accepted)].sort();
  return { closedAt, accepted: sorted, sig: await signPayload(key, closePayload(voteId, { closedAt, accepted: sorted })) };
}

/** A fresh ballot for `choice`: the commit record to publish and the secret to keep on this laptop. */
export async function newBallot(key: ParticipantKey, voteId: string, name: string, choice: Choice, at: number): Promise<{ commit: BallotCommit; secret: BallotSecret }> {
  const nonce = newNonce();
  const commitment = await commitmentOf(voteId, key.id, choice, nonce);
  const unsigned = { id: commitKey(commitment), type: 'commit' as const, voteId, commitment, voter: key.id, name, at, key: { ...key.publicJwk } };
  return { commit: { ...unsigned, sig: await signPayload(key, ballotPayload(unsigned)) }, secret: { voteId, commitment, choice, nonce } };
}

export async function revealOf(key: ParticipantKey, secret: BallotSecret, closeSig: string, at: number): Promise<BallotReveal> {
  const unsigned = {
    id: revealKey(secret.commitment),
    type: 'reveal' as const,
    voteId: secret.voteId,
    commitment: secret.commitment,
    voter: key.id,
    choice: secret.choice,
    nonce: secret.nonce,
    closeSig,
    at,
    key: { ...key.publicJwk },
  };
  return { ...unsigned, sig: await signPayload(key, ballotPayload(unsigned)) };
}

export type SignatureCheck = 'valid' | 'forged-voter' | 'bad-signature';

/**
 * Whether `by` wrote `payload`: `forged-voter` when the key carried is not
 * `by`'s (someone writing in another's name), `bad-signature` when the key is
 * theirs but the signature does not hold.
 */
export async function checkSignature(by: string, key: unknown, payload: unknown, sig: string): Promise<SignatureCheck> {
  if (!isPublicKeyJwk(key) || (await participantIdOf(key)) !== by) return 'forged-voter';
  return (await verifyPayload(by, key, payload, sig)) ? 'valid' : 'bad-signature';
}

/** Whether a reveal's choice and nonce hash to its commitment. */
export async function revealMatches(reveal: BallotReveal): Promise<boolean> {
  return (await commitmentOf(reveal.voteId, reveal.voter, reveal.choice, reveal.nonce)) === reveal.commitment;
}
