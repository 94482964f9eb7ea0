import { outlineOf, type Outline } from '../../shared/queries/outline';
import { progressOf, questionsOf, type Progress } from '../../shared/queries/progress';
import type { CheckIn, Checkpoint, KeyResult, Question } from '../../shared/schema/types';
import { latestOf } from '../../shared/queries/changes';
import type { WorkspaceState } from './workspaceSession';

/*
 * Derived views of the open workspace, memoized on the identity of the records
 * they read, so every component asking on the same store version shares one
 * computation.
 */

let outlineMemo: { objectives: unknown; keyResults: unknown; outline: Outline } | null = null;

export function selectOutline(state: WorkspaceState): Outline {
  if (outlineMemo?.objectives !== state.objectives || outlineMemo.keyResults !== state.keyResults) {
    const outline = outlineOf({ objectives: new Map(Object.entries(state.objectives)), keyResults: new Map(Object.entries(state.keyResults)) });
    outlineMemo = { objectives: state.objectives, keyResults: state.keyResults, outline };
  }
  return outlineMemo.outline;
}

export function selectObjectiveIds(state: WorkspaceState): string[] {
  return selectOutline(state).objectives.map((o) => o.objective.id);
}

export function selectKeyResultIdsOf(objectiveId: string) {
  return (state: WorkspaceState): string[] =>
    selectOutline(state)
      .objectives.find((o) => o.objective.id === objectiveId)
      ?.keyResults.map((kr) => kr.id) ?? [];
}

const EMPTY: readonly CheckIn[] = [];
export function selectCheckInsOf(keyResultId: string) {
  return (state: WorkspaceState): readonly CheckIn[] => state.checkInsByKeyResult[keyResultId] ?? EMPTY;
}

let questionsMemo: { questions: unknown; byKeyResult: Record<string, Question[]> } | null = null;
/** Live questions per learning KR, in order, rebuilt only when a question changes. */
export function selectQuestionsByKeyResult(state: WorkspaceState): Readonly<Record<string, readonly Question[]>> {
  if (questionsMemo?.questions !== state.questions) {
    const byKeyResult: Record<string, Question[]> = {};
    for (const q of Object.values(state.questions)) (byKeyResult[q.keyResultId] ??= []).push(q);
    for (const [krId, list] of Object.entries(byKeyResult)) byKeyResult[krId] = questionsOf(krId, list);
    questionsMemo = { questions: state.questions, byKeyResult };
  }
  return questionsMemo.byKeyResult;
}

let allQuestionsMemo: { questions: unknown; byKeyResult: Record<string, Question[]> } | null = null;
/** Every question per KR, deleted ones included: what the past ("as of", the timeline) is rebuilt from. */
function selectAllQuestionsByKeyResult(state: WorkspaceState): Readonly<Record<string, readonly Question[]>> {
  if (allQuestionsMemo?.questions !== state.questions) {
    const byKeyResult: Record<string, Question[]> = {};
    for (const q of Object.values(state.questions)) (byKeyResult[q.keyResultId] ??= []).push(q);
    allQuestionsMemo = { questions: state.questions, byKeyResult };
  }
  return allQuestionsMemo.byKeyResult;
}

const NO_QUESTIONS: readonly Question[] = [];
export function selectAllQuestionsOf(keyResultId: string) {
  return (state: WorkspaceState): readonly Question[] => selectAllQuestionsByKeyResult(state)[keyResultId] ?? NO_QUESTIONS;
}
export function selectQuestionsOf(keyResultId: string) {
  return (state: WorkspaceState): readonly Question[] => selectQuestionsByKeyResult(state)[keyResultId] ?? NO_QUESTIONS;
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

let checkpointMemo: { checkpoints: unknown; latest: Checkpoint | null } | null = null;
/** The latest published checkpoint, or null while the OKRs are not published. */
export function selectPublished(state: WorkspaceState): Checkpoint | null {
  if (checkpointMemo?.checkpoints !== state.checkpoints) checkpointMemo = { checkpoints: state.checkpoints, latest: latestOf(Object.values(state.checkpoints)) };
  return checkpointMemo.latest;
}

let sessionMemo: { sessions: unknown; latest: Checkpoint | null } | null = null;
/** When the latest workshop session on this workspace began (hosting started), or null. */
export function selectSessionStart(state: WorkspaceState): Checkpoint | null {
  if (sessionMemo?.sessions !== state.sessions) sessionMemo = { sessions: state.sessions, latest: latestOf(Object.values(state.sessions)) };
  return sessionMemo.latest;
}
