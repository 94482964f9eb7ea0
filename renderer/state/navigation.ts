import { useSyncExternalStore } from 'react';

/**
 * Hash routes: `#/` is the library, `#/w/<id>` a workspace, and
 * `#/w/<id>?due=week` its KRs due this week (where a reminder leads). Survives reloads.
 */
export type Route = { name: 'library'; invite?: string } | { name: 'workspace'; id: string; dueThisWeek?: boolean };

export function parseRoute(hash: string): Route {
  const match = /^#\/w\/([0-9A-Za-z_-]{1,64})(?:\?(.*))?$/.exec(hash);
  if (match) {
    const dueThisWeek = new URLSearchParams(match[2] ?? '').get('due') === 'week';
    return dueThisWeek ? { name: 'workspace', id: match[1]!, dueThisWeek } : { name: 'workspace', id: match[1]! };
  }
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

/** A workspace showing its KRs due this week (a clicked reminder, the library's list). */
export function dueThisWeekHref(id: string): string {
  return `#/w/${id}?due=week`;
}

export function goToLibrary(): void {
  window.location.hash = '#/';
}
