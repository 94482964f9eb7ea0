import * as Y from 'yjs';
import { THRESHOLD_KEY_PREFIX } from './schema/doc';
import { RECORD_ROOT_NAMES, rootMap } from './schema/roots';

/*
 * The safety net after an undo or redo: every field there before is there
 * after. The guard (undoGuard.ts) keeps fields inside the revert itself; what
 * Yjs fails to restore is written back here, right after:
 *
 * - An entity the revert brings back (redo of "add key result"): Yjs restores
 *   each field separately and skips one a peer wrote while the entity was
 *   gone ("it conflicts with a change from another client"), so it came back
 *   without, say, its order, and was hidden. When a revert removes an entity
 *   its fields are remembered with the opposite step; when that step brings
 *   it back, missing fields are written from what was remembered.
 * - Any other field of an entity, or workspace setting, that had a value
 *   before the revert and has none after.
 *
 * The written values are the ones seen before (or when removed), so the
 * entity reads as it did; a peer's concurrent value Yjs dropped stays dropped.
 */

/** A field's value as remembered: plain values as they are; co-edited text and link sets by content. */
export type RememberedValue = { plain: unknown } | { text: string } | { set: [string, unknown][] };

/** An entity's fields as they were, with where it lives. */
export interface RememberedEntity {
  rootName: string;
  id: string;
  fields: [string, RememberedValue][];
}

/** The whole workspace's entities and settings, as a revert starts. */
export interface BeforeRevert {
  entities: Map<string, RememberedEntity>;
  meta: [string, RememberedValue][];
}

function remember(value: unknown): RememberedValue {
  if (value instanceof Y.Text) return { text: value.toString() };
  if (value instanceof Y.Map) return { set: [...value.entries()] };
  return { plain: value };
}

function recreate(value: RememberedValue): unknown {
  if ('text' in value) return new Y.Text(value.text);
  if ('set' in value) {
    const map = new Y.Map<unknown>();
    for (const [key, entry] of value.set) map.set(key, entry);
    return map;
  }
  return value.plain;
}

const fieldsOf = (map: Y.Map<unknown>): [string, RememberedValue][] => [...map.entries()].map(([key, value]) => [key, remember(value)]);

export function rememberEntity(rootName: string, id: string, entity: Y.Map<unknown>): RememberedEntity {
  return { rootName, id, fields: fieldsOf(entity) };
}

/**
 * `removed`, each entity's fields completed from `earlier` (how the same
 * entity was when created or last brought back): a field that was missing
 * at removal (a peer's update not yet integrated, its old value already
 * deleted) still has a value to come back with.
 */
export function completedFrom(removed: readonly RememberedEntity[], earlier: readonly RememberedEntity[]): RememberedEntity[] {
  const byKey = new Map(earlier.map((e) => [`${e.rootName}/${e.id}`, e]));
  return removed.map((entity) => {
    const before = byKey.get(`${entity.rootName}/${entity.id}`);
    if (!before) return entity;
    const known = new Set(entity.fields.map(([key]) => key));
    return { ...entity, fields: [...entity.fields, ...before.fields.filter(([key]) => !known.has(key))] };
  });
}

/** Every entity (a Y.Map in a root map) and every setting; plain records (check-ins…) have no fields to lose. */
export function rememberWorkspace(doc: Y.Doc): BeforeRevert {
  const entities = new Map<string, RememberedEntity>();
  for (const rootName of RECORD_ROOT_NAMES) {
    doc.getMap(rootName).forEach((entity, id) => {
      if (entity instanceof Y.Map) entities.set(`${rootName}/${id}`, rememberEntity(rootName, id, entity));
    });
  }
  return { entities, meta: fieldsOf(rootMap(doc, 'meta')) };
}

/** The remembered entities that no longer exist: what the revert removed. */
export function removedSince(before: BeforeRevert, doc: Y.Doc): RememberedEntity[] {
  return [...before.entities.values()].filter(({ rootName, id }) => !(doc.getMap(rootName).get(id) instanceof Y.Map));
}

function writeMissing(map: Y.Map<unknown>, fields: readonly [string, RememberedValue][], skip: (key: string) => boolean = () => false): number {
  let written = 0;
  for (const [key, value] of fields) {
    if (map.has(key) || skip(key)) continue;
    map.set(key, recreate(value));
    written += 1;
  }
  return written;
}

/**
 * Writes back the fields that existing entities lack (from `entities`, in
 * order: the first remembered value of an entity wins) and the settings meta
 * lacks, in one transaction of `origin`. Returns how many were written.
 */
export function restoreMissingFields(doc: Y.Doc, entities: readonly RememberedEntity[], meta: readonly [string, RememberedValue][], origin: unknown): number {
  let written = 0;
  doc.transact(() => {
    for (const { rootName, id, fields } of entities) {
      const entity = doc.getMap(rootName).get(id);
      if (entity instanceof Y.Map) written += writeMissing(entity, fields);
    }
    // A signal threshold the reverted step set for the first time goes: absent means the default.
    written += writeMissing(rootMap(doc, 'meta'), meta, (key) => key.startsWith(THRESHOLD_KEY_PREFIX));
  }, origin);
  return written;
}
