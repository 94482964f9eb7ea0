import type { OpenedFile } from '../../shared/platform';
import { readOpenedFile } from './openedFile';

/**
 * Files the OS asks us to open (double-click, "Open with", a second launch)
 * can arrive before the window has loaded; they wait here until it has, then
 * go to the renderer as bytes (the renderer never sees paths).
 */
export function createOpenFileQueue(options: {
  send: (file: OpenedFile) => void;
  report: (filePath: string, error: unknown) => void;
  read?: (filePath: string) => Promise<OpenedFile>;
}) {
  const read = options.read ?? readOpenedFile;
  const pending: string[] = [];
  let ready = false;
  const deliver = (filePath: string) => read(filePath).then(options.send, (error: unknown) => options.report(filePath, error));
  return {
    open(filePath: string): void {
      if (ready) void deliver(filePath);
      else pending.push(filePath);
    },
    /** Call with true once the renderer has loaded, false while it (re)loads or after it closed. */
    setReady(isReady: boolean): void {
      ready = isReady;
      if (ready) pending.splice(0).forEach((filePath) => void deliver(filePath));
    },
  };
}
