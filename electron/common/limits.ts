/**
 * The largest file Cairn reads or writes in one piece (`.cairn` or JSON). Big
 * enough for years of check-ins, small enough that a mistaken pick (a video)
 * fails fast instead of filling memory and the IPC channel.
 */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * The largest report HTML Cairn prints to PDF (Electron's IPC and browser
 * mode's web server alike): a 200-objective report is about 7 MB.
 */
export const MAX_REPORT_HTML_BYTES = 50_000_000;

export function describeSize(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
