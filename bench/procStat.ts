import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) in one /proc/<pid>/stat line. */
export function cpuSecondsFromStat(stat: string): number {
  // The command name (2nd field) is in parentheses and may hold spaces and parentheses itself: count fields after the last ')'.
  // From there, utime and stime are the 12th and 13th (the 14th and 15th of the line).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return (utime + stime) / CLOCK_TICKS;
}

/** CPU seconds a process has used so far; null once it is gone (or where there is no /proc). */
export function cpuSeconds(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return cpuSecondsFromStat(stat);
}
