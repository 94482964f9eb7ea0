import { liveTeams } from '../../shared/queries/alignment';
import { outlineObjectiveIds, outlineOf, patchOutline, type Outline, type OutlineRecords } from '../../shared/queries/outline';
import { orphansOf, type OrphansOfKeyResult } from '../../shared/queries/orphans';
import { progressOf, questionsOf, type Progress } from '../../shared/queries/progress';
import type { Team } from '../../shared/schema/alignment';
import type { CheckIn, Checkpoint, KeyResult, Question } from '../../shared/schema/types';
import { latestOf } from '../../shared/queries/changes';
import { trackedKeyResults } from '../../shared/queries/tracking';
import type { Projection } from './projection';

/*
 * Derived views of the open workspace, memoized on the identity of the records
 * they read, so every component asking on the same store version shares one
 * computation.
 */

/**
 * `compute`, remembering its last answer: asked again with the same arguments
 * (by identity), it returns the same value. One slot: what a store selector
 * needs, since every component asks on the same store version.
 */
export function memoOn<A extends readonly unknown[], V>(compute: (...args: A) => V): (...args: A) => V {
  let last: { args: A; value: V } | null = null;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) return last.value;
    const value = compute(...args);
    last = { args, value };
    return value;
  };
}

let outlineMemo: { records: OutlineRecords; outline: Outline } | null = null;

/**
 * The outline of the open workspace: the same object while its objectives and
 * KRs are; after an edit that moves nothing (a keystroke in a title), the
 * previous outline with only the edited entries new (shared/queries/outline.ts
 * patchOutline), so what is kept per entry downstream is kept.
 */
export function selectOutline(state: Projection): Outline {
  const records: OutlineRecords = { objectives: state.objectives, keyResults: state.keyResults };
  if (outlineMemo?.records.objectives === records.objectives && outlineMemo.records.keyResults === records.keyResults) return outlineMemo.outline;
  const outline =
    (outlineMemo && patchOutline(outlineMemo.outline, outlineMemo.records, records)) ??
    outlineOf({ objectives: new Map(Object.entries(records.objectives)), keyResults: new Map(Object.entries(records.keyResults)) });
  outlineMemo = { records, outline };
  return outline;
}

const keyResultsOfOutline = memoOn((outline: Outline): KeyResult[] => outline.objectives.flatMap((o) => o.keyResults));

/** Live KRs of live objectives, in the order the team sees them (the same array while the outline is the same). */
export function selectLiveKeyResults(state: Projection): KeyResult[] {
  return keyResultsOfOutline(selectOutline(state));
}

const trackedOfOutline = memoOn(trackedKeyResults);

/**
 * The KRs still live for tracking (shared/queries/tracking.ts), in outline
 * order: those that raise signals and are offered as targets. The same array
 * while the outline is the same.
 */
export function selectTrackedKeyResults(state: Projection): KeyResult[] {
  return trackedOfOutline(selectOutline(state));
}

const liveTeamsOf = memoOn((teams: Projection['alignment']['teams']): Team[] => liveTeams(teams.values()));

/** Live teams, in order. */
export function selectLiveTeams(state: Projection): Team[] {
  return liveTeamsOf(state.alignment.teams);
}

/** The objectives' ids, in order: the same array while no objective is added, moved or deleted (a keystroke keeps it). */
export function selectObjectiveIds(state: Projection): readonly string[] {
  return outlineObjectiveIds(selectOutline(state));
}

export function selectKeyResultIdsOf(objectiveId: string) {
  return (state: Projection): string[] =>
    selectOutline(state)
      .objectives.find((o) => o.objective.id === objectiveId)
      ?.keyResults.map((kr) => kr.id) ?? [];
}

const EMPTY: readonly CheckIn[] = [];
export function selectCheckInsOf(keyResultId: string) {
  return (state: Projection): readonly CheckIn[] => state.checkInsByKeyResult[keyResultId] ?? EMPTY;
}

const orphansOfRecords = memoOn(
  (checkInsByKeyResult: Projection['checkInsByKeyResult'], questions: Projection['questions'], keyResults: Projection['keyResults']) =>
    orphansOf({ checkIns: Object.values(checkInsByKeyResult).flat(), questions: Object.values(questions) }, { has: (id) => Object.hasOwn(keyResults, id) }),
);

/** Check-ins and questions whose key result is not stored at all, grouped by it (shown in Deleted items). */
export function selectOrphans(state: Projection): OrphansOfKeyResult[] {
  return orphansOfRecords(state.checkInsByKeyResult, state.questions, state.keyResults);
}

type QuestionsByKeyResult = Readonly<Record<string, readonly Question[]>>;

const groupQuestions = memoOn((questions: Projection['questions']): QuestionsByKeyResult => {
  const byKeyResult: Record<string, Question[]> = {};
  for (const q of Object.values(questions)) (byKeyResult[q.keyResultId] ??= []).push(q);
  return byKeyResult;
});

const liveQuestionsOf = memoOn(
  (all: QuestionsByKeyResult): QuestionsByKeyResult => Object.fromEntries(Object.entries(all).map(([krId, list]) => [krId, questionsOf(krId, list)])),
);

/** Every question per KR, deleted ones included: what the past ("as of", the timeline) is rebuilt from. */
function selectAllQuestionsByKeyResult(state: Projection): QuestionsByKeyResult {
  return groupQuestions(state.questions);
}

/** Live questions per learning KR, in order, rebuilt only when a question changes. */
export function selectQuestionsByKeyResult(state: Projection): QuestionsByKeyResult {
  return liveQuestionsOf(selectAllQuestionsByKeyResult(state));
}

const NO_QUESTIONS: readonly Question[] = [];
export function selectAllQuestionsOf(keyResultId: string) {
  return (state: Projection): readonly Question[] => selectAllQuestionsByKeyResult(state)[keyResultId] ?? NO_QUESTIONS;
}
export function selectQuestionsOf(keyResultId: string) {
  return (state: Projection): readonly Question[] => selectQuestionsByKeyResult(state)[keyResultId] ?? NO_QUESTIONS;
}

const progressMemo = new WeakMap<KeyResult, WeakMap<readonly CheckIn[], WeakMap<readonly Question[], Progress>>>();
/** Progress of a KR, cached per (KR record, check-in list, question list). */
export function progressFor(kr: KeyResult, history: readonly CheckIn[], questions: readonly Question[] = NO_QUESTIONS): Progress {
  let byHistory = progressMemo.get(kr);
  if (!byHistory) progressMemo.set(kr, (byHistory = new WeakMap()));
  let byQuestions = byHistory.get(history);
  if (!byQuestions) byHistory.set(history, (byQuestions = new WeakMap()));
  let progress = byQuestions.get(questions);
  if (!progress) byQuestions.set(questions, (progress = progressOf(kr, history, questions)));
  return progress;
}

const latestCheckpoint = memoOn((checkpoints: Projection['checkpoints']) => latestOf(Object.values(checkpoints)));
/** The latest published checkpoint, or null while the OKRs are not published. */
export function selectPublished(state: Projection): Checkpoint | null {
  return latestCheckpoint(state.checkpoints);
}

const latestSession = memoOn((sessions: Projection['sessions']) => latestOf(Object.values(sessions)));
/** When the latest workshop session on this workspace began (hosting started), or null. */
export function selectSessionStart(state: Projection): Checkpoint | null {
  return latestSession(state.sessions);
}
