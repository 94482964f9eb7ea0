import { groupBy, pushTo } from '../collections';
import { compareOrdered, sortOrdered } from '../order';
import type { Alignment, Dependency, NorthStar, ObjectiveTeam, Team } from '../schema/alignment';
import type { Initiative, KeyResult, Objective } from '../schema/types';

/*
 * The alignment tree: company north stars at the roots, the objectives aligned
 * to them (to the objective itself or to one of its KRs), down to team
 * objectives, their KRs and the initiatives working on those KRs. Every live
 * objective appears exactly once: what cannot hang under its parent (missing,
 * deleted, a cycle two devices made) is listed apart with the reason, and what
 * concurrent edits made ambiguous is settled the same way on every replica and
 * reported. Pure functions of validated records.
 */

const isLive = (r: { deletedAt: number | null }) => r.deletedAt === null;

/** Latest first: by createdAt, then id (the same order on every replica). */
export function compareLatestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** One value that should be single: the record in effect, and any live rivals from concurrent edits. */
export interface Resolved<T> {
  winner: T;
  /** Other live records, latest first; non-empty means two people set it concurrently. */
  rivals: T[];
}

/** Live records grouped by `keyOf`, each group's latest record winning. */
export function resolveLatest<T extends { id: string; createdAt: number; deletedAt: number | null }>(records: Iterable<T>, keyOf: (record: T) => string): Map<string, Resolved<T>> {
  const groups = groupBy([...records].filter(isLive), keyOf);
  const out = new Map<string, Resolved<T>>();
  for (const [key, group] of groups) {
    const [winner, ...rivals] = group.sort(compareLatestFirst);
    out.set(key, { winner: winner!, rivals });
  }
  return out;
}

/** Live teams, by (order, id). */
export function liveTeams(teams: Iterable<Team>): Team[] {
  return [...teams].filter(isLive).sort(compareOrdered);
}

/** Objective id → the team assignment in effect (and rivals). */
export const teamAssignments = (records: Iterable<ObjectiveTeam>): Map<string, Resolved<ObjectiveTeam>> => resolveLatest(records, (r) => r.objectiveId);

/** Child objective id → the alignment in effect (and rivals). */
export const parentAlignments = (records: Iterable<Alignment>): Map<string, Resolved<Alignment>> => resolveLatest(records, (r) => r.childObjectiveId);

/** Ids of the objectives that a live north-star record marks. */
export function northStarIds(records: Iterable<NorthStar>): Set<string> {
  const out = new Set<string>();
  for (const record of records) if (isLive(record)) out.add(record.objectiveId);
  return out;
}

export interface AlignmentTreeInput {
  objectives: ReadonlyMap<string, Objective>;
  keyResults: ReadonlyMap<string, KeyResult>;
  teams: ReadonlyMap<string, Team>;
  objectiveTeams: ReadonlyMap<string, ObjectiveTeam>;
  northStars: ReadonlyMap<string, NorthStar>;
  alignments: ReadonlyMap<string, Alignment>;
  /** Given, each KR lists the live initiatives linked to it. */
  initiatives?: ReadonlyMap<string, Initiative>;
  /** Given, each KR lists the live dependencies it tracks. */
  dependencies?: ReadonlyMap<string, Dependency>;
}

export interface ObjectiveNode {
  objective: Objective;
  /** The team in effect (possibly deleted: then shown as such), or null for none or a missing team. */
  team: Team | null;
  northStar: boolean;
  /** The alignment in effect (also when its parent is missing, deleted or closed a cycle); null for none and for north stars. */
  alignment: Alignment | null;
  /** Its live KRs by (order, id), each with what aligns to it. */
  keyResults: KeyResultNode[];
  /** Objectives aligned to this objective itself, by (order, id). */
  children: ObjectiveNode[];
}

export interface KeyResultNode {
  keyResult: KeyResult;
  /** Live initiatives linked to this KR, by (order, id). */
  initiatives: Initiative[];
  /** Live dependencies this KR tracks, by (createdAt, id). */
  dependencies: Dependency[];
  /** Objectives aligned to this KR, by (order, id). */
  children: ObjectiveNode[];
}

/**
 * Why an objective is not under a north star's tree:
 * - not-aligned: it has no alignment (and is not a north star);
 * - parent-missing: its parent objective or KR (or the KR's objective) is not in the workspace;
 * - parent-deleted: that parent (or the KR's objective) was deleted;
 * - cycle: its alignment closed a loop (two devices each aligned one under the other) and was set aside.
 */
export type UnalignedReason = 'not-aligned' | 'parent-missing' | 'parent-deleted' | 'cycle';

export interface UnalignedEntry {
  reason: UnalignedReason;
  /** The objective, with everything aligned below it. */
  node: ObjectiveNode;
}

/** Something concurrent edits made ambiguous, settled deterministically and shown to people. */
export type AlignmentConflict =
  /** Two live alignments for one objective: `winner` is in effect. */
  | { kind: 'parent'; objectiveId: string; winner: Alignment; rivals: Alignment[] }
  /** Two live team assignments for one objective: `winner` is in effect. */
  | { kind: 'team'; objectiveId: string; winner: ObjectiveTeam; rivals: ObjectiveTeam[] }
  /** A north star with an alignment: it stays a root and the alignment is ignored. */
  | { kind: 'north-star-aligned'; objectiveId: string; alignment: Alignment };

/** A loop of alignments, broken by setting its latest alignment aside. */
export interface BrokenCycle {
  /** The objectives in the loop, starting with the one whose alignment was set aside, each aligned under the next. */
  objectiveIds: string[];
  setAside: Alignment;
}

export interface AlignmentTree {
  /** Live north stars, by (order, id), each with its subtree. */
  northStars: ObjectiveNode[];
  /** Live objectives that do not hang under a parent, by (order, id), with the reason. */
  unaligned: UnalignedEntry[];
  conflicts: AlignmentConflict[];
  cycles: BrokenCycle[];
}

type Parent = { objectiveId: string; keyResultId: string | null };
type ParentOutcome = { ok: true; parent: Parent } | { ok: false; reason: 'parent-missing' | 'parent-deleted' };

/** The live objective (and KR) an alignment points to, or why there is none. */
export function resolveParent(alignment: Alignment, objectives: ReadonlyMap<string, Objective>, keyResults: ReadonlyMap<string, KeyResult>): ParentOutcome {
  let objectiveId = alignment.parentId;
  let keyResultId: string | null = null;
  if (alignment.parentType === 'keyResult') {
    const kr = keyResults.get(alignment.parentId);
    if (!kr) return { ok: false, reason: 'parent-missing' };
    if (!isLive(kr)) return { ok: false, reason: 'parent-deleted' };
    objectiveId = kr.objectiveId;
    keyResultId = kr.id;
  }
  const objective = objectives.get(objectiveId);
  if (!objective) return { ok: false, reason: 'parent-missing' };
  if (!isLive(objective)) return { ok: false, reason: 'parent-deleted' };
  return { ok: true, parent: { objectiveId, keyResultId } };
}

export function alignmentTree(input: AlignmentTreeInput): AlignmentTree {
  const live = sortOrdered([...input.objectives.values()].filter(isLive));
  const liveIds = new Set(live.map((o) => o.id));
  const stars = northStarIds(input.northStars.values());
  const teamOf = teamAssignments(input.objectiveTeams.values());
  const alignmentOf = parentAlignments([...input.alignments.values()].filter((a) => liveIds.has(a.childObjectiveId)));
  const conflicts: AlignmentConflict[] = [];

  // Each live objective's parent, or the reason it has none.
  const parents = new Map<string, Parent & { alignment: Alignment }>();
  const reasons = new Map<string, UnalignedReason>();
  for (const { id } of live) {
    const resolved = alignmentOf.get(id);
    const team = teamOf.get(id);
    if (team && team.rivals.length > 0) conflicts.push({ kind: 'team', objectiveId: id, winner: team.winner, rivals: team.rivals });
    if (resolved && resolved.rivals.length > 0) conflicts.push({ kind: 'parent', objectiveId: id, winner: resolved.winner, rivals: resolved.rivals });
    if (stars.has(id)) {
      if (resolved) conflicts.push({ kind: 'north-star-aligned', objectiveId: id, alignment: resolved.winner });
      continue;
    }
    if (!resolved) {
      reasons.set(id, 'not-aligned');
      continue;
    }
    const outcome = resolveParent(resolved.winner, input.objectives, input.keyResults);
    if (outcome.ok) parents.set(id, { ...outcome.parent, alignment: resolved.winner });
    else reasons.set(id, outcome.reason);
  }

  const cycles = breakCycles(live.map((o) => o.id), parents);
  for (const cycle of cycles) {
    parents.delete(cycle.objectiveIds[0]!);
    reasons.set(cycle.objectiveIds[0]!, 'cycle');
  }

  // Children per parent objective and per parent KR, in objective order.
  const underObjective = new Map<string, Objective[]>();
  const underKeyResult = new Map<string, Objective[]>();
  for (const objective of live) {
    const parent = parents.get(objective.id);
    if (parent?.keyResultId === null) pushTo(underObjective, parent.objectiveId, objective);
    else if (parent) pushTo(underKeyResult, parent.keyResultId, objective);
  }
  const krsOf = groupBy([...input.keyResults.values()].filter(isLive), (kr) => kr.objectiveId);
  const workOf = new Map<string, Initiative[]>();
  for (const initiative of sortOrdered([...(input.initiatives?.values() ?? [])].filter(isLive))) {
    for (const krId of initiative.keyResultIds) pushTo(workOf, krId, initiative);
  }
  const dependenciesOf = new Map<string, Dependency[]>();
  for (const dependency of [...(input.dependencies?.values() ?? [])].filter(isLive).sort((a, b) => -compareLatestFirst(a, b))) {
    if (dependency.keyResultId !== null) pushTo(dependenciesOf, dependency.keyResultId, dependency);
  }

  const build = (objective: Objective): ObjectiveNode => {
    const teamId = teamOf.get(objective.id)?.winner.teamId;
    const star = stars.has(objective.id);
    return {
      objective,
      team: (teamId && input.teams.get(teamId)) || null,
      northStar: star,
      alignment: star ? null : (alignmentOf.get(objective.id)?.winner ?? null),
      keyResults: sortOrdered(krsOf.get(objective.id) ?? []).map((keyResult) => ({
        keyResult,
        initiatives: workOf.get(keyResult.id) ?? [],
        dependencies: dependenciesOf.get(keyResult.id) ?? [],
        children: (underKeyResult.get(keyResult.id) ?? []).map(build),
      })),
      children: (underObjective.get(objective.id) ?? []).map(build),
    };
  };

  return {
    northStars: live.filter((o) => stars.has(o.id)).map(build),
    unaligned: live.filter((o) => reasons.has(o.id)).map((o) => ({ reason: reasons.get(o.id)!, node: build(o) })),
    conflicts,
    cycles,
  };
}

/**
 * Each objective has at most one parent, so every loop is a simple cycle and
 * setting one alignment of each aside breaks them all. The one set aside is
 * the latest (createdAt, then id): the same choice on every replica, whatever
 * order their maps iterate in.
 */
function breakCycles(ids: readonly string[], parents: ReadonlyMap<string, Parent & { alignment: Alignment }>): BrokenCycle[] {
  const state = new Map<string, 'walking' | 'done'>();
  const cycles: BrokenCycle[] = [];
  for (const start of [...ids].sort()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && !state.has(at)) {
      state.set(at, 'walking');
      path.push(at);
      at = parents.get(at)?.objectiveId;
    }
    if (at !== undefined && state.get(at) === 'walking') {
      const loop = path.slice(path.indexOf(at));
      const latest = [...loop].sort((a, b) => compareLatestFirst(parents.get(a)!.alignment, parents.get(b)!.alignment))[0]!;
      const from = loop.indexOf(latest);
      cycles.push({ objectiveIds: [...loop.slice(from), ...loop.slice(0, from)], setAside: parents.get(latest)!.alignment });
    }
    for (const id of path) state.set(id, 'done');
  }
  return cycles.sort((a, b) => compareLatestFirst(a.setAside, b.setAside));
}
