import * as Y from 'yjs';
import { exportWorkspace } from '../../shared/format/exportBundle';
import { runImport } from '../../shared/format/importBundle';
import type { FormatsReply, FormatsTask } from './formatsProtocol';

/** Runs one task, reporting through `post`; the same code runs in the worker and, as a fallback, in the window. */
export function runFormatsTask(task: FormatsTask, post: (reply: FormatsReply) => void): void {
  try {
    if (task.type === 'export') {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, task.update);
      const files = exportWorkspace(doc, task.options, (done, total, label) => post({ type: 'progress', done, total, label }));
      post({ type: 'exported', files });
    } else {
      post({ type: 'imported', outcome: runImport(task.request, (done, total, label) => post({ type: 'progress', done, total, label })) });
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', name: e.name, message: e.message, problems: (e as { problems?: unknown }).problems });
  }
}
