import path from 'node:path';
import { CairnFileError } from '../../shared/format/envelope';
import { readWorkspaceFile, type LoadedWorkspaceFile } from '../../shared/format/workspaceFile';
import { MAX_FILE_BYTES, describeSize } from '../limits';
import { BadInput } from './errors';
import type { CliIo } from './io';

const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Reads and checks a `.cairn` file named on the command line; every way it can fail is BadInput. */
export async function readWorkspaceInput(filePath: string, io: CliIo): Promise<LoadedWorkspaceFile> {
  const name = path.basename(filePath);
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(filePath);
  } catch (error) {
    const reason = UNREADABLE[(error as NodeJS.ErrnoException).code ?? ''];
    if (reason) throw new BadInput(`cannot read ${filePath}: ${reason}`);
    throw error;
  }
  if (bytes.byteLength > MAX_FILE_BYTES) throw new BadInput(`${name}: the file is too large (over ${describeSize(MAX_FILE_BYTES)}).`);
  try {
    return readWorkspaceFile(bytes);
  } catch (error) {
    if (error instanceof CairnFileError) throw new BadInput(`${name}: ${error.message}`);
    throw error;
  }
}
