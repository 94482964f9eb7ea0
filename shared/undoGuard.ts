import * as Y from 'yjs';
import { isReferencedElsewhere } from './references';
import { ROOT_NAMES, type RecordRootName, type RootName } from './schema/roots';

/*
 * What an undo or redo may delete. Yjs's UndoManager asks `deleteFilter`
 * before it deletes each item of the step it reverts, inside the revert's
 * own transaction; answering "no" keeps the item, and whatever the filter
 * writes is part of the same step, so the opposite command (redo after undo)
 * reverts it too.
 *
 * Refused:
 *
 * 1. The last value of a field of an entity that stays. Yjs deletes the
 *    user's value and then declines to restore the older one when a peer
 *    wrote the same key concurrently ("it conflicts with a change from
 *    another client"), which leaves the key with no value at all: an
 *    objective without an order (hidden), a team without a name. Keeping the
 *    value finishes what Yjs intended: a field a peer changed concurrently is
 *    left as it is. A field the step added (a metric's direction when a
 *    milestone became a metric) stays too: a record's fields belong together,
 *    and removing one while a peer's concurrent write keeps another (the kind)
 *    would break the record; an unused field is harmless.
 * 2. The last value of a workspace setting (meta) that had one before the
 *    step, for the same reason: cycle dates. Settings are independent, so a
 *    setting the step added (a signal threshold) may go.
 * 3. An entity the step created that some record now refers to (a
 *    teammate's check-in on the KR being un-added), and everything in it. It
 *    is soft-deleted instead, so it shows in Deleted items with what refers
 *    to it; redo reverts the soft delete with the rest of the step.
 */

/**
 * The fields a soft delete sets, per root map (see shared/schema); none for
 * roots of append-only records, which are never deleted. A root missing here
 * is a compile error: a new root says whether undo must keep its entities.
 */
type SoftDeleteField = 'deletedAt' | 'deletedBy';
const BY_WHOM: readonly SoftDeleteField[] = ['deletedAt', 'deletedBy'];
const SOFT_DELETE_FIELDS: { readonly [K in RecordRootName]: readonly SoftDeleteField[] } = {
  objectives: BY_WHOM,
  keyResults: BY_WHOM,
  checkIns: [],
  questions: ['deletedAt'],
  initiatives: BY_WHOM,
  decisions: [],
  scores: [],
  retrospectives: [],
  changes: [],
  checkpoints: [],
  sessions: [],
  rollouts: BY_WHOM,
  rolloutStages: BY_WHOM,
  readinessGates: BY_WHOM,
  teams: BY_WHOM,
  objectiveTeams: BY_WHOM,
  northStars: BY_WHOM,
  alignments: BY_WHOM,
  dependencies: BY_WHOM,
  overlapDecisions: [],
  journalEntries: BY_WHOM,
  people: BY_WHOM,
  draftRounds: [],
  revealedDrafts: [],
  draftClusters: BY_WHOM,
  facilitation: [],
  agendaStages: [],
  attendance: [],
  votes: [],
  ballots: [],
};

type StackItem = Y.UndoManager['undoStack'][number];

export interface UndoGuard {
  /** The deleteFilter for Y.UndoManager. */
  allowDelete: (item: Y.Item) => boolean;
  /**
   * Runs one undo or redo; `stack` is the stack it pops from, as it was
   * before (a step that changes nothing is dropped and the next one reverted).
   */
  during: <T>(stack: readonly StackItem[], revert: () => T) => T;
}

export interface GuardOptions {
  /** Who is undoing: recorded as deletedBy on an entity kept as soft-deleted. */
  actor: () => string;
  now: () => number;
}

/** Deleting the item would leave its key with no value. */
const isCurrentValue = (item: Y.Item) => !item.deleted && item.right === null;

/** The id of the item that holds a nested type (a relative position names it; Yjs offers no other public way). */
function itemIdOf(type: Parameters<typeof Y.createRelativePositionFromTypeIndex>[0]): Y.ID | null {
  return Y.createRelativePositionFromTypeIndex(type, 0).type;
}

export function createUndoGuard(doc: Y.Doc, options: GuardOptions): UndoGuard {
  const rootNames = new Map<unknown, RootName>(ROOT_NAMES.map((name) => [doc.getMap(name), name]));
  let stack: readonly StackItem[] = [];
  /** The step being reverted: the one whose insertions hold the items asked about. */
  let step: StackItem | null = null;
  /** Per revert: `root/id` → kept as soft-deleted. */
  const kept = new Map<string, boolean>();
  function stepOf(item: Y.Item): StackItem | null {
    if (step && Y.isDeleted(step.insertions, item.id)) return step;
    step = stack.find((s) => Y.isDeleted(s.insertions, item.id)) ?? null;
    return step;
  }

  /** Keeps the entity (soft-deleted) when the revert would remove it while something refers to it. */
  function keepsEntity(rootName: RootName, id: string): boolean {
    const fields = rootName === 'meta' ? [] : SOFT_DELETE_FIELDS[rootName];
    if (fields.length === 0) return false;
    const key = `${rootName}/${id}`;
    const known = kept.get(key);
    if (known !== undefined) return known;
    const keep = isReferencedElsewhere(doc, rootName, id);
    kept.set(key, keep);
    const entity = doc.getMap(rootName).get(id);
    if (keep && entity instanceof Y.Map && entity.get('deletedAt') == null) {
      entity.set('deletedAt', options.now());
      if (fields.includes('deletedBy')) entity.set('deletedBy', options.actor());
    }
    return keep;
  }

  /** The entity (a direct child of a root map other than meta) that `type` is or lies inside, with its root's name. */
  function entityAround(type: Y.AbstractType<unknown>): { rootName: RootName; entity: Y.AbstractType<unknown> } | null {
    for (let t: Y.AbstractType<unknown> | null = type; t !== null; t = t.parent) {
      const rootName = t.parent === null ? undefined : rootNames.get(t.parent);
      if (rootName !== undefined) return rootName === 'meta' ? null : { rootName, entity: t };
    }
    return null;
  }

  function allowDelete(item: Y.Item): boolean {
    const parent = item.parent;
    const key = item.parentSub;
    if (!(parent instanceof Y.AbstractType)) return true;
    const rootName = rootNames.get(parent);
    // Meta's fields are independent settings: one that had a value before the step keeps one.
    if (rootName === 'meta') return key === null || !(isCurrentValue(item) && item.left !== null);
    // An entity the step created: removed, unless something refers to it.
    if (rootName !== undefined) {
      return key === null || !keepsEntity(rootName, key);
    }
    const around = entityAround(parent);
    if (around === null) return true;
    const entityId = itemIdOf(around.entity);
    const removing = entityId !== null && Y.isDeleted(stepOf(item)?.insertions ?? Y.createDeleteSet(), entityId);
    if (removing) {
      const id = around.entity instanceof Y.Map ? around.entity.get('id') : undefined;
      // Everything inside an entity that is kept stays: its fields, their text, its links.
      return !(typeof id === 'string' && keepsEntity(around.rootName, id));
    }
    // A surviving entity never loses a field: its fields belong together (a metric KR's kind and
    // direction), and reverting one while a peer's concurrent write keeps the other breaks the record.
    if (key !== null && around.entity === parent) return !isCurrentValue(item);
    // Deeper maps (an initiative's links, a stage's cohorts) are sets, where absent means "not in it"; text is text.
    return true;
  }

  function reset(): void {
    stack = [];
    step = null;
    kept.clear();
  }

  function during<T>(reverting: readonly StackItem[], revert: () => T): T {
    reset();
    stack = [...reverting];
    try {
      return revert();
    } finally {
      reset();
    }
  }

  return { allowDelete, during };
}
