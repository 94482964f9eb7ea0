import type * as Y from 'yjs';
import type { EntityMap } from './doc';
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
import { readDraftCluster, readDraftRound, readRevealedDraft } from './drafts';
import { readAgendaStage, readAttendance, readFacilitation } from './workshop';
import type { ReadResult } from './readCommon';
import { readReadinessGate, readRolloutPlan, readStage } from './rollouts';
import { readBallot, readVote } from './votes';

/*
 * The one table of a workspace's record roots: every root map but `meta`,
 * written here once, with how its records sit in the Y.Doc, the reader of its
 * records, its section in the JSON export (and import), where the UI's
 * projection keeps it and whether Ctrl+Z tracks it. The root names, the
 * accessor (`rootMap`), the types of the workspace snapshot
 * (readWorkspace.ts), of the JSON export and of the projection are derived
 * from it; test/unit/rootTable.test.ts fails when a root is missing from the
 * reader, the JSON export or import, the projection or docs/schema.md, and
 * when Cairn writes a root the table does not name or a record in another
 * shape. The readers name their root in the problems they report with a
 * literal (they cannot import this module, which imports them): the compiler
 * checks it is a root (`RootName`), the test that it is their own.
 * Adding a root is one row here (see docs/schema.md, "Adding a root map").
 */

/**
 * How a root keeps its records in the Y.Doc: each a nested `Y.Map` whose
 * fields are edited one by one (`entity`), or an immutable plain JSON value,
 * never a Y type (`plain`).
 */
export type RootShape = 'entity' | 'plain';

/** What a root map holds under each id, by its shape. */
interface ValueOfShape {
  entity: EntityMap;
  plain: unknown;
}

export interface RootRow<T = unknown> {
  /** How its records sit in the Y.Doc, and so the value type of `rootMap(doc, root)`. */
  shape: RootShape;
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
  objectives: { shape: 'entity', read: readObjective, json: 'objectives', projection: 'objectives', undo: true },
  keyResults: { shape: 'entity', read: readKeyResult, json: 'keyResults', projection: 'keyResults', undo: true },
  checkIns: { shape: 'plain', read: readCheckIn, json: 'checkIns', projection: 'checkInsByKeyResult', undo: true },
  // Y.Maps of plain values: the text and the soft delete are separate keys.
  questions: { shape: 'entity', read: readQuestion, json: 'questions', projection: 'questions', undo: true },
  initiatives: { shape: 'entity', read: readInitiative, json: 'initiatives', projection: 'initiatives', undo: true },
  decisions: { shape: 'plain', read: readDecision, json: 'decisions', projection: 'decisions', undo: true },
  scores: { shape: 'plain', read: readScore, json: 'scores', projection: 'scores', undo: true },
  retrospectives: { shape: 'plain', read: readRetrospective, json: 'retrospectives', projection: 'retrospectives', undo: true },
  changes: { shape: 'plain', read: readChange, json: 'changes', projection: 'changes', undo: true },
  checkpoints: { shape: 'plain', read: readCheckpoint, json: 'checkpoints', projection: 'checkpoints', undo: true },
  sessions: { shape: 'plain', read: readSession, json: 'sessions', projection: 'sessions', undo: true },
  // The export has always named the plans `rolloutPlans`: kept, so files exported so far import unchanged.
  rollouts: { shape: 'entity', read: readRolloutPlan, json: 'rolloutPlans', projection: 'rolloutPlans', undo: true },
  rolloutStages: { shape: 'entity', read: readStage, json: 'rolloutStages', projection: 'rolloutStages', undo: true },
  readinessGates: { shape: 'entity', read: readReadinessGate, json: 'readinessGates', projection: 'readinessGates', undo: true },
  teams: { shape: 'entity', read: readTeam, json: 'alignment.teams', projection: 'alignment.teams', undo: true },
  objectiveTeams: { shape: 'entity', read: readObjectiveTeam, json: 'alignment.objectiveTeams', projection: 'alignment.objectiveTeams', undo: true },
  northStars: { shape: 'entity', read: readNorthStar, json: 'alignment.northStars', projection: 'alignment.northStars', undo: true },
  alignments: { shape: 'entity', read: readAlignment, json: 'alignment.alignments', projection: 'alignment.alignments', undo: true },
  dependencies: { shape: 'entity', read: readDependency, json: 'alignment.dependencies', projection: 'alignment.dependencies', undo: true },
  overlapDecisions: { shape: 'plain', read: readOverlapDecision, json: 'alignment.overlapDecisions', projection: 'alignment.overlapDecisions', undo: true },
  journalEntries: { shape: 'entity', read: readJournalEntry, json: 'journalEntries', projection: 'journalEntries', undo: true },
  people: { shape: 'entity', read: readPerson, json: 'people', projection: 'people', undo: true },
  // Workshop drafting (docs/workshop.md, "Drafts"): rounds and published drafts are signed or automatic, so Ctrl+Z leaves them; clustering is undoable.
  draftRounds: { shape: 'entity', read: readDraftRound, json: 'draftRounds', projection: 'draftRounds', undo: false },
  revealedDrafts: { shape: 'plain', read: readRevealedDraft, json: 'revealedDrafts', projection: 'revealedDrafts', undo: false },
  draftClusters: { shape: 'entity', read: readDraftCluster, json: 'draftClusters', projection: 'draftClusters', undo: true },
  // The facilitator's session: signed facts, not edits, so Ctrl+Z never takes one back (docs/workshop.md, "Session").
  facilitation: { shape: 'plain', read: readFacilitation, json: 'facilitation', projection: 'facilitation', undo: false },
  agendaStages: { shape: 'plain', read: readAgendaStage, json: 'agendaStages', projection: 'agendaStages', undo: false },
  attendance: { shape: 'plain', read: readAttendance, json: 'attendance', projection: 'attendance', undo: false },
  // Workshop votes: signed, immutable records; Ctrl+Z never takes back a vote or a close (docs/workshop.md).
  votes: { shape: 'plain', read: readVote, json: 'votes', projection: 'votes', undo: false },
  ballots: { shape: 'plain', read: readBallot, json: 'ballots', projection: 'ballots', undo: false },
  // `meta` is the workspace header, not a root of records (readMeta.ts): it never has a row.
} as const satisfies Readonly<Record<string, RootRow>> & { meta?: never };

/** The roots of records: the table's keys. */
export type RecordRootName = keyof typeof ROOT_TABLE;
/** Every root map of a workspace Y.Doc: the header `meta` and the roots of records. */
export type RootName = 'meta' | RecordRootName;

function isRecordRoot(name: string): name is RecordRootName {
  return Object.hasOwn(ROOT_TABLE, name);
}

/** The record roots, in the table's order: the JSON export's, and the order readWorkspace reports problems in. */
export const RECORD_ROOT_NAMES: readonly RecordRootName[] = Object.keys(ROOT_TABLE).filter(isRecordRoot);

/**
 * The roots of a workshop's live session (docs/workshop.md): signed facts of
 * one workspace's session — its agenda, attendance, drafts and votes. They
 * belong to the workspace they happened in; what a session adopted lives on
 * as ordinary objectives and KRs.
 */
export const SESSION_ROOT_NAMES = ['facilitation', 'agendaStages', 'attendance', 'draftRounds', 'revealedDrafts', 'draftClusters', 'votes', 'ballots'] as const satisfies readonly RecordRootName[];

/** Every root map of a workspace Y.Doc, `meta` first: what a tool walking the whole document visits. */
export const ROOT_NAMES: readonly RootName[] = ['meta', ...RECORD_ROOT_NAMES];

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

/** What `rootMap(doc, root)` holds under each id: a Y.Map per entity, a plain value per record, a field of the header. */
export type RootValueOf<K extends RootName> = K extends RecordRootName ? ValueOfShape[Row<K>['shape']] : unknown;

/**
 * A root map of a workspace Y.Doc, typed by its row's shape: `rootMap(doc,
 * 'objectives')` is a `Y.Map<EntityMap>`, `rootMap(doc, 'checkIns')` a
 * `Y.Map<unknown>` of plain records. The value type is what Cairn writes; a
 * peer or an old file may have left anything, which is why everything read
 * from it goes through the readers.
 */
export function rootMap<K extends RootName>(doc: Y.Doc, root: K): Y.Map<RootValueOf<K>> {
  return doc.getMap<RootValueOf<K>>(root);
}

/** The readers by root, typed per key, so code generic over a root keeps its record type. */
const READERS: { readonly [K in RecordRootName]: Pick<RootRow<RecordOf<K>>, 'read'> } = ROOT_TABLE;

/** A root's reader, typed by the root: `readerOf(root)` for a `K` returns `ReadResult<RecordOf<K>>`. */
export function readerOf<K extends RecordRootName>(root: K): RootRow<RecordOf<K>>['read'] {
  return READERS[root].read;
}

/**
 * Narrows an object built key by key in a loop over the table to the mapped
 * type it was built for, once it has every key the table gives that type;
 * throws otherwise. The compiler cannot follow such a loop into a mapped type
 * (with its keys renamed, as `rolloutPlans` for `rollouts`); each value came
 * from its own row, so a missing key is the one way the object could fall
 * short, and that is what this checks.
 */
export function assertEveryKey<T extends Readonly<Record<string, unknown>>>(built: Readonly<Record<string, unknown>>, keys: Iterable<string>, what: string): asserts built is T {
  for (const key of keys) if (!Object.hasOwn(built, key)) throw new Error(`${what}: the table of roots has ${key}, but it was not built`);
}
