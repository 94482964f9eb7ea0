import * as Y from 'yjs';
import { CommandError, type CommandContext } from '../commands/context';
import { IMPORT_ORIGIN } from '../origins';
import { SCHEMA_VERSION } from '../schema/doc';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import { toWellFormed } from '../text';
import { resolve, type Resolution } from './importCsvMatch';
import { readRows, type KeyResultRow } from './importCsvRows';
import { prepareWrites } from './importCsvWrites';
import { ProblemList, importError } from './importErrors';
import { rootMap } from '../schema/roots';

/*
 * Importing the key-result spreadsheet (docs/import.md): the columns of
 * keyResultsCsv, in any order, by name. Planning reads and checks every cell
 * (all problems at once, each with its line and column) and matches the rows
 * with a workspace; applying matches them again with the document as it is
 * then, so nothing stale is written, and writes everything in one
 * transaction with the import origin.
 */

// Reading the rows, matching them and writing them live beside this file (importCsvRows, importCsvMatch, importCsvWrites).

export interface CsvImportSummary {
  objectivesCreated: number;
  objectivesUpdated: number;
  keyResultsCreated: number;
  keyResultsUpdated: number;
  checkIns: number;
  teamsCreated: number;
}

export interface CsvImportPlan {
  file: string;
  rows: KeyResultRow[];
  /** Against the workspace given to planCsvImport. */
  summary: CsvImportSummary;
}

/** Who imports, and when: the author of what the import creates. */
export interface ImportActor {
  actor: string;
  now: () => number;
}

/**
 * Reads and checks the spreadsheet and matches its rows with `existing` (an
 * empty workspace when omitted). Throws an ImportError listing every problem;
 * writes nothing.
 */
export function planCsvImport(text: string, fileName: string, existing?: WorkspaceSnapshot): CsvImportPlan {
  const problems = new ProblemList(fileName);
  const { rows, readable } = readRows(text, fileName, problems);
  // Rows whose cells could be read are matched too, so one attempt reports every problem.
  const resolved = resolve(readable, existing ?? readWorkspace(new Y.Doc()), problems);
  problems.throwIfAny();
  return { file: fileName, rows, summary: summarise(resolved) };
}

/**
 * Applies a plan to `doc` in one transaction with the import origin. The rows
 * are matched again with the document as it is now; when that fails (someone
 * deleted a matched objective meanwhile) an ImportError is thrown and nothing
 * is written.
 */
export function applyCsvImport(doc: Y.Doc, plan: CsvImportPlan, who: ImportActor = { actor: 'Import', now: Date.now }): CsvImportSummary {
  const version = rootMap(doc, 'meta').get('schemaVersion');
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw importError(plan.file, { message: `This workspace was written by a newer Cairn (schema ${version}).`, fix: 'Update Cairn before importing into it.' });
  }
  const snapshot = readWorkspace(doc);
  const problems = new ProblemList(plan.file);
  const resolved = resolve(plan.rows, snapshot, problems);
  problems.throwIfAny();
  const ctx: CommandContext = { doc, actor: toWellFormed(who.actor.slice(0, 200)), now: who.now, origin: IMPORT_ORIGIN };
  let writes: (() => void)[];
  try {
    writes = prepareWrites(ctx, resolved, snapshot, plan.file);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    throw importError(plan.file, { message: error.message, fix: 'Correct the file and import it again.' }, error);
  }
  if (writes.length > 0) doc.transact(() => writes.forEach((write) => write()), IMPORT_ORIGIN);
  return summarise(resolved);
}

function summarise(resolution: Resolution): CsvImportSummary {
  const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;
  return {
    objectivesCreated: count(resolution.objectives, (o) => !o.existing),
    objectivesUpdated: count(resolution.objectives, (o) => !!o.existing),
    keyResultsCreated: count(resolution.keyResults, (k) => !k.existing),
    keyResultsUpdated: count(resolution.keyResults, (k) => !!k.existing),
    checkIns: count(resolution.keyResults, (k) => k.checkIn !== null),
    teamsCreated: resolution.teams.length,
  };
}
