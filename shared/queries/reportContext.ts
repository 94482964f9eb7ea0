import { groupBy, latestBy, pushTo } from '../collections';
import type { DateWords } from '../dateWords';
import { sortOrdered } from '../order';
import type { Dependency } from '../schema/alignment';
import type { WorkspaceSnapshot } from '../schema/read';
import type { Change, CheckIn, Initiative, KeyResult, Question, Retrospective, Score } from '../schema/types';
import { effectiveCheckInsByKeyResult } from './checkInHistory';
import { decisionsBySignal } from './decisions';
import { questionsOf } from './progress';
import { latestRetrospectives, latestScores } from './scoring';
import type { StandingSource } from './standing';
import { teamOfObjectives } from './scope';

/** The snapshot indexed once, so building each objective does not rescan the workspace. */
export interface ReportContext {
  snapshot: WorkspaceSnapshot;
  now: number;
  teamOf: Map<string, string>;
  /** Live KRs of each objective, in (order, id) order. */
  keyResultsOf: Map<string, KeyResult[]>;
  /** Live questions of each learning KR, in order. */
  questionsOf: Map<string, Question[]>;
  /** Each KR's effective history (corrections applied, withdrawals left out), newest first. */
  checkInsOf: Map<string, CheckIn[]>;
  /** The same check-ins by id. */
  effectiveCheckIns: Map<string, CheckIn>;
  scores: Map<string, Score>;
  retrospectives: Map<string, Retrospective>;
  /** The latest status change logged for each objective or KR. */
  statusChangeOf: Map<string, Change>;
  /** Live dependencies by the teams they concern (needing or needed from), and by the KR that tracks them. */
  dependenciesOfTeam: Map<string, Dependency[]>;
  dependenciesOfKeyResult: Map<string, Dependency[]>;
  /** Live initiatives by the KRs they link to. */
  initiativesOf: Map<string, Initiative[]>;
  /** What progress, health and signals are computed from: the same source the at-a-glance panel reads (standing.ts). */
  standing: StandingSource;
}

/** What the report covers: the objectives in scope and their live KRs. */
export interface InScope {
  objectiveIds: ReadonlySet<string>;
  keyResultIds: ReadonlySet<string>;
}

/** `dates`: the reader's, for the words health reasons are written in. */
export function contextOf(snapshot: WorkspaceSnapshot, now: number, dates: DateWords): ReportContext {
  const liveKeyResults = [...snapshot.keyResults.values()].filter((kr) => kr.deletedAt === null);
  const questions = groupBy(snapshot.questions.values(), (q) => q.keyResultId);
  const checkInsOf = effectiveCheckInsByKeyResult(snapshot.checkIns.values());
  const questionsByKeyResult = new Map([...questions].map(([id, list]) => [id, questionsOf(id, list)]));
  return {
    snapshot,
    now,
    teamOf: teamOfObjectives(snapshot),
    keyResultsOf: new Map([...groupBy(liveKeyResults, (kr) => kr.objectiveId)].map(([id, krs]) => [id, sortOrdered(krs)])),
    questionsOf: questionsByKeyResult,
    checkInsOf,
    effectiveCheckIns: new Map([...checkInsOf.values()].flat().map((c) => [c.id, c])),
    scores: latestScores(snapshot.scores.values()),
    retrospectives: latestRetrospectives(snapshot.retrospectives.values()),
    statusChangeOf: latestBy(
      [...snapshot.changes.values()].filter((c) => c.kind === 'status'),
      (c) => c.entityId,
    ),
    ...dependencyIndexes(snapshot),
    initiativesOf: initiativeIndex(snapshot),
    standing: {
      meta: snapshot.meta,
      checkInsOf: (id) => checkInsOf.get(id) ?? [],
      questionsOf: (id) => questionsByKeyResult.get(id) ?? [],
      decisionsBySignal: decisionsBySignal(snapshot.decisions.values()),
      dates,
    },
  };
}

function dependencyIndexes(snapshot: WorkspaceSnapshot): Pick<ReportContext, 'dependenciesOfTeam' | 'dependenciesOfKeyResult'> {
  const dependenciesOfTeam = new Map<string, Dependency[]>();
  const dependenciesOfKeyResult = new Map<string, Dependency[]>();
  for (const d of snapshot.alignment.dependencies.values()) {
    if (d.deletedAt !== null) continue;
    pushTo(dependenciesOfTeam, d.fromTeamId, d);
    if (d.toTeamId !== d.fromTeamId) pushTo(dependenciesOfTeam, d.toTeamId, d);
    if (d.keyResultId !== null) pushTo(dependenciesOfKeyResult, d.keyResultId, d);
  }
  return { dependenciesOfTeam, dependenciesOfKeyResult };
}

function initiativeIndex(snapshot: WorkspaceSnapshot): Map<string, Initiative[]> {
  const out = new Map<string, Initiative[]>();
  for (const i of snapshot.initiatives.values()) if (i.deletedAt === null) for (const id of new Set(i.keyResultIds)) pushTo(out, id, i);
  return out;
}

export const titleOfKeyResult = (snapshot: WorkspaceSnapshot, id: string) => snapshot.keyResults.get(id)?.title ?? 'a deleted key result';
