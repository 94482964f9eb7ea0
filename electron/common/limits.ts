/**
 * The largest file Cairn reads or writes in one piece (`.cairn` or JSON). Big
 * enough for years of check-ins, small enough that a mistaken pick (a video)
 * fails fast instead of filling memory and the IPC channel.
 */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function describeSize(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
