import * as Y from 'yjs';
import { ROOT_MAPS } from './schema/doc';
import { LOCAL_ORIGIN, UNDO_REPAIR_ORIGIN } from './origins';
import { createUndoGuard, type UndoGuard } from './undoGuard';
import { rememberWorkspace, removedSince, restoreMissingFields, type BeforeRevert, type RememberedEntity } from './undoRepair';

/** Typing changes only Y.Text; anything else (add, delete, check in, decide…) is a discrete action. */
function isDiscrete(transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return true;
  return false;
}

type StackItem = Y.UndoManager['undoStack'][number];

/** Where a step made by a revert keeps the entities that revert removed (undoRepair.ts). */
const REMOVED = 'cairn:removed';

/**
 * Y.UndoManager whose undo and redo never leave a field without a value and
 * never remove an entity something refers to (see undoGuard.ts).
 */
class WorkspaceUndoManager extends Y.UndoManager {
  /** The workspace as the running revert found it; null between reverts. */
  private before: BeforeRevert | null = null;

  constructor(
    scope: ConstructorParameters<typeof Y.UndoManager>[0],
    private readonly guard: UndoGuard,
  ) {
    super(scope, { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 500, deleteFilter: (item) => guard.allowDelete(item) });
    // A revert's own transaction becomes a step on the opposite stack: it carries the entities the revert removed.
    this.on('stack-item-added', ({ stackItem }) => {
      if (this.before) stackItem.meta.set(REMOVED, removedSince(this.before, this.doc));
    });
  }

  override undo(): ReturnType<Y.UndoManager['undo']> {
    return this.revert(this.undoStack, () => super.undo());
  }

  override redo(): ReturnType<Y.UndoManager['redo']> {
    return this.revert(this.redoStack, () => super.redo());
  }

  private revert(stack: readonly StackItem[], pop: () => StackItem | null): StackItem | null {
    if (stack.length === 0) return null;
    const before = rememberWorkspace(this.doc);
    this.before = before;
    let step: StackItem | null;
    try {
      step = this.guard.during(stack, pop);
    } finally {
      this.before = null;
    }
    // Entities the step brings back get their fields as they were when removed; everything else as before the revert.
    const broughtBack = (step?.meta.get(REMOVED) as RememberedEntity[] | undefined) ?? [];
    if (step) restoreMissingFields(this.doc, [...broughtBack, ...before.entities.values()], before.meta, UNDO_REPAIR_ORIGIN);
    return step;
  }
}

export interface UndoOptions {
  /** The person undoing, recorded as deletedBy when an undo keeps an entity as soft-deleted. */
  actor?: () => string;
  now?: () => number;
}

/**
 * Undo/redo of this user's own edits only: remote updates, imports and
 * migrations carry other origins and are never reverted by Ctrl+Z.
 * Keystrokes within half a second form one undo step; a discrete action
 * (adding, deleting, checking in, deciding…) is always a step of its own, so
 * Ctrl+Z right after a delete undoes the delete and nothing before it.
 */
export function createUndoManager(doc: Y.Doc, options: UndoOptions = {}): Y.UndoManager {
  const guard = createUndoGuard(doc, { actor: options.actor ?? (() => ''), now: options.now ?? Date.now });
  const manager = new WorkspaceUndoManager(
    Object.values(ROOT_MAPS).map((name) => doc.getMap(name)),
    guard,
  );
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
