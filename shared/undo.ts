import * as Y from 'yjs';
import { ROOT_MAPS } from './schema/doc';
import { LOCAL_ORIGIN } from './origins';

/** Typing changes only Y.Text; anything else (add, delete, check in, decide…) is a discrete action. */
function isDiscrete(transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return true;
  return false;
}

/**
 * Undo/redo of this user's own edits only: remote updates, imports and
 * migrations carry other origins and are never reverted by Ctrl+Z.
 * Keystrokes within half a second form one undo step; a discrete action
 * (adding, deleting, checking in, deciding…) is always a step of its own, so
 * Ctrl+Z right after a delete undoes the delete and nothing before it.
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  const scope = Object.values(ROOT_MAPS).map((name) => doc.getMap(name));
  const manager = new Y.UndoManager(scope, { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 500 });
  let previousWasDiscrete = false;
  // Runs before the manager decides whether to merge this transaction into the last step.
  manager.captureTransaction = (transaction) => {
    const discrete = isDiscrete(transaction);
    if (discrete || previousWasDiscrete) manager.stopCapturing();
    previousWasDiscrete = discrete;
    return true;
  };
  return manager;
}
