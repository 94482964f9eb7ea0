import * as Y from 'yjs';
import { RECORD_ROOT_NAMES, ROOT_NAMES, ROOT_TABLE, rootMap } from '../../shared/schema/roots';

/**
 * Where a document departs from the table of roots (shared/schema/roots.ts),
 * one line each: a root map the table does not name (a root written in one
 * place only), or a record not in its root's shape (a Y.Map in a root of plain
 * records, or a plain value where entities are Y.Maps).
 */
export function layoutFailures(doc: Y.Doc): string[] {
  const known: ReadonlySet<string> = new Set(ROOT_NAMES);
  const failures = [...doc.share.keys()].filter((name) => !known.has(name)).map((name) => `root map ${name} is not in the table of roots`);
  for (const root of RECORD_ROOT_NAMES) {
    const entity = ROOT_TABLE[root].shape === 'entity';
    rootMap(doc, root).forEach((value, id) => {
      if (value instanceof Y.Map !== entity) failures.push(`${root}/${id} is ${entity ? 'not a Y.Map' : 'a Y.Map'}, but the table says its records are ${ROOT_TABLE[root].shape}`);
    });
  }
  return failures;
}
