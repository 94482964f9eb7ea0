import { dueKeyResultsOf } from '../../shared/queries/myDueKeyResults';
import type { OwnedDueKeyResult } from '../../shared/reminders';
import { readWorkspace } from '../../shared/schema/read';
import { withStoredDoc } from './docStorage';
import type { LibraryEntry } from './libraryIndex';

/**
 * Reads each workspace of the library (not the deleted ones) from IndexedDB
 * for its KRs due. A workspace that cannot be read is skipped. Runs in the
 * reminders worker (renderer/workers/remindersWorker.ts): reading an OKR-XL
 * workspace takes seconds, which the window must not spend.
 */
export async function readDueCandidates(entries: readonly Pick<LibraryEntry, 'id' | 'title' | 'deletedAt'>[]): Promise<OwnedDueKeyResult[]> {
  const all: OwnedDueKeyResult[] = [];
  for (const entry of entries) {
    if (entry.deletedAt !== null) continue;
    try {
      all.push(...(await withStoredDoc(entry.id, (doc) => dueKeyResultsOf(readWorkspace(doc), { id: entry.id, name: entry.title }))));
    } catch (error) {
      console.error(`cairn: could not read ${entry.title} for reminders`, error);
    }
  }
  return all;
}
