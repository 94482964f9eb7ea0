import type * as Y from 'yjs';
import { readMeta } from './readMeta';
import { readAll, type ReadResult } from './readCommon';
import {
  RECORD_ROOT_NAMES,
  ROOT_TABLE,
  alignmentKeyOf,
  isAlignmentRoot,
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
 * `alignment.teams`). The snapshot's type is mapped over the same table, so a
 * new root is one line in roots.ts.
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

/** Every record of one root, by id; its repairs and refusals added to `problems`. */
function readRoot(doc: Y.Doc, root: RecordRootName, problems: SchemaProblem[]): Map<string, unknown> {
  // Any row's reader returns a ReadResult of some record: widened to unknown, which the mapped type narrows again.
  const read: (id: string, raw: unknown) => ReadResult<unknown> = ROOT_TABLE[root].read;
  return readAll(doc.getMap(root), read, problems);
}

/** The alignment roots alone (teams, north stars, alignments, …), with their problems: the projection re-reads them whole when any changes. */
export function readAlignmentState(doc: Y.Doc): AlignmentRecords & { problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  const alignment: Record<string, Map<string, unknown>> = {};
  for (const root of RECORD_ROOT_NAMES) if (isAlignmentRoot(root)) alignment[alignmentKeyOf(root)] = readRoot(doc, root, problems);
  // Built key by key from the table, which the type is mapped over.
  return { ...(alignment as unknown as AlignmentRecords), problems };
}

export function readWorkspace(doc: Y.Doc): WorkspaceSnapshot {
  const problems: SchemaProblem[] = [];
  const meta = readMeta(doc);
  problems.push(...meta.problems);
  const sections: Record<string, Map<string, unknown>> = {};
  const alignment: Record<string, Map<string, unknown>> = {};
  for (const root of RECORD_ROOT_NAMES) {
    const records = readRoot(doc, root, problems);
    if (isAlignmentRoot(root)) alignment[alignmentKeyOf(root)] = records;
    else sections[ROOT_TABLE[root].json] = records;
  }
  // Built key by key from the table, which the type is mapped over.
  return { ...(sections as unknown as TopLevelRecords), meta: meta.value, alignment: alignment as unknown as AlignmentRecords, problems };
}

/** One root's records in a snapshot, under its section (`rolloutPlans`, `alignment.teams`): for code that walks the table of roots. */
export function recordsOf(snapshot: WorkspaceSnapshot, root: RecordRootName): ReadonlyMap<string, unknown> {
  const { meta: _meta, alignment, problems: _problems, ...sections } = snapshot;
  const bySection: Readonly<Record<string, ReadonlyMap<string, unknown> | undefined>> = sections;
  const byAlignmentKey: Readonly<Record<string, ReadonlyMap<string, unknown> | undefined>> = alignment;
  return (isAlignmentRoot(root) ? byAlignmentKey[alignmentKeyOf(root)] : bySection[ROOT_TABLE[root].json]) ?? new Map();
}
