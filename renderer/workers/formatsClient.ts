import type { ExportOptions, ExportedFile } from '../../shared/format/exportBundle';
import type { ImportOutcome, ImportRequest } from '../../shared/format/importBundle';
import type { FormatsReply, FormatsTask } from './formatsProtocol';

export type Progress = (done: number, total: number, label: string) => void;

/** A failure reported by the worker, with the importer's problems when there are some. */
export class FormatsTaskError extends Error {
  constructor(
    override name: string,
    message: string,
    readonly problems?: unknown,
  ) {
    super(message);
  }
}

function startWorker(): Worker | null {
  try {
    return new Worker(new URL('./formatsWorker.ts', import.meta.url), { type: 'module', name: 'cairn-formats' });
  } catch {
    return null;
  }
}

/** A running task: its result, and a way to stop it when its result is no longer wanted (a newer preview). */
export interface FormatsJob<T> {
  promise: Promise<T>;
  cancel: () => void;
}

/** Runs the task in the window, after a frame so the progress indication paints first. */
function runInWindow(task: FormatsTask, settle: (reply: FormatsReply) => void): () => void {
  let cancelled = false;
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (cancelled) return;
      // Loaded here, not with the first screen: the importers and exporters are only needed in this fallback.
      import('./formatsTasks').then(
        ({ runFormatsTask }) => !cancelled && runFormatsTask(task, (reply) => !cancelled && settle(reply)),
        (error: unknown) => !cancelled && settle({ type: 'failed', name: 'Error', message: error instanceof Error ? error.message : String(error) }),
      );
    }, 0),
  );
  return () => {
    cancelled = true;
  };
}

/**
 * Runs a task in a fresh worker (one per task: exports are rare, and a
 * finished worker frees its memory). Where a worker cannot start or load (a
 * missing worker bundle, a stricter CSP), the task runs in the window instead.
 */
function run(task: FormatsTask, onProgress: Progress): FormatsJob<FormatsReply> {
  let cancel = () => {};
  const promise = new Promise<FormatsReply>((resolve, reject) => {
    let done = false;
    const settle = (reply: FormatsReply) => {
      if (done) return;
      if (reply.type === 'progress') return onProgress(reply.done, reply.total, reply.label);
      done = true;
      stop();
      if (reply.type === 'failed') reject(new FormatsTaskError(reply.name, reply.message, reply.problems));
      else resolve(reply);
    };
    const worker = startWorker();
    let stop = () => worker?.terminate();
    cancel = () => {
      done = true;
      stop();
      reject(new DOMException('Cancelled', 'AbortError'));
    };
    if (!worker) {
      stop = runInWindow(task, settle);
      return;
    }
    let heard = false;
    worker.addEventListener('message', (event: MessageEvent<FormatsReply>) => {
      heard = true;
      settle(event.data);
    });
    worker.addEventListener('messageerror', () => settle({ type: 'failed', name: 'Error', message: 'The export worker sent a message that could not be read.' }));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      worker.terminate();
      if (done) return;
      if (!heard) {
        // It never started (the script did not load): do the work here rather than fail.
        stop = runInWindow(task, settle);
        return;
      }
      settle({ type: 'failed', name: 'Error', message: `The export worker failed: ${event.message || 'unknown error'}` });
    });
    worker.postMessage(task);
  });
  return { promise, cancel };
}

function expectReply<T extends FormatsReply['type']>(job: FormatsJob<FormatsReply>, type: T): FormatsJob<Extract<FormatsReply, { type: T }>> {
  return {
    cancel: job.cancel,
    promise: job.promise.then((reply) => {
      if (reply.type !== type) throw new Error('The export worker answered out of turn.');
      return reply as Extract<FormatsReply, { type: T }>;
    }),
  };
}

export function startExport(update: Uint8Array, options: ExportOptions, onProgress: Progress = () => {}): FormatsJob<ExportedFile[]> {
  const job = expectReply(run({ type: 'export', update, options }, onProgress), 'exported');
  return { cancel: job.cancel, promise: job.promise.then((reply) => reply.files) };
}

export function exportInWorker(update: Uint8Array, options: ExportOptions, onProgress: Progress = () => {}): Promise<ExportedFile[]> {
  return startExport(update, options, onProgress).promise;
}

export async function importInWorker(request: ImportRequest, onProgress: Progress = () => {}): Promise<ImportOutcome> {
  return (await expectReply(run({ type: 'import', request }, onProgress), 'imported').promise).outcome;
}
