import type { ROOT_MAPS } from './doc';
import { readAlignment, readDependency, readNorthStar, readObjectiveTeam, readOverlapDecision, readTeam } from './alignment';
import {
  readChange,
  readCheckIn,
  readCheckpoint,
  readDecision,
  readInitiative,
  readJournalEntry,
  readKeyResult,
  readObjective,
  readQuestion,
  readRetrospective,
  readScore,
  readSession,
} from './readRecords';
import { readPerson } from './people';
import type { ReadResult } from './readCommon';
import { readReadinessGate, readRolloutPlan, readStage } from './rollouts';

/*
 * The one table of a workspace's record roots: every root map but `meta`,
 * with the reader of its records, its section in the JSON export (and
 * import), and where the UI's projection keeps it. The type below makes a root
 * missing from the table a compile error; test/unit/rootTable.test.ts fails
 * when one is missing from the reader, the JSON export or import, the
 * projection or docs/schema.md. The types of the workspace snapshot
 * (readWorkspace.ts), the JSON export and the projection are mapped over it.
 */

export type RootName = (typeof ROOT_MAPS)[keyof typeof ROOT_MAPS];
export type RecordRootName = Exclude<RootName, 'meta'>;

export interface RootRow<T = unknown> {
  /** Reads one record of the root map, field by field (docs/schema.md, "Reading is total"). */
  read: (id: string, raw: unknown) => ReadResult<T>;
  /** Its section in the JSON export and import: a key of the export, or `alignment.<key>`. */
  json: string;
  /**
   * Where the projection (renderer/state/projection.ts) keeps it: a record map
   * by id under this key, the check-ins grouped by KR, or inside `alignment`.
   */
  projection: string;
  /** Whether Ctrl+Z tracks this user's edits to it (shared/undo.ts; `meta` always is). */
  undo: boolean;
}

export const ROOT_TABLE = {
  objectives: { read: readObjective, json: 'objectives', projection: 'objectives', undo: true },
  keyResults: { read: readKeyResult, json: 'keyResults', projection: 'keyResults', undo: true },
  checkIns: { read: readCheckIn, json: 'checkIns', projection: 'checkInsByKeyResult', undo: true },
  questions: { read: readQuestion, json: 'questions', projection: 'questions', undo: true },
  initiatives: { read: readInitiative, json: 'initiatives', projection: 'initiatives', undo: true },
  decisions: { read: readDecision, json: 'decisions', projection: 'decisions', undo: true },
  scores: { read: readScore, json: 'scores', projection: 'scores', undo: true },
  retrospectives: { read: readRetrospective, json: 'retrospectives', projection: 'retrospectives', undo: true },
  changes: { read: readChange, json: 'changes', projection: 'changes', undo: true },
  checkpoints: { read: readCheckpoint, json: 'checkpoints', projection: 'checkpoints', undo: true },
  sessions: { read: readSession, json: 'sessions', projection: 'sessions', undo: true },
  // The export has always named the plans `rolloutPlans`: kept, so files exported so far import unchanged.
  rollouts: { read: readRolloutPlan, json: 'rolloutPlans', projection: 'rolloutPlans', undo: true },
  rolloutStages: { read: readStage, json: 'rolloutStages', projection: 'rolloutStages', undo: true },
  readinessGates: { read: readReadinessGate, json: 'readinessGates', projection: 'readinessGates', undo: true },
  teams: { read: readTeam, json: 'alignment.teams', projection: 'alignment.teams', undo: true },
  objectiveTeams: { read: readObjectiveTeam, json: 'alignment.objectiveTeams', projection: 'alignment.objectiveTeams', undo: true },
  northStars: { read: readNorthStar, json: 'alignment.northStars', projection: 'alignment.northStars', undo: true },
  alignments: { read: readAlignment, json: 'alignment.alignments', projection: 'alignment.alignments', undo: true },
  dependencies: { read: readDependency, json: 'alignment.dependencies', projection: 'alignment.dependencies', undo: true },
  overlapDecisions: { read: readOverlapDecision, json: 'alignment.overlapDecisions', projection: 'alignment.overlapDecisions', undo: true },
  journalEntries: { read: readJournalEntry, json: 'journalEntries', projection: 'journalEntries', undo: true },
  people: { read: readPerson, json: 'people', projection: 'people', undo: true },
} as const satisfies { [K in RecordRootName]: RootRow };

function isRecordRoot(name: string): name is RecordRootName {
  return Object.hasOwn(ROOT_TABLE, name);
}

/** The record roots, in the table's order: the JSON export's, and the order readWorkspace reports problems in. */
export const RECORD_ROOT_NAMES: readonly RecordRootName[] = Object.keys(ROOT_TABLE).filter(isRecordRoot);

type Row<K extends RecordRootName> = (typeof ROOT_TABLE)[K];
/** The JSON section (and snapshot key) of a root. */
export type SectionOf<K extends RecordRootName> = Row<K>['json'];
/** What a root's reader returns for a readable record: the record type, inferred from its reader. */
export type RecordOf<K extends RecordRootName> = Extract<ReturnType<Row<K>['read']>, { ok: true }>['value'];

/** Roots whose section is a top-level key (`objectives`, `rolloutPlans`), and those under `alignment`. */
export type TopLevelRoot = { [K in RecordRootName]: SectionOf<K> extends `alignment.${string}` ? never : K }[RecordRootName];
export type AlignmentRoot = Exclude<RecordRootName, TopLevelRoot>;
/** An alignment root's key under `alignment` (`teams` for `alignment.teams`). */
export type AlignmentKeyOf<K extends RecordRootName> = SectionOf<K> extends `alignment.${infer Key}` ? Key : never;

const ALIGNMENT_PREFIX = 'alignment.';

/** Whether a root's section sits under `alignment`. */
export function isAlignmentRoot(root: RecordRootName): root is AlignmentRoot {
  return ROOT_TABLE[root].json.startsWith(ALIGNMENT_PREFIX);
}

/** An alignment root's key under `alignment`. */
export function alignmentKeyOf(root: AlignmentRoot): string {
  return ROOT_TABLE[root].json.slice(ALIGNMENT_PREFIX.length);
}

/** The roots Ctrl+Z tracks besides `meta`. */
export const UNDO_ROOT_NAMES: readonly RecordRootName[] = RECORD_ROOT_NAMES.filter((root) => ROOT_TABLE[root].undo);
