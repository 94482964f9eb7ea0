import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyProjection, fullProjection } from '../../renderer/state/projection';
import { JSON_SECTIONS } from '../../shared/format/importJson';
import { workspaceToJson } from '../../shared/format/json';
import { ROOT_MAPS } from '../../shared/schema/doc';
import { readWorkspace } from '../../shared/schema/read';
import { RECORD_ROOT_NAMES, ROOT_TABLE } from '../../shared/schema/roots';
import { createUndoManager } from '../../shared/undo';
import { newWorkspace } from '../support/workspace';

/*
 * One table of roots (shared/schema/roots.ts): every root map is in it, and
 * every place that lists the roots (the reader, the JSON export and import,
 * the projection, docs/schema.md, the undo scope) has each one, under the table's names.
 */

const SCHEMA_DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/schema.md'), 'utf8');

/** The value at a dotted path (`alignment.teams`), or undefined. */
function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

describe('the table of roots', () => {
  it('has every root map but meta', () => {
    expect([...RECORD_ROOT_NAMES].sort()).toEqual(Object.values(ROOT_MAPS).filter((name) => name !== 'meta').sort());
    expect(Object.keys(ROOT_TABLE).sort()).toEqual([...RECORD_ROOT_NAMES].sort());
  });

  it.each(RECORD_ROOT_NAMES)('%s: is read by readWorkspace, exported and imported under its JSON section, projected, and documented', (root) => {
    const { doc } = newWorkspace();
    const row = ROOT_TABLE[root];
    expect(at(readWorkspace(doc), row.json)).toBeInstanceOf(Map);
    expect(at(workspaceToJson(readWorkspace(doc)), row.json)).toEqual([]);
    expect(JSON_SECTIONS.find((section) => section.map === root)).toMatchObject({ path: row.json, read: row.read });
    expect(at(fullProjection(doc), row.projection)).toBeDefined();
    expect(at(emptyProjection(), row.projection)).toBeDefined();
    expect(SCHEMA_DOC).toContain(`| \`${root}\` | \`${row.json}\` |`);
  });

  it('puts in the undo scope meta and exactly the roots the table marks', () => {
    const { doc } = newWorkspace();
    const scope = createUndoManager(doc).scope;
    const tracked = RECORD_ROOT_NAMES.filter((root) => scope.includes(doc.getMap(root)));
    expect(scope).toContain(doc.getMap(ROOT_MAPS.meta));
    expect(tracked).toEqual(RECORD_ROOT_NAMES.filter((root) => ROOT_TABLE[root].undo));
    expect(scope).toHaveLength(tracked.length + 1);
  });
});
