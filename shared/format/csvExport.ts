import { sortOrdered } from '../order';
import { effectiveCheckIns } from '../queries/checkInHistory';
import { compareCheckInsNewestFirst, latestCheckIn, progressOf, questionsOf } from '../queries/progress';
import { objectivesInScope, teamOfObjectives, type ExportScope } from '../queries/scope';
import type { WorkspaceSnapshot } from '../schema/read';
import { measureNumbers } from '../queries/reportValues';
import { keyResultStatus, statusLabel } from '../queries/tracking';
import type { CheckIn, KeyResult, Objective, Question } from '../schema/types';
import { toCsv, type CsvCell } from './csv';

/*
 * Key results and check-ins as spreadsheets (docs/import.md, "CSV export").
 * The KR sheet is also the import template: with its id columns, editing it
 * and importing it back updates the same objectives and key results.
 */

/** The KR sheet's columns, in order. Import reads them by name, in any order, ignoring case. */
export const KEY_RESULT_COLUMNS = [
  'team',
  'objective',
  'key result',
  'kind',
  'risk',
  'baseline',
  'target',
  'current',
  'progress',
  'confidence',
  'owner',
  'status',
  'objective id',
  'key result id',
  // Read-only, like progress: whose the KR is when it has no owner of its own (the report's Owner, reminders). Import ignores it.
  'objective owner',
] as const;
export type KeyResultColumn = (typeof KEY_RESULT_COLUMNS)[number];

export const CHECK_IN_COLUMNS = ['objective', 'key result', 'date', 'value', 'confidence', 'note', 'author', 'key result id', 'check-in id', 'corrects check-in id', 'withdrawn', 'reason'] as const;

/**
 * The `kind` cell: a metric that increases or decreases is `metric` (the
 * direction follows from baseline and target); a threshold is named for what
 * it holds, since the sheet has no direction column.
 */
export function kindLabel(kr: KeyResult): string {
  if (kr.kind !== 'metric') return kr.kind;
  if (kr.direction === 'stayAbove') return 'stay above';
  if (kr.direction === 'stayBelow') return 'stay below';
  return 'metric';
}

/**
 * The `status` cell: the words the report uses ("Draft", "Active", "Closed:
 * dropped"; statusLabel in tracking.ts), so the sheet and the report say the
 * same; the importer reads them back, and the bare endings of older sheets. A
 * KR of a closed objective reads as closed the same way.
 */
export function statusCell(kr: Pick<KeyResult, 'status' | 'closedAs'>, objective: Pick<Objective, 'status' | 'closedAs'>): string {
  const { status, closedAs } = keyResultStatus(kr, objective);
  return statusLabel(status, closedAs);
}

/** Progress as a whole percent, or null when unknown. */
function percent(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 100);
}

/**
 * What both sheets need, gathered in one pass: the in-scope objectives in
 * outline order with their live KRs in order, each KR's check-ins and its
 * questions (grouped once, not searched KR by KR).
 */
interface SheetIndex {
  outline: { objective: Objective; keyResults: KeyResult[] }[];
  /** Every check-in record of a KR: originals, corrections and withdrawals. */
  recordsOf: (keyResultId: string) => CheckIn[];
  /** The KR's effective history (shared/queries/checkInHistory.ts), newest first. */
  checkInsOf: (keyResultId: string) => CheckIn[];
  questionsOf: (keyResultId: string) => Question[];
}

function push<T>(into: Map<string, T[]>, key: string, value: T): void {
  const list = into.get(key);
  if (list) list.push(value);
  else into.set(key, [value]);
}

function sheetIndex(snapshot: WorkspaceSnapshot, scope: ExportScope): SheetIndex {
  const byObjective = new Map<string, KeyResult[]>();
  for (const kr of snapshot.keyResults.values()) if (kr.deletedAt === null) push(byObjective, kr.objectiveId, kr);
  const checkIns = new Map<string, CheckIn[]>();
  for (const c of snapshot.checkIns.values()) push(checkIns, c.keyResultId, c);
  const questions = new Map<string, Question[]>();
  for (const q of snapshot.questions.values()) push(questions, q.keyResultId, q);
  const effective = new Map<string, CheckIn[]>();
  return {
    outline: sortOrdered(objectivesInScope(snapshot, scope)).map((objective) => ({ objective, keyResults: sortOrdered(byObjective.get(objective.id) ?? []) })),
    recordsOf: (id) => checkIns.get(id) ?? [],
    checkInsOf: (id) => effective.get(id) ?? effective.set(id, effectiveCheckIns(checkIns.get(id) ?? [])).get(id)!,
    questionsOf: (id) => questionsOf(id, questions.get(id) ?? []),
  };
}

/** The measure cells, as the report shows them (measureNumbers); an output's baseline stays empty: the importer refuses one. */
function measureCells(kr: KeyResult): [CsvCell, CsvCell] {
  const { baseline, target } = measureNumbers(kr);
  return [kr.kind === 'output' ? null : baseline, target];
}

/**
 * One row per live KR of the live objectives in scope, in outline order, with
 * a header row (KEY_RESULT_COLUMNS). Text is neutralised against formula
 * injection; numbers are plain; progress is a whole percent, empty when
 * unknown. Starts with a byte-order mark so Excel reads it as UTF-8.
 */
export function keyResultsCsv(snapshot: WorkspaceSnapshot, scope: ExportScope, index = sheetIndex(snapshot, scope)): string {
  const teamOf = teamOfObjectives(snapshot);
  const rows: CsvCell[][] = [[...KEY_RESULT_COLUMNS]];
  for (const { objective, keyResults } of index.outline) {
    const teamId = teamOf.get(objective.id);
    const team = teamId === undefined ? null : (snapshot.alignment.teams.get(teamId)?.name ?? null);
    for (const kr of keyResults) {
      const checkIns = index.checkInsOf(kr.id);
      const progress = progressOf(kr, checkIns, index.questionsOf(kr.id));
      const [baseline, target] = measureCells(kr);
      const latest = latestCheckIn(checkIns);
      rows.push([
        team,
        objective.title,
        kr.title,
        kindLabel(kr),
        kr.risk,
        baseline,
        target,
        // A milestone is done (1) or not (0), whatever number a check-in stored.
        kr.kind === 'milestone' && progress.current !== null ? (progress.current >= 1 ? 1 : 0) : progress.current,
        percent(progress.ratio),
        latest?.confidence ?? null,
        kr.owner,
        statusCell(kr, objective),
        objective.id,
        kr.id,
        objective.owner,
      ]);
    }
  }
  return toCsv(rows, { bom: true });
}

/** A moment as ISO 8601 UTC; readers allow times past year 275760 that Date cannot show: those stay empty. */
function isoMoment(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * One row per check-in record of the KRs in keyResultsCsv, KR by KR in the
 * same order, each KR's records oldest first; `date` is the ISO 8601 moment
 * (UTC). Corrections and withdrawals are rows too, naming the check-in they
 * correct, so the sheet keeps the whole story (docs/import.md).
 */
export function checkInsCsv(snapshot: WorkspaceSnapshot, scope: ExportScope, index = sheetIndex(snapshot, scope)): string {
  const rows: CsvCell[][] = [[...CHECK_IN_COLUMNS]];
  for (const { objective, keyResults } of index.outline) {
    for (const kr of keyResults) {
      const oldestFirst = [...index.recordsOf(kr.id)].sort(compareCheckInsNewestFirst).reverse();
      for (const c of oldestFirst) {
        rows.push([objective.title, kr.title, isoMoment(c.at), c.value, c.confidence, c.note, c.author, kr.id, c.id, c.corrects ?? null, c.withdrawn ? 'yes' : null, c.reason ?? null]);
      }
    }
  }
  return toCsv(rows, { bom: true });
}

/** Both sheets, from one index of the workspace. */
export function csvSheets(snapshot: WorkspaceSnapshot, scope: ExportScope): { keyResults: string; checkIns: string } {
  const index = sheetIndex(snapshot, scope);
  return { keyResults: keyResultsCsv(snapshot, scope, index), checkIns: checkInsCsv(snapshot, scope, index) };
}
