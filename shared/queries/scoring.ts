import { latestBy } from '../collections';
import type { ObjectiveNext, Retrospective, Score } from '../schema/types';
import type { Progress } from './progress';

/*
 * End of cycle: a score per KR (0.0–1.0), suggested from its progress and
 * editable with a note, and a short retrospective per objective.
 */

/** The suggested score: progress rounded to a tenth (a threshold KR scores 1 while it holds). */
export function suggestedScore(progress: Progress): number | null {
  if (progress.ratio === null) return null;
  return Math.round(progress.ratio * 10) / 10;
}

export const latestScores = (scores: Iterable<Score>) => latestBy(scores, (s) => s.keyResultId);
export const latestRetrospectives = (retros: Iterable<Retrospective>) => latestBy(retros, (r) => r.objectiveId);

/** A score as people write it: one decimal, two when it has them (0.4, 0.75). */
export function formatScore(score: number): string {
  return Number.isInteger(Math.round(score * 100) / 10) ? score.toFixed(1) : score.toFixed(2);
}

/** An objective's score: the mean of its KRs' scores, with how it was computed. */
export function objectiveScore(krScores: readonly (number | null)[]): { score: number | null; explanation: string } {
  const scored = krScores.filter((s): s is number => s !== null);
  if (scored.length === 0) return { score: null, explanation: 'No key result is scored yet.' };
  const score = Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 100) / 100;
  const unscored = krScores.length - scored.length;
  return {
    score,
    explanation: `Mean of ${scored.length} key result ${scored.length === 1 ? 'score' : 'scores'} (${scored.map(formatScore).join(', ')})${unscored ? `; ${unscored} not scored yet` : ''}.`,
  };
}

export const NEXT_LABEL: Record<ObjectiveNext, string> = {
  'carry-forward': 'Carry forward',
  'de-scope': 'De-scope',
  complete: 'Complete',
};
