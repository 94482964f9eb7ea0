import * as Y from 'yjs';
import type { WorkspaceKind } from './types';

/**
 * Layout of a workspace Y.Doc (schema v1). Every top-level type is a named
 * Y.Map; entities refer to each other by id. See docs/schema.md.
 */
export const SCHEMA_VERSION = 1;

/** Top-level maps of schema v1. */
export const ROOT_MAPS = {
  meta: 'meta',
  objectives: 'objectives',
  keyResults: 'keyResults',
  checkIns: 'checkIns',
  questions: 'questions',
  initiatives: 'initiatives',
  decisions: 'decisions',
  scores: 'scores',
  retrospectives: 'retrospectives',
  rollouts: 'rollouts',
  rolloutStages: 'rolloutStages',
  readinessGates: 'readinessGates',
  changes: 'changes',
  checkpoints: 'checkpoints',
  sessions: 'sessions',
  teams: 'teams',
  objectiveTeams: 'objectiveTeams',
  northStars: 'northStars',
  alignments: 'alignments',
  dependencies: 'dependencies',
  overlapDecisions: 'overlapDecisions',
  journalEntries: 'journalEntries',
  people: 'people',
} as const;

/** Fields of an objective or key result that hold co-edited text (Y.Text). */
export const TEXT_FIELDS = ['title', 'description', 'why'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** A journal entry's three prompt answers, each co-edited text (Y.Text). */
export const JOURNAL_TEXT_FIELDS = ['moved', 'learned', 'next'] as const;
export type JournalTextField = (typeof JOURNAL_TEXT_FIELDS)[number];

export type EntityMap = Y.Map<unknown>;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.meta);
}
export function objectivesMap(doc: Y.Doc): Y.Map<EntityMap> {
  return doc.getMap(ROOT_MAPS.objectives);
}
export function keyResultsMap(doc: Y.Doc): Y.Map<EntityMap> {
  return doc.getMap(ROOT_MAPS.keyResults);
}
/** Check-ins are immutable plain records keyed by id (never Y types). */
export function checkInsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.checkIns);
}

/** Questions of learning KRs: Y.Maps of plain values (text and soft delete as separate keys). */
export function questionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.questions);
}
/** Initiatives are Y.Maps with co-edited text and a nested `keyResultIds` Y.Map of links. */
export function initiativesMap(doc: Y.Doc): Y.Map<EntityMap> {
  return doc.getMap(ROOT_MAPS.initiatives);
}
/** Decisions are immutable plain records, like check-ins. */
export function decisionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.decisions);
}

/** End-of-cycle scores and retrospectives: append-only plain records, the latest counts. */
export function scoresMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.scores);
}
export function retrospectivesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.retrospectives);
}

/** The change log and the published checkpoints: append-only plain records. */
export function changesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.changes);
}
export function checkpointsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.checkpoints);
}

/** When workshops on this workspace began hosting: append-only plain records, like checkpoints. */
export function sessionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAPS.sessions);
}

/** Journal entries are Y.Maps with three co-edited texts and a nested `links` Y.Map (id → kind). */
export function journalEntriesMap(doc: Y.Doc): Y.Map<EntityMap> {
  return doc.getMap(ROOT_MAPS.journalEntries);
}

/** Meta keys of the signal thresholds: one key each, so two people changing two thresholds both win. */
export const THRESHOLD_KEY_PREFIX = 'signalThreshold.';

export const WORKSPACE_KINDS = ['team', 'workshop', 'journal'] as const satisfies readonly WorkspaceKind[];

/** Reads a string field that may be a Y.Text (co-edited) or, defensively, a plain string. */
export function readText(map: Y.Map<unknown>, field: string): string | undefined {
  const value = map.get(field);
  if (value instanceof Y.Text) return value.toString();
  if (typeof value === 'string') return value;
  return undefined;
}
