import { fileStemOf } from '../../shared/format/exportNames';
import type { ImportOutcome } from '../../shared/format/importBundle';
import { detectImportFormat } from '../../shared/format/importFormat';
import { describeProblem, type ImportError } from '../../shared/format/importErrors';
import { decodeWorkspaceFile, openWorkspaceFile, readWorkspaceFileHeader } from '../../shared/format/workspaceFile';
import type { OpenedFile } from '../../shared/platform';
import { PrivateWorkspaceError } from '../../shared/sync/privacy';
import { getPlatform } from '../platform';
import { useLibrary } from './libraryStore';
import { reportError, useToasts } from './toasts';
import { nameToSignWith } from './identity';
import { combineIntoOpenWorkspace, encodeOpenWorkspace, encodeOpenWorkspaceUpdate, handOverWorkspace, mergeIntoOpenWorkspace, openWorkspaceId, openWorkspaceSession, useWorkspace } from './workspaceSession';
import { FormatsTaskError, importInWorker } from '../workers/formatsClient';
import { goToWorkspace } from './navigation';
import { useClock } from './clock';
import { openStoredDocEarly } from './docStorage';

/**
 * Opening a `.cairn` file: a file of a workspace we have merges into it (a USB
 * stick is a sync channel too); any other opens as a new workspace. The file
 * is fully validated first, so a bad file changes nothing. It is decoded once:
 * the file's update is stored as it came (merged with what this browser held
 * of that workspace) and the workspace shown from the document decoded for
 * the check.
 */
export async function importOpenedFile(file: OpenedFile): Promise<void> {
  const toast = useToasts.getState().push;
  let early: { release: () => Promise<void> } | null = null;
  try {
    performance.mark('cairn:file-open-start');
    const read = readWorkspaceFileHeader(file.bytes);
    // The workspace's database opens while the file is decoded (the browser's first IndexedDB use and a new
    // database's creation were after the decode); given back below if the file is refused. (A file of the open
    // workspace merges into it in memory: no early open for it.)
    if (openWorkspaceId() !== read.header.workspaceId) early = openStoredDocEarly(read.header.workspaceId);
    const loaded = decodeWorkspaceFile(read, (id) => useLibrary.getState().entries.find((e) => e.id === id)?.kind);
    performance.mark('cairn:file-checked');
    const id = loaded.meta.id;
    if (useLibrary.getState().isJournal(id) && loaded.meta.kind !== 'journal') {
      throw new PrivateWorkspaceError('This file claims to be your personal journal but is not one; nothing was merged into the journal.');
    }
    if (openWorkspaceId() === id && mergeIntoOpenWorkspace(loaded.update)) {
      toast({ message: `Merged “${file.name}” into this workspace.`, tone: 'info' });
      return;
    }
    const result = await useLibrary.getState().importWorkspaceFile(loaded);
    performance.mark('cairn:file-stored');
    handOverWorkspace(result.id, result.opened);
    // From the library (no workspace open), the board's data is projected now,
    // while the route changes, rather than once the workspace view has mounted
    // and asked: its first render is then the board, not "Opening workspace…".
    // With another workspace open, its view closes it first; that view's
    // unmount would close a session opened here.
    if (openWorkspaceId() === null) {
      // "Now" set before the board's first render, as the view does before a workspace is ready.
      useClock.setState({ now: Date.now() });
      void openWorkspaceSession(result.id);
    }
    // Shown once stored: a reload before the file's row is written would find no data for a workspace already on
    // screen, and edits made meanwhile with it. The session above is projected while the row is written. A store that
    // fails is said, and the workspace opens read-only (its storage failure), as before.
    try {
      await result.listed;
    } catch (error) {
      reportError(error, `Could not store “${file.name}” in this browser`);
    }
    // Navigate first: the confirmation belongs to the workspace it opens (toasts of other routes leave).
    goToWorkspace(result.id);
    toast({ message: result.merged ? `Merged “${file.name}” into “${result.title}”.` : `Opened “${result.title}”.`, tone: 'info' });
  } catch (error) {
    reportError(error, `Could not open “${file.name}”`);
  } finally {
    // Nothing if the store took the connection; else closed, and the database deleted if the early open created it.
    await early?.release();
  }
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Combines another team's `.cairn` file into the open workspace, so both teams' OKRs (and their overlaps) are in one place. */
export async function combineFromPicker(): Promise<void> {
  try {
    const file = await getPlatform().pickFile('cairn');
    if (!file) return;
    const loaded = openWorkspaceFile(file.bytes);
    loaded.doc.destroy();
    const { copied, skipped } = combineIntoOpenWorkspace(loaded.update);
    const objectives = copied.objectives ?? 0;
    const keyResults = copied.keyResults ?? 0;
    useToasts.getState().push({
      message: `Combined “${loaded.meta.title}”: ${plural(objectives, 'objective')} and ${plural(keyResults, 'key result')} copied in${skipped ? `, ${skipped} already here` : ''}.`,
      tone: 'info',
    });
  } catch (error) {
    reportError(error, 'Could not combine that workspace');
  }
}

/** An import's refusal as one toast: the summary line, then the first few problems with how to fix them. */
function reportImportError(error: unknown, fileName: string): void {
  if (error instanceof FormatsTaskError && error.name === 'ImportError' && Array.isArray(error.problems)) {
    const problems = (error.problems as ImportError['problems']).slice(0, 3).map(describeProblem);
    useToasts.getState().push({ message: [error.message, ...problems.slice(1)].join('\n'), tone: 'error' });
    return;
  }
  reportError(error, `Could not import “${fileName}”`);
}

/** Imports in the worker (a 20 MB file must not freeze the window), against `target` or into a new workspace. */
async function importInBackground(file: OpenedFile, target: Uint8Array | null): Promise<ImportOutcome> {
  return importInWorker({ fileName: file.name, bytes: file.bytes, target, actor: await nameToSignWith(), now: Date.now() });
}

/**
 * From the library: a `.cairn` opens (or merges into its workspace); a JSON
 * export updates its workspace when it is on this device, else becomes a new
 * one; a CSV spreadsheet becomes a new workspace.
 */
async function importFileToLibrary(file: OpenedFile): Promise<void> {
  try {
    const format = detectImportFormat(file.name, file.bytes);
    if (format === 'cairn') return await importOpenedFile(file);
    const outcome = await importAsUpdateWhereKnown(file, await importInBackground(file, null));
    goToWorkspace(outcome.workspaceId);
    useToasts.getState().push({ message: `Imported “${file.name}” into “${outcome.title}”: ${outcome.summary}.`, tone: 'info' });
  } catch (error) {
    reportImportError(error, file.name);
  }
}

/** An import may never turn a journal on this device into a workspace of another kind (which could then sync). */
function refuseJournalFlip(outcome: ImportOutcome): void {
  if (useLibrary.getState().isJournal(outcome.workspaceId) && outcome.kind !== 'journal') {
    throw new PrivateWorkspaceError('This file claims to be your personal journal but is not one; nothing was imported into the journal.');
  }
}

/**
 * A JSON export made a new workspace, but one of that id may be here already:
 * then the JSON is applied to it as an update instead. (Storing a rebuilt copy
 * next to the real one would merge two separate histories of the same
 * entities, and one side's edits would replace the other's.) Stores the result
 * in the open workspace when it is that one, else in the library.
 */
async function importAsUpdateWhereKnown(file: OpenedFile, outcome: ImportOutcome): Promise<ImportOutcome> {
  const library = useLibrary.getState();
  refuseJournalFlip(outcome);
  if (outcome.created && openWorkspaceId() === outcome.workspaceId) {
    const update = await importInBackground(file, encodeOpenWorkspaceUpdate());
    if (openWorkspaceId() === update.workspaceId && mergeIntoOpenWorkspace(update.update)) return update;
    throw new Error('The workspace was closed during the import; nothing was changed. Try again.');
  }
  if (outcome.created && library.entries.some((e) => e.id === outcome.workspaceId)) {
    const update = await importInBackground(file, await library.storedState(outcome.workspaceId));
    await library.adoptImported(update);
    return update;
  }
  await library.adoptImported(outcome);
  return outcome;
}

/** From inside a workspace: JSON or CSV updates it; a `.cairn` file merges (or opens, if it is another workspace). */
export async function importIntoOpenWorkspace(): Promise<void> {
  let file: OpenedFile | null = null;
  try {
    file = await getPlatform().pickFile('import');
    if (!file) return;
    if (detectImportFormat(file.name, file.bytes) === 'cairn') return await importOpenedFile(file);
    const openId = openWorkspaceId();
    const outcome = await importInBackground(file, encodeOpenWorkspaceUpdate());
    if (outcome.created) {
      // A JSON export of another workspace: it becomes a workspace of its own (or updates it, if it is here).
      const stored = await importAsUpdateWhereKnown(file, outcome);
      goToWorkspace(stored.workspaceId);
      useToasts.getState().push({ message: `“${file.name}” is another workspace: imported it into “${stored.title}”.`, tone: 'info' });
      return;
    }
    refuseJournalFlip(outcome);
    // The update was computed against the workspace open when the import began; never apply it to another one.
    if (openWorkspaceId() !== openId || openId !== outcome.workspaceId || !mergeIntoOpenWorkspace(outcome.update)) {
      throw new Error('The workspace was closed during the import; nothing was changed. Open it and import again.');
    }
    useToasts.getState().push({ message: `Imported “${file.name}”: ${outcome.summary}.`, tone: 'info' });
  } catch (error) {
    reportImportError(error, file?.name ?? 'the file');
  }
}

export async function importFromPicker(): Promise<void> {
  try {
    const file = await getPlatform().pickFile('import');
    if (file) await importFileToLibrary(file);
  } catch (error) {
    reportError(error, 'Could not read the file');
  }
}

export async function saveCopy(): Promise<void> {
  try {
    await getPlatform().exportFile(`${fileStemOf(useWorkspace.getState().meta?.title)}.cairn`, encodeOpenWorkspace(), 'cairn');
  } catch (error) {
    reportError(error, 'Could not save a copy');
  }
}
