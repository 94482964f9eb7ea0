/// <reference lib="webworker" />
import { readDueCandidates } from '../state/dueCandidates';
import type { RemindersReply, RemindersRequest } from './remindersClient';

declare const self: DedicatedWorkerGlobalScope;

// The library's KRs due, read from IndexedDB off the window's thread.
self.addEventListener('message', (event: MessageEvent<RemindersRequest>) => {
  readDueCandidates(event.data.entries).then(
    (candidates) => self.postMessage({ type: 'read', candidates } satisfies RemindersReply),
    (error: unknown) => self.postMessage({ type: 'failed', message: String(error) } satisfies RemindersReply),
  );
});
