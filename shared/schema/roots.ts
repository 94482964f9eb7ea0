import { ROOT_MAPS } from './doc';
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
} from './read';
import type { ReadResult } from './readCommon';
import { readReadinessGate, readRolloutPlan, readStage } from './rollouts';

/*
 * The one table of a workspace's record roots: every root map but `meta`,
 * with the reader of its records, its section in the JSON export (and
 * import), and where the UI's projection keeps it. The type below makes a root
 * missing from the table a compile error; test/unit/rootTable.test.ts fails
 * when one is missing from the reader, the JSON export or import, the
 * projection or docs/schema.md. Every root is in the undo scope
 * (shared/undo.ts takes ROOT_MAPS whole).
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
}

export const ROOT_TABLE = {
  objectives: { read: readObjective, json: 'objectives', projection: 'objectives' },
  keyResults: { read: readKeyResult, json: 'keyResults', projection: 'keyResults' },
  checkIns: { read: readCheckIn, json: 'checkIns', projection: 'checkInsByKeyResult' },
  questions: { read: readQuestion, json: 'questions', projection: 'questions' },
  initiatives: { read: readInitiative, json: 'initiatives', projection: 'initiatives' },
  decisions: { read: readDecision, json: 'decisions', projection: 'decisions' },
  scores: { read: readScore, json: 'scores', projection: 'scores' },
  retrospectives: { read: readRetrospective, json: 'retrospectives', projection: 'retrospectives' },
  changes: { read: readChange, json: 'changes', projection: 'changes' },
  checkpoints: { read: readCheckpoint, json: 'checkpoints', projection: 'checkpoints' },
  sessions: { read: readSession, json: 'sessions', projection: 'sessions' },
  // The export has always named the plans `rolloutPlans`: kept, so files exported so far import unchanged.
  rollouts: { read: readRolloutPlan, json: 'rolloutPlans', projection: 'rolloutPlans' },
  rolloutStages: { read: readStage, json: 'rolloutStages', projection: 'rolloutStages' },
  readinessGates: { read: readReadinessGate, json: 'readinessGates', projection: 'readinessGates' },
  teams: { read: readTeam, json: 'alignment.teams', projection: 'alignment.teams' },
  objectiveTeams: { read: readObjectiveTeam, json: 'alignment.objectiveTeams', projection: 'alignment.objectiveTeams' },
  northStars: { read: readNorthStar, json: 'alignment.northStars', projection: 'alignment.northStars' },
  alignments: { read: readAlignment, json: 'alignment.alignments', projection: 'alignment.alignments' },
  dependencies: { read: readDependency, json: 'alignment.dependencies', projection: 'alignment.dependencies' },
  overlapDecisions: { read: readOverlapDecision, json: 'alignment.overlapDecisions', projection: 'alignment.overlapDecisions' },
  journalEntries: { read: readJournalEntry, json: 'journalEntries', projection: 'journalEntries' },
} as const satisfies { [K in RecordRootName]: RootRow };

/** The record roots, in ROOT_MAPS's order. */
export const RECORD_ROOT_NAMES: readonly RecordRootName[] = Object.values(ROOT_MAPS).filter((name): name is RecordRootName => name !== ROOT_MAPS.meta);
