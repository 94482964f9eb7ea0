import * as Y from 'yjs';
import { ROOT_MAPS } from './schema/doc';
import { LOCAL_ORIGIN } from './origins';
import { createUndoGuard, entityKey, type UndoGuard } from './undoGuard';

/** Typing changes only Y.Text; anything else (add, delete, check in, decide…) is a discrete action. */
function isDiscrete(transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return true;
  return false;
}

/** Where a step records the entities it created (entityKey), for the guard. */
const CREATED = 'cairn:created';

type StackItem = Y.UndoManager['undoStack'][number];

/** The part of Yjs's stack-item event this module reads. */
interface StackItemEvent {
  stackItem: StackItem;
  changedParentTypes: ReadonlyMap<unknown, readonly { target: unknown; keys: ReadonlyMap<string, { action: string }> }[]>;
}

/** The entities a transaction added to the root maps, recorded on the step it became part of. */
function recordCreated(rootNames: ReadonlyMap<unknown, string>, { stackItem, changedParentTypes }: StackItemEvent): void {
  const created = (stackItem.meta.get(CREATED) as Set<string> | undefined) ?? new Set<string>();
  for (const [type, events] of changedParentTypes) {
    const rootName = rootNames.get(type);
    if (rootName === undefined || rootName === ROOT_MAPS.meta) continue;
    for (const event of events) {
      if (event.target !== type) continue;
      for (const [key, change] of event.keys) if (change.action === 'add') created.add(entityKey(rootName, key));
    }
  }
  stackItem.meta.set(CREATED, created);
}

function createdBy(stack: readonly StackItem[]): Set<string> {
  const out = new Set<string>();
  for (const item of stack) for (const key of (item.meta.get(CREATED) as Set<string> | undefined) ?? []) out.add(key);
  return out;
}

/**
 * Y.UndoManager whose undo and redo never leave a field without a value and
 * never remove an entity something refers to (see undoGuard.ts).
 */
class WorkspaceUndoManager extends Y.UndoManager {
  constructor(
    scope: ConstructorParameters<typeof Y.UndoManager>[0],
    private readonly guard: UndoGuard,
  ) {
    super(scope, { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 500, deleteFilter: (item) => guard.allowDelete(item) });
  }

  // A revert that changes nothing drops its step and goes on to the next one, so the whole stack counts.
  override undo(): ReturnType<Y.UndoManager['undo']> {
    return this.guard.during(createdBy(this.undoStack), () => super.undo());
  }

  override redo(): ReturnType<Y.UndoManager['redo']> {
    return this.guard.during(createdBy(this.redoStack), () => super.redo());
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
  const roots = Object.values(ROOT_MAPS).map((name) => [doc.getMap(name), name] as const);
  const rootNames = new Map<unknown, string>(roots);
  const guard = createUndoGuard(doc, { actor: options.actor ?? (() => ''), now: options.now ?? Date.now });
  const manager = new WorkspaceUndoManager(
    roots.map(([map]) => map),
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
  manager.on('stack-item-added', (event) => recordCreated(rootNames, event));
  manager.on('stack-item-updated', (event) => recordCreated(rootNames, event));
  return manager;
}
