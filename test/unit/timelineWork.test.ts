import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signalsOf } from '../../shared/queries/signals';
import { timelineOf } from '../../shared/queries/timeline';
import { DEFAULT_SIGNAL_THRESHOLDS, type CheckIn, type KeyResult } from '../../shared/schema/types';
import { seededRandom } from '../support/random';
import { CYCLE, DAY, day, plainCheckIn, plainKeyResult } from './issue4Fixtures';

/*
 * A KR's timeline recomputes its signals as of each of its check-ins (a KR
 * with years of weekly check-ins has 1,470 entries on OKR-XL). Counted, not
 * timed: the check-ins' comparisons made by the sorts of signals.ts and
 * timeline.ts. The history is sorted once, not once per check-in (about
 * n² log n comparisons before). And the signals it shows are those signalsOf
 * gives as of each check-in, on seeded histories with equal times and
 * confidences left out.
 */

const compared = vi.hoisted(() => ({ compareCheckInsNewestFirst: 0 }));
vi.mock('../../shared/queries/progress', async (original) => (await import('../support/countingModule')).countingModule(await original(), compared));
beforeEach(() => {
  compared.compareCheckInsNewestFirst = 0;
});

const meta = { ...CYCLE, signalThresholds: DEFAULT_SIGNAL_THRESHOLDS };
const kr: KeyResult = plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 0, target: 100, createdAt: day(0) });

function historyOf(length: number, seed: number): CheckIn[] {
  const random = seededRandom(seed);
  // Oldest first, as a document holds them; some at the same moment, some without a confidence.
  let at = day(1);
  return Array.from({ length }, (_, i) => {
    if (!random.chance(0.2)) at += random.int(DAY / 4);
    return plainCheckIn(at, random.int(101), { id: `c${String(i).padStart(4, '0')}`, confidence: random.chance(0.3) ? null : random.int(11) });
  });
}

const input = (history: readonly CheckIn[]) => ({ keyResult: kr, history, questions: [], decisions: [], meta, thresholds: DEFAULT_SIGNAL_THRESHOLDS });

describe('a KR’s timeline', () => {
  it('sorts its check-ins once, not once per check-in', () => {
    const n = 400;
    const history = historyOf(n, 7);
    timelineOf(input(history), day(89));
    // One sort of n check-ins (n log n, about 3,500), and the last moment's signalsOf (as many): not n sorts.
    expect(compared.compareCheckInsNewestFirst).toBeGreaterThanOrEqual(n - 1);
    expect(compared.compareCheckInsNewestFirst).toBeLessThan(20 * n);
  });

  it('shows, as of each check-in, the signals signalsOf gives then (seeded)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const history = historyOf(60, seed);
      const now = history.at(-1)!.at + DAY;
      const shown = new Map(timelineOf(input(history), now).flatMap((item) => (item.type === 'signal' ? [[item.signal.key, item.signal]] : [])));
      const expected = new Map<string, unknown>();
      for (const checkIn of history) {
        for (const signal of signalsOf(kr, history, meta, checkIn.at, DEFAULT_SIGNAL_THRESHOLDS)) if (signal.kind !== 'stale' && !expected.has(signal.key)) expected.set(signal.key, signal);
      }
      for (const signal of signalsOf(kr, history, meta, now, DEFAULT_SIGNAL_THRESHOLDS)) if (!expected.has(signal.key)) expected.set(signal.key, signal);
      expect(shown, `seed ${seed}`).toEqual(expected);
    }
  });
});
