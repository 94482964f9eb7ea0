import { Worker } from 'node:worker_threads';
import { CairnFileError } from '../../shared/format/envelope';
import type { ContentCheckReply, ContentCheckRequest } from './contentCheckWorker';

/**
 * Decodes whole `.cairn` files on a worker thread, so a save's content check
 * (177–288 ms for a 3.6 MB workspace) never blocks the main process's event
 * loop: the window's IPC, menus and other saves go on meanwhile. One worker,
 * started on first use, checks one file at a time.
 */
export interface ContentChecker {
  /** Resolves when the file reads as a workspace; rejects with CairnFileError (its reason for the user) when it does not. */
  check(bytes: Uint8Array): Promise<void>;
  /** Stops the worker; a later check starts a new one. */
  close(): Promise<void>;
}

export interface ContentCheckerOptions {
  /** The worker's script: contentCheckWorker.ts bundled as contentCheckWorker.cjs. */
  workerFile: string;
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

export function createContentChecker({ workerFile }: ContentCheckerOptions): ContentChecker {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function failAll(error: Error): void {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  function started(): Worker {
    if (worker) return worker;
    const created = new Worker(workerFile);
    // An idle checker must not keep the process alive.
    created.unref();
    created.on('message', (reply: ContentCheckReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve();
      else waiting.reject(reply.code ? new CairnFileError(reply.code, reply.message) : new Error(reply.message));
    });
    created.on('error', (error) => failAll(error));
    created.on('exit', (code) => {
      if (worker === created) worker = null;
      failAll(new Error(`The workspace check stopped unexpectedly (exit code ${code}).`));
    });
    worker = created;
    return created;
  }

  return {
    check(bytes) {
      return new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const request: ContentCheckRequest = { id, bytes };
        // Copied, not transferred: the caller still writes these bytes to disk.
        started().postMessage(request);
      });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
