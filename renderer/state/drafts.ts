import { create } from 'zustand';
import { newId } from '../../shared/ids';
import { openDraftRound, publishDrafts, revealDraftRound } from '../../shared/commands/drafts';
import type { DraftTarget, RevealMode } from '../../shared/schema/drafts';
import { draftsToPublish, draftsView, signReveal, signRoundOpening, verifyRounds, type DraftsView, type LocalDraft } from '../../shared/workshop/drafts';
import { act } from './act';
import { deviceDelete, deviceEntries, devicePut } from './deviceStore';
import { nameToSignWith, useIdentity } from './identity';
import { localParticipant } from './participant';
import { openWorkspaceId, useWorkspace } from './workspaceSession';

/*
 * Private drafts on this laptop and what the room has revealed
 * (docs/workshop.md, "Drafts"). An unrevealed draft is kept only in the
 * device store (deviceStore.ts, never synced) under
 * `draft:<workspaceId>:<stageId>:<draftId>`: not in the Y.Doc, not in
 * awareness, not even as a count. When this laptop sees a round's signed
 * reveal (at once, or after it reconnects and syncs) it publishes its drafts
 * of that round, with ids equal to the local ids, so a second tab or a second
 * pass writes nothing new; then the local copies are dropped.
 */

export interface DraftsState {
  workspaceId: string | null;
  /** This laptop's participant id: whether it opened a round (and so may reveal it). */
  participantId: string | null;
  /** This laptop's unpublished drafts of the open workspace. */
  local: LocalDraft[];
  /** What the room sees: signed rounds, revealed drafts, candidates. */
  view: DraftsView;
}

const EMPTY_VIEW: DraftsView = { rounds: [], drafts: [], candidates: [], problems: [] };

export const useDrafts = create<DraftsState>(() => ({ workspaceId: null, participantId: null, local: [], view: EMPTY_VIEW }));

const PREFIX = 'draft:';
const keyOf = (workspaceId: string, draft: Pick<LocalDraft, 'stageId' | 'id'>) => `${PREFIX}${workspaceId}:${draft.stageId}:${draft.id}`;

function isLocalDraft(value: unknown): value is LocalDraft {
  const d = value as Partial<LocalDraft> | null;
  return !!d && typeof d === 'object' && typeof d.id === 'string' && typeof d.stageId === 'string' && typeof d.roundId === 'string' && typeof d.text === 'string' && typeof d.updatedAt === 'number';
}

async function readLocal(workspaceId: string): Promise<LocalDraft[]> {
  const entries = await deviceEntries(`${PREFIX}${workspaceId}:`);
  return entries
    .map(([, value]) => value)
    .filter(isLocalDraft)
    .sort((a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : 1));
}

async function refreshLocal(workspaceId: string): Promise<void> {
  const local = await readLocal(workspaceId);
  if (useDrafts.getState().workspaceId === workspaceId) useDrafts.setState({ local });
}

/** Adds or rewrites a private draft (device store only). */
export async function saveDraft(draft: Omit<LocalDraft, 'updatedAt' | 'id'> & { id?: string }): Promise<void> {
  const workspaceId = useDrafts.getState().workspaceId;
  if (!workspaceId) return;
  const full: LocalDraft = { ...draft, id: draft.id ?? newId(), updatedAt: Date.now() };
  await devicePut(keyOf(workspaceId, full), full);
  await refreshLocal(workspaceId);
}

export async function deleteDraft(draft: LocalDraft): Promise<void> {
  const workspaceId = useDrafts.getState().workspaceId;
  if (!workspaceId) return;
  await deviceDelete(keyOf(workspaceId, draft));
  await refreshLocal(workspaceId);
}

/** The facilitator opens a drafting round for a stage: signed with this laptop's key. */
export async function openRound(stageId: string, target: DraftTarget, objectiveIds: readonly string[]): Promise<void> {
  const name = await nameToSignWith();
  const key = await localParticipant();
  const round = await signRoundOpening(key, { id: newId(), stageId, target, objectiveIds, openedAt: Date.now(), openerName: name });
  act((ctx) => openDraftRound(ctx, round), 'Drafting could not be opened');
}

/** The round's opener reveals it, named or anonymous. */
export async function revealRound(roundId: string, mode: RevealMode): Promise<void> {
  const round = useDrafts.getState().view.rounds.find((r) => r.id === roundId);
  if (!round) return;
  const key = await localParticipant();
  const reveal = await signReveal(key, round, mode, Date.now());
  act((ctx) => revealDraftRound(ctx, roundId, reveal), 'The drafts could not be revealed');
}

let publishing = false;
let again = false;

/** Publishes this laptop's drafts of every revealed round not yet in the document, once. */
async function publishRevealed(workspaceId: string): Promise<void> {
  if (publishing) {
    // A reveal arrived meanwhile: look again when this pass ends.
    again = true;
    return;
  }
  publishing = true;
  try {
    const view = useDrafts.getState().view;
    if (!view.rounds.some((r) => r.revealed)) return;
    // Read afresh: another tab of this laptop may have written drafts, or published them.
    const local = await readLocal(workspaceId);
    if (openWorkspaceId() !== workspaceId) return;
    const present = new Set(Object.keys(useWorkspace.getState().revealedDrafts));
    const name = useIdentity.getState().name;
    const records = draftsToPublish(local, view, present, name, Date.now());
    if (records.length > 0) act((ctx) => publishDrafts(ctx, records), 'Your drafts could not be published');
    // Whatever the document now holds is no longer private: drop the local copies.
    const nowPresent = new Set(Object.keys(useWorkspace.getState().revealedDrafts));
    const revealedRounds = new Set(view.rounds.filter((r) => r.revealed).map((r) => r.id));
    await Promise.all(local.filter((d) => revealedRounds.has(d.roundId) && (nowPresent.has(d.id) || !d.text.trim())).map((d) => deviceDelete(keyOf(workspaceId, d))));
    await refreshLocal(workspaceId);
  } finally {
    publishing = false;
  }
  if (again) {
    again = false;
    await publishRevealed(workspaceId);
  }
}

let generation = 0;

async function recompute(workspaceId: string): Promise<void> {
  const mine = ++generation;
  const state = useWorkspace.getState();
  const trust = await verifyRounds(Object.values(state.draftRounds), Object.values(state.revealedDrafts));
  if (mine !== generation || openWorkspaceId() !== workspaceId) return;
  const latest = useWorkspace.getState();
  useDrafts.setState({ view: draftsView(latest, trust) });
  await publishRevealed(workspaceId);
}

/**
 * Follows the open workspace's drafting records: checks signatures, keeps
 * the view, publishes on reveal. Returns the stop function. Mounted by the
 * workspace view for workshop workspaces (renderer/app/WorkspaceView.tsx).
 */
export function followDrafts(workspaceId: string): () => void {
  useDrafts.setState({ workspaceId, local: [], view: EMPTY_VIEW });
  void refreshLocal(workspaceId);
  void recompute(workspaceId);
  void localParticipant().then((key) => useDrafts.setState({ participantId: key.id }));
  const unsubscribe = useWorkspace.subscribe((state, previous) => {
    if (state.draftRounds !== previous.draftRounds || state.revealedDrafts !== previous.revealedDrafts || state.draftClusters !== previous.draftClusters) {
      void recompute(workspaceId);
    }
  });
  return () => {
    unsubscribe();
    generation++;
    useDrafts.setState({ workspaceId: null, local: [], view: EMPTY_VIEW });
  };
}
