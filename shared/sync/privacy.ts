import type * as Y from 'yjs';
import { metaMap } from '../schema/doc';
import { fixedKindOf } from '../schema/fixedFacts';

/** Thrown when something tries to sync a workspace that must stay on this device. */
export class PrivateWorkspaceError extends Error {
  override name = 'PrivateWorkspaceError';
}

/**
 * Whether the document is a personal journal: the one test every privacy
 * check makes. Private in every direction: when the kind this device fixed
 * (fixedFacts.ts) is 'journal', whatever the document says since; and when
 * the document says 'journal', whatever was fixed, because the update that
 * said so may have brought a journal's entries with it (a merged file) and
 * nothing tells that apart from a peer's stray write. Such a workspace keeps
 * its fixed kind everywhere else (readers report the change), and
 * `restoreWorkspaceKind` writes it back, after which it syncs again.
 */
export function isPrivate(doc: Y.Doc): boolean {
  return fixedKindOf(doc) === 'journal' || metaMap(doc).get('kind') === 'journal';
}

/** Whether the document says 'journal' about a workspace this device knows as another kind. */
export function isKindDisputed(doc: Y.Doc): boolean {
  const fixed = fixedKindOf(doc);
  return fixed !== undefined && fixed !== 'journal' && metaMap(doc).get('kind') === 'journal';
}

/**
 * The one gate every sync path goes through: a personal journal is private
 * and is never attached to any provider, whatever the caller asks.
 */
export function assertShareable(doc: Y.Doc): void {
  if (isKindDisputed(doc)) {
    throw new PrivateWorkspaceError(
      `This ${fixedKindOf(doc)} workspace was marked as a personal journal by a later change, so it is not synced. Restore its kind (Restore the workspace kind) to share it again.`,
    );
  }
  if (isPrivate(doc)) {
    throw new PrivateWorkspaceError('A personal journal is private: it is never shared or synced with anyone.');
  }
}
