import * as Y from 'yjs';
import type { WorkspaceKind } from './types';

/**
 * Layout of a workspace Y.Doc (schema v1). Every top-level type is a named
 * Y.Map; entities refer to each other by id. The root maps, and how each
 * keeps its records, are the table of roots (roots.ts: `ROOT_TABLE`,
 * `rootMap`). See docs/schema.md.
 */
export const SCHEMA_VERSION = 1;

/** Fields of an objective or key result that hold co-edited text (Y.Text). */
export const TEXT_FIELDS = ['title', 'description', 'why'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** A journal entry's three prompt answers, each co-edited text (Y.Text). */
export const JOURNAL_TEXT_FIELDS = ['moved', 'learned', 'next'] as const;
export type JournalTextField = (typeof JOURNAL_TEXT_FIELDS)[number];

export type EntityMap = Y.Map<unknown>;

/** Meta keys of the signal thresholds: one key each, so two people changing two thresholds both win. */
export const THRESHOLD_KEY_PREFIX = 'signalThreshold.';

export const WORKSPACE_KINDS = ['team', 'workshop', 'journal'] as const satisfies readonly WorkspaceKind[];

/** Reads a string field that may be a Y.Text (co-edited) or, defensively, a plain string. */
export function readText(map: Y.Map<unknown>, field: string): string | undefined {
  const value = map.get(field);
  if (value instanceof Y.Text) return value.toString();
  if (typeof value === 'string') return value;
  return undefined;
}
