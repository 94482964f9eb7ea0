import { readWorkspaceFile } from '../../shared/format/workspaceFile';
import type { OpenedFile } from '../../shared/platform';
import { getPlatform } from '../platform';
import { useLibrary } from '../state/libraryStore';
import { reportError, useToasts } from '../state/toasts';
import { combineIntoOpenWorkspace, encodeOpenWorkspace, mergeIntoOpenWorkspace, openWorkspaceAsJson, openWorkspaceId, useWorkspace } from '../state/workspaceSession';
import { goToWorkspace } from './navigation';

/**
 * Opening a `.cairn` file: a file of a workspace we have merges into it (a USB
 * stick is a sync channel too); any other opens as a new workspace. The file
 * is fully validated first, so a bad file changes nothing.
 */
export async function importOpenedFile(file: OpenedFile): Promise<void> {
  const toast = useToasts.getState().push;
  try {
    const loaded = readWorkspaceFile(file.bytes);
    const id = loaded.snapshot.meta!.id;
    if (openWorkspaceId() === id && mergeIntoOpenWorkspace(loaded.update)) {
      toast({ message: `Merged “${file.name}” into this workspace.`, tone: 'info' });
      return;
    }
    const result = await useLibrary.getState().importWorkspaceFile(file);
    toast({ message: result.merged ? `Merged “${file.name}” into “${result.title}”.` : `Opened “${result.title}”.`, tone: 'info' });
    goToWorkspace(result.id);
  } catch (error) {
    reportError(error, `Could not open “${file.name}”`);
  }
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Combines another team's `.cairn` file into the open workspace, so both teams' OKRs (and their overlaps) are in one place. */
export async function combineFromPicker(): Promise<void> {
  try {
    const file = await getPlatform().pickFile('cairn');
    if (!file) return;
    const loaded = readWorkspaceFile(file.bytes);
    const { copied, skipped } = combineIntoOpenWorkspace(loaded.update);
    const objectives = copied.objectives ?? 0;
    const keyResults = copied.keyResults ?? 0;
    useToasts.getState().push({
      message: `Combined “${loaded.snapshot.meta?.title ?? file.name}”: ${plural(objectives, 'objective')} and ${plural(keyResults, 'key result')} copied in${skipped ? `, ${skipped} already here` : ''}.`,
      tone: 'info',
    });
  } catch (error) {
    reportError(error, 'Could not combine that workspace');
  }
}

export async function importFromPicker(): Promise<void> {
  try {
    const file = await getPlatform().pickFile('cairn');
    if (file) await importOpenedFile(file);
  } catch (error) {
    reportError(error, 'Could not read the file');
  }
}

function fileStem(): string {
  const title = useWorkspace.getState().meta?.title ?? 'workspace';
  return title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'workspace';
}

export async function saveCopy(): Promise<void> {
  try {
    await getPlatform().exportFile(`${fileStem()}.cairn`, encodeOpenWorkspace(), 'cairn');
  } catch (error) {
    reportError(error, 'Could not save a copy');
  }
}

export async function exportJson(): Promise<void> {
  try {
    await getPlatform().exportFile(`${fileStem()}.json`, new TextEncoder().encode(openWorkspaceAsJson()), 'json');
  } catch (error) {
    reportError(error, 'Could not export JSON');
  }
}
