import * as Y from 'yjs';
import { ROOT_MAPS } from './schema/doc';
import { LOCAL_ORIGIN } from './origins';

/**
 * Undo/redo of this user's own edits only: remote updates, imports and
 * migrations carry other origins and are never reverted by Ctrl+Z.
 * Keystrokes within half a second form one undo step.
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  const scope = Object.values(ROOT_MAPS).map((name) => doc.getMap(name));
  return new Y.UndoManager(scope, { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 500 });
}
