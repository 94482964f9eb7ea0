import { latestRecord } from '../collections';
import type { Change, Checkpoint, KeyResult, Objective } from '../schema/types';

/*
 * "What changed since publishing": every addition, target change, drop,
 * deferral and commitment change after a checkpoint, with who, when and why —
 * for the team and for anyone it reports to. Built from the append-only
 * change log, plus objectives and KRs created after the checkpoint on a
 * device that had not heard of it yet (they carry no logged reason).
 */

export interface ChangeItem {
  change: Change;
  /** The objective's or KR's title now ('' when it no longer exists). */
  title: string;
  /** For a KR, its objective's title. */
  objectiveTitle: string | null;
  /** An addition nobody gave a reason for (made offline before the device saw the checkpoint). */
  unexplained: boolean;
}

export interface ChangesInput {
  changes: ReadonlyMap<string, Change>;
  objectives: ReadonlyMap<string, Objective>;
  keyResults: ReadonlyMap<string, KeyResult>;
}

/**
 * The words an older Cairn stored in change records, and how they read now:
 * the ending stored as `abandoned` is the one the app offers as "dropped".
 */
const LEGACY_STATUS_TEXT: Readonly<Record<string, string>> = { 'closed: abandoned': 'closed: dropped' };

/** A status change record as people read it: "closed: abandoned", written before the word changed, reads "closed: dropped". */
export function readableChange(change: Change): Change {
  if (change.kind !== 'status') return change;
  const from = LEGACY_STATUS_TEXT[change.from] ?? change.from;
  const to = LEGACY_STATUS_TEXT[change.to] ?? change.to;
  return from === change.from && to === change.to ? change : { ...change, from, to };
}

/** The latest checkpoint (or session start): the latest publication is what "what changed" compares against by default. */
export function latestOf(checkpoints: Iterable<Checkpoint>): Checkpoint | null {
  return latestRecord(checkpoints);
}

/** Changes after `checkpoint`, oldest first, as people read them (`readableChange`). */
export function changesSince(input: ChangesInput, checkpoint: Checkpoint): ChangeItem[] {
  const titleOf = (entity: Change['entity'], id: string) => (entity === 'objective' ? input.objectives.get(id)?.title : input.keyResults.get(id)?.title) ?? '';
  const objectiveTitleOf = (entity: Change['entity'], id: string) => {
    if (entity !== 'keyResult') return null;
    const kr = input.keyResults.get(id);
    return kr ? (input.objectives.get(kr.objectiveId)?.title ?? '') : null;
  };
  const items: ChangeItem[] = [];
  const logged = new Set<string>();
  for (const change of input.changes.values()) {
    if (change.at <= checkpoint.at) continue;
    if (change.kind === 'added') logged.add(change.entityId);
    items.push({ change: readableChange(change), title: titleOf(change.entity, change.entityId), objectiveTitle: objectiveTitleOf(change.entity, change.entityId), unexplained: false });
  }
  const unlogged = (entity: Change['entity'], e: Objective | KeyResult) => {
    if (e.createdAt <= checkpoint.at || logged.has(e.id) || e.deletedAt !== null) return;
    items.push({
      change: { id: `added:${e.id}`, entity, entityId: e.id, kind: 'added', from: '', to: e.title, reason: e.addedReason ?? '', author: e.createdBy, at: e.createdAt },
      title: e.title,
      objectiveTitle: objectiveTitleOf(entity, e.id),
      unexplained: !e.addedReason,
    });
  };
  for (const o of input.objectives.values()) unlogged('objective', o);
  for (const kr of input.keyResults.values()) unlogged('keyResult', kr);
  return items.sort((a, b) => a.change.at - b.change.at || (a.change.id < b.change.id ? -1 : 1));
}

/** A one-line heading per change: "Dropped", "Target changed", "Added mid-cycle"… */
export function changeHeading(change: Change): string {
  switch (change.kind) {
    case 'added':
      return 'Added mid-cycle';
    case 'target':
      return 'Target changed';
    case 'commitment':
      return `Now ${change.to}`;
    case 'status':
      if (change.to === 'closed: dropped' || change.to === 'closed: abandoned') return 'Dropped';
      if (change.to === 'closed: deferred') return 'Deferred';
      if (change.to === 'closed: modified') return 'Modified';
      if (change.to.startsWith('closed: ')) return `Closed as ${change.to.slice(8)}`;
      return change.from.startsWith('closed') ? 'Reopened' : `Now ${change.to}`;
  }
}
