import fsp from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile } from '../../shared/platform';
import { toUint8Array } from '../common/bytes';
import { MAX_FILE_BYTES, describeSize } from '../common/limits';

/** Reads a file the user picked or the OS handed us, refusing anything too large before reading it. */
export async function readOpenedFile(filePath: string): Promise<OpenedFile> {
  const name = path.basename(filePath);
  const stat = await fsp.stat(filePath);
  if (!stat.isFile()) throw new Error(`${name} is not a file.`);
  if (stat.size > MAX_FILE_BYTES) throw new Error(`${name} is too large to open (over ${describeSize(MAX_FILE_BYTES)}).`);
  const buffer = await fsp.readFile(filePath);
  return { name, bytes: toUint8Array(buffer) };
}

/**
 * The `.cairn` file in a command line (double-click, "Open with", a second
 * launch), if any. Flags are skipped, and so is argv[0] (the executable).
 */
export function cairnPathFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') && arg.toLowerCase().endsWith('.cairn')) return arg;
  }
  return null;
}

/** A suggested file name made safe for any file system, with the extension its kind needs. */
export function safeFileName(suggested: string, extension: string): string {
  // Separators become dashes too ("Platform/Infra Q1" stays readable), so no path survives.
  const base = suggested
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  // Windows refuses trailing dots and spaces, and names its devices CON, NUL, COM1…: such a stem gets a leading underscore.
  const trimmed = base.replace(/[. ]+$/, '');
  const name = trimmed || 'Cairn workspace';
  const withExtension = name.toLowerCase().endsWith(extension) ? name : name + extension;
  return /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.test(withExtension) ? `_${withExtension}` : withExtension;
}
