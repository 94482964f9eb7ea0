import { sortOrdered } from '../order';
import { compareCheckInsNewestFirst } from '../queries/progress';
import type { WorkspaceSnapshot } from '../schema/read';

export const JSON_FORMAT = 'cairn-workspace';
export const JSON_FORMAT_VERSION = 1;

/** Code-unit comparison: the same on every replica and locale. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The whole workspace as documented JSON (docs/schema.md, "JSON export"):
 * everything, deleted entities included (with deletedAt), in a stable order.
 */
export function workspaceToJson(snapshot: WorkspaceSnapshot) {
  return {
    format: JSON_FORMAT,
    formatVersion: JSON_FORMAT_VERSION,
    // A document no workspace has arrived in has no meta to export (its fields would all be fallbacks).
    meta: snapshot.meta.id === '' ? null : snapshot.meta,
    objectives: sortOrdered([...snapshot.objectives.values()]),
    // Grouped by objective (a stable sort keeps each group in (order, id)).
    keyResults: sortOrdered([...snapshot.keyResults.values()]).sort((a, b) => byCodeUnits(a.objectiveId, b.objectiveId)),
    checkIns: [...snapshot.checkIns.values()].sort(compareCheckInsNewestFirst).reverse(),
    // Grouped by key result, like key results by objective.
    questions: sortOrdered([...snapshot.questions.values()]).sort((a, b) => byCodeUnits(a.keyResultId, b.keyResultId)),
    initiatives: sortOrdered([...snapshot.initiatives.values()]),
    decisions: [...snapshot.decisions.values()].sort((a, b) => a.at - b.at || byCodeUnits(a.id, b.id)),
    scores: [...snapshot.scores.values()].sort((a, b) => a.at - b.at || byCodeUnits(a.id, b.id)),
    retrospectives: [...snapshot.retrospectives.values()].sort((a, b) => a.at - b.at || byCodeUnits(a.id, b.id)),
    changes: [...snapshot.changes.values()].sort((a, b) => a.at - b.at || byCodeUnits(a.id, b.id)),
    checkpoints: [...snapshot.checkpoints.values()].sort((a, b) => a.at - b.at || byCodeUnits(a.id, b.id)),
    sessions: [...snapshot.sessions.values()].sort((a, b) => a.at - b.at || byCodeUnits(a.id, b.id)),
    rolloutPlans: sortOrdered([...snapshot.rolloutPlans.values()]),
    // Grouped by plan (a stable sort keeps each group in (order, id)).
    rolloutStages: sortOrdered([...snapshot.rolloutStages.values()]).sort((a, b) => byCodeUnits(a.rolloutId, b.rolloutId)),
    readinessGates: sortOrdered([...snapshot.readinessGates.values()]).sort((a, b) => byCodeUnits(a.rolloutId, b.rolloutId)),
    // Teams, north stars, alignments, dependencies and overlap decisions, each by id.
    alignment: Object.fromEntries(
      Object.entries(snapshot.alignment).map(([name, records]) => [name, [...(records as Map<string, { id: string }>).values()].sort((a, b) => byCodeUnits(a.id, b.id))]),
    ),
    journalEntries: [...snapshot.journalEntries.values()].sort((a, b) => byCodeUnits(a.date, b.date) || byCodeUnits(a.id, b.id)),
    problems: snapshot.problems,
  };
}
