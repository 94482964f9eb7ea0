import { newId } from '../ids';
import { checkDraftClusterFields, checkDraftRoundFields, readRevealedDraft, MAX_DRAFT_TEXT, type DraftReveal, type DraftRound, type RevealedDraft } from '../schema/drafts';
import { firstProblem } from '../schema/readCommon';
import { rootMap } from '../schema/roots';
import { toWellFormed } from '../text';
import type { Candidate } from '../workshop/drafts';
import { CommandError, transact, type CommandContext } from './context';
import { refuseInJournal } from './workshopGuard';
import { mapOf, requireEntity } from './entities';
import { addKeyResult } from './keyResults';
import { addObjective } from './objectives';

/*
 * Writes of workshop drafting (docs/workshop.md, "Drafts"). Rounds and
 * reveals arrive signed (shared/workshop/drafts.ts signs them, async); these
 * commands only check their shape and store them. Who may see a draft is
 * decided by the signatures when reading, never by these commands.
 */

/** Stores a signed round (signRoundOpening). */
export function openDraftRound(ctx: CommandContext, round: DraftRound): void {
  refuseInJournal(ctx, 'workshop drafting');
  const problem = firstProblem(checkDraftRoundFields(round.id, round));
  if (problem) throw new CommandError(`This drafting round cannot be stored: ${problem.message}`);
  if (rootMap(ctx.doc, 'draftRounds').has(round.id)) throw new CommandError('That drafting round is already open.');
  transact(ctx, () => rootMap(ctx.doc, 'draftRounds').set(round.id, mapOf({ ...round, objectiveIds: [...round.objectiveIds], openerKey: round.openerKey ? { ...round.openerKey } : null })));
}

/** Stores a round's signed reveal (signReveal): one plain value, written once. */
export function revealDraftRound(ctx: CommandContext, roundId: string, reveal: DraftReveal): void {
  const round = requireEntity(rootMap(ctx.doc, 'draftRounds'), roundId, 'drafting round');
  if (round.get('reveal') != null) throw new CommandError('These drafts are already revealed.');
  transact(ctx, () => round.set('reveal', { at: reveal.at, mode: reveal.mode, sig: reveal.sig }));
}

/** Publishes this laptop's drafts (draftsToPublish); a draft already there is left as it is. Returns how many were written. */
export function publishDrafts(ctx: CommandContext, drafts: readonly RevealedDraft[]): number {
  refuseInJournal(ctx, 'workshop drafting');
  const root = rootMap(ctx.doc, 'revealedDrafts');
  const fresh = drafts.filter((d) => !root.has(d.id));
  for (const draft of fresh) {
    const problem = firstProblem(readRevealedDraft(draft.id, draft));
    if (problem) throw new CommandError(`This draft cannot be published: ${problem.message}`);
  }
  if (fresh.length === 0) return 0;
  transact(ctx, () => {
    for (const draft of fresh) root.set(draft.id, { ...draft, reveal: { ...draft.reveal } });
  });
  return fresh.length;
}

function checkText(value: string): string {
  const text = toWellFormed(value.trim());
  if (!text) throw new CommandError('Type the text of the candidate.', 'text');
  if (text.length > MAX_DRAFT_TEXT) throw new CommandError(`The text is too long (at most ${MAX_DRAFT_TEXT.toLocaleString('en')} characters).`, 'text');
  return text;
}

/**
 * Merges two or more candidates (drafts or clusters, of one round) into one
 * cluster with `text`; its history keeps every original text. Merged clusters
 * are soft-deleted. One transaction: one Ctrl+Z undoes it. Returns the new id.
 */
export function clusterCandidates(ctx: CommandContext, selected: readonly Candidate[], text: string): string {
  if (selected.length < 2) throw new CommandError('Select two or more drafts to merge.');
  const roundId = selected[0]!.roundId;
  if (selected.some((c) => c.roundId !== roundId)) throw new CommandError('Only drafts of one round can be merged.');
  if (selected.some((c) => c.adoptedAs)) throw new CommandError('An adopted candidate cannot be merged.');
  const merged = checkText(text);
  const clusters = rootMap(ctx.doc, 'draftClusters');
  const memberIds = [...new Set(selected.flatMap((c) => c.memberIds))];
  const seen = new Set<string>();
  const history = selected.flatMap((c) => c.history).filter((h) => !seen.has(h.draftId) && seen.add(h.draftId));
  const id = newId();
  transact(ctx, () => {
    for (const candidate of selected) {
      if (candidate.kind !== 'cluster') continue;
      const old = requireEntity(clusters, candidate.id, 'candidate');
      old.set('deletedAt', ctx.now());
      old.set('deletedBy', ctx.actor);
    }
    clusters.set(id, mapOf({ id, roundId, memberIds, text: merged, history, adoptedAs: null, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null }));
  });
  return id;
}

/** Rewrites a cluster's merged text (last writer wins). */
export function editCandidateText(ctx: CommandContext, clusterId: string, text: string): void {
  const cluster = requireEntity(rootMap(ctx.doc, 'draftClusters'), clusterId, 'candidate');
  const next = checkText(text);
  transact(ctx, () => cluster.set('text', next));
}

export interface Adoption {
  /** For a KR: the objective it goes under. */
  objectiveId?: string;
  /** Once the OKRs are published, why this is added mid-cycle (as for any addition). */
  addedReason?: string;
  owner?: string;
}

/**
 * Makes a candidate an objective, or a KR of `adoption.objectiveId`, through
 * the ordinary commands, and records what it became (`adoptedAs`) on its
 * cluster; a lone draft gets a cluster of one for that. One transaction.
 * The votes part calls this after a dot vote. Returns the new entity's id.
 */
export function adoptCandidate(ctx: CommandContext, candidate: Candidate, target: 'objective' | 'keyResult', adoption: Adoption = {}): string {
  if (candidate.adoptedAs) throw new CommandError('This candidate was already adopted.');
  const clusters = rootMap(ctx.doc, 'draftClusters');
  return transact(ctx, () => {
    let entityId: string;
    if (target === 'objective') {
      entityId = addObjective(ctx, { title: candidate.text, owner: adoption.owner, addedReason: adoption.addedReason });
    } else {
      if (!adoption.objectiveId) throw new CommandError('Choose the objective this key result is for.', 'objectiveId');
      entityId = addKeyResult(ctx, adoption.objectiveId, { kind: 'milestone', title: candidate.text, owner: adoption.owner, addedReason: adoption.addedReason });
    }
    const adoptedAs = { kind: target, id: entityId };
    if (candidate.kind === 'cluster') {
      requireEntity(clusters, candidate.id, 'candidate').set('adoptedAs', adoptedAs);
    } else {
      const id = newId();
      const fields = { id, roundId: candidate.roundId, memberIds: [candidate.id], text: candidate.text, history: candidate.history, adoptedAs, createdAt: ctx.now(), createdBy: ctx.actor, deletedAt: null, deletedBy: null };
      const problem = firstProblem(checkDraftClusterFields(id, fields));
      if (problem) throw new CommandError(`This draft cannot be adopted: ${problem.message}`);
      clusters.set(id, mapOf(fields));
    }
    return entityId;
  });
}
