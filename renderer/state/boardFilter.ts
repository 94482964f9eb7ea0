import { useMemo } from 'react';
import {
  BOARD_DUE,
  BOARD_GROUPINGS,
  BOARD_HEALTHS,
  BOARD_STATUSES,
  NO_FILTER,
  type BoardFilter,
} from '../../shared/queries/boardFilter';
import { replaceWorkspaceQuery, useWorkspaceQuery } from './navigation';

/*
 * The board's filter lives in the workspace's URL (`#/w/<id>?owner=Ana&health=at-risk`),
 * so it survives a reload and a link opens the board filtered. Parsing is
 * total: an unknown key or value is ignored, never an error.
 */

/** The query keys the filter owns; other keys (the tab) are left as they are. */
export const BOARD_FILTER_KEYS = ['q', 'team', 'owner', 'health', 'status', 'due', 'group'] as const;
type FilterKey = (typeof BOARD_FILTER_KEYS)[number];

/** Longest text kept from a URL: a filter, not a document. */
const MAX_TEXT = 200;

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** The text filter as typed (a trailing space is kept while typing), bounded, free of control characters. */
function cleanQuery(value: string | null): string {
  return (value ?? '').replace(CONTROL, ' ').slice(0, MAX_TEXT);
}

/** A name or id from the URL: trimmed, bounded, free of control characters; null when empty. */
function cleanText(value: string | null): string | null {
  const clean = cleanQuery(value).trim();
  return clean === '' ? null : clean;
}

export function parseBoardFilter(query: string | URLSearchParams): BoardFilter {
  let params: URLSearchParams;
  try {
    params = typeof query === 'string' ? new URLSearchParams(query) : query;
  } catch {
    return NO_FILTER;
  }
  return {
    q: cleanQuery(params.get('q')),
    team: cleanText(params.get('team')),
    owner: cleanText(params.get('owner')),
    health: oneOf(BOARD_HEALTHS, params.get('health')),
    status: oneOf(BOARD_STATUSES, params.get('status')),
    due: oneOf(BOARD_DUE, params.get('due')),
    group: oneOf(BOARD_GROUPINGS, params.get('group')),
  };
}

const FILTER_VALUE: { [K in FilterKey]: (filter: BoardFilter) => string | null } = {
  q: (f) => (f.q.trim() ? f.q : null),
  team: (f) => f.team,
  owner: (f) => f.owner,
  health: (f) => f.health,
  status: (f) => f.status,
  due: (f) => f.due,
  group: (f) => f.group,
};

/** Writes the filter into `params` (keys it does not own stay), leaving out what is not set. */
export function writeBoardFilter(filter: BoardFilter, params: URLSearchParams): URLSearchParams {
  for (const key of BOARD_FILTER_KEYS) {
    const value = FILTER_VALUE[key](filter);
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return params;
}

export function serializeBoardFilter(filter: BoardFilter): string {
  return writeBoardFilter(filter, new URLSearchParams()).toString();
}

/** The board's filter, from the URL. */
export function useBoardFilter(): BoardFilter {
  const query = useWorkspaceQuery();
  return useMemo(() => parseBoardFilter(query), [query]);
}

/** Changes part of the board's filter in the URL, without a history entry per keystroke. */
export function setBoardFilter(change: Partial<BoardFilter>): void {
  replaceWorkspaceQuery((params) => writeBoardFilter({ ...parseBoardFilter(params), ...change }, params));
}

/** Clears every filter, keeping the grouping (a way of reading, not a filter). */
export function clearBoardFilter(): void {
  replaceWorkspaceQuery((params) => writeBoardFilter({ ...NO_FILTER, group: parseBoardFilter(params).group }, params));
}
