import * as Y from 'yjs';
import { RECORD_ROOT_NAMES } from './schema/roots';

/*
 * Whether anything stored refers to an id. Ids are random, so a field equal
 * to one (or a list, link set, answer record or overlap pair holding it) is a
 * reference; no table of which field points where is needed, and a field
 * added later is covered without changing this file.
 */

/** Nested plain values are looked into this deep (a check-in's answers, a copy's sharedFrom). */
const MAX_DEPTH = 2;

function mentions(value: unknown, id: string, depth: number): boolean {
  if (value === id) return true;
  if (typeof value === 'string') return value.includes(':') && value.split(':').includes(id); // an overlap pair key
  if (value instanceof Y.Map) return value.has(id) || (depth < MAX_DEPTH && [...value.values()].some((v) => mentions(v, id, depth + 1)));
  if (value instanceof Y.AbstractType || typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((v) => mentions(v, id, depth + 1));
  return Object.hasOwn(value, id) || Object.values(value).some((v) => mentions(v, id, depth + 1));
}

/** True when a record other than the one stored under `id` in `rootName` refers to `id`. */
export function isReferencedElsewhere(doc: Y.Doc, rootName: string, id: string): boolean {
  for (const name of RECORD_ROOT_NAMES) {
    let found = false;
    doc.getMap(name).forEach((record, key) => {
      if (!found && !(name === rootName && key === id) && mentions(record, id, 0)) found = true;
    });
    if (found) return true;
  }
  return false;
}
