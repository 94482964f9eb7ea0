import type * as Y from 'yjs';
import { ID_PATTERN } from '../ids';
import { WORKSPACE_KINDS } from './doc';
import type { WorkspaceKind } from './types';
import { rootMap } from './roots';

/*
 * Facts fixed when a workspace is created: its id and its kind. A later write
 * to `meta.id` or `meta.kind` (a peer, a merged file, an undo) must not change
 * what this device believes, least of all whether the workspace is a private
 * journal. So the device keeps them beside the document, not in it: the
 * library index, the `.cairn` file header or the command that created the
 * workspace fixes them when the document is opened, and a document seen for
 * the first time fixes them from what it holds then. Readers report and
 * ignore any later disagreement; privacy asks only this module.
 */

export function isWorkspaceKind(value: unknown): value is WorkspaceKind {
  return typeof value === 'string' && (WORKSPACE_KINDS as readonly string[]).includes(value);
}

interface FixedFacts {
  id?: string;
  kind?: WorkspaceKind;
  /** True when the kind came from the device's own records, not from a first look at the document. */
  kindFromRecords: boolean;
}

const facts = new WeakMap<Y.Doc, FixedFacts>();

function factsOf(doc: Y.Doc): FixedFacts {
  let found = facts.get(doc);
  if (!found) facts.set(doc, (found = { kindFromRecords: false }));
  return found;
}

/**
 * Fixes what this device knows of the workspace in `doc` (from the library
 * index, a file header, or its creation). The device's own records outrank a
 * first look at the document; between two records that disagree, a journal
 * stays a journal, so privacy never depends on which was consulted first.
 */
export function fixWorkspaceFacts(doc: Y.Doc, known: { id?: string; kind?: unknown }): void {
  const current = factsOf(doc);
  if (current.id === undefined && typeof known.id === 'string' && ID_PATTERN.test(known.id)) current.id = known.id;
  if (!isWorkspaceKind(known.kind)) return;
  if (current.kindFromRecords && current.kind === 'journal') return;
  current.kind = known.kind;
  current.kindFromRecords = true;
}

/** The workspace's kind as this device first knew it; undefined while neither the device nor the document has said. */
export function fixedKindOf(doc: Y.Doc): WorkspaceKind | undefined {
  const current = factsOf(doc);
  if (current.kind === undefined) {
    const stored = rootMap(doc, 'meta').get('kind');
    if (isWorkspaceKind(stored)) current.kind = stored; // first sight: from now on, fixed
  }
  return current.kind;
}

/** The workspace's id as this device first knew it, fixed like the kind. */
export function fixedIdOf(doc: Y.Doc): string | undefined {
  const current = factsOf(doc);
  if (current.id === undefined) {
    const stored = rootMap(doc, 'meta').get('id');
    if (typeof stored === 'string' && ID_PATTERN.test(stored)) current.id = stored;
  }
  return current.id;
}
