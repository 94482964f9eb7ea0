import type { ExportKind } from '../platform';

/*
 * The export's names and kinds, apart from the exporters: the window names
 * files and lists formats with these, and the exporters (exportBundle.ts) are
 * loaded only when something is exported.
 */

/** Every export kind but PDF, which is the HTML report printed by the shell. */
export type BundleFormat = Exclude<ExportKind, 'pdf'>;

/** Formats that always hold the whole workspace: they are the file the team owns, and must round-trip. */
export const WHOLE_WORKSPACE_FORMATS: readonly BundleFormat[] = ['json', 'cairn'];

/** A file name stem from a title: letters, digits, spaces, dashes and underscores only. */
export function fileStemOf(title: string | undefined): string {
  return (title ?? '').replace(/[^\p{L}\p{N} _-]+/gu, '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'workspace';
}

/** The name of the report files, whatever their format (the shell's PDF too). */
export const reportFileName = (stem: string, extension: 'html' | 'pdf') => `${stem} report.${extension}`;
