import type { OwnedDueKeyResult } from '../../shared/reminders';
import { readDueCandidates } from '../state/dueCandidates';
import type { LibraryEntry } from '../state/libraryIndex';

type Entries = readonly Pick<LibraryEntry, 'id' | 'title' | 'deletedAt'>[];
export interface RemindersRequest {
  entries: Entries;
}
export type RemindersReply = { type: 'read'; candidates: OwnedDueKeyResult[] } | { type: 'failed'; message: string };

/**
 * The library's KRs due, read in a worker of their own (one per read: it runs
 * every quarter of an hour, and a finished worker frees the documents it
 * decoded). Where a worker cannot start or load, the read runs in the window,
 * as it did before.
 */
export function readDueCandidatesOffThread(entries: Entries): Promise<OwnedDueKeyResult[]> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./remindersWorker.ts', import.meta.url), { type: 'module', name: 'cairn-reminders' });
  } catch {
    return readDueCandidates(entries);
  }
  return new Promise<OwnedDueKeyResult[]>((resolve, reject) => {
    let heard = false;
    worker.addEventListener('message', (event: MessageEvent<RemindersReply>) => {
      heard = true;
      worker.terminate();
      if (event.data.type === 'read') resolve(event.data.candidates);
      else reject(new Error(event.data.message));
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      worker.terminate();
      // It never started (the script did not load): read here rather than not at all.
      if (!heard) readDueCandidates(entries).then(resolve, reject);
    });
    worker.postMessage({ entries: entries.map(({ id, title, deletedAt }) => ({ id, title, deletedAt })) } satisfies RemindersRequest);
  });
}
