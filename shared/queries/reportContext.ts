import { sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import type { CheckIn, KeyResult, Question, Retrospective, Score } from '../schema/types';
import { questionsOf } from './progress';
import { latestRetrospectives, latestScores } from './scoring';
import { teamOfObjectives } from './scope';

/** Code-unit order: the same on every replica and in every locale. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const byTimeThenId = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || compareText(a.id, b.id);

/** The snapshot indexed once, so building each objective does not rescan the workspace. */
export interface ReportContext {
  snapshot: WorkspaceSnapshot;
  now: number;
  teamOf: Map<string, string>;
  /** Live KRs of each objective, in (order, id) order. */
  keyResultsOf: Map<string, KeyResult[]>;
  /** Live questions of each learning KR, in order. */
  questionsOf: Map<string, Question[]>;
  checkInsOf: Map<string, CheckIn[]>;
  scores: Map<string, Score>;
  retrospectives: Map<string, Retrospective>;
}

/** What the report covers: the objectives in scope and their live KRs. */
export interface InScope {
  objectiveIds: ReadonlySet<string>;
  keyResultIds: ReadonlySet<string>;
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(keyOf(item));
    if (list) list.push(item);
    else out.set(keyOf(item), [item]);
  }
  return out;
}

export function contextOf(snapshot: WorkspaceSnapshot, now: number): ReportContext {
  const liveKeyResults = [...snapshot.keyResults.values()].filter((kr) => kr.deletedAt === null);
  const questions = groupBy(snapshot.questions.values(), (q) => q.keyResultId);
  return {
    snapshot,
    now,
    teamOf: teamOfObjectives(snapshot),
    keyResultsOf: new Map([...groupBy(liveKeyResults, (kr) => kr.objectiveId)].map(([id, krs]) => [id, sortOrdered(krs)])),
    questionsOf: new Map([...questions].map(([id, list]) => [id, questionsOf(id, list)])),
    checkInsOf: groupBy(snapshot.checkIns.values(), (c) => c.keyResultId),
    scores: latestScores(snapshot.scores.values()),
    retrospectives: latestRetrospectives(snapshot.retrospectives.values()),
  };
}

export const titleOfKeyResult = (snapshot: WorkspaceSnapshot, id: string) => snapshot.keyResults.get(id)?.title ?? 'a deleted key result';
