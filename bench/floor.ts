import * as Y from 'yjs';

/** Injected into the benchmark page: the raw Yjs floor, in the same browser. */
declare global {
  interface Window {
    cairnBenchApplyUpdate: (base64: string) => number;
  }
}

window.cairnBenchApplyUpdate = (base64: string) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const doc = new Y.Doc();
  const started = performance.now();
  Y.applyUpdate(doc, bytes);
  const elapsed = performance.now() - started;
  doc.destroy();
  return elapsed;
};
