import * as Y from 'yjs';
import { workspaceToFile, type LoadedWorkspaceFile } from './workspaceFile';

/** Two files that are not copies of one workspace: merging them would mix two teams' OKRs. */
export class MergeRefused extends Error {
  override name = 'MergeRefused';
}

function kindOf(copy: LoadedWorkspaceFile): string {
  return copy.snapshot.meta?.kind ?? copy.header.kind;
}

/**
 * A personal journal merges only with copies of itself, as the library's
 * journal guard has it: a file claiming a journal's id with another kind
 * would otherwise turn the journal into a workspace that syncs.
 */
function refuseJournalMixedWithOtherKinds(copies: readonly LoadedWorkspaceFile[]): void {
  const journal = copies.find((copy) => kindOf(copy) === 'journal');
  const other = copies.find((copy) => kindOf(copy) !== 'journal');
  if (journal && other) {
    throw new MergeRefused(
      `“${journal.snapshot.meta?.title ?? journal.header.title}” is a personal journal and the other copy is a ${kindOf(other)} workspace with its id; a journal merges only with copies of itself, so nothing was merged.`,
    );
  }
}

/**
 * Merges copies of one workspace (say, two laptops' `.cairn` files after a
 * week apart): the result is exactly what syncing them live would give, since
 * both are CRDT states of the same document. Loaded into a document and
 * re-encoded, not Y.mergeUpdates, which is slow on long histories.
 */
export function mergeWorkspaceCopies(copies: readonly LoadedWorkspaceFile[], appVersion: string, savedAt: number): Uint8Array {
  const [first, ...rest] = copies;
  if (!first) throw new MergeRefused('Nothing to merge: give at least one file.');
  for (const copy of rest) {
    if (copy.header.workspaceId !== first.header.workspaceId) {
      throw new MergeRefused(
        `“${copy.snapshot.meta?.title ?? copy.header.title}” and “${first.snapshot.meta?.title ?? first.header.title}” are different workspaces (${copy.header.workspaceId} and ${first.header.workspaceId}); merge copies of one workspace, or combine two teams' workspaces in the app (Teams → Combine).`,
      );
    }
  }
  refuseJournalMixedWithOtherKinds(copies);
  const doc = new Y.Doc();
  try {
    for (const copy of copies) Y.applyUpdate(doc, copy.update);
    return workspaceToFile(doc, appVersion, savedAt);
  } finally {
    doc.destroy();
  }
}
