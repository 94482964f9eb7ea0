import { useSyncExternalStore } from 'react';

/**
 * Hash routes: `#/` is the library, `#/w/<id>` a workspace, optionally with
 * `?<query>` (URLSearchParams: the open tab, the board's filter). Survives
 * reloads and can be shared as a link.
 */
export type Route = { name: 'library'; invite?: string } | { name: 'workspace'; id: string; query: string };

const MAX_QUERY = 4000;

export function parseRoute(hash: string): Route {
  const match = /^#\/w\/([0-9A-Za-z_-]{1,64})(?:\?(.*))?$/s.exec(hash);
  // An overlong query is cut, never the reason the workspace does not open.
  if (match) return { name: 'workspace', id: match[1]!, query: (match[2] ?? '').slice(0, MAX_QUERY) };
  // An invite link opens the join form, filled in.
  const join = /^#\/join\/(.{1,4000})$/.exec(hash);
  if (join) return { name: 'library', invite: safeDecode(join[1]!) };
  return { name: 'library' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/*
 * history.replaceState changes the hash without a hashchange event (and
 * without a history entry, so typing in a filter does not fill the Back
 * button): our own event tells the subscribers.
 */
const ROUTE_REPLACED = 'cairn:route-replaced';

/** Calls the listener on every change of the route (hash changes and in-place query rewrites); returns the unsubscribe. */
export function subscribeToRoute(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  window.addEventListener(ROUTE_REPLACED, listener);
  return () => {
    window.removeEventListener('hashchange', listener);
    window.removeEventListener(ROUTE_REPLACED, listener);
  };
}

const currentHash = () => window.location.hash;

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribeToRoute, currentHash));
}

/** The open workspace's query (`tab=…&owner=…`), '' when none or not in a workspace. */
export function useWorkspaceQuery(): string {
  const route = useRoute();
  return route.name === 'workspace' ? route.query : '';
}

/**
 * Rewrites the open workspace's query in place (no history entry, no
 * reload). `update` edits a copy of the current parameters.
 */
export function replaceWorkspaceQuery(update: (params: URLSearchParams) => void): void {
  const route = parseRoute(window.location.hash);
  if (route.name !== 'workspace') return;
  const params = new URLSearchParams(route.query);
  update(params);
  const query = params.toString();
  const hash = `#/w/${route.id}${query ? `?${query}` : ''}`;
  if (hash === window.location.hash) return;
  history.replaceState(history.state, '', hash);
  window.dispatchEvent(new Event(ROUTE_REPLACED));
}

export function goToWorkspace(id: string): void {
  window.location.hash = `#/w/${id}`;
}

export function goToLibrary(): void {
  window.location.hash = '#/';
}

/** A workspace showing its KRs due this week (where a clicked reminder and the library's list lead). */
export function dueThisWeekHref(id: string): string {
  return `#/w/${id}?due=week`;
}
