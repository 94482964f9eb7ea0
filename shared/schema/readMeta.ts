import type * as Y from 'yjs';
import { z } from 'zod';
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  SIGNAL_THRESHOLD_LIMITS,
  type SchemaProblem,
  type SignalThresholds,
  type WorkspaceKind,
  type WorkspaceMeta,
} from './types';
import { ISO_DATE_PATTERN, utcDateOf } from '../dates';
import { ID_PATTERN } from '../ids';
import { EPOCH_DAY, entityId, epochMs, longText, plainFields, readFields, type Fallbacks } from './readCommon';
import { fixedIdOf, fixedKindOf } from './fixedFacts';
import { SCHEMA_VERSION, THRESHOLD_KEY_PREFIX, WORKSPACE_KINDS, readText } from './doc';
import { rootMap } from './roots';

/*
 * The workspace header (the `meta` root), read total like every record
 * (readCommon.ts): a bad field reads as its default and is reported; the id
 * and kind are the ones fixed at creation (fixedFacts.ts).
 */

const isoDate = z.string().regex(ISO_DATE_PATTERN, 'must be a YYYY-MM-DD date');

/** The header's own fields: `WorkspaceMeta` (types.ts) is inferred from it. */
export const metaSchema = z.object({
  /** '' only while no workspace has arrived in the document. */
  id: z.union([entityId, z.literal('')]),
  schemaVersion: z.number().int().min(1),
  kind: z.enum(WORKSPACE_KINDS),
  title: longText,
  /** ISO dates (YYYY-MM-DD), inclusive. */
  cycleStart: isoDate,
  cycleEnd: isoDate,
  createdAt: epochMs,
});

/** A stored cycle date, if it is one. */
function storedDate(value: unknown): string | null {
  return typeof value === 'string' && ISO_DATE_PATTERN.test(value) ? value : null;
}

/** The day the workspace was created, if that is stored. */
function createdDay(raw: Readonly<Record<string, unknown>>): string | null {
  return epochMs.safeParse(raw.createdAt).success ? utcDateOf(raw.createdAt as number) : null;
}

/**
 * A lost cycle date reads as the other one (a one-day cycle the team can see
 * and fix with "set cycle dates"), else the creation day: deterministic, so
 * every replica shows the same cycle.
 */
function metaFallbacks(known: { id?: string; kind?: WorkspaceKind }): Fallbacks {
  return {
    id: () => known.id,
    schemaVersion: () => SCHEMA_VERSION,
    kind: () => known.kind ?? 'team',
    title: () => '',
    cycleStart: (_id, raw) => storedDate(raw.cycleEnd) ?? createdDay(raw) ?? EPOCH_DAY,
    cycleEnd: (_id, raw) => storedDate(raw.cycleStart) ?? createdDay(raw) ?? EPOCH_DAY,
    createdAt: () => 0,
  };
}

/** The thresholds stored in meta, each checked against its limits; defaults fill the rest. */
export function readSignalThresholds(meta: Y.Map<unknown>): SignalThresholds {
  const out = { ...DEFAULT_SIGNAL_THRESHOLDS };
  for (const name of Object.keys(out) as (keyof SignalThresholds)[]) {
    const value = meta.get(THRESHOLD_KEY_PREFIX + name);
    const limits = SIGNAL_THRESHOLD_LIMITS[name];
    if (typeof value === 'number' && value >= limits.min && value <= limits.max && (!limits.integer || Number.isInteger(value))) out[name] = value;
  }
  return out;
}

/** The workspace header, always: a bad field reads as its default and is listed in `problems`. */
export interface MetaRead {
  value: WorkspaceMeta;
  problems: readonly SchemaProblem[];
}

/**
 * Reads meta, total: it never fails. The id and the kind are the ones this
 * device fixed (fixedFacts.ts) when they are known: a later write to either
 * is reported and ignored. An id that neither the device nor the document
 * knows reads as '' (a document no workspace has arrived in yet: see
 * `hasWorkspace`).
 */
export function readMeta(doc: Y.Doc): MetaRead {
  const map = rootMap(doc, 'meta');
  const known = { id: fixedIdOf(doc), kind: fixedKindOf(doc) };
  const input: Record<string, unknown> = { ...plainFields(map), title: readText(map, 'title') ?? '' };
  const problems: SchemaProblem[] = [];
  if (map.has('title') && readText(map, 'title') === undefined) {
    problems.push({ map: 'meta', id: '', field: 'title', reason: 'not text', message: 'title: not text, read as its default' });
  }
  for (const field of ['id', 'kind'] as const) {
    const fixed = known[field];
    if (fixed === undefined || input[field] === fixed) continue;
    problems.push({ map: 'meta', id: '', field, message: disagreement(field, input[field], fixed) });
    input[field] = fixed;
  }
  if (known.id === undefined && !(typeof input.id === 'string' && ID_PATTERN.test(input.id))) {
    problems.push({ map: 'meta', id: '', field: 'id', message: `id: ${input.id === undefined ? 'missing' : 'not an id'}; no workspace has arrived in this document yet` });
    input.id = '';
  }
  const read = readFields('meta', metaSchema, input.id as string, input, metaFallbacks(known));
  // Every field has a fallback the schema accepts, so only a broken fallback table could fail here.
  if (!read.ok) throw new Error(`readMeta: ${read.problem.message}`);
  return { value: { ...read.value, signalThresholds: readSignalThresholds(map) }, problems: [...problems, ...read.problems.map(asMetaProblem)] };
}

function disagreement(field: 'id' | 'kind', stored: unknown, fixed: string): string {
  const says = stored === undefined ? 'nothing' : JSON.stringify(stored);
  return field === 'kind'
    ? `kind: the document says ${says}, but this workspace was created as a ${fixed} workspace, which stays; "Restore the workspace kind" writes it back`
    : `id: the document says ${says}, but this workspace is ${fixed}, which stays`;
}

function asMetaProblem(problem: SchemaProblem): SchemaProblem {
  return { ...problem, id: '' };
}

/** Whether a workspace has arrived in `doc` (its meta names a workspace id). */
export function hasWorkspace(doc: Y.Doc): boolean {
  return fixedIdOf(doc) !== undefined;
}
