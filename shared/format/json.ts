import { compareOrdered, compareStrings } from '../order';
import { compareCheckInsNewestFirst } from '../queries/progress';
import { recordsOf, type WorkspaceSnapshot } from '../schema/readWorkspace';
import {
  RECORD_ROOT_NAMES,
  ROOT_TABLE,
  alignmentKeyOf,
  assertEveryKey,
  isAlignmentRoot,
  type AlignmentKeyOf,
  type AlignmentRoot,
  type RecordOf,
  type RecordRootName,
  type SectionOf,
  type TopLevelRoot,
} from '../schema/roots';
import type { SchemaProblem, WorkspaceMeta } from '../schema/types';

export const JSON_FORMAT = 'cairn-workspace';
export const JSON_FORMAT_VERSION = 1;

type Compare<T> = (a: T, b: T) => number;

/** Code-unit comparison (compareStrings): the same on every replica and locale. */
const byTimeThenId: Compare<{ at: number; id: string }> = (a, b) => a.at - b.at || compareStrings(a.id, b.id);
const byId: Compare<{ id: string }> = (a, b) => compareStrings(a.id, b.id);
/** Grouped by the record they belong to, each group in (order, id). */
const groupedBy =
  <T extends { order: string; id: string }>(owner: (record: T) => string): Compare<T> =>
  (a, b) => compareStrings(owner(a), owner(b)) || compareOrdered(a, b);

/** The order of each section of the export: a root missing here is a compile error. */
const EXPORT_ORDER: { [K in RecordRootName]: Compare<RecordOf<K>> } = {
  objectives: compareOrdered,
  keyResults: groupedBy((keyResult) => keyResult.objectiveId),
  // Oldest first.
  checkIns: (a, b) => compareCheckInsNewestFirst(b, a),
  questions: groupedBy((question) => question.keyResultId),
  initiatives: compareOrdered,
  decisions: byTimeThenId,
  scores: byTimeThenId,
  retrospectives: byTimeThenId,
  changes: byTimeThenId,
  checkpoints: byTimeThenId,
  sessions: byTimeThenId,
  rollouts: compareOrdered,
  rolloutStages: groupedBy((stage) => stage.rolloutId),
  readinessGates: groupedBy((gate) => gate.rolloutId),
  teams: byId,
  objectiveTeams: byId,
  northStars: byId,
  alignments: byId,
  dependencies: byId,
  overlapDecisions: byId,
  journalEntries: (a, b) => compareStrings(a.date, b.date) || compareStrings(a.id, b.id),
  people: (a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id),
  draftRounds: (a, b) => a.openedAt - b.openedAt || compareStrings(a.id, b.id),
  revealedDrafts: (a, b) => compareStrings(a.roundId, b.roundId) || a.publishedAt - b.publishedAt || compareStrings(a.id, b.id),
  draftClusters: (a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id),
  facilitation: byTimeThenId,
  agendaStages: byTimeThenId,
  attendance: byTimeThenId,
  votes: (a, b) => a.openedAt - b.openedAt || compareStrings(a.id, b.id),
  ballots: byId,
};

/** The documented JSON export (docs/schema.md, "JSON export"): a section per root of the table of roots (schema/roots.ts). */
export type JsonExport = {
  format: typeof JSON_FORMAT;
  formatVersion: typeof JSON_FORMAT_VERSION;
  meta: WorkspaceMeta | null;
} & { [K in TopLevelRoot as SectionOf<K>]: RecordOf<K>[] } & {
  alignment: { [K in AlignmentRoot as AlignmentKeyOf<K>]: RecordOf<K>[] };
  problems: SchemaProblem[];
};

/** The export's record sections, built section by section from the table (which the type is mapped over). */
type JsonSections = Omit<JsonExport, 'format' | 'formatVersion' | 'meta' | 'problems'>;
const ALIGNMENT_KEYS: readonly string[] = RECORD_ROOT_NAMES.filter(isAlignmentRoot).map(alignmentKeyOf);
const SECTIONS: readonly string[] = [...new Set(RECORD_ROOT_NAMES.map((root) => (isAlignmentRoot(root) ? 'alignment' : ROOT_TABLE[root].json)))];

/** One root's records from a snapshot, in the export's order. */
function sortedSection(snapshot: WorkspaceSnapshot, root: RecordRootName): unknown[] {
  // Each comparator takes the records of its own root, which is what this root's section holds.
  const compare = EXPORT_ORDER[root] as Compare<unknown>;
  return [...recordsOf(snapshot, root).values()].sort(compare);
}

/**
 * The whole workspace as documented JSON (docs/schema.md, "JSON export"):
 * everything, deleted entities included (with deletedAt), in a stable order.
 * Its sections follow the table of roots, in its order.
 */
export function workspaceToJson(snapshot: WorkspaceSnapshot): JsonExport {
  const sections: Record<string, unknown> = {};
  const alignment: Record<string, unknown[]> = {};
  for (const root of RECORD_ROOT_NAMES) {
    if (isAlignmentRoot(root)) {
      // The alignment sections sit together, where the first of them comes in the table.
      sections.alignment ??= alignment;
      alignment[alignmentKeyOf(root)] = sortedSection(snapshot, root);
    } else sections[ROOT_TABLE[root].json] = sortedSection(snapshot, root);
  }
  assertEveryKey<JsonSections['alignment']>(alignment, ALIGNMENT_KEYS, 'JSON export, alignment');
  assertEveryKey<JsonSections>(sections, SECTIONS, 'JSON export');
  return {
    format: JSON_FORMAT,
    formatVersion: JSON_FORMAT_VERSION,
    // A document no workspace has arrived in has no meta to export (its fields would all be fallbacks).
    meta: snapshot.meta.id === '' ? null : snapshot.meta,
    ...sections,
    problems: snapshot.problems,
  };
}
