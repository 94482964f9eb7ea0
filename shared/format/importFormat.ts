import { isCairnFile } from './envelope';
import { importError } from './importErrors';

/*
 * What a chosen file is, apart from the importers themselves: the window asks
 * this before every open, and the importers (importBundle.ts) are loaded only
 * when a JSON or CSV file is imported.
 */

export type ImportFormat = 'cairn' | 'json' | 'csv';

/** Larger files are refused before parsing: they are not OKRs someone typed. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** What a file is, from its bytes first (a renamed `.cairn` is still one) and then its name. */
export function detectImportFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  if (isCairnFile(bytes)) return 'cairn';
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return 'json';
  if (lower.endsWith('.cairn')) return 'cairn';
  throw importError(fileName, { message: 'This is not a file Cairn imports.', fix: 'Choose a .cairn workspace, a JSON export (.json) or a CSV spreadsheet (.csv).' });
}
