import type * as Y from 'yjs';
import { fixedKindOf } from '../schema/fixedFacts';
import { rootMap } from '../schema/roots';

/** Thrown when something tries to sync a workspace that must stay on this device. */
export class PrivateWorkspaceError extends Error {
  override name = 'PrivateWorkspaceError';
}

/**
 * Whether the document is a personal journal: the one test every privacy
 * check makes. It asks the kind this device fixed (fixedFacts.ts: from the
 * library, the file header, the command that created it, or what the
 * document said when this device first saw it), never what the document says
 * since. So a journal stays private whatever a later write says, and a team
 * workspace that a peer or a file marks as a journal stays a team workspace
 * and keeps syncing: the write is reported by the readers and ignored (a
 * journal's own content can never be in it: journals never sync and their
 * ids never leave the device), and `restoreWorkspaceKind` writes the kind back.
 */
export function isPrivate(doc: Y.Doc): boolean {
  return fixedKindOf(doc) === 'journal';
}

/** Whether the document says another kind than the one this device fixed (a later write, reported and ignored). */
export function isKindDisputed(doc: Y.Doc): boolean {
  const fixed = fixedKindOf(doc);
  const says = rootMap(doc, 'meta').get('kind');
  return fixed !== undefined && says !== fixed;
}

/**
 * The one gate every sync path goes through: a personal journal is private
 * and is never attached to any provider, whatever the caller asks.
 */
export function assertShareable(doc: Y.Doc): void {
  if (isPrivate(doc)) {
    throw new PrivateWorkspaceError('A personal journal is private: it is never shared or synced with anyone.');
  }
}
