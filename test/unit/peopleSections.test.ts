// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { selectPeople } from '../../renderer/state/people';
import { useWorkspace, type WorkspaceState } from '../../renderer/state/workspaceSession';
import type { CheckIn, Objective } from '../../shared/schema/types';

/*
 * The people of the open workspace are asked for on every store change (each
 * avatar's colour): a keystroke in a title changes the objectives, not the
 * check-ins, whose authors (200,000 records in OKR-XL) must not be read again.
 */

/** A check-in whose author is counted each time it is read. */
function countedCheckIn(id: string, author: string, reads: { count: number }): CheckIn {
  const record = { id, keyResultId: 'kr1', at: 1, value: 1, confidence: null, note: '' } as unknown as CheckIn;
  Object.defineProperty(record, 'author', { enumerable: true, get: () => (reads.count++, author) });
  return record;
}

describe('selectPeople', () => {
  it('reads the check-ins once while they are the same, whatever else changes', () => {
    const reads = { count: 0 };
    const checkIns = Array.from({ length: 50 }, (_, i) => countedCheckIn(`c${i}`, i % 2 ? 'Ana' : 'Ben', reads));
    const objective = (title: string) => ({ id: 'o1', title, owner: 'Chen', createdBy: 'Chen', deletedAt: null }) as unknown as Objective;
    const base: WorkspaceState = { ...useWorkspace.getState(), checkInRecordsByKeyResult: { kr1: checkIns }, objectives: { o1: objective('Grow') } };

    const first = selectPeople(base, []);
    expect(first.map((p) => p.name)).toEqual(['Ana', 'Ben', 'Chen']);
    const afterFirst = reads.count;
    expect(afterFirst).toBeGreaterThanOrEqual(checkIns.length);

    // A keystroke in the objective's title: a new objectives section, the same check-ins.
    const typed = selectPeople({ ...base, objectives: { o1: objective('Grow!') } }, []);
    expect(typed.map((p) => p.name)).toEqual(['Ana', 'Ben', 'Chen']);
    expect(reads.count).toBe(afterFirst);

    // A new check-in list: read again, and its new author found.
    const more = [...checkIns, countedCheckIn('c50', 'Dana', reads)];
    expect(selectPeople({ ...base, checkInRecordsByKeyResult: { kr1: more } }, []).map((p) => p.name)).toEqual(['Ana', 'Ben', 'Chen', 'Dana']);
  });
});
