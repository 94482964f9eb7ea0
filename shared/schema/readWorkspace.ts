import type * as Y from 'yjs';
import { readMeta } from './readMeta';
import { readAll } from './readCommon';
import {
  RECORD_ROOT_NAMES,
  ROOT_TABLE,
  alignmentKeyOf,
  assertEveryKey,
  isAlignmentRoot,
  readerOf,
  rootMap,
  type AlignmentKeyOf,
  type AlignmentRoot,
  type RecordOf,
  type RecordRootName,
  type SectionOf,
  type TopLevelRoot,
} from './roots';
import type { SchemaProblem, WorkspaceMeta } from './types';

/*
 * The whole workspace, read: every root of the table of roots (roots.ts)
 * with its reader, kept under its JSON section (`objectives`, `rolloutPlans`,
 * `alignment.teams`). The snapshot's type is mapped over the same table, so
 * a new root is one row in roots.ts.
 */

/** The records of each top-level section, by id. */
export type TopLevelRecords = { [K in TopLevelRoot as SectionOf<K>]: Map<string, RecordOf<K>> };
/** Teams, north stars, alignments, dependencies and overlap decisions (shared/schema/alignment.ts), by id. */
export type AlignmentRecords = { [K in AlignmentRoot as AlignmentKeyOf<K>]: Map<string, RecordOf<K>> };

/** Everything in a workspace, validated, as plain data. */
export interface WorkspaceSnapshot extends TopLevelRecords {
  /** Always present: a damaged header reads field by field (see `problems`). */
  meta: WorkspaceMeta;
  alignment: AlignmentRecords;
  problems: SchemaProblem[];
}

const ALIGNMENT_ROOTS: readonly AlignmentRoot[] = RECORD_ROOT_NAMES.filter(isAlignmentRoot);
/** The keys of `alignment` and the top-level sections, from the table: what the snapshot must have. */
const ALIGNMENT_KEYS: readonly string[] = ALIGNMENT_ROOTS.map(alignmentKeyOf);
const TOP_LEVEL_SECTIONS: readonly string[] = RECORD_ROOT_NAMES.filter((root) => !isAlignmentRoot(root)).map((root) => ROOT_TABLE[root].json);

/** Every record of one root, by id; its repairs and refusals added to `problems`. */
function readRoot<K extends RecordRootName>(doc: Y.Doc, root: K, problems: SchemaProblem[]): Map<string, RecordOf<K>> {
  return readAll(rootMap(doc, root), readerOf(root), problems);
}

/** Reads `roots` in the table's order (the order their problems are reported in), by root name. */
function readRoots(doc: Y.Doc, roots: readonly RecordRootName[], problems: SchemaProblem[]): Partial<Record<RecordRootName, Map<string, unknown>>> {
  const byRoot: Partial<Record<RecordRootName, Map<string, unknown>>> = {};
  for (const root of roots) byRoot[root] = readRoot(doc, root, problems);
  return byRoot;
}

/** The alignment roots' records under their keys (`teams` for `alignment.teams`). */
function alignmentOf(byRoot: Partial<Record<RecordRootName, Map<string, unknown>>>): AlignmentRecords {
  const alignment: Record<string, Map<string, unknown>> = {};
  for (const root of RECORD_ROOT_NAMES) {
    const records = byRoot[root];
    if (records && isAlignmentRoot(root)) alignment[alignmentKeyOf(root)] = records;
  }
  assertEveryKey<AlignmentRecords>(alignment, ALIGNMENT_KEYS, 'alignment records');
  return alignment;
}

/** The alignment roots alone (teams, north stars, alignments, …), with their problems: the projection re-reads them whole when any changes. */
export function readAlignmentState(doc: Y.Doc): AlignmentRecords & { problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  const alignment = alignmentOf(readRoots(doc, ALIGNMENT_ROOTS, problems));
  return { ...alignment, problems };
}

export function readWorkspace(doc: Y.Doc): WorkspaceSnapshot {
  const problems: SchemaProblem[] = [];
  const meta = readMeta(doc);
  problems.push(...meta.problems);
  const byRoot = readRoots(doc, RECORD_ROOT_NAMES, problems);
  const sections: Record<string, Map<string, unknown>> = {};
  for (const root of RECORD_ROOT_NAMES) {
    const records = byRoot[root];
    if (records && !isAlignmentRoot(root)) sections[ROOT_TABLE[root].json] = records;
  }
  assertEveryKey<TopLevelRecords>(sections, TOP_LEVEL_SECTIONS, 'workspace sections');
  return { ...sections, meta: meta.value, alignment: alignmentOf(byRoot), problems };
}

/** One root's records in a snapshot, under its section (`rolloutPlans`, `alignment.teams`): for code that walks the table of roots. */
export function recordsOf(snapshot: WorkspaceSnapshot, root: RecordRootName): ReadonlyMap<string, unknown> {
  const { meta: _meta, alignment, problems: _problems, ...sections } = snapshot;
  const bySection: Readonly<Record<string, ReadonlyMap<string, unknown> | undefined>> = sections;
  const byAlignmentKey: Readonly<Record<string, ReadonlyMap<string, unknown> | undefined>> = alignment;
  return (isAlignmentRoot(root) ? byAlignmentKey[alignmentKeyOf(root)] : bySection[ROOT_TABLE[root].json]) ?? new Map();
}
