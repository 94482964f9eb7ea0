import { z } from 'zod';
import { entityId, epochMs, readRecord, shortText, type ReadResult } from './readCommon';

/*
 * Workshop votes (docs/workshop.md, "Votes"; docs/schema.md, "votes" and
 * "ballots"). Both roots hold immutable plain records, each signed by the
 * participant who wrote it (shared/workshop/participantKey.ts). Signatures
 * are checked asynchronously (WebCrypto) by shared/workshop/voteTally.ts:
 * this reader checks only the shape, so a forged or tampered record still
 * reads here and is refused and reported there.
 */

/** A SHA-256 digest in base64url (43 characters): a commitment. */
export const DIGEST_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** 128 random bits in base64url (22 characters). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const digest = z.string().regex(DIGEST_PATTERN, 'must be a SHA-256 digest');
const participantId = z.string().max(100);
const signature = z.string().max(200);
/** A participant's public key (JWK); whether it is one is judged where the signature is checked. */
const publicKey = z.record(z.string().max(20), z.string().max(100));

export const VOTE_KINDS = ['confidence', 'dots'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];
/** The highest value of a confidence scale: fist of five (0–5) or Cairn's 0–10. */
export const CONFIDENCE_SCALES = [5, 10] as const;
export type ConfidenceScale = (typeof CONFIDENCE_SCALES)[number];
export const CANDIDATE_KINDS = ['draft', 'objective', 'keyResult'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

const candidateSchema = z.object({ id: entityId, kind: z.enum(CANDIDATE_KINDS), label: shortText });
export type Candidate = z.output<typeof candidateSchema>;

const closeSchema = z.object({
  closedAt: epochMs,
  /** The commitments the opener accepted at the close, sorted: only these count. */
  accepted: z.array(digest).max(10_000),
  sig: signature,
});
export type VoteClose = z.output<typeof closeSchema>;

const adoptedSchema = z.object({
  /** Dot votes: the winners adopted. */
  candidateIds: z.array(entityId).max(200),
  /** Confidence votes: the median adopted, on Cairn's 0–10, and the check-in that records it. */
  confidence: z.number().int().min(0).max(10).nullable(),
  checkInId: entityId.nullable(),
  at: epochMs,
  sig: signature,
});
export type VoteAdoption = z.output<typeof adoptedSchema>;

const voteSchema = z.object({
  id: entityId,
  kind: z.enum(VOTE_KINDS),
  title: shortText,
  /** Confidence votes: the scale's highest value (5 or 10); 0 for dot votes. */
  scale: z.union([z.literal(0), z.literal(5), z.literal(10)]),
  /** Confidence votes: the KR voted on; null for dot votes. */
  target: entityId.nullable(),
  candidates: z.array(candidateSchema).max(200),
  /** Dot votes: dots per person; 0 for confidence votes. */
  budget: z.number().int().min(0).max(100),
  allowMultiple: z.boolean(),
  named: z.boolean(),
  openedAt: epochMs,
  /** The opener: participant id, display name, public key and signature over the fields above. */
  by: participantId,
  name: shortText,
  key: publicKey,
  sig: signature,
  /** Written once by the opener's laptop: the close, signed with the same key. */
  close: closeSchema.nullable(),
  /** Written by the opener after the close: what the vote adopted, signed with the same key. */
  adopted: adoptedSchema.nullable().default(null),
});
export type Vote = z.output<typeof voteSchema>;

const commitSchema = z.object({
  id: z.string().regex(/^c-[A-Za-z0-9_-]{43}$/),
  type: z.literal('commit'),
  voteId: entityId,
  commitment: digest,
  voter: participantId,
  name: shortText,
  at: epochMs,
  key: publicKey,
  sig: signature,
});
export type BallotCommit = z.output<typeof commitSchema>;

/** A confidence value, or a dot vote's dots by candidate id. */
const choiceSchema = z.union([z.number().int().min(0).max(10), z.record(entityId, z.number().int().min(0).max(100))]);
export type Choice = z.output<typeof choiceSchema>;

const revealSchema = z.object({
  id: z.string().regex(/^r-[A-Za-z0-9_-]{43}$/),
  type: z.literal('reveal'),
  voteId: entityId,
  commitment: digest,
  voter: participantId,
  choice: choiceSchema,
  nonce: z.string().regex(NONCE_PATTERN, 'must be a nonce'),
  /** The signature of the close this reveal answers: proof it was written after seeing the close. */
  closeSig: signature,
  at: epochMs,
  key: publicKey,
  sig: signature,
});
export type BallotReveal = z.output<typeof revealSchema>;

const ballotSchema = z.discriminatedUnion('type', [commitSchema, revealSchema]);
export type Ballot = z.output<typeof ballotSchema>;

/** The key of a commit record: its commitment, so two commits by one voter both survive a merge. */
export const commitKey = (commitment: string): string => `c-${commitment}`;
export const revealKey = (commitment: string): string => `r-${commitment}`;

// No fallbacks: a repaired field would no longer match its signature, so a bad record is refused whole.
export const readVote = (id: string, raw: unknown): ReadResult<Vote> => readRecord('votes', voteSchema, id, raw);
export const readBallot = (id: string, raw: unknown): ReadResult<Ballot> => readRecord('ballots', ballotSchema, id, raw);
