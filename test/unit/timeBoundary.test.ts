import { describe, expect, it } from 'vitest';
import { addObjective } from '../../shared/commands/objectives';
import { dateWordsFor } from '../../shared/dateWords';
import { standingOfKeyResult, type StandingSource } from '../../shared/queries/standing';
import { standingChangesAt } from '../../shared/queries/timeBoundary';
import { DEFAULT_SIGNAL_THRESHOLDS, type CheckIn, type KeyResult } from '../../shared/schema/types';
import { readWorkspace } from '../../shared/schema/read';
import { seededRandom } from '../support/random';
import { CYCLE, DAY, day, newCycleWorkspace, plainCheckIn, plainKeyResult } from './issue4Fixtures';

/*
 * standingChangesAt: until the moment it gives, a KR's standing computed
 * again says exactly what it said (but the stale signal's `at`, which is "now"
 * itself); at the moment, it may differ. Checked on seeded KRs of every kind
 * with a pace, at moments all through the interval and just before its end.
 */

const meta = { ...CYCLE, signalThresholds: DEFAULT_SIGNAL_THRESHOLDS };

function sourceOf(history: readonly CheckIn[]): StandingSource {
  return { meta, checkInsOf: () => history, questionsOf: () => [], decisionsBySignal: new Map(), dates: dateWordsFor('en-US') };
}

/** An active objective, as a document holds it. */
const objective = (() => {
  const ws = newCycleWorkspace();
  const id = addObjective(ws.ctx, { title: 'Grow' });
  return readWorkspace(ws.doc).objectives.get(id)!;
})();

const said = (kr: KeyResult, history: readonly CheckIn[], at: number) => {
  const standing = standingOfKeyResult(sourceOf(history), kr, objective, at);
  return { ...standing, openSignals: standing.openSignals.map((s) => ({ ...s, at: s.kind === 'stale' ? 'now' : s.at })) };
};

function randomKeyResult(random: ReturnType<typeof seededRandom>, i: number): KeyResult {
  const kind = random.pick(['metric', 'output', 'milestone'] as const)!;
  const base = { id: `kr${i}`, createdAt: day(random.int(20)) };
  if (kind === 'metric') return plainKeyResult({ ...base, kind, direction: 'increase', baseline: 0, target: 97 }, base.id);
  if (kind === 'output') return plainKeyResult({ ...base, kind, target: 8 }, base.id);
  return plainKeyResult({ ...base, kind }, base.id);
}

describe('standingChangesAt', () => {
  it('gives a moment before which the standing says the same (seeded)', () => {
    const random = seededRandom(4217);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const kr = randomKeyResult(random, i);
      const history = Array.from({ length: random.int(4) }, (_, n) =>
        plainCheckIn(day(20 + random.int(60)) + random.int(DAY), kr.kind === 'milestone' ? random.int(2) : random.int(kr.kind === 'output' ? 9 : 101), { id: `c${i}.${n}`, confidence: 1 + random.int(10) }),
      );
      const now = day(-5) + random.int(110 * DAY);
      const until = standingChangesAt(kr, history, [], meta, now);
      expect(until).toBeGreaterThanOrEqual(now);
      const last = Math.min(until - 1, now + 200 * DAY);
      if (last < now) continue;
      const at = said(kr, history, now);
      for (const t of [last, ...Array.from({ length: 8 }, () => now + random.int(last - now + 1))]) {
        expect(said(kr, history, t), `KR ${i} from ${now} at ${t} (until ${until})`).toEqual(at);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('followed boundary to boundary through a whole cycle, never misses a change (seeded)', () => {
    const random = seededRandom(1717);
    for (let i = 0; i < 30; i++) {
      const kr = randomKeyResult(random, i);
      const history = [plainCheckIn(day(10 + random.int(30)), kr.kind === 'milestone' ? 0 : random.int(kr.kind === 'output' ? 5 : 40), { id: `c${i}`, confidence: 1 + random.int(10) })];
      let now = day(-2) + random.int(DAY);
      let steps = 0;
      while (now < day(95) && steps++ < 2_000) {
        const until = standingChangesAt(kr, history, [], meta, now);
        const at = said(kr, history, now);
        // Every two hours of the interval, and its last moment.
        for (let t = now + 7_200_000; t < until - 1 && t < day(95); t += 7_200_000) expect(said(kr, history, t), `KR ${i} from ${now} at ${t}`).toEqual(at);
        if (until - 1 > now && until - 1 < day(95)) expect(said(kr, history, until - 1), `KR ${i} from ${now} just before ${until}`).toEqual(at);
        now = Math.max(until, now + 60_000);
      }
    }
  });

  it('is reached by the next quiet day, the cycle start and a check-in dated later', () => {
    const kr = plainKeyResult({ kind: 'milestone', createdAt: day(-10) });
    expect(standingChangesAt(kr, [], [], meta, day(-3))).toBe(day(0));
    expect(standingChangesAt(kr, [plainCheckIn(day(40) + 5, 0)], [], meta, day(41) + 7)).toBeLessThanOrEqual(day(42) + 5);
    expect(standingChangesAt(kr, [plainCheckIn(day(40), 0), plainCheckIn(day(41) + 9, 0)], [], meta, day(41))).toBe(day(41) + 9);
  });
});
