import type { CheckIn, Question } from '../schema/types';

/** What is stored for one key result that is itself not stored at all. */
export interface OrphansOfKeyResult {
  keyResultId: string;
  /** Newest first. */
  checkIns: CheckIn[];
  /** Live questions (a learning KR's), in their order. */
  questions: Question[];
}

/**
 * Check-ins and live questions whose key result is missing from the
 * workspace entirely (removed by someone's undo while a teammate, not yet in
 * sync, built on it; or never received from a peer), grouped by that key
 * result, the group with the newest record first. Deleted items shows them:
 * stored data is never silently out of reach.
 */
export function orphansOf(records: { checkIns: Iterable<CheckIn>; questions: Iterable<Question> }, keyResults: { has(id: string): boolean }): OrphansOfKeyResult[] {
  const groups = new Map<string, OrphansOfKeyResult>();
  const groupOf = (keyResultId: string) => {
    let group = groups.get(keyResultId);
    if (!group) groups.set(keyResultId, (group = { keyResultId, checkIns: [], questions: [] }));
    return group;
  };
  for (const checkIn of records.checkIns) if (!keyResults.has(checkIn.keyResultId)) groupOf(checkIn.keyResultId).checkIns.push(checkIn);
  for (const question of records.questions) if (question.deletedAt === null && !keyResults.has(question.keyResultId)) groupOf(question.keyResultId).questions.push(question);
  const newestFirst = (a: { at: number; id: string }, b: { at: number; id: string }) => b.at - a.at || (a.id < b.id ? -1 : 1);
  const latest = (g: OrphansOfKeyResult) => Math.max(...g.checkIns.map((c) => c.at), ...g.questions.map((q) => q.createdAt));
  for (const group of groups.values()) {
    group.checkIns.sort(newestFirst);
    group.questions.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
  }
  return [...groups.values()].sort((a, b) => latest(b) - latest(a) || (a.keyResultId < b.keyResultId ? -1 : 1));
}
