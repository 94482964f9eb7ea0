import * as Y from 'yjs';
import { z } from 'zod';
import { ID_PATTERN } from '../ids';
import {
  CREATED_FALLBACKS,
  FALLBACK_ORDER_KEY,
  MISSING_REFERENCE,
  calendarDate,
  entityId,
  epochMs,
  fail,
  orderKey,
  readEntity,
  readRecord,
  softDeleteFields,
  type Fallbacks,
  type ReadResult,
} from './readCommon';

/*
 * Alignment across teams: teams, which team an objective belongs to, the
 * company's north stars, the one parent each objective aligns to, the
 * dependencies between teams, and what people decided about overlapping work.
 * Six flat root maps of records with random ids; nothing is keyed by an
 * objective id, so two people acting on the same objective offline each add
 * their own record and neither is lost. Read as a whole with the other roots
 * (readWorkspace.ts, from the table of roots). See docs/alignment.md.
 */

/** A team's colour, written #rrggbb (Cairn writes lower case). */
export const COLOUR_PATTERN = /^#[0-9A-Fa-f]{6}$/;

/** Colours offered to new teams, in turn; distinguishable in light and dark themes. */
export const TEAM_COLOURS: readonly string[] = ['#2f6fde', '#d9480f', '#2b8a3e', '#ae3ec9', '#e8590c', '#1098ad', '#c2255c', '#5c940d', '#7048e8', '#f08c00'];

export const ALIGNMENT_PARENT_TYPES = ['objective', 'keyResult'] as const;
export type AlignmentParentType = (typeof ALIGNMENT_PARENT_TYPES)[number];

export const DEPENDENCY_STATUSES = ['requested', 'agreed', 'delivered', 'declined', 'at-risk'] as const;
export type DependencyStatus = (typeof DEPENDENCY_STATUSES)[number];

export const OVERLAP_ACTIONS = ['aligned', 'shared', 'dismissed'] as const;
export type OverlapAction = (typeof OVERLAP_ACTIONS)[number];

/** Limits the readers enforce (commands are stricter, so merged concurrent edits stay readable). */
export const ALIGNMENT_LIMITS = {
  name: 500,
  note: 2_000,
} as const;

/*
 * The record types are what the readers below return: inferred from their
 * schemas, so a field is declared once.
 */

export type Team = z.output<typeof teamSchema>;

/**
 * "This objective belongs to this team." Setting a team soft-deletes the
 * objective's live records and adds one, so more than one live record for an
 * objective means two people set it concurrently: a conflict to show.
 */
export type ObjectiveTeam = z.output<typeof objectiveTeamSchema>;

/** "This objective is a company north star": a root of the alignment tree while a live record exists. */
export type NorthStar = z.output<typeof northStarSchema>;

/**
 * "This objective aligns to that objective or key result." One parent per
 * objective: aligning again soft-deletes the live records, so two live records
 * for one child come only from concurrent edits (the queries pick one and report it).
 */
export type Alignment = z.output<typeof alignmentSchema>;

/** Team `fromTeamId` needs `what` from team `toTeamId`, by `neededBy`. Its own relation, not alignment. */
export type Dependency = z.output<typeof dependencySchema>;

/** What someone decided about a pair of look-alike items. Immutable; the latest per pair counts. */
export type OverlapDecision = z.output<typeof overlapDecisionSchema>;

/** The key of an unordered pair of item ids: sorted, joined with ':' (ids never contain one). */
export function overlapPairKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** The two ids of a pair key, or null when it is not one. */
export function overlapPairIds(pairKey: string): [string, string] | null {
  const parts = pairKey.split(':');
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  return ID_PATTERN.test(a) && ID_PATTERN.test(b) && a < b ? [a, b] : null;
}

/*
 * Validation: the field rules (ids, times, order keys, text limits) and the
 * reading itself are readCommon.ts's, shared by every root map.
 */

const shortText = z.string().max(ALIGNMENT_LIMITS.name);
const note = z.string().max(ALIGNMENT_LIMITS.note);

const created = {
  id: entityId,
  createdAt: epochMs,
  createdBy: shortText,
  ...softDeleteFields,
};

const teamSchema = z.object({
  ...created,
  /** Plain text: last writer wins. */
  name: shortText,
  /** #rrggbb. */
  colour: z.string().regex(COLOUR_PATTERN, 'must be a #rrggbb colour'),
  order: orderKey,
});

const objectiveTeamSchema = z.object({ ...created, objectiveId: entityId, teamId: entityId });

const northStarSchema = z.object({ ...created, objectiveId: entityId });

const alignmentSchema = z.object({
  ...created,
  childObjectiveId: entityId,
  parentType: z.enum(ALIGNMENT_PARENT_TYPES),
  parentId: entityId,
});

const dependencySchema = z.object({
  ...created,
  fromTeamId: entityId,
  toTeamId: entityId,
  /** Plain text: last writer wins. */
  what: note,
  /** YYYY-MM-DD or null. */
  neededBy: calendarDate.nullable().default(null),
  /** Whether the needing team is blocked without it. */
  blocking: z.boolean().default(false),
  status: z.enum(DEPENDENCY_STATUSES),
  /** Why it is in its status (e.g. why declined or at risk); '' when none. */
  statusNote: note.default(''),
  statusAt: epochMs.nullable().default(null),
  statusBy: shortText.nullable().default(null),
  /** The dependency KR that tracks it, or null. */
  keyResultId: entityId.nullable().default(null),
});

const overlapDecisionSchema = z.object({
  id: entityId,
  /** The two items' ids, sorted and joined with ':' (overlapPairKey). */
  pairKey: z.string().max(200).refine((key) => overlapPairIds(key) !== null, 'must be two sorted ids joined with ":"'),
  action: z.enum(OVERLAP_ACTIONS),
  author: shortText,
  at: epochMs,
});

/** What a lost or unreadable field reads as (readCommon.ts's readFields); fields with a schema default need none. */
const missing = () => MISSING_REFERENCE;
const teamFallbacks: Fallbacks = { ...CREATED_FALLBACKS, name: () => '', colour: () => TEAM_COLOURS[0], order: () => FALLBACK_ORDER_KEY };
const objectiveTeamFallbacks: Fallbacks = { ...CREATED_FALLBACKS, objectiveId: missing, teamId: missing };
const northStarFallbacks: Fallbacks = { ...CREATED_FALLBACKS, objectiveId: missing };
const alignmentFallbacks: Fallbacks = { ...CREATED_FALLBACKS, childObjectiveId: missing, parentType: () => 'objective', parentId: missing };
const dependencyFallbacks: Fallbacks = { ...CREATED_FALLBACKS, fromTeamId: missing, toTeamId: missing, what: () => '', status: () => 'requested' };
const overlapDecisionFallbacks: Fallbacks = { author: () => '', at: () => 0, action: () => 'dismissed' };

export const readTeam = (id: string, raw: unknown): ReadResult<Team> => readEntity('teams', teamSchema, id, raw, teamFallbacks);
export const readObjectiveTeam = (id: string, raw: unknown): ReadResult<ObjectiveTeam> => readEntity('objectiveTeams', objectiveTeamSchema, id, raw, objectiveTeamFallbacks);
export const readNorthStar = (id: string, raw: unknown): ReadResult<NorthStar> => readEntity('northStars', northStarSchema, id, raw, northStarFallbacks);
export const readAlignment = (id: string, raw: unknown): ReadResult<Alignment> => readEntity('alignments', alignmentSchema, id, raw, alignmentFallbacks);
export const readDependency = (id: string, raw: unknown): ReadResult<Dependency> => readEntity('dependencies', dependencySchema, id, raw, dependencyFallbacks);
/** A plain record (never a Y type), checked like an entity. */
export function readOverlapDecision(id: string, raw: unknown): ReadResult<OverlapDecision> {
  if (raw instanceof Y.AbstractType) return fail('overlapDecisions', id, 'not a plain record');
  // A decision about no readable pair decides nothing: it is refused (and reported) rather than guessed.
  return readRecord('overlapDecisions', overlapDecisionSchema, id, raw, overlapDecisionFallbacks);
}
