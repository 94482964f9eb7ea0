import fsp from 'node:fs/promises';
import { writeFileAtomic } from '../common/atomicWrite';

/** Everything a command does to the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(filePath: string): Promise<Uint8Array>;
  /** Replaces the file atomically: it ends up complete or untouched. */
  writeFile(filePath: string, data: Uint8Array): Promise<void>;
}

export function nodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (filePath) => fsp.readFile(filePath),
    writeFile: (filePath, data) => writeFileAtomic(filePath, data),
  };
}
