import { printWithServer } from './browserPdf';
import type { CairnPlatform, ExportKind, OpenedFile, PickKind } from '../../shared/platform';

const ACCEPT: Record<PickKind, string> = { cairn: '.cairn', import: '.cairn,.json,.csv,application/json,text/csv' };
const MIME: Record<ExportKind, string> = {
  cairn: 'application/x-cairn',
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * Browser mode: the same interface as the Electron preload, with web APIs.
 * There is no durable file copy here: IndexedDB is the only store, and the UI
 * says so. Exports are downloads; imports use the file picker.
 */
export function createBrowserPlatform(appVersion: string): CairnPlatform {
  const platform: CairnPlatform = {
    kind: 'browser',
    appVersion,
    durable: false,
    async saveWorkspace() {
      throw new Error('Browser mode keeps no durable file copy.');
    },
    async loadWorkspace() {
      return null;
    },
    async listStoredWorkspaces() {
      return [];
    },
    async removeWorkspace() {},
    async listBackups() {
      return [];
    },
    async readBackup() {
      throw new Error('Browser mode keeps no backups.');
    },
    async exportFile(suggestedName, bytes, kind) {
      const blob = new Blob([bytes as BlobPart], { type: MIME[kind] });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = suggestedName;
      link.style.display = 'none';
      document.body.append(link);
      link.click();
      link.remove();
      // Give the download a moment to start before the URL is released.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { saved: true };
    },
    async exportFiles(files) {
      let saved = 0;
      for (const file of files) {
        if ((await platform.exportFile(file.name, file.bytes, file.kind)).saved) saved++;
        // Chromium drops downloads started in the same task; let each one begin.
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      return { saved };
    },
    pickFile(kind) {
      return new Promise<OpenedFile | null>((resolve, reject) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = ACCEPT[kind];
        input.style.display = 'none';
        input.addEventListener('cancel', () => {
          input.remove();
          resolve(null);
        });
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          input.remove();
          if (!file) return resolve(null);
          file.arrayBuffer().then(
            (buffer) => resolve({ name: file.name, bytes: new Uint8Array(buffer) }),
            (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
          );
        });
        document.body.append(input);
        input.click();
      });
    },
    renderPdf: printWithServer,
    async hostWorkshop() {
      // Browser mode: the server that serves this page also relays signaling
      // (at /signal) and knows its LAN addresses.
      try {
        const response = await fetch('./cairn/signaling.json', { cache: 'no-store' });
        if (response.ok) {
          const body = (await response.json()) as { signaling?: unknown };
          if (Array.isArray(body.signaling) && body.signaling.every((u) => typeof u === 'string') && body.signaling.length > 0) {
            return { signaling: body.signaling as string[] };
          }
        }
      } catch {
        // Served by something else: fall back to this page's own address.
      }
      return { signaling: [`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`] };
    },
    // Desktop notifications are Electron's: browser mode lists what is due this week in the library instead.
    async setReminders() {},
    onOpenDue() {
      return () => {};
    },
    onOpenFile() {
      return () => {};
    },
    onMenuCommand() {
      return () => {};
    },
  };
  return platform;
}
