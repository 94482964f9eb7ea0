import { parentPort } from 'node:worker_threads';
import { CairnFileError, type CairnFileErrorCode } from '../../shared/format/envelope';
import { readWorkspaceFile } from '../../shared/format/workspaceFile';

/**
 * The worker side of contentCheck.ts: decodes a whole `.cairn` file (all
 * checks of docs/file-format.md) away from the main process's event loop.
 * Bundled on its own as dist/electron/contentCheckWorker.cjs.
 */

export interface ContentCheckRequest {
  id: number;
  bytes: Uint8Array;
}

export type ContentCheckReply =
  | { id: number; ok: true }
  | { id: number; ok: false; code: CairnFileErrorCode | null; message: string };

function check({ id, bytes }: ContentCheckRequest): ContentCheckReply {
  try {
    readWorkspaceFile(bytes);
    return { id, ok: true };
  } catch (error) {
    if (error instanceof CairnFileError) return { id, ok: false, code: error.code, message: error.message };
    return { id, ok: false, code: null, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: ContentCheckRequest) => parentPort?.postMessage(check(request)));
