import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { compareCheckInsNewestFirst, sortNewestFirst } from '../../shared/queries/progress';
import { rootMap } from '../../shared/schema/roots';
import type { CheckIn } from '../../shared/schema/types';
import { fullProjection } from '../../renderer/state/projection';
import { seededRandom } from '../support/random';
import { newWorkspace } from '../support/workspace';

/*
 * What opening a workspace costs in check-in work: check-ins are appended as
 * they are recorded, so each KR's records already come in time order and the
 * first projection puts them newest first without sorting them. Counted, not
 * timed: the sorts of check-in lists (Array.prototype.sort with the check-in
 * order) while the projection is built.
 */

const KEY_RESULTS = 4;
const CHECK_INS_EACH = 6;

/** A workspace whose KRs were checked in turn, a minute apart: every KR's records oldest first in the document. */
function checkedInWorkspace() {
  const { doc, ctx, tick } = newWorkspace();
  const objective = addObjective(ctx, { title: 'Grow' });
  const krs = Array.from({ length: KEY_RESULTS }, (_, i) => addKeyResult(ctx, objective, { title: `kr ${i}`, kind: 'milestone' }));
  for (let round = 0; round < CHECK_INS_EACH; round++) {
    for (const kr of krs) {
      tick();
      recordCheckIn(ctx, kr, { value: round });
    }
  }
  return { doc, krs };
}

/** How many times `build` sorts a list of check-ins. */
function checkInSorts(build: () => void): number {
  const sort = vi.spyOn(Array.prototype, 'sort');
  build();
  const count = sort.mock.calls.filter(([compare]) => compare === compareCheckInsNewestFirst).length;
  sort.mockRestore();
  return count;
}

function expectNewestFirst(list: readonly CheckIn[] | undefined, length: number) {
  expect(list).toHaveLength(length);
  expect([...(list ?? [])].sort(compareCheckInsNewestFirst)).toEqual(list);
}

describe('opening a workspace: check-in work', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sorts no check-in list when every KR’s check-ins were recorded in time order', () => {
    const { doc, krs } = checkedInWorkspace();
    let projection!: ReturnType<typeof fullProjection>;
    expect(checkInSorts(() => (projection = fullProjection(doc)))).toBe(0);
    for (const kr of krs) {
      expectNewestFirst(projection.checkInRecordsByKeyResult[kr], CHECK_INS_EACH);
      // Nothing to fold: the effective history is the records' own list.
      expect(projection.checkInsByKeyResult[kr]).toBe(projection.checkInRecordsByKeyResult[kr]);
    }
  });

  it('still puts a KR’s check-ins newest first when a peer’s late record arrives out of time order', () => {
    const { doc, krs } = checkedInWorkspace();
    const kr = krs[0]!;
    const late: CheckIn = { id: 'late-check-in', keyResultId: kr, value: 9, confidence: null, note: '', author: 'Ben', at: Date.UTC(2026, 6, 1, 9, 2, 30) };
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    rootMap(peer, 'checkIns').set(late.id, late);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), 'remote');
    let projection!: ReturnType<typeof fullProjection>;
    expect(checkInSorts(() => (projection = fullProjection(doc)))).toBe(1);
    expectNewestFirst(projection.checkInRecordsByKeyResult[kr], CHECK_INS_EACH + 1);
    expect(projection.checkInRecordsByKeyResult[kr]).toContainEqual(late);
    for (const other of krs.slice(1)) expectNewestFirst(projection.checkInRecordsByKeyResult[other], CHECK_INS_EACH);
  });
});

describe('sortNewestFirst', () => {
  it('orders any list as sorting would: in order, reversed, or shuffled (seeded)', () => {
    const random = seededRandom(17);
    for (let run = 0; run < 200; run++) {
      const length = random.int(12);
      // Few distinct times, so ties fall to the id.
      const list: CheckIn[] = Array.from({ length }, (_, i) => ({ id: `c${i}`, keyResultId: 'kr', value: i, confidence: null, note: '', author: 'Ana', at: random.int(4) }));
      const expected = [...list].sort(compareCheckInsNewestFirst);
      const shape = run % 3;
      const input = shape === 0 ? [...expected].reverse() : shape === 1 ? [...expected] : list;
      expect(sortNewestFirst(input)).toEqual(expected);
    }
  });
});
