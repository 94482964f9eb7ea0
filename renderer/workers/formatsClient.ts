import type { ExportOptions, ExportedFile } from '../../shared/format/exportBundle';
import type { ImportOutcome, ImportRequest } from '../../shared/format/importBundle';
import type { FormatsReply, FormatsTask } from './formatsProtocol';
import { runFormatsTask } from './formatsTasks';

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

/**
 * Runs a task in a fresh worker (one per task: exports are rare, and a
 * finished worker frees its memory). Where workers are unavailable the task
 * runs in the window after a frame, so the progress indication paints first.
 */
function run(task: FormatsTask, onProgress: Progress): Promise<FormatsReply> {
  return new Promise((resolve, reject) => {
    const settle = (reply: FormatsReply, stop: () => void) => {
      if (reply.type === 'progress') return onProgress(reply.done, reply.total, reply.label);
      stop();
      if (reply.type === 'failed') reject(new FormatsTaskError(reply.name, reply.message, reply.problems));
      else resolve(reply);
    };
    const worker = startWorker();
    if (!worker) {
      requestAnimationFrame(() => setTimeout(() => runFormatsTask(task, (reply) => settle(reply, () => {})), 0));
      return;
    }
    const stop = () => worker.terminate();
    worker.addEventListener('message', (event: MessageEvent<FormatsReply>) => settle(event.data, stop));
    worker.addEventListener('error', (event) => {
      stop();
      reject(new Error(`The export worker failed: ${event.message || 'unknown error'}`));
    });
    worker.postMessage(task);
  });
}

export async function exportInWorker(update: Uint8Array, options: ExportOptions, onProgress: Progress = () => {}): Promise<ExportedFile[]> {
  const reply = await run({ type: 'export', update, options }, onProgress);
  if (reply.type !== 'exported') throw new Error('The export worker answered out of turn.');
  return reply.files;
}

export async function importInWorker(request: ImportRequest, onProgress: Progress = () => {}): Promise<ImportOutcome> {
  const reply = await run({ type: 'import', request }, onProgress);
  if (reply.type !== 'imported') throw new Error('The import worker answered out of turn.');
  return reply.outcome;
}
