import { compareStrings } from '../order';
import type { DraftCluster, DraftReveal, DraftRound, DraftTarget, RevealedDraft, RevealMode } from '../schema/drafts';
import { MAX_DRAFT_TEXT } from '../schema/drafts';
import { toWellFormed } from '../text';
import { canonicalJson, signPayload, verifyPayload, type ParticipantKey } from './participantKey';

/*
 * Private drafting in a workshop (docs/workshop.md, "Drafts"). A draft lives
 * in its author's device store until the round's reveal; the round and its
 * reveal are signed by the participant who opened the round, its only
 * authority (no dependency on the session's facilitator records). Every
 * laptop that sees a valid reveal publishes its own drafts for that round,
 * each carrying a copy of the signed reveal it saw: a signature cannot be
 * made without the opener's key, so a draft that carries a valid one was
 * published after the opener revealed, and one that does not is ignored and
 * reported. (A copy, not a reference: if the opener revealed from two tabs at
 * once, one reveal wins the round's key, and drafts published against the
 * other still prove themselves.)
 *
 * Pure: no DOM, no storage. Signing and checking are async (WebCrypto), so
 * they sit here and not in the synchronous readers of shared/schema/drafts.ts.
 */

/** A private draft on its author's laptop (renderer/state/drafts.ts keeps it in the device store). */
export interface LocalDraft {
  /** Random; also the id of the published record, so publishing twice (two tabs) writes one record. */
  id: string;
  stageId: string;
  /** The round it was written in: it is published only when that round is revealed. */
  roundId: string;
  text: string;
  updatedAt: number;
}

/** What a round's opener signs when opening it. */
export function openPayload(round: Pick<DraftRound, 'id' | 'stageId' | 'target' | 'objectiveIds' | 'openedAt' | 'openedBy'>): unknown {
  const { id, stageId, target, objectiveIds, openedAt, openedBy } = round;
  return { what: 'cairn.draftRound.open', id, stageId, target, objectiveIds, openedAt, openedBy };
}

/** What the opener signs when revealing it. */
export function revealPayload(round: Pick<DraftRound, 'id' | 'openedBy'>, at: number, mode: RevealMode): unknown {
  return { what: 'cairn.draftRound.reveal', roundId: round.id, openedBy: round.openedBy, at, mode };
}

export interface RoundRequest {
  id: string;
  stageId: string;
  target: DraftTarget;
  objectiveIds: readonly string[];
  openedAt: number;
  openerName: string;
}

/** A round, signed by `key`, ready for openDraftRound (shared/commands/drafts.ts). */
export async function signRoundOpening(key: ParticipantKey, request: RoundRequest): Promise<DraftRound> {
  const unsigned = {
    id: request.id,
    stageId: request.stageId,
    target: request.target,
    objectiveIds: request.target === 'keyResult' ? [...request.objectiveIds] : [],
    openedAt: request.openedAt,
    openedBy: key.id,
  };
  const openSig = await signPayload(key, openPayload(unsigned));
  return { ...unsigned, openedByName: toWellFormed(request.openerName.slice(0, 200)), openerKey: key.publicJwk, openSig, reveal: null };
}

/** The reveal of `round`, signed by `key` (which must be the opener's, or every reader ignores it). */
export async function signReveal(key: ParticipantKey, round: DraftRound, mode: RevealMode, at: number): Promise<DraftReveal> {
  return { at, mode, sig: await signPayload(key, revealPayload(round, at, mode)) };
}

/** What the signatures of a round prove. */
export interface RoundTrust {
  /** Signed by the participant it names as opener. */
  opened: boolean;
  /** The reveal, when signed by the round's opener; null when there is none or it is forged. */
  reveal: DraftReveal | null;
  /** Signatures of every reveal of this round, on the round or copied on a draft, that its opener signed. */
  validRevealSigs: ReadonlySet<string>;
  problems: string[];
}

// Verifying is the slow part; a round's fields never change but for its reveal, so results are kept by content.
const verifyCache = new Map<string, Promise<boolean>>();
const MAX_CACHE = 4_000;

function cachedVerify(round: DraftRound, what: string, payload: unknown, sig: string): Promise<boolean> {
  const cacheKey = canonicalJson({ what, by: round.openedBy, key: round.openerKey, payload, sig });
  let pending = verifyCache.get(cacheKey);
  if (!pending) {
    if (verifyCache.size >= MAX_CACHE) verifyCache.clear();
    pending = verifyPayload(round.openedBy, round.openerKey, payload, sig);
    verifyCache.set(cacheKey, pending);
  }
  return pending;
}

const validReveal = (round: DraftRound, reveal: DraftReveal) => cachedVerify(round, 'reveal', revealPayload(round, reveal.at, reveal.mode), reveal.sig);

async function checkRound(round: DraftRound, copies: readonly DraftReveal[]): Promise<RoundTrust> {
  const problems: string[] = [];
  const opened = await cachedVerify(round, 'open', openPayload(round), round.openSig);
  if (!opened) problems.push(`Drafting round ${round.id} is not signed by the participant it names as its opener: ignored.`);
  let reveal: DraftReveal | null = null;
  const validRevealSigs = new Set<string>();
  if (opened && round.reveal) {
    if (await validReveal(round, round.reveal)) {
      reveal = round.reveal;
      validRevealSigs.add(reveal.sig);
    } else problems.push(`The reveal of drafting round ${round.id} is not signed by the round's opener: ignored.`);
  }
  if (opened) {
    const distinct = new Map(copies.map((c) => [c.sig, c]));
    for (const copy of distinct.values()) if (!validRevealSigs.has(copy.sig) && (await validReveal(round, copy))) validRevealSigs.add(copy.sig);
  }
  return { opened, reveal, validRevealSigs, problems };
}

/** Checks the signatures of every round, its reveal and the reveals its drafts carry; each signature is checked once. */
export async function verifyRounds(rounds: Iterable<DraftRound>, drafts: Iterable<RevealedDraft> = []): Promise<Map<string, RoundTrust>> {
  const copies = new Map<string, DraftReveal[]>();
  for (const draft of drafts) {
    const list = copies.get(draft.roundId) ?? [];
    list.push(draft.reveal);
    copies.set(draft.roundId, list);
  }
  const out = new Map<string, RoundTrust>();
  await Promise.all([...rounds].map(async (round) => out.set(round.id, await checkRound(round, copies.get(round.id) ?? []))));
  return out;
}

/** A draft or a cluster the room may vote on and adopt. */
export interface Candidate {
  /** A cluster id, or a draft id for a draft in no cluster. */
  id: string;
  kind: 'cluster' | 'draft';
  roundId: string;
  text: string;
  /** The drafts it stands for (one for a lone draft). */
  memberIds: string[];
  /** Every original text merged into it (a lone draft: its own). */
  history: { draftId: string; text: string }[];
  adoptedAs: DraftCluster['adoptedAs'];
}

export interface ShownRound extends DraftRound {
  revealed: boolean;
  validRevealSigs: ReadonlySet<string>;
  revealMode: RevealMode | null;
}

export interface ShownDraft extends RevealedDraft {
  /** The author to show: null in an anonymous round, whatever the record says. */
  shownAuthor: string | null;
  /** The live cluster it was merged into, if any. */
  clusterId: string | null;
}

export interface DraftsView {
  /** Rounds signed by their opener, oldest first. */
  rounds: ShownRound[];
  /** Drafts published after their round's valid reveal, by round, oldest first. */
  drafts: ShownDraft[];
  /** Clusters (live) and lone drafts, by round, in the order drafts were published. */
  candidates: Candidate[];
  /** What was ignored, and why. */
  problems: string[];
}

export interface DraftRecords {
  draftRounds: Readonly<Record<string, DraftRound>> | ReadonlyMap<string, DraftRound>;
  revealedDrafts: Readonly<Record<string, RevealedDraft>> | ReadonlyMap<string, RevealedDraft>;
  draftClusters: Readonly<Record<string, DraftCluster>> | ReadonlyMap<string, DraftCluster>;
}

function valuesOf<T>(records: Readonly<Record<string, T>> | ReadonlyMap<string, T>): T[] {
  return records instanceof Map ? [...records.values()] : Object.values(records as Readonly<Record<string, T>>);
}

const byPublished = (a: RevealedDraft, b: RevealedDraft) => a.publishedAt - b.publishedAt || compareStrings(a.id, b.id);
const byCreated = (a: DraftCluster, b: DraftCluster) => a.createdAt - b.createdAt || compareStrings(a.id, b.id);

/**
 * What the room sees, a pure function of the records and their checked
 * signatures, so every replica that holds the same records shows the same.
 * A draft counts only when its round is signed, revealed by its opener, and
 * the draft carries that reveal's signature and the round's target. A draft
 * listed by two live clusters (two people clustering at once) belongs to the
 * older one (createdAt, then id).
 */
export function draftsView(records: DraftRecords, trust: ReadonlyMap<string, RoundTrust>): DraftsView {
  const problems: string[] = [];
  const rounds: ShownRound[] = [];
  const roundById = new Map<string, ShownRound>();
  for (const round of valuesOf(records.draftRounds).sort((a, b) => a.openedAt - b.openedAt || compareStrings(a.id, b.id))) {
    const checked = trust.get(round.id);
    if (!checked) continue; // not checked yet: shown once it is
    problems.push(...checked.problems);
    if (!checked.opened) continue;
    const shown: ShownRound = { ...round, reveal: checked.reveal, revealed: checked.reveal !== null, revealMode: checked.reveal?.mode ?? null, validRevealSigs: checked.validRevealSigs };
    rounds.push(shown);
    roundById.set(round.id, shown);
  }
  const accepted: RevealedDraft[] = [];
  for (const draft of valuesOf(records.revealedDrafts).sort(byPublished)) {
    const round = roundById.get(draft.roundId);
    if (!round) {
      problems.push(`Draft ${draft.id} names no signed drafting round: ignored.`);
      continue;
    }
    if (!round.reveal || !round.validRevealSigs.has(draft.reveal.sig)) {
      problems.push(`Draft ${draft.id} was published before its round was revealed: ignored.`);
      continue;
    }
    if (draft.target !== round.target) {
      problems.push(`Draft ${draft.id} is not of its round's kind: ignored.`);
      continue;
    }
    accepted.push(draft);
  }
  const acceptedIds = new Set(accepted.map((d) => d.id));
  const owner = new Map<string, string>();
  const liveClusters = valuesOf(records.draftClusters)
    .filter((c) => c.deletedAt === null && roundById.has(c.roundId))
    .sort(byCreated);
  for (const cluster of liveClusters) {
    for (const member of cluster.memberIds) if (acceptedIds.has(member) && !owner.has(member)) owner.set(member, cluster.id);
  }
  const drafts: ShownDraft[] = accepted.map((draft) => ({
    ...draft,
    shownAuthor: roundById.get(draft.roundId)?.revealMode === 'anonymous' ? null : draft.author,
    clusterId: owner.get(draft.id) ?? null,
  }));
  const candidates: Candidate[] = [];
  const clusterById = new Map(liveClusters.map((c) => [c.id, c]));
  const placed = new Set<string>();
  for (const draft of drafts) {
    if (draft.clusterId === null) {
      candidates.push({ id: draft.id, kind: 'draft', roundId: draft.roundId, text: draft.text, memberIds: [draft.id], history: [{ draftId: draft.id, text: draft.text }], adoptedAs: null });
      continue;
    }
    if (placed.has(draft.clusterId)) continue;
    placed.add(draft.clusterId);
    const cluster = clusterById.get(draft.clusterId)!;
    candidates.push(clusterCandidate(cluster, owner));
  }
  // A cluster all of whose drafts went to an older one still stands for its merged text.
  for (const cluster of liveClusters) if (!placed.has(cluster.id)) candidates.push(clusterCandidate(cluster, owner));
  return { rounds, drafts, candidates, problems };
}

function clusterCandidate(cluster: DraftCluster, owner: ReadonlyMap<string, string>): Candidate {
  return {
    id: cluster.id,
    kind: 'cluster',
    roundId: cluster.roundId,
    text: cluster.text,
    memberIds: cluster.memberIds.filter((id) => owner.get(id) === cluster.id),
    history: cluster.history,
    adoptedAs: cluster.adoptedAs,
  };
}

/** The rounds of one stage in a view, oldest first. */
export function roundsOfStage(view: DraftsView, stageId: string): ShownRound[] {
  return view.rounds.filter((r) => r.stageId === stageId);
}

/**
 * The records this laptop must publish now: each of its drafts whose round
 * it sees revealed (with a valid signature) and that is not in the document
 * yet (`present`: the ids of published drafts). `authorName` goes on the
 * record only in a named round.
 */
export function draftsToPublish(local: readonly LocalDraft[], view: DraftsView, present: ReadonlySet<string>, authorName: string, now: number): RevealedDraft[] {
  const out: RevealedDraft[] = [];
  const rounds = new Map(view.rounds.map((r) => [r.id, r]));
  for (const draft of local) {
    const round = rounds.get(draft.roundId);
    if (!round?.reveal || present.has(draft.id)) continue;
    const text = toWellFormed(draft.text.trim().slice(0, MAX_DRAFT_TEXT));
    if (!text) continue;
    out.push({
      id: draft.id,
      roundId: round.id,
      text,
      target: round.target,
      author: round.reveal.mode === 'named' ? toWellFormed(authorName.slice(0, 200)) : null,
      reveal: { ...round.reveal },
      publishedAt: now,
    });
  }
  return out;
}
