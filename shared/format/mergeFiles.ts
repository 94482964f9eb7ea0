import * as Y from 'yjs';
import { workspaceToFile, type LoadedWorkspaceFile } from './workspaceFile';

/** Two files that are not copies of one workspace: merging them would mix two teams' OKRs. */
export class MergeRefused extends Error {
  override name = 'MergeRefused';
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
  const doc = new Y.Doc();
  try {
    for (const copy of copies) Y.applyUpdate(doc, copy.update);
    return workspaceToFile(doc, appVersion, savedAt);
  } finally {
    doc.destroy();
  }
}
