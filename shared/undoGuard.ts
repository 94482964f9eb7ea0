import * as Y from 'yjs';
import { ROOT_MAPS } from './schema/doc';
import { isReferencedElsewhere } from './references';

/*
 * What an undo or redo may delete. Yjs's UndoManager asks `deleteFilter`
 * before it deletes each item of the step it reverts, inside the revert's
 * own transaction; answering "no" keeps the item, and whatever the filter
 * writes is part of the same step, so the opposite command (redo after undo)
 * reverts it too.
 *
 * Two deletions are refused:
 *
 * 1. The last value of a field that had a value before the step. Yjs deletes
 *    the user's value and then declines to restore the older one when a peer
 *    wrote the same key concurrently ("it conflicts with a change from
 *    another client"), which leaves the key with no value at all: a cycle
 *    without dates, an objective without an order (hidden), a team without a
 *    name. Keeping the value finishes what Yjs intended: a field a peer
 *    changed concurrently is left as it is.
 * 2. An entity the step created that someone's record now refers to (a
 *    teammate's check-in on the KR being un-added). It is soft-deleted
 *    instead, so it shows in Deleted items with what refers to it.
 */

/** Root maps whose entities carry a soft delete, and the fields it sets (see shared/schema). */
type SoftDeleteField = 'deletedAt' | 'deletedBy';
const SOFT_DELETE_FIELDS: ReadonlyMap<string, readonly SoftDeleteField[]> = new Map<string, readonly SoftDeleteField[]>([
  ...[
    ROOT_MAPS.objectives,
    ROOT_MAPS.keyResults,
    ROOT_MAPS.initiatives,
    ROOT_MAPS.rollouts,
    ROOT_MAPS.rolloutStages,
    ROOT_MAPS.readinessGates,
    ROOT_MAPS.teams,
    ROOT_MAPS.objectiveTeams,
    ROOT_MAPS.northStars,
    ROOT_MAPS.alignments,
    ROOT_MAPS.dependencies,
    ROOT_MAPS.journalEntries,
  ].map((name): [string, readonly SoftDeleteField[]] => [name, ['deletedAt', 'deletedBy']]),
  [ROOT_MAPS.questions, ['deletedAt']],
]);

/** `root/id`: how an entity is named across the steps that create and remove it. */
export const entityKey = (rootName: string, id: string) => `${rootName}/${id}`;

export interface UndoGuard {
  /** The deleteFilter for Y.UndoManager. */
  allowDelete: (item: Y.Item) => boolean;
  /**
   * Runs one undo or redo. `created` names the entities the steps it may
   * revert created (entityKey); only those can be kept as soft-deleted.
   */
  during: <T>(created: ReadonlySet<string>, revert: () => T) => T;
}

export interface GuardOptions {
  /** Who is undoing: recorded as deletedBy on an entity kept as soft-deleted. */
  actor: () => string;
  now: () => number;
}

/** The item's key would be left with no value, though it had one before the step. */
function wouldLeaveKeyEmpty(item: Y.Item): boolean {
  return !item.deleted && item.right === null && item.left !== null;
}

export function createUndoGuard(doc: Y.Doc, options: GuardOptions): UndoGuard {
  const rootNames = new Map<unknown, string>(Object.values(ROOT_MAPS).map((name) => [doc.getMap(name), name]));
  let created: ReadonlySet<string> = new Set();
  /** Per revert: entityKey → kept as soft-deleted. */
  const kept = new Map<string, boolean>();

  /** Keeps the entity (soft-deleted) when the revert would remove it while something refers to it. */
  function keepsEntity(rootName: string, id: string): boolean {
    const fields = SOFT_DELETE_FIELDS.get(rootName);
    const key = entityKey(rootName, id);
    if (!fields || !created.has(key)) return false;
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
  function entityAround(type: Y.AbstractType<unknown>): { rootName: string; entity: Y.AbstractType<unknown> } | null {
    for (let t: Y.AbstractType<unknown> | null = type; t !== null; t = t.parent) {
      const rootName = t.parent === null ? undefined : rootNames.get(t.parent);
      if (rootName !== undefined) return rootName === ROOT_MAPS.meta ? null : { rootName, entity: t };
    }
    return null;
  }

  function allowDelete(item: Y.Item): boolean {
    const parent = item.parent;
    const key = item.parentSub;
    if (!(parent instanceof Y.AbstractType)) return true;
    const rootName = rootNames.get(parent);
    if (rootName === ROOT_MAPS.meta) return key === null || !wouldLeaveKeyEmpty(item);
    if (rootName !== undefined) return key === null || !keepsEntity(rootName, key);
    const around = entityAround(parent);
    if (around === null) return true;
    const id = around.entity instanceof Y.Map ? around.entity.get('id') : undefined;
    // Everything inside an entity that is kept stays: its fields, their text, its links.
    if (typeof id === 'string' && keepsEntity(around.rootName, id)) return false;
    // A field of an entity; deeper maps (an initiative's links, a stage's cohorts) are sets, where absent means "not in it".
    if (key !== null && around.entity === parent) return !wouldLeaveKeyEmpty(item);
    return true;
  }

  function during<T>(steps: ReadonlySet<string>, revert: () => T): T {
    created = steps;
    kept.clear();
    try {
      return revert();
    } finally {
      created = new Set();
      kept.clear();
    }
  }

  return { allowDelete, during };
}
