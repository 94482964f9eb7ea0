import type { WorkspaceSnapshot } from '../schema/read';
import type { DraftTarget, RevealMode } from '../schema/drafts';
import { draftsView, verifyRounds, type DraftsView } from '../workshop/drafts';

/*
 * What a workshop's drafting produced, for the facilitator's export and the
 * session report (docs/workshop.md, "Drafts"): per revealed round, the
 * drafts (with their authors, or none when revealed anonymously), the
 * clusters with the texts merged into them, and what was adopted.
 */

export interface DraftsOutcomeRound {
  roundId: string;
  stageId: string;
  target: DraftTarget;
  openedByName: string;
  revealMode: RevealMode;
  revealedAt: number;
  drafts: { id: string; text: string; author: string | null }[];
  clusters: { id: string; text: string; mergedTexts: string[]; adoptedAs: { kind: DraftTarget; id: string; title: string } | null }[];
  adopted: { text: string; kind: DraftTarget; id: string; title: string }[];
}

export interface DraftsOutcome {
  rounds: DraftsOutcomeRound[];
  /** Records ignored (unsigned rounds, forged reveals, drafts published early). */
  problems: string[];
}

/** Titles of the objectives and KRs adoption made, as they read now. */
export type TitleOf = (kind: DraftTarget, id: string) => string;

/** The outcome of a drafts view (pure): revealed rounds only; an unrevealed round produced nothing anyone saw. */
export function draftsOutcome(view: DraftsView, titleOf: TitleOf): DraftsOutcome {
  const rounds: DraftsOutcomeRound[] = [];
  for (const round of view.rounds) {
    if (!round.reveal) continue;
    const drafts = view.drafts.filter((d) => d.roundId === round.id).map((d) => ({ id: d.id, text: d.text, author: d.shownAuthor }));
    const candidates = view.candidates.filter((c) => c.roundId === round.id);
    const clusters = candidates
      .filter((c) => c.kind === 'cluster' && c.history.length > 1)
      .map((c) => ({ id: c.id, text: c.text, mergedTexts: c.history.map((h) => h.text), adoptedAs: c.adoptedAs ? { ...c.adoptedAs, title: titleOf(c.adoptedAs.kind, c.adoptedAs.id) } : null }));
    const adopted = candidates.flatMap((c) => (c.adoptedAs ? [{ text: c.text, kind: c.adoptedAs.kind, id: c.adoptedAs.id, title: titleOf(c.adoptedAs.kind, c.adoptedAs.id) }] : []));
    rounds.push({ roundId: round.id, stageId: round.stageId, target: round.target, openedByName: round.openedByName, revealMode: round.reveal.mode, revealedAt: round.reveal.at, drafts, clusters, adopted });
  }
  return { rounds, problems: view.problems };
}

/** The outcome of a read workspace: checks the rounds' signatures first (async: WebCrypto). */
export async function draftsOutcomeOf(snapshot: WorkspaceSnapshot): Promise<DraftsOutcome> {
  const trust = await verifyRounds(snapshot.draftRounds.values(), snapshot.revealedDrafts.values());
  const view = draftsView(snapshot, trust);
  return draftsOutcome(view, (kind, id) => (kind === 'objective' ? snapshot.objectives.get(id)?.title : snapshot.keyResults.get(id)?.title) ?? '');
}
