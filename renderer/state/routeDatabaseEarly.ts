import { openStoredDocEarly } from './docStorage';
import { useLibrary } from './libraryStore';
import { parseRoute } from './navigation';

/**
 * At start-up on a workspace's route (a reload), opens its database early,
 * while the app's first render runs; the session's `openStoredDoc` takes it.
 * Only for a workspace the library lists: opening creates a database that
 * does not exist, and an unknown id in a link must not leave one behind.
 */
export function openRouteDatabaseEarly(hash: string): void {
  const route = parseRoute(hash);
  if (route.name === 'workspace' && useLibrary.getState().entries.some((entry) => entry.id === route.id)) openStoredDocEarly(route.id);
}
