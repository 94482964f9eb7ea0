import { describe, expect, it } from 'vitest';
import { BACKUP_INTERVAL_MS, isBackupDue, selectBackups, type TimedBackup } from '../../electron/common/backupPolicy';
import { backupName, parseBackupName } from '../../electron/common/storePaths';

const MINUTE = 60_000;
const at = (day: number, hour: number, minute = 0) => new Date(2025, 4, day, hour, minute).getTime();
const backup = (takenAt: number): TimedBackup => ({ name: backupName(takenAt), takenAt });
const times = (list: TimedBackup[]) => list.map((b) => b.takenAt);

describe('isBackupDue', () => {
  const now = at(10, 12);

  it('is due when there is no backup yet', () => {
    expect(isBackupDue([], now)).toBe(true);
  });

  it('is not due within 15 minutes of the last backup', () => {
    expect(isBackupDue([now - 14 * MINUTE], now)).toBe(false);
  });

  it('is due 15 minutes after the last backup', () => {
    expect(isBackupDue([now - BACKUP_INTERVAL_MS], now)).toBe(true);
  });

  it('is due when the only recent-looking backup is stamped in the future (clock turned back)', () => {
    expect(isBackupDue([now + 60 * MINUTE], now)).toBe(true);
  });
});

describe('selectBackups', () => {
  it('keeps the 3 newest from today', () => {
    const today = [9, 10, 11, 12, 13].map((h) => backup(at(10, h)));

    const { keep, remove } = selectBackups(today, at(10, 14));

    expect(times(keep)).toEqual([at(10, 13), at(10, 12), at(10, 11)]);
    expect(times(remove).sort()).toEqual([at(10, 9), at(10, 10)]);
  });

  it('keeps only the newest of each earlier day', () => {
    const yesterday = [8, 12, 17].map((h) => backup(at(9, h)));
    const dayBefore = [8, 9].map((h) => backup(at(8, h)));

    const { keep } = selectBackups([...dayBefore, ...yesterday], at(10, 9));

    expect(times(keep)).toEqual([at(9, 17), at(8, 9)]);
  });

  it('keeps at most 10 in all, the newest first', () => {
    const daily = Array.from({ length: 15 }, (_, i) => backup(at(1 + i, 18)));
    const today = [8, 9, 10, 11].map((h) => backup(at(16, h)));

    const { keep, remove } = selectBackups([...daily, ...today], at(16, 12));

    expect(keep).toHaveLength(10);
    expect(times(keep)).toEqual([at(16, 11), at(16, 10), at(16, 9), ...[15, 14, 13, 12, 11, 10, 9].map((d) => at(d, 18))]);
    expect(keep.length + remove.length).toBe(19);
  });

  it('counts the day in local time, so a backup at 00:30 belongs to today', () => {
    const { keep } = selectBackups([backup(at(10, 0, 30)), backup(at(9, 23, 50)), backup(at(9, 23, 40))], at(10, 1));

    expect(times(keep)).toEqual([at(10, 0, 30), at(9, 23, 50)]);
  });
});

describe('backup names', () => {
  it('round-trip the time they were taken, to the millisecond', () => {
    const t = Date.UTC(2025, 1, 3, 4, 5, 6, 789);
    expect(backupName(t)).toBe('2025-02-03T04-05-06-789Z.cairn');
    expect(parseBackupName(backupName(t))).toBe(t);
  });

  it.each(['../2025-02-03T04-05-06-789Z.cairn', '2025-02-31T04-05-06-789Z.cairn', 'backup.cairn', '2025-02-03T04-05-06-789Z.cairn.tmp'])(
    'refuses %j',
    (name) => {
      expect(parseBackupName(name)).toBeNull();
    },
  );
});
