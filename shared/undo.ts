import * as Y from 'yjs';
import { UNDO_ROOT_NAMES } from './schema/roots';
import { LOCAL_ORIGIN, UNDO_REPAIR_ORIGIN } from './origins';
import { createUndoGuard, type UndoGuard } from './undoGuard';
import { completedFrom, rememberEntity, rememberWorkspace, removedSince, restoreMissingFields, type BeforeRevert, type RememberedEntity } from './undoRepair';

/** Typing changes only Y.Text; anything else (add, delete, check in, decide…) is a discrete action. */
function isDiscrete(transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return true;
  return false;
}

type StackItem = Y.UndoManager['undoStack'][number];

/** The roots Ctrl+Z tracks: the header and every root the table of roots (schema/roots.ts) puts in the undo scope. */
const UNDO_SCOPE: readonly string[] = ['meta', ...UNDO_ROOT_NAMES];

/** Where a step made by a revert keeps the entities that revert removed, as they were (undoRepair.ts). */
const REMOVED = 'cairn:removed';
/** Where a step keeps the entities it created or brought back, as they were then. */
const CREATED = 'cairn:created';

/** The part of Yjs's stack-item event this module reads. */
interface StackItemEvent {
  stackItem: StackItem;
  changedParentTypes: ReadonlyMap<unknown, readonly { target: unknown; keys: ReadonlyMap<string, { action: string }> }[]>;
}

const remembered = (step: StackItem | null | undefined, key: string) => (step?.meta.get(key) as RememberedEntity[] | undefined) ?? [];

/**
 * Y.UndoManager whose undo and redo never leave a field without a value and
 * never remove an entity something refers to (see undoGuard.ts).
 */
class WorkspaceUndoManager extends Y.UndoManager {
  /** The workspace as the running revert found it; null between reverts. */
  private before: BeforeRevert | null = null;
  /** The step the running revert pops (the top of its stack). */
  private popping: StackItem | null = null;
  private readonly rootNames: ReadonlyMap<unknown, string>;

  constructor(
    scope: ConstructorParameters<typeof Y.UndoManager>[0],
    private readonly guard: UndoGuard,
  ) {
    super(scope, { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 500, deleteFilter: (item) => guard.allowDelete(item) });
    this.rootNames = new Map(UNDO_SCOPE.map((name) => [this.doc.getMap(name), name]));
    this.on('stack-item-added', (event) => this.remember(event));
  }

  /**
   * A new step remembers the entities it created; a revert's own transaction
   * (a step on the opposite stack) remembers those the revert removed,
   * completed from how the popped step created them, and those it brought back.
   */
  private remember({ stackItem, changedParentTypes }: StackItemEvent): void {
    if (this.before) {
      stackItem.meta.set(REMOVED, completedFrom(removedSince(this.before, this.doc), remembered(this.popping, CREATED)));
      stackItem.meta.set(CREATED, remembered(this.popping, REMOVED));
      return;
    }
    const created: RememberedEntity[] = [];
    for (const [type, events] of changedParentTypes) {
      const rootName = this.rootNames.get(type);
      if (rootName === undefined || rootName === 'meta') continue;
      for (const event of events) {
        if (event.target !== type) continue;
        for (const [id, change] of event.keys) {
          const entity = this.doc.getMap(rootName).get(id);
          if (change.action === 'add' && entity instanceof Y.Map) created.push(rememberEntity(rootName, id, entity));
        }
      }
    }
    stackItem.meta.set(CREATED, created);
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
    this.popping = stack.at(-1) ?? null;
    let step: StackItem | null;
    try {
      step = this.guard.during(stack, pop);
    } finally {
      this.before = null;
      this.popping = null;
    }
    // Entities the step brings back get their fields as they were when removed; everything else as before the revert.
    const broughtBack = remembered(step, REMOVED);
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
    UNDO_SCOPE.map((name) => doc.getMap(name)),
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
