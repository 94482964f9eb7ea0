/// <reference lib="webworker" />
import type { FormatsTask } from './formatsProtocol';
import { runFormatsTask } from './formatsTasks';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<FormatsTask>) => {
  runFormatsTask(event.data, (reply) => {
    // Exported files' buffers are handed over, not copied.
    const transfer = reply.type === 'exported' ? reply.files.map((f) => f.bytes.buffer as ArrayBuffer) : reply.type === 'imported' ? [reply.outcome.update.buffer as ArrayBuffer] : [];
    self.postMessage(reply, transfer);
  });
});
