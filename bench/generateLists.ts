import type * as Y from 'yjs';
import { recordCheckIn } from '../shared/commands/checkIns';
import { localContext } from '../shared/commands/context';
import { recordDecision } from '../shared/commands/decisions';
import { alignObjective, markNorthStar } from '../shared/commands/alignment';
import { addDependency } from '../shared/commands/dependencies';
import { addTeam, setObjectiveTeam } from '../shared/commands/teams';
import { addRolloutPlan } from '../shared/commands/rollouts';
import type { DecisionKind } from '../shared/schema/types';
import { readWorkspace } from '../shared/schema/read';

/*
 * What the long lists other than the board need to be long, added to a
 * generated workspace (bench/generate.ts): decisions, rollout plans, one key
 * result with years of check-ins, and a library of workspaces. Each item
 * carries a tag found nowhere else in the page ("d0417", "p0271", "n0917",
 * "w0733"), so a filter typed with it matches that item alone.
 */

export interface ListSizes {
  decisions: number;
  rolloutPlans: number;
  /** Check-ins of the first key result (its timeline). */
  timelineCheckIns: number;
  /** Dependencies between the teams (addAlignment). */
  dependencies: number;
}

/** The sizes the e2e tests and the bench use: each list many screens long. */
export const LIST_SIZES: ListSizes = { decisions: 1_000, rolloutPlans: 300, timelineCheckIns: 1_000, dependencies: 300 };
export const LIBRARY_WORKSPACES = 1_000;

const HOUR_MS = 3_600_000;
const KINDS: DecisionKind[] = ['persevere', 'pivot', 'stop', 'escalate'];
/** "0417": four digits, so no tag is a prefix of another. */
export const tag = (n: number) => String(n).padStart(4, '0');

/** The key result whose timeline is long: the first objective's first. */
export function timelineKeyResult(doc: Y.Doc) {
  const snapshot = readWorkspace(doc);
  const first = [...snapshot.keyResults.values()].sort((a, b) => (a.order < b.order ? -1 : 1)).find((kr) => kr.objectiveId === [...snapshot.objectives.values()].sort((a, b) => (a.order < b.order ? -1 : 1))[0]?.id);
  if (!first) throw new Error('the workspace has no key result');
  return first;
}

/**
 * Adds the lists' items. `at` is the moment of the first of them (inside the
 * workspace's cycle: a check-in is dated then); each follows the previous by an hour.
 */
export function addListItems(doc: Y.Doc, at: number, sizes: ListSizes = LIST_SIZES): void {
  let now = at;
  const ctx = (actor: string) => localContext(doc, actor, () => now);
  const kr = timelineKeyResult(doc);
  // Recorded by Ben: a page signed Ana can decide from each, not correct it (one button per entry).
  for (let i = 1; i <= sizes.timelineCheckIns; i++) {
    now = at + i * 60_000;
    recordCheckIn(ctx('Ben'), kr.id, { value: 10 + (i % 30), confidence: 5 + (i % 5), note: `Reading n${tag(i)}` });
  }
  const keyResults = [...readWorkspace(doc).keyResults.values()].filter((k) => k.deletedAt === null);
  for (let i = 1; i <= sizes.decisions; i++) {
    now = at + i * HOUR_MS;
    recordDecision(ctx('Chen'), { kind: KINDS[i % KINDS.length]!, rationale: `Reviewed in batch d${tag(i)}: the trend holds`, keyResultIds: [keyResults[i % keyResults.length]!.id] });
  }
  for (let i = 1; i <= sizes.rolloutPlans; i++) {
    addRolloutPlan(ctx('Dana'), { title: `Feature p${tag(i)}: guided setup`, toggleKey: `feature-p${tag(i)}`, keyResultId: keyResults[i % keyResults.length]!.id, defaultStages: true, defaultGates: true });
  }
}

/** Teams the objectives are spread over. */
export const ALIGNMENT_TEAMS = 10;
/** North stars: the first objectives, by order. */
export const NORTH_STARS = 20;
/** Objectives aligned under each objective above them (half to the objective, half to its first KR). */
const FAN_OUT = 10;

/**
 * A company's alignment over every objective of the workspace: ten teams, the
 * first twenty objectives north stars, each other objective aligned under an
 * earlier one (a tree ten wide, four levels deep), alternately to it and to its
 * first KR; and `sizes.dependencies` dependencies between the teams, "what"
 * tagged "q0001" and on.
 */
export function addAlignment(doc: Y.Doc, at: number, sizes: ListSizes = LIST_SIZES): void {
  const ctx = localContext(doc, 'Eli', () => at);
  const snapshot = readWorkspace(doc);
  const byOrder = <T extends { order: string }>(a: T, b: T) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);
  const objectives = [...snapshot.objectives.values()].filter((o) => o.deletedAt === null).sort(byOrder);
  const firstKeyResult = new Map<string, string>();
  for (const kr of [...snapshot.keyResults.values()].filter((k) => k.deletedAt === null).sort(byOrder)) if (!firstKeyResult.has(kr.objectiveId)) firstKeyResult.set(kr.objectiveId, kr.id);
  const teams = Array.from({ length: ALIGNMENT_TEAMS }, (_, i) => addTeam(ctx, { name: `Team t${tag(i + 1)}` }));
  objectives.forEach((o, i) => {
    setObjectiveTeam(ctx, o.id, teams[i % teams.length]!);
    if (i < NORTH_STARS) return markNorthStar(ctx, o.id);
    const parent = objectives[Math.floor((i - NORTH_STARS) / FAN_OUT)]!;
    const kr = firstKeyResult.get(parent.id);
    alignObjective(ctx, o.id, i % 2 === 0 && kr ? { type: 'keyResult', id: kr } : { type: 'objective', id: parent.id });
  });
  for (let i = 1; i <= sizes.dependencies; i++) {
    addDependency(ctx, { fromTeamId: teams[i % teams.length]!, toTeamId: teams[(i + 1) % teams.length]!, what: `Data export q${tag(i)}`, neededBy: new Date(at + i * 86_400_000).toISOString().slice(0, 10), blocking: i % 3 === 0 });
  }
}

/** A library of `count` workspaces, as the renderer keeps it (renderer/state/libraryIndex.ts): "Team w0001" and on, newest first. */
export function libraryEntries(count = LIBRARY_WORKSPACES, at = Date.UTC(2026, 6, 1)) {
  return Array.from({ length: count }, (_, i) => ({
    id: `libraryBench${tag(i + 1)}`,
    title: `Team w${tag(i + 1)}`,
    kind: 'team' as const,
    createdAt: at - i * HOUR_MS,
    openedAt: null,
    deletedAt: null,
    workshop: null,
  }));
}
