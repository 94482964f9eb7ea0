import type * as Y from 'yjs';
import { metaMap } from '../schema/doc';

/** Thrown when something tries to sync a workspace that must stay on this device. */
export class PrivateWorkspaceError extends Error {
  override name = 'PrivateWorkspaceError';
}

/** Whether the document is a personal journal: the one test every privacy check makes. */
export function isPrivate(doc: Y.Doc): boolean {
  return metaMap(doc).get('kind') === 'journal';
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
