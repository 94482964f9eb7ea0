import { isId } from '../ids';
import { LONG_TEXT_MAX, ORDER_KEY_PATTERN, SHORT_TEXT_MAX, isEpochMs } from './readCommon';
import { COMMITMENTS, CLOSED_AS, METRIC_DIRECTIONS, RISKS, type KeyResult, type Objective } from './types';

/*
 * The quick read of objectives and key results: a hand-written check of the
 * well-formed record, the common case, that returns exactly what the zod
 * schema (readRecords.ts) returns for it, key for key and in the same order,
 * without the schema's per-field machinery (on open, a third of reading the
 * bench workspace was its 1,000 KRs going through zod). Anything it does not
 * accept, it returns null for, and the caller reads that record with the
 * schema, so repairs, refusals and their messages are the schema's alone.
 * The limits here are the schemas' limits: a change to one is a change to
 * both, which test/unit/quickRead.test.ts checks record by record.
 */

/** Why a record is not quick to read: the caller then reads it with the schema. */
const NOT_QUICK = Symbol('not quick');
type Quick<T> = T | typeof NOT_QUICK;

/* The limits of the objective and key-result schemas (readRecords.ts), shared with them. */
export const CARRIED_FROM_MAX = 200;
export const ADDED_REASON_MAX = 2_000;
export const UNIT_MAX = 40;
export const DELETED_KEY_RESULTS_MAX = 10_000;
export const LIFECYCLE_STATUSES = ['draft', 'active', 'closed'] as const;

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** A field with a schema default: absent reads as the default, as `.default()` does. */
function withDefault<T>(value: unknown, fallback: T, accepts: (v: unknown) => v is T): Quick<T> {
  if (value === undefined) return fallback;
  return accepts(value) ? value : NOT_QUICK;
}

const isLongText = (v: unknown): v is string => isText(v, LONG_TEXT_MAX);
const isShortText = (v: unknown): v is string => isText(v, SHORT_TEXT_MAX);
const isUnit = (v: unknown): v is string => isText(v, UNIT_MAX);
const nullableText =
  (max: number) =>
  (v: unknown): v is string | null =>
    v === null || isText(v, max);
const isCarriedFrom = nullableText(CARRIED_FROM_MAX);
const isAddedReason = nullableText(ADDED_REASON_MAX);
const isDeletedBy = nullableText(SHORT_TEXT_MAX);
const isDeletedAt = (v: unknown): v is number | null => v === null || isEpochMs(v);
const isStatus = (v: unknown): v is Objective['status'] => isOneOf(LIFECYCLE_STATUSES, v);
const isClosedAs = (v: unknown): v is Objective['closedAs'] => v === null || isOneOf(CLOSED_AS, v);
const isCommitment = (v: unknown): v is Objective['commitment'] => isOneOf(COMMITMENTS, v);
const isRisk = (v: unknown): v is KeyResult['risk'] => v === null || isOneOf(RISKS, v);
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A list of ids within its limit, as a new list (the schema's output is never the stored list itself). */
function idList(value: unknown, max: number): Quick<string[]> {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > max) return NOT_QUICK;
  for (const id of value) if (!isId(id)) return NOT_QUICK;
  return value.slice() as string[];
}

/** The fields objectives and key results share, in the schemas' order (entityBase, then lifecycle). */
type Common = Omit<Objective, 'commitment' | 'deletedKeyResultIds' | 'sharedFrom'>;

function commonFields(id: string, f: Readonly<Record<string, unknown>>): Quick<Common> {
  // A copy shared from a journal (rare) carries provenance: the schema reads it, so every quick record has one shape.
  if (f.id !== id || !isId(id) || 'sharedFrom' in f) return NOT_QUICK;
  const { title, order, createdAt, createdBy } = f;
  if (!isLongText(title) || typeof order !== 'string' || !ORDER_KEY_PATTERN.test(order) || !isEpochMs(createdAt) || !isShortText(createdBy)) return NOT_QUICK;
  const description = withDefault(f.description, '', isLongText);
  const why = withDefault(f.why, '', isLongText);
  const owner = withDefault(f.owner, '', isShortText);
  const carriedFrom = withDefault(f.carriedFrom, null, isCarriedFrom);
  const deletedAt = withDefault(f.deletedAt, null, isDeletedAt);
  const deletedBy = withDefault(f.deletedBy, null, isDeletedBy);
  const status = withDefault(f.status, 'active', isStatus);
  const closedAs = withDefault(f.closedAs, null, isClosedAs);
  const addedReason = withDefault(f.addedReason, null, isAddedReason);
  if (
    description === NOT_QUICK ||
    why === NOT_QUICK ||
    owner === NOT_QUICK ||
    carriedFrom === NOT_QUICK ||
    deletedAt === NOT_QUICK ||
    deletedBy === NOT_QUICK ||
    status === NOT_QUICK ||
    closedAs === NOT_QUICK ||
    addedReason === NOT_QUICK
  ) {
    return NOT_QUICK;
  }
  return {
    id,
    title,
    description,
    why,
    owner,
    order,
    createdAt,
    createdBy,
    carriedFrom,
    deletedAt,
    deletedBy,
    status,
    closedAs,
    addedReason,
  };
}

/** The objective the schema reads from these plain fields, or null when only the schema can say (a repair, a refusal, an unusual shape). */
export function quickObjective(id: string, fields: Readonly<Record<string, unknown>>): Objective | null {
  const common = commonFields(id, fields);
  if (common === NOT_QUICK) return null;
  const commitment = withDefault(fields.commitment, 'committed', isCommitment);
  const deletedKeyResultIds = idList(fields.deletedKeyResultIds, DELETED_KEY_RESULTS_MAX);
  if (commitment === NOT_QUICK || deletedKeyResultIds === NOT_QUICK) return null;
  // Added to the one object, in the schema's order: no copy per record.
  return Object.assign(common, { commitment, deletedKeyResultIds });
}

/** The key result the schema reads from these plain fields, or null when only the schema can say. */
export function quickKeyResult(id: string, fields: Readonly<Record<string, unknown>>): KeyResult | null {
  const common = commonFields(id, fields);
  if (common === NOT_QUICK) return null;
  const { objectiveId, kind } = fields;
  const risk = withDefault(fields.risk, null, isRisk);
  if (!isId(objectiveId) || risk === NOT_QUICK) return null;
  switch (kind) {
    case 'learning':
    case 'milestone':
      return Object.assign(common, { objectiveId, risk, kind });
    case 'metric': {
      const { direction, baseline, target } = fields;
      const unit = withDefault(fields.unit, '', isUnit);
      if (!isOneOf(METRIC_DIRECTIONS, direction) || !isFinite(baseline) || !isFinite(target) || unit === NOT_QUICK) return null;
      return Object.assign(common, { objectiveId, risk, kind, direction, baseline, target, unit });
    }
    case 'output': {
      const { target } = fields;
      const unit = withDefault(fields.unit, '', isUnit);
      if (!isFinite(target) || target <= 0 || unit === NOT_QUICK) return null;
      return Object.assign(common, { objectiveId, risk, kind, target, unit });
    }
    default:
      return null;
  }
}
