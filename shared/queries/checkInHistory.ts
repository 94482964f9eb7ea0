import type { CheckIn } from '../schema/types';
import { compareCheckInsNewestFirst } from './progress';

/**
 * Check-ins are append-only: a wrong one is corrected or withdrawn by a later
 * record that names it in `corrects`. This module is the one place that folds
 * those records into the history everything else reads (progress, trends,
 * signals, scores, reports and exports).
 */

/** A check-in as recorded, with what happened to it since. */
export interface CheckInEntry {
  /** What counts: the original's id, KR, author and time, with the latest correction's value, confidence and note. */
  effective: CheckIn;
  original: CheckIn;
  /** The corrections and withdrawals that apply to it, oldest first. */
  revisions: CheckIn[];
  /** True when the latest revision withdraws it, or when its value could not be read and no correction came since: it does not count. */
  withdrawn: boolean;
  /** Its stored value could not be read (a problem is listed) and its author has not corrected it yet. */
  unreadable: boolean;
}

/** Whether a record corrects or withdraws another, rather than measuring. */
export function isRevision(record: CheckIn): boolean {
  return record.corrects !== undefined;
}

/**
 * A revision counts only when it names an original check-in of the same KR
 * and was written by that check-in's author: a peer's record claiming to
 * correct someone else's check-in is ignored (the command refuses to write
 * one; a reader cannot trust every peer).
 */
function appliesTo(revision: CheckIn, original: CheckIn | undefined): original is CheckIn {
  return original !== undefined && !isRevision(original) && original.keyResultId === revision.keyResultId && original.author === revision.author;
}

function effectiveOf(original: CheckIn, latest: CheckIn | undefined): CheckIn {
  if (!latest) return original; // same object: unchanged history keeps its identity
  const { value, confidence, note } = latest;
  const { answers, sharedFrom } = original;
  const out: CheckIn = { id: original.id, keyResultId: original.keyResultId, value, confidence, note, author: original.author, at: original.at };
  if (answers) out.answers = answers;
  if (sharedFrom) out.sharedFrom = sharedFrom;
  return out;
}

/**
 * Every original check-in among `records` (one KR's, or any mix), newest first
 * by its own time, with its revisions. Withdrawn ones are included, marked.
 */
export function checkInEntries(records: Iterable<CheckIn>): CheckInEntry[] {
  const originals = new Map<string, CheckIn>();
  const revisions: CheckIn[] = [];
  for (const record of records) {
    if (isRevision(record)) revisions.push(record);
    else originals.set(record.id, record);
  }
  const revisionsOf = new Map<string, CheckIn[]>();
  for (const revision of revisions) {
    const original = originals.get(revision.corrects!);
    if (!appliesTo(revision, original)) continue;
    // A correction whose own value cannot be read corrects nothing.
    if (revision.unreadable && !revision.withdrawn) continue;
    const list = revisionsOf.get(original.id);
    if (list) list.push(revision);
    else revisionsOf.set(original.id, [revision]);
  }
  const entries: CheckInEntry[] = [];
  for (const original of originals.values()) {
    const own = (revisionsOf.get(original.id) ?? []).sort(compareCheckInsNewestFirst).reverse();
    const latest = own[own.length - 1];
    const unreadable = latest === undefined && original.unreadable === true;
    entries.push({ effective: effectiveOf(original, latest), original, revisions: own, withdrawn: latest ? latest.withdrawn === true : unreadable, unreadable });
  }
  return entries.sort((a, b) => compareCheckInsNewestFirst(a.original, b.original));
}

/**
 * The history that counts, newest first: each original check-in at its own
 * time with its latest correction's values; withdrawn ones left out.
 */
export function effectiveCheckIns(records: Iterable<CheckIn>): CheckIn[] {
  const out: CheckIn[] = [];
  for (const entry of checkInEntries(records)) if (!entry.withdrawn) out.push(entry.effective);
  return out;
}

/** Whether a record changes what its KR's history holds beyond itself: a revision, or a check-in whose value could not be read. */
function needsFolding(record: CheckIn): boolean {
  return isRevision(record) || record.unreadable === true;
}

/**
 * The effective history of records already sorted newest first: the very
 * same array when nothing needs folding (the common case), so an unchanged
 * history keeps its identity.
 */
export function effectiveHistory(sortedRecords: readonly CheckIn[]): readonly CheckIn[] {
  return sortedRecords.some(needsFolding) ? effectiveCheckIns(sortedRecords) : sortedRecords;
}

/** Effective history per KR, from all of a workspace's check-in records. */
export function effectiveCheckInsByKeyResult(records: Iterable<CheckIn>): Map<string, CheckIn[]> {
  const byKr = new Map<string, CheckIn[]>();
  for (const record of records) {
    const list = byKr.get(record.keyResultId);
    if (list) list.push(record);
    else byKr.set(record.keyResultId, [record]);
  }
  for (const [krId, list] of byKr) {
    const effective = effectiveCheckIns(list);
    if (effective.length) byKr.set(krId, effective);
    else byKr.delete(krId);
  }
  return byKr;
}

/** One revision of a check-in with the values it replaced: "12.5 → 12,500". */
export interface RevisionStep {
  revision: CheckIn;
  before: Pick<CheckIn, 'value' | 'confidence' | 'note'>;
}

/** An entry's revisions, oldest first, each with what stood before it. */
export function revisionSteps(entry: CheckInEntry): RevisionStep[] {
  let before: RevisionStep['before'] = entry.original;
  return entry.revisions.map((revision) => {
    const step = { revision, before };
    before = revision;
    return step;
  });
}
