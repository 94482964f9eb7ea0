import { useSyncExternalStore } from 'react';

/** Hash routes: `#/` is the library, `#/w/<id>` a workspace. Survives reloads. */
export type Route = { name: 'library'; invite?: string } | { name: 'workspace'; id: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/w\/([0-9A-Za-z_-]{1,64})$/.exec(hash);
  if (match) return { name: 'workspace', id: match[1]! };
  // An invite link opens the join form, filled in.
  const join = /^#\/join\/(.{1,4000})$/.exec(hash);
  if (join) return { name: 'library', invite: decodeURIComponent(join[1]!) };
  return { name: 'library' };
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function goToWorkspace(id: string): void {
  window.location.hash = `#/w/${id}`;
}

export function goToLibrary(): void {
  window.location.hash = '#/';
}
