/*
 * Which backups of a workspace to take and keep. Pure functions of times, so
 * the policy is tested without a file system or a real clock.
 */

export const BACKUP_INTERVAL_MS = 15 * 60 * 1000;
export const KEEP_FROM_TODAY = 3;
export const KEEP_IN_ALL = 10;

export interface TimedBackup {
  name: string;
  takenAt: number;
}

/**
 * A save takes a backup unless one was taken in the last `interval`. Backups
 * stamped in the future (the clock was turned back) do not count as recent,
 * or a skewed clock would stop backups for as long as the skew.
 */
export function isBackupDue(takenAts: readonly number[], now: number, interval = BACKUP_INTERVAL_MS): boolean {
  return !takenAts.some((t) => t <= now && now - t < interval);
}

/** The local calendar day of a time; the user's "today" is a local day. */
export function localDay(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/**
 * Keeps the 3 newest backups from today, the newest one of each earlier day,
 * and at most 10 in all, newest first. Returns what to keep and what to delete.
 */
export function selectBackups<T extends TimedBackup>(
  backups: readonly T[],
  now: number,
  dayOf: (time: number) => string = localDay,
): { keep: T[]; remove: T[] } {
  const newestFirst = [...backups].sort((a, b) => b.takenAt - a.takenAt || (a.name < b.name ? 1 : -1));
  const today = dayOf(now);
  const perDay = new Map<string, number>();
  const keep: T[] = [];
  const remove: T[] = [];
  for (const backup of newestFirst) {
    const day = dayOf(backup.takenAt);
    const count = perDay.get(day) ?? 0;
    const dayLimit = day === today ? KEEP_FROM_TODAY : 1;
    if (count < dayLimit && keep.length < KEEP_IN_ALL) {
      keep.push(backup);
      perDay.set(day, count + 1);
    } else {
      remove.push(backup);
    }
  }
  return { keep, remove };
}
