import { describe, expect, it } from 'vitest';
import { checkInDueOf, compareDue, endOfWeek, isDueThisWeek } from '../../shared/queries/checkInDue';
import { effectiveCheckIns } from '../../shared/queries/checkInHistory';
import { signalsOf } from '../../shared/queries/signals';
import { DEFAULT_SIGNAL_THRESHOLDS } from '../../shared/schema/types';
import { CYCLE, day, plainCheckIn, plainKeyResult } from './issue4Fixtures';

const meta = { ...CYCLE, signalThresholds: DEFAULT_SIGNAL_THRESHOLDS };
const kr = plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 0, target: 100, unit: '' });

describe('next check-in due', () => {
  it('is the rhythm after the latest check-in (2026-01-11 + 7 days)', () => {
    const due = checkInDueOf(kr, [plainCheckIn(day(3), 10), plainCheckIn(day(10), 20)], meta, day(12));
    expect(due).toMatchObject({ due: '2026-01-18', checkedIn: true, overdue: false });
  });

  it('follows the workspace rhythm', () => {
    const fortnightly = { ...meta, signalThresholds: { ...DEFAULT_SIGNAL_THRESHOLDS, checkInRhythmDays: 14 } };
    expect(checkInDueOf(kr, [plainCheckIn(day(10), 20)], fortnightly, day(12)).due).toBe('2026-01-25');
  });

  it('counts from the cycle start before the first check-in', () => {
    expect(checkInDueOf(kr, [], meta, day(2))).toMatchObject({ due: '2026-01-08', checkedIn: false, overdue: false });
  });

  it('counts from when a KR added mid-cycle was added', () => {
    const late = { ...kr, createdAt: day(40) + 3_600_000 };
    expect(checkInDueOf(late, [], meta, day(41)).due).toBe('2026-02-17');
  });

  it('is overdue exactly when the stale signal opens, not on the due day itself', () => {
    const history = [plainCheckIn(day(10), 20)];
    const lastMomentOfDueDay = day(18) - 1;
    expect(checkInDueOf(kr, history, meta, lastMomentOfDueDay).overdue).toBe(false);
    expect(signalsOf(kr, history, meta, lastMomentOfDueDay).some((s) => s.kind === 'stale')).toBe(false);
    expect(checkInDueOf(kr, history, meta, day(18)).overdue).toBe(true);
    expect(signalsOf(kr, history, meta, day(18)).some((s) => s.kind === 'stale')).toBe(true);
  });

  it('reads the effective history: a withdrawn check-in no longer resets the rhythm, a correction keeps its time', () => {
    const first = plainCheckIn(day(10), 20);
    const second = plainCheckIn(day(20), 25);
    const withdrawn = plainCheckIn(day(21), 0, { corrects: second.id, withdrawn: true, reason: 'wrong KR' });
    expect(checkInDueOf(kr, effectiveCheckIns([first, second, withdrawn]), meta, day(21))).toMatchObject({ due: '2026-01-18', overdue: true });
    const corrected = plainCheckIn(day(22), 250, { corrects: second.id, reason: 'typo' });
    expect(checkInDueOf(kr, effectiveCheckIns([first, second, corrected]), meta, day(22)).due).toBe('2026-01-28');
  });

  it('ignores check-ins after the moment asked about', () => {
    expect(checkInDueOf(kr, [plainCheckIn(day(10), 20), plainCheckIn(day(30), 30)], meta, day(12)).due).toBe('2026-01-18');
  });
});

describe('due this week', () => {
  // 2026-01-14 is a Wednesday; its ISO week ends on Sunday 2026-01-18. Noon, so any local time zone is still on that day.
  const wednesday = Date.UTC(2026, 0, 14, 12);

  it('ends the week on Sunday by default, or the day before another week start', () => {
    expect(endOfWeek(wednesday)).toBe('2026-01-18');
    expect(endOfWeek(wednesday, 7)).toBe('2026-01-17'); // weeks from Sunday
    expect(endOfWeek(wednesday, 3)).toBe('2026-01-20'); // a week starting this very Wednesday
  });

  it('holds what is due by the end of the week, and everything overdue', () => {
    expect(isDueThisWeek({ due: '2026-01-18', overdue: false }, wednesday)).toBe(true);
    expect(isDueThisWeek({ due: '2026-01-19', overdue: false }, wednesday)).toBe(false);
    expect(isDueThisWeek({ due: '2025-12-30', overdue: true }, wednesday)).toBe(true);
  });

  it('lists overdue first, then by due day', () => {
    const a = checkInDueOf({ ...kr, id: 'a' }, [plainCheckIn(day(12), 1)], meta, day(14));
    const b = checkInDueOf({ ...kr, id: 'b' }, [plainCheckIn(day(2), 1)], meta, day(14));
    const c = checkInDueOf({ ...kr, id: 'c' }, [plainCheckIn(day(9), 1)], meta, day(14));
    expect([a, b, c].sort(compareDue).map((d) => d.keyResultId)).toEqual(['b', 'c', 'a']);
    expect(b.overdue).toBe(true);
  });
});
