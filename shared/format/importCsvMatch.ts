import { newId } from '../ids';
import { effectiveCheckInsByKeyResult } from '../queries/checkInHistory';
import { currentValueOf, latestCheckIn, questionsOf } from '../queries/progress';
import type { WorkspaceSnapshot } from '../schema/read';
import type { CheckIn, KeyResult, MetricDirection, Objective, Question } from '../schema/types';
import type { KeyResultColumn } from './csvExport';
import type { ProblemList } from './importErrors';
import { KINDS, cellOf, clip, type KeyResultRow, type KindChoice } from './importCsvRows';

/*
 * Matching the rows with a workspace: which objective, team and KR each row
 * is about (or creates), the KR's measure after the row, and the check-in the
 * row's values amount to.
 */

export interface PlannedTeam {
  id: string;
  name: string;
  isNew: boolean;
}

export interface PlannedObjective {
  id: string;
  existing: Objective | null;
  title: string;
  team: PlannedTeam | null;
}

export type Measure =
  | { kind: 'metric'; direction: MetricDirection; baseline: number; target: number }
  | { kind: 'output'; target: number }
  | { kind: 'learning' }
  | { kind: 'milestone' };

export interface PlannedKeyResult {
  row: KeyResultRow;
  id: string;
  objective: PlannedObjective;
  existing: KeyResult | null;
  measure: Measure;
  checkIn: { value: number; confidence: number | null } | null;
}

export interface Resolution {
  teams: PlannedTeam[];
  objectives: PlannedObjective[];
  keyResults: PlannedKeyResult[];
}

export function resolve(rows: readonly KeyResultRow[], snapshot: WorkspaceSnapshot, problems: ProblemList): Resolution {
  const objectiveOf = resolveObjectives(rows, snapshot, problems);
  const teams = resolveTeams(rows, objectiveOf, snapshot, problems);
  const history = checkInsByKeyResult(snapshot);
  const seen = new Set<string>();
  const keyResults = rows.map((row) => resolveKeyResult(row, objectiveOf.get(row)!, snapshot, history.get(row.keyResultId ?? '') ?? [], seen, problems));
  return { teams, objectives: [...new Set(objectiveOf.values())], keyResults: keyResults.filter((k): k is PlannedKeyResult => k !== null) };
}

/**
 * Rows name their objective by id, or by title: a title joins the file's
 * objective of that title, else the workspace's live objective of that title,
 * else a new objective.
 */
function resolveObjectives(rows: readonly KeyResultRow[], snapshot: WorkspaceSnapshot, problems: ProblemList): Map<KeyResultRow, PlannedObjective> {
  const byId = new Map<string, PlannedObjective>();
  const byTitle = new Map<string, PlannedObjective>();
  const ofRow = new Map<KeyResultRow, PlannedObjective>();
  const plan = (row: KeyResultRow, id: string, existing: Objective | null) => {
    // Matched by title, an objective keeps its own (the row's may differ in spacing).
    const title = existing && row.objectiveId === undefined ? existing.title : row.objective;
    const planned = byId.get(id) ?? { id, existing, title, team: null };
    byId.set(id, planned);
    if (!byTitle.has(planned.title.trim())) byTitle.set(planned.title.trim(), planned);
    ofRow.set(row, planned);
    return planned;
  };
  for (const row of rows.filter((r) => r.objectiveId !== undefined)) {
    const existing = snapshot.objectives.get(row.objectiveId!) ?? null;
    if (existing?.deletedAt != null) problems.add({ ...cellOf(row, 'objective id'), message: 'That objective was deleted in Cairn.', fix: 'Restore it in Cairn first, or empty the objective id cell to create a new objective.' });
    const planned = plan(row, row.objectiveId!, existing);
    if (planned.title !== row.objective) problems.add({ ...cellOf(row, 'objective'), message: `This row names objective ${planned.id} “${clip(row.objective)}”, an earlier row “${clip(planned.title)}”.`, fix: 'Give the objective the same title on every row.' });
  }
  const liveByTitle = groupBy([...snapshot.objectives.values()].filter((o) => o.deletedAt === null), (o) => o.title.trim());
  for (const row of rows.filter((r) => r.objectiveId === undefined)) {
    const inFile = byTitle.get(row.objective.trim());
    if (inFile) {
      ofRow.set(row, inFile);
      continue;
    }
    const matches = liveByTitle.get(row.objective.trim()) ?? [];
    if (matches.length > 1) problems.add({ ...cellOf(row, 'objective'), message: `${matches.length} objectives in this workspace are called “${clip(row.objective.trim())}”.`, fix: 'Add the objective id column (export the key results from Cairn to get it).' });
    plan(row, matches[0]?.id ?? row.newObjectiveId, matches[0] ?? null);
  }
  return ofRow;
}

/** Each objective's team, by name: a live team of that name (ignoring case), else a new one. */
function resolveTeams(rows: readonly KeyResultRow[], objectiveOf: Map<KeyResultRow, PlannedObjective>, snapshot: WorkspaceSnapshot, problems: ProblemList): PlannedTeam[] {
  const teams = new Map<string, PlannedTeam>();
  for (const team of snapshot.alignment.teams.values()) if (team.deletedAt === null) teams.set(team.name.toLowerCase(), { id: team.id, name: team.name, isNew: false });
  for (const row of rows) {
    if (!row.team) continue;
    const key = row.team.toLowerCase();
    const team = teams.get(key) ?? { id: newId(), name: row.team, isNew: true };
    teams.set(key, team);
    const objective = objectiveOf.get(row)!;
    if (objective.team && objective.team !== team) problems.add({ ...cellOf(row, 'team'), message: `This row puts “${clip(objective.title)}” in team “${clip(row.team)}”, an earlier row in “${clip(objective.team.name)}”.`, fix: 'Give the objective the same team on every row.' });
    objective.team ??= team;
  }
  return [...teams.values()].filter((t) => t.isNew);
}

function resolveKeyResult(row: KeyResultRow, objective: PlannedObjective, snapshot: WorkspaceSnapshot, history: readonly CheckIn[], seen: Set<string>, problems: ProblemList): PlannedKeyResult | null {
  const id = row.keyResultId ?? row.newKeyResultId;
  if (seen.has(id)) problems.add({ ...cellOf(row, 'key result id'), message: 'An earlier row has the same key result id.', fix: 'Remove the duplicate row, or empty its id cell to create another key result.' });
  seen.add(id);
  const existing = snapshot.keyResults.get(id) ?? null;
  if (existing && (existing.deletedAt !== null || snapshot.objectives.get(existing.objectiveId)?.deletedAt != null)) {
    problems.add({ ...cellOf(row, 'key result id'), message: 'That key result (or its objective) was deleted in Cairn.', fix: 'Restore it in Cairn first, or empty the key result id cell to create a new one.' });
  }
  const measure = measureOf(row, existing, problems);
  if (!measure) return null;
  const questions = existing ? questionsOf(existing.id, snapshot.questions.values()) : [];
  const checkIn = checkInOf(row, { ...existing, ...measure } as KeyResult, existing ? history : [], questions, problems);
  return { row, id, objective, existing, measure, checkIn };
}

const KIND_NAMES: Record<KeyResult['kind'], string> = { metric: 'A metric', output: 'An output', learning: 'A learning key result', milestone: 'A milestone' };

/** The KR's measure after this row: the row's cells, else what the KR has, else the kind's defaults. */
function measureOf(row: KeyResultRow, existing: KeyResult | null, problems: ProblemList): Measure | null {
  const choice = row.kind ?? (existing ? existingChoice(existing) : KINDS.metric!);
  const count = problems.count;
  const refuse = (column: KeyResultColumn, message: string, fix: string) => problems.add({ ...cellOf(row, column), message, fix });
  if (choice.kind === 'milestone' || choice.kind === 'learning') {
    for (const column of ['baseline', 'target'] as const) if (row[column] !== undefined) refuse(column, `${KIND_NAMES[choice.kind]} has no ${column}.`, 'Empty the cell, or choose the kind metric or output.');
    return problems.count === count ? { kind: choice.kind } : null;
  }
  if (choice.kind === 'output') {
    const target = row.target ?? (existing?.kind === 'output' ? existing.target : undefined);
    if (row.baseline !== undefined) refuse('baseline', 'An output counts from 0: it has no baseline.', 'Empty the baseline cell, or choose the kind metric.');
    if (target === undefined || target <= 0) refuse('target', 'An output needs a target above zero: how many to deliver.', 'Write the count in the target cell.');
    return problems.count === count ? { kind: 'output', target: target! } : null;
  }
  const old = existing?.kind === 'metric' ? existing : null;
  const threshold = choice.direction === 'stayAbove' || choice.direction === 'stayBelow';
  const target = row.target ?? old?.target;
  const baseline = row.baseline ?? old?.baseline ?? (threshold ? target : undefined);
  if (target === undefined) refuse('target', `${threshold ? 'A threshold needs the number to hold (the target)' : 'A metric needs a target'}.`, 'Write a number in the target cell.');
  if (baseline === undefined) refuse('baseline', 'A metric needs a baseline: the number it starts from.', 'Write a number in the baseline cell.');
  if (target === undefined || baseline === undefined) return null;
  const direction = choice.direction ?? (target > baseline ? 'increase' : 'decrease');
  if (direction === 'increase' && target <= baseline) refuse('target', 'To increase, the target must be above the baseline.', 'Raise the target, or choose the kind stay above / stay below to hold a number.');
  if (direction === 'decrease' && target >= baseline) refuse('target', 'To decrease, the target must be below the baseline.', 'Lower the target, or choose the kind stay above / stay below to hold a number.');
  return problems.count === count ? { kind: 'metric', direction, baseline, target } : null;
}

/** What an existing KR's empty kind cell means: its kind, as the export labels it. */
function existingChoice(kr: KeyResult): KindChoice {
  if (kr.kind === 'metric' && (kr.direction === 'stayAbove' || kr.direction === 'stayBelow')) return { kind: 'metric', direction: kr.direction };
  return { kind: kr.kind };
}

/**
 * A check-in when the row's current value differs from the KR's (after the
 * row's measure), or its confidence from the latest check-in's. A learning
 * KR's value is its answered count: its `current` cell is not read.
 */
function checkInOf(row: KeyResultRow, kr: KeyResult, history: readonly CheckIn[], questions: Question[], problems: ProblemList): PlannedKeyResult['checkIn'] {
  const measured = currentValueOf(kr, history, questions);
  // A milestone is done or not: a stored value other than 0 or 1 (an older or foreign writer) reads as its done-ness, as the sheet shows it.
  const current = kr.kind === 'milestone' && measured !== null ? (measured >= 1 ? 1 : 0) : measured;
  if (kr.kind === 'milestone' && row.current !== undefined && row.current !== 0 && row.current !== 1) {
    problems.add({ ...cellOf(row, 'current'), message: 'A milestone is 1 when done and 0 when not yet.', fix: 'Write 1 or 0.' });
    return null;
  }
  const valueChanged = kr.kind !== 'learning' && row.current !== undefined && row.current !== current;
  const confidenceChanged = row.confidence !== undefined && row.confidence !== (latestCheckIn(history)?.confidence ?? null);
  if (!valueChanged && !confidenceChanged) return null;
  const value = valueChanged ? row.current! : current;
  if (value === null) {
    problems.add({ ...cellOf(row, 'confidence'), message: 'A confidence goes with a current value, and this key result has none yet.', fix: 'Write the current value next to the confidence.' });
    return null;
  }
  return { value, confidence: row.confidence ?? null };
}

export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

function checkInsByKeyResult(snapshot: WorkspaceSnapshot): Map<string, CheckIn[]> {
  return effectiveCheckInsByKeyResult(snapshot.checkIns.values());
}
