import * as Y from 'yjs';
import { localContext } from '../commands/context';
import { initWorkspace, quarterOf } from '../commands/workspace';
import { newId } from '../ids';
import { readMeta, readWorkspace } from '../schema/read';
import type { WorkspaceKind } from '../schema/types';
import { applyCsvImport, planCsvImport } from './importCsv';
import { importError } from './importErrors';
import { MAX_IMPORT_BYTES, detectImportFormat } from './importFormat';
import { applyJsonImport, checkJsonFile, planCheckedJson, type JsonImportPlan } from './importJson';

/*
 * Importing a JSON export or a CSV spreadsheet, whole or not at all. The work
 * happens on a copy of the target document (in the export worker, in the
 * app): the result is a Yjs update the caller applies in one step, so a file
 * that fails anywhere leaves the workspace exactly as it was.
 */

export { MAX_IMPORT_BYTES, detectImportFormat, type ImportFormat } from './importFormat';

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  /**
   * The workspace this import updates, as its whole state; null creates a new
   * workspace. A JSON export of another workspace always creates a new one.
   */
  target: Uint8Array | null;
  actor: string;
  now: number;
}

export interface ImportOutcome {
  format: 'json' | 'csv';
  /** True when the import made a new workspace (apply `update` to an empty document). */
  created: boolean;
  workspaceId: string;
  title: string;
  kind: WorkspaceKind;
  createdAt: number;
  /** The whole new workspace, or what the import adds to the target. */
  update: Uint8Array;
  /** What changed, for a toast: "3 objectives, 12 key results added". */
  summary: string;
}

type ImportProgress = (done: number, total: number, label: string) => void;

function decodeText(fileName: string, bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw importError(fileName, { message: `The file is too large (${Math.round(bytes.byteLength / 1024 / 1024)} MB; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB).`, fix: 'Split it, or import the .cairn file instead.' });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw importError(fileName, { message: 'The file is not UTF-8 text.', fix: 'Save it again as UTF-8 (in a spreadsheet: “CSV UTF-8”).' });
  }
}

function docOf(update: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

const plural = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

interface Added {
  objectives: number;
  keyResults: number;
  checkIns: number;
  updated: number;
}

/** "3 objectives, 12 key results and 40 check-ins added, 2 updated": from the importer's own counts, not by re-reading the workspace. */
function summaryOf({ objectives, keyResults, checkIns, updated }: Added): string {
  const added = `${plural(objectives, 'objective')}, ${plural(keyResults, 'key result')} and ${plural(checkIns, 'check-in')} added`;
  return updated > 0 ? `${added}, ${updated.toLocaleString('en')} updated` : added;
}

function jsonAdded(plan: JsonImportPlan): Added {
  const created = (path: string) => plan.sections.find((section) => section.path === path)?.created ?? 0;
  return { objectives: created('objectives'), keyResults: created('keyResults'), checkIns: created('checkIns'), updated: plan.sections.reduce((sum, section) => sum + section.updated, 0) };
}

/** The title a CSV's new workspace gets: its file name without the extension. */
const titleFromFileName = (fileName: string) => fileName.replace(/\.[^.]*$/, '').trim().slice(0, 200) || 'Imported OKRs';

/** Validates the whole file, then applies it to a copy of the target; throws ImportError and changes nothing on bad input. */
export function runImport(request: ImportRequest, onProgress: ImportProgress = () => {}): ImportOutcome {
  const { fileName, bytes } = request;
  const format = detectImportFormat(fileName, bytes);
  if (format === 'cairn') throw importError(fileName, { message: 'A .cairn file is opened, not imported.', fix: 'Use “Open a file” (or drop it on Cairn) instead.' });
  onProgress(0, 3, 'reading');
  const text = decodeText(fileName, bytes);
  const target = request.target ? docOf(request.target) : null;
  const targetSnapshot = target ? readWorkspace(target) : undefined;
  onProgress(1, 3, 'checking');

  if (format === 'json') {
    // A JSON export of another workspace (or none open) becomes a new workspace; of this one, it updates it.
    const checked = checkJsonFile(text, fileName);
    const updates = target !== null && checked.meta.id === targetSnapshot?.meta?.id;
    const plan = planCheckedJson(checked, fileName, updates ? targetSnapshot : undefined);
    onProgress(2, 3, 'applying');
    return finish('json', updates ? target : null, (doc) => {
      // The plan is this task's own, dropped once the update is encoded.
      applyJsonImport(doc, plan, { handOver: true });
      return jsonAdded(plan);
    });
  }

  const plan = planCsvImport(text, fileName, targetSnapshot);
  onProgress(2, 3, 'applying');
  return finish('csv', target, (doc) => {
    if (!target) {
      const ctx = localContext(doc, request.actor, () => request.now);
      initWorkspace(ctx, { id: newId(), title: titleFromFileName(fileName), kind: 'team', ...quarterOf(new Date(request.now)) });
    }
    const done = applyCsvImport(doc, plan, { actor: request.actor, now: () => request.now });
    return { objectives: done.objectivesCreated, keyResults: done.keyResultsCreated, checkIns: done.checkIns, updated: done.objectivesUpdated + done.keyResultsUpdated };
  });

  function finish(kind: 'json' | 'csv', base: Y.Doc | null, apply: (doc: Y.Doc) => Added): ImportOutcome {
    // `base` is this task's own copy of the target (decoded from the request's bytes): the import goes
    // into it, and the caller applies the difference to the real workspace.
    const before = base ? Y.encodeStateVector(base) : null;
    const doc = base ?? new Y.Doc();
    const added = apply(doc);
    const meta = readMeta(doc).value;
    if (meta.id === '') throw importError(fileName, { message: 'The import made no workspace.', fix: 'Check that the file is a Cairn export.' });
    onProgress(3, 3, 'done');
    return {
      format: kind,
      created: base === null,
      workspaceId: meta.id,
      title: meta.title,
      kind: meta.kind,
      createdAt: meta.createdAt,
      update: before ? Y.encodeStateAsUpdate(doc, before) : Y.encodeStateAsUpdate(doc),
      summary: summaryOf(added),
    };
  }
}
