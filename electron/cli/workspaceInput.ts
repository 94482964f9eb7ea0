import path from 'node:path';
import { CairnFileError } from '../../shared/format/envelope';
import { readWorkspaceFile, type LoadedWorkspaceFile } from '../../shared/format/workspaceFile';
import { MAX_FILE_BYTES, describeSize } from '../common/limits';
import { BadInput } from './errors';
import type { CliIo } from './io';

const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Reads a file named on the command line; a missing (unless `missingOk`), unreadable or oversized file is BadInput. */
async function readBytes(filePath: string, io: CliIo, missingOk: boolean): Promise<Uint8Array | null> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (missingOk && code === 'ENOENT') return null;
    const reason = UNREADABLE[code];
    if (reason) throw new BadInput(`cannot read ${filePath}: ${reason}`);
    throw error;
  }
  if (bytes.byteLength > MAX_FILE_BYTES) throw new BadInput(`${path.basename(filePath)}: the file is too large (over ${describeSize(MAX_FILE_BYTES)}).`);
  return bytes;
}

/** Reads a file named on the command line; a missing, unreadable or oversized file is BadInput. */
export async function readInputBytes(filePath: string, io: CliIo): Promise<Uint8Array> {
  return (await readBytes(filePath, io, false))!;
}

/** Reads and checks a `.cairn` file named on the command line; every way it can fail is BadInput. */
export async function readWorkspaceInput(filePath: string, io: CliIo): Promise<LoadedWorkspaceFile> {
  return loadWorkspaceBytes(filePath, await readInputBytes(filePath, io));
}

/** The `.cairn` file a command creates or updates: checked like any input, or null when it does not exist yet. */
export async function readWorkspaceInputIfExists(filePath: string, io: CliIo): Promise<LoadedWorkspaceFile | null> {
  const bytes = await readBytes(filePath, io, true);
  return bytes === null ? null : loadWorkspaceBytes(filePath, bytes);
}

function loadWorkspaceBytes(filePath: string, bytes: Uint8Array): LoadedWorkspaceFile {
  const name = path.basename(filePath);
  try {
    return readWorkspaceFile(bytes);
  } catch (error) {
    if (error instanceof CairnFileError) throw new BadInput(`${name}: ${error.message}`);
    throw error;
  }
}
