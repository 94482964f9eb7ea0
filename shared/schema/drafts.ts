import { z } from 'zod';
import { CREATED_FALLBACKS, entityId, epochMs, readEntity, readRecord, shortText, softDeleteFields, type Fallbacks, type ReadResult } from './readCommon';

/*
 * The records of a workshop's private drafting (docs/workshop.md, "Drafts";
 * docs/schema.md, "draftRounds, revealedDrafts, draftClusters"). Unrevealed
 * drafts are never here: they stay in the author's device store until the
 * round's signed reveal. These readers check shapes only; whether a round and
 * its reveal are signed by its opener, and whether a published draft carries
 * that reveal, is checked by shared/workshop/drafts.ts (WebCrypto is async,
 * readers are not), which ignores and reports what fails.
 */

/** A draft's text: an objective's or KR's title, with room to spare. */
export const MAX_DRAFT_TEXT = 2_000;
/** A signature or a base64url key coordinate: never longer than this. */
const token = z.string().max(200);

export const DRAFT_TARGETS = ['objective', 'keyResult'] as const;
export type DraftTarget = (typeof DRAFT_TARGETS)[number];
export const REVEAL_MODES = ['named', 'anonymous'] as const;
export type RevealMode = (typeof REVEAL_MODES)[number];

const publicJwk = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: token, y: token });

/** The opener's signed reveal: one plain value under one key, so two writes never mix their fields. */
const revealSchema = z.object({ at: epochMs, mode: z.enum(REVEAL_MODES), sig: token });
export type DraftReveal = z.output<typeof revealSchema>;

const roundSchema = z.object({
  id: entityId,
  stageId: shortText,
  target: z.enum(DRAFT_TARGETS),
  /** For KR drafts: the objectives they are for (none for objective drafts). */
  objectiveIds: z.array(entityId).max(100),
  openedAt: epochMs,
  /** The opener's participant id: the round's only authority. */
  openedBy: token,
  openedByName: shortText,
  openerKey: publicJwk.nullable(),
  openSig: token,
  reveal: revealSchema.nullable().default(null),
});
export type DraftRound = z.output<typeof roundSchema>;

const roundFallbacks: Fallbacks = {
  stageId: () => '',
  target: () => 'objective',
  objectiveIds: () => [],
  openedAt: () => 0,
  openedBy: () => '',
  openedByName: () => '',
  openerKey: () => null,
  openSig: () => '',
  // A damaged reveal is no reveal: nothing is shown early.
  reveal: () => null,
};

export const readDraftRound = (id: string, raw: unknown): ReadResult<DraftRound> => readEntity('draftRounds', roundSchema, id, raw, roundFallbacks);
/** For commands: the plain fields of a round before they become its Y.Map. */
export const checkDraftRoundFields = (id: string, fields: unknown): ReadResult<DraftRound> => readRecord('draftRounds', roundSchema, id, fields, roundFallbacks);

const revealedDraftSchema = z.object({
  /** The author's local draft id: the same draft published twice (two tabs) is one record. */
  id: entityId,
  roundId: entityId,
  text: z.string().max(MAX_DRAFT_TEXT),
  target: z.enum(DRAFT_TARGETS),
  /** The author's name, or null when the round was revealed anonymously. */
  author: shortText.nullable(),
  /** The signed reveal the publisher saw (a copy of its round's): proof it published after a reveal by the round's opener. */
  reveal: revealSchema,
  publishedAt: epochMs,
});
export type RevealedDraft = z.output<typeof revealedDraftSchema>;

const draftFallbacks: Fallbacks = {
  roundId: () => 'missing-reference',
  text: () => '',
  target: () => 'objective',
  author: () => null,
  // A damaged proof is no proof: the draft is then ignored (and reported).
  reveal: () => ({ at: 0, mode: 'anonymous', sig: '' }),
  publishedAt: () => 0,
};

export const readRevealedDraft = (id: string, raw: unknown): ReadResult<RevealedDraft> => readRecord('revealedDrafts', revealedDraftSchema, id, raw, draftFallbacks);

const historyEntry = z.object({ draftId: entityId, text: z.string().max(MAX_DRAFT_TEXT) });
const adoptedAs = z.object({ kind: z.enum(DRAFT_TARGETS), id: entityId });
export type AdoptedAs = z.output<typeof adoptedAs>;

const clusterSchema = z.object({
  id: entityId,
  roundId: entityId,
  /** The drafts merged into this candidate, fixed when it is made. */
  memberIds: z.array(entityId).max(500),
  /** The candidate's text (plain, last writer wins). */
  text: z.string().max(MAX_DRAFT_TEXT),
  /** Every member's original text, fixed when it is made: what was merged. */
  history: z.array(historyEntry).max(500),
  adoptedAs: adoptedAs.nullable().default(null),
  createdAt: epochMs,
  createdBy: shortText,
  ...softDeleteFields,
});
export type DraftCluster = z.output<typeof clusterSchema>;

const clusterFallbacks: Fallbacks = {
  ...CREATED_FALLBACKS,
  roundId: () => 'missing-reference',
  memberIds: () => [],
  text: () => '',
  history: () => [],
  adoptedAs: () => null,
};

export const readDraftCluster = (id: string, raw: unknown): ReadResult<DraftCluster> => readEntity('draftClusters', clusterSchema, id, raw, clusterFallbacks);
/** For commands: the plain fields of a cluster before they become its Y.Map. */
export const checkDraftClusterFields = (id: string, fields: unknown): ReadResult<DraftCluster> => readRecord('draftClusters', clusterSchema, id, fields, clusterFallbacks);
