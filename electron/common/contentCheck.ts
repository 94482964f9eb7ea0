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
  /** Stops the worker (checks still in it are refused); a later check starts a new one. */
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

/** A worker and the checks sent to it: a worker that dies fails its own checks, never its replacement's. */
interface CheckWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

function failAll(pending: Map<number, Pending>, error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

export function createContentChecker({ workerFile }: ContentCheckerOptions): ContentChecker {
  let current: CheckWorker | null = null;
  let nextId = 1;

  /** Retires a worker: later checks go to a new one. */
  function retire(retired: CheckWorker): void {
    if (current === retired) current = null;
  }

  function started(): CheckWorker {
    if (current) return current;
    const created: CheckWorker = { worker: new Worker(workerFile), pending: new Map() };
    const { worker, pending } = created;
    // An idle checker must not keep the process alive.
    worker.unref();
    worker.on('message', (reply: ContentCheckReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve();
      else waiting.reject(reply.code ? new CairnFileError(reply.code, reply.message) : new Error(reply.message));
    });
    // An uncaught error ends the worker ('exit' follows): checks asked for from now on start a new one.
    worker.on('error', (error) => {
      retire(created);
      failAll(pending, error);
    });
    worker.on('exit', (code) => {
      retire(created);
      failAll(pending, new Error(`The workspace check stopped unexpectedly (exit code ${code}).`));
    });
    current = created;
    return created;
  }

  return {
    check(bytes) {
      return new Promise<void>((resolve, reject) => {
        const id = nextId++;
        const { worker, pending } = started();
        pending.set(id, { resolve, reject });
        const request: ContentCheckRequest = { id, bytes };
        // Copied, not transferred: the caller still writes these bytes to disk.
        worker.postMessage(request);
      });
    },
    async close() {
      const running = current;
      current = null;
      if (running) await running.worker.terminate();
    },
  };
}
