import { localContext } from '../../shared/commands/context';
import { shareToWorkspace, type ShareResult, type ShareSelection } from '../../shared/commands/share';
import type { WorkspaceSnapshot } from '../../shared/schema/read';
import type { CheckIn } from '../../shared/schema/types';
import { withStoredDoc } from './docStorage';
import { actorName } from './identity';
import { useLibrary } from './libraryStore';
import type { WorkspaceState } from './workspaceSession';

const NO_MAP = new Map();

let memo: { key: unknown[]; snapshot: WorkspaceSnapshot } | null = null;

/**
 * The journal's queries (timeline, search) read a WorkspaceSnapshot; this
 * builds one from the projection, again only when the records it uses change.
 * Journals are personal and small, so rebuilding the maps is cheap.
 */
export function selectJournalSnapshot(state: WorkspaceState): WorkspaceSnapshot {
  const key = [state.meta, state.objectives, state.keyResults, state.checkInsByKeyResult, state.decisions, state.questions, state.journalEntries];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.snapshot;
  const checkIns = new Map<string, CheckIn>();
  for (const list of Object.values(state.checkInsByKeyResult)) for (const c of list) checkIns.set(c.id, c);
  const snapshot: WorkspaceSnapshot = {
    meta: state.meta,
    objectives: new Map(Object.entries(state.objectives)),
    keyResults: new Map(Object.entries(state.keyResults)),
    checkIns,
    questions: new Map(Object.entries(state.questions)),
    initiatives: NO_MAP,
    decisions: new Map(Object.entries(state.decisions)),
    scores: NO_MAP,
    retrospectives: NO_MAP,
    changes: NO_MAP,
    checkpoints: NO_MAP,
    sessions: NO_MAP,
    rolloutPlans: NO_MAP,
    rolloutStages: NO_MAP,
    readinessGates: NO_MAP,
    alignment: state.alignment,
    journalEntries: new Map(Object.entries(state.journalEntries)),
    problems: [],
  };
  memo = { key, snapshot };
  return snapshot;
}

/**
 * Copies selected objectives (and their KRs, questions and, if asked, check-ins)
 * from the open journal into a team workspace on this device. The target is
 * written in its stored copy; it syncs with its team the next time it is open
 * in a workshop. The journal keeps its own copy, untouched.
 */
export async function shareJournalTo(journal: WorkspaceSnapshot, targetId: string, selection: ShareSelection): Promise<ShareResult> {
  const target = useLibrary.getState().entries.find((e) => e.id === targetId && e.deletedAt === null);
  if (!target) throw new Error('That workspace is no longer on this device.');
  return withStoredDoc(targetId, (doc) => shareToWorkspace(journal, localContext(doc, actorName()), selection));
}
