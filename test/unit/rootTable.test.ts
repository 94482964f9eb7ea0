import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { emptyProjection, fullProjection } from '../../renderer/state/projection';
import { JSON_SECTIONS } from '../../shared/format/importJson';
import { workspaceToJson } from '../../shared/format/json';
import { readWorkspace } from '../../shared/schema/read';
import { RECORD_ROOT_NAMES, ROOT_NAMES, ROOT_TABLE, assertEveryKey, rootMap } from '../../shared/schema/roots';
import { createUndoManager } from '../../shared/undo';
import { layoutFailures } from '../support/layout';
import { newWorkspace } from '../support/workspace';
import { buildRichWorkspace } from './richWorkspace';

/*
 * One table of roots (shared/schema/roots.ts): every root map is in it, and
 * every place that lists the roots (the reader, the JSON export and import,
 * the projection, docs/schema.md, the undo scope) has each one, under the table's names.
 */

const SCHEMA_DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/schema.md'), 'utf8');
/** How docs/schema.md's table of roots names each shape. */
const SHAPE_IN_DOCS = { entity: '`Y.Map`', plain: 'plain JSON' } as const;

/** The value at a dotted path (`alignment.teams`), or undefined. */
function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

describe('the table of roots', () => {
  it("names every root map: meta, then the table's roots in order", () => {
    expect(RECORD_ROOT_NAMES).toEqual(Object.keys(ROOT_TABLE));
    expect(ROOT_NAMES).toEqual(['meta', ...Object.keys(ROOT_TABLE)]);
  });

  it.each(RECORD_ROOT_NAMES)('%s: its reader reports problems under the root it reads', (root) => {
    const read = ROOT_TABLE[root].read('bad-record', 42);
    expect(read.ok ? read.problems.map((p) => p.map) : [read.problem.map]).toEqual([root]);
  });

  it.each(RECORD_ROOT_NAMES)('%s: rootMap gives the root map of that name', (root) => {
    const { doc } = newWorkspace();
    expect(rootMap(doc, root)).toBe(doc.getMap(root));
  });

  it('holds what Cairn writes: no root outside the table, each record in its root’s shape', () => {
    const { doc } = buildRichWorkspace();
    expect(layoutFailures(doc)).toEqual([]);
  });

  it('fails a document with a root the table does not name, or a record in the wrong shape', () => {
    const { doc } = newWorkspace();
    doc.getMap('avatars').set('a1', { id: 'a1' });
    rootMap(doc, 'checkIns').set('c1', new Y.Map());
    rootMap(doc, 'objectives').set('o1', new Y.Map());
    expect(layoutFailures(doc)).toEqual([
      'root map avatars is not in the table of roots',
      'checkIns/c1 is a Y.Map, but the table says its records are plain',
    ]);
  });

  it.each(RECORD_ROOT_NAMES)('%s: is read by readWorkspace, exported and imported under its JSON section, projected, and documented', (root) => {
    const { doc } = newWorkspace();
    const row = ROOT_TABLE[root];
    expect(at(readWorkspace(doc), row.json)).toBeInstanceOf(Map);
    expect(at(workspaceToJson(readWorkspace(doc)), row.json)).toEqual([]);
    // The importer writes the root's records in its shape: a Y.Map per entity, a plain record otherwise.
    expect(JSON_SECTIONS.find((section) => section.map === root)).toMatchObject({ path: row.json, read: row.read, layout: { as: row.shape === 'entity' ? 'map' : 'record' } });
    expect(at(fullProjection(doc), row.projection)).toBeDefined();
    expect(at(emptyProjection(), row.projection)).toBeDefined();
    expect(SCHEMA_DOC).toContain(`| \`${root}\` | ${SHAPE_IN_DOCS[row.shape]} | \`${row.json}\` |`);
  });

  it('refuses, rather than types, an object built from the table that misses one of its keys', () => {
    expect(() => assertEveryKey({ objectives: new Map() }, ['objectives', 'keyResults'], 'sections')).toThrow('sections: the table of roots has keyResults, but it was not built');
    expect(() => assertEveryKey({ objectives: new Map(), keyResults: new Map() }, ['objectives', 'keyResults'], 'sections')).not.toThrow();
  });

  it('puts in the undo scope meta and exactly the roots the table marks', () => {
    const { doc } = newWorkspace();
    const scope = createUndoManager(doc).scope;
    const tracked = RECORD_ROOT_NAMES.filter((root) => scope.includes(doc.getMap(root)));
    expect(scope).toContain(rootMap(doc, 'meta'));
    expect(tracked).toEqual(RECORD_ROOT_NAMES.filter((root) => ROOT_TABLE[root].undo));
    expect(scope).toHaveLength(tracked.length + 1);
  });
});
