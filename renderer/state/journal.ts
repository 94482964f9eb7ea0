import { CommandError, localContext } from '../../shared/commands/context';
import { shareToWorkspace, type ShareResult, type ShareSelection } from '../../shared/commands/share';
import * as Y from 'yjs';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import type { CheckIn } from '../../shared/schema/types';
import { withStoredDoc } from './docStorage';
import { nameToSignWith } from './identity';
import { useLibrary } from './libraryStore';
import { memoOn } from './selectors';
import type { WorkspaceState } from './workspaceSession';

/** What a document with no workspace reads as (the projection before one is open): no records, a header of defaults. */
const EMPTY = readWorkspace(new Y.Doc());

const snapshotOf = memoOn(
  (
    meta: WorkspaceState['meta'],
    objectives: WorkspaceState['objectives'],
    keyResults: WorkspaceState['keyResults'],
    checkInRecordsByKeyResult: WorkspaceState['checkInRecordsByKeyResult'],
    decisions: WorkspaceState['decisions'],
    questions: WorkspaceState['questions'],
    journalEntries: WorkspaceState['journalEntries'],
    alignment: WorkspaceState['alignment'],
  ): WorkspaceSnapshot => {
    const checkIns = new Map<string, CheckIn>();
    for (const list of Object.values(checkInRecordsByKeyResult)) for (const c of list) checkIns.set(c.id, c);
    return {
      // Every root the journal does not use reads as empty, so this lists only the ones it does.
      ...EMPTY,
      meta: meta ?? EMPTY.meta,
      objectives: new Map(Object.entries(objectives)),
      keyResults: new Map(Object.entries(keyResults)),
      checkIns,
      questions: new Map(Object.entries(questions)),
      decisions: new Map(Object.entries(decisions)),
      alignment,
      journalEntries: new Map(Object.entries(journalEntries)),
      problems: [],
    };
  },
);

/**
 * The journal's queries (timeline, search) read a WorkspaceSnapshot; this
 * builds one from the projection, again only when the records it uses change.
 * Journals are personal and small, so rebuilding the maps is cheap.
 */
export function selectJournalSnapshot(state: WorkspaceState): WorkspaceSnapshot {
  const { meta, objectives, keyResults, checkInRecordsByKeyResult, decisions, questions, journalEntries, alignment } = state;
  return snapshotOf(meta, objectives, keyResults, checkInRecordsByKeyResult, decisions, questions, journalEntries, alignment);
}

/**
 * Copies selected objectives (and their KRs, questions and, if asked, check-ins)
 * from the open journal into a team workspace on this device. The target is
 * written in its stored copy; it syncs with its team the next time it is open
 * in a workshop. The journal keeps its own copy, untouched.
 */
export async function shareJournalTo(journal: WorkspaceSnapshot, targetId: string, selection: ShareSelection): Promise<ShareResult> {
  const target = useLibrary.getState().entries.find((e) => e.id === targetId && e.deletedAt === null);
  if (!target) throw new CommandError('That workspace is no longer on this device.', 'target');
  const actor = await nameToSignWith();
  return withStoredDoc(targetId, (doc) => shareToWorkspace(journal, localContext(doc, actor), selection));
}
