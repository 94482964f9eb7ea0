import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EXPORT_KINDS, PICK_KINDS, type CairnPlatform, type ExportKind, type PickKind, type ReminderSchedule } from '../../shared/platform';
import { parseReminderSettings } from '../../shared/reminders';
import { decodeCairnFile } from '../../shared/format/envelope';
import { writeFileAtomic } from '../common/atomicWrite';
import { REQUEST_METHODS, channelFor, type RequestMethod } from './channels';
import type { FileStore } from '../common/fileStore';
import { MAX_FILE_BYTES, MAX_REPORT_HTML_BYTES } from '../common/limits';
import { readOpenedFile, safeFileName } from './openedFile';
import { isAppUrl } from './security';
import { isWorkspaceId } from '../common/storePaths';

/*
 * The main-process side of window.cairn. The renderer is untrusted: every
 * handler checks that the call comes from an app://cairn frame and validates
 * its arguments before touching the store or the file system.
 */

export interface IpcDependencies {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  store: FileStore;
  /** The window dialogs attach to; null shows them unparented. */
  getWindow: () => BrowserWindow | null;
  log?: (message: string) => void;
  /** Starts the LAN signaling server once; resolves to the addresses to put in invites. */
  hostWorkshop: () => Promise<string[]>;
  /** Prints a self-contained HTML report to PDF (electron/pdf.ts). */
  renderPdf: (html: string) => Promise<Uint8Array>;
  /** Reschedules desktop reminders (electron/reminders.ts). */
  setReminders: (schedule: ReminderSchedule) => void;
}

const workspaceId = z.string().refine(isWorkspaceId, 'invalid workspace id');
const bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_FILE_BYTES, 'too large');
const exportKind = z.enum(EXPORT_KINDS as [ExportKind, ...ExportKind[]]);
const pickKind = z.enum(PICK_KINDS as [PickKind, ...PickKind[]]);
/** The report is HTML text; 50 M characters is far beyond the largest workspace's report. */
const reportHtml = z.string().min(1).max(MAX_REPORT_HTML_BYTES);
const backupName = z.string().min(1).max(100);
const fileName = z.string().min(1).max(255);
/** Reminder settings read as the renderer stored them: a bad field falls back to its default. */
const reminderSchedule = z.object({
  settings: z.unknown().transform(parseReminderSettings),
  due: z
    .array(
      z.object({
        workspaceId: workspaceId,
        workspaceName: z.string().max(2_000),
        keyResultId: z.string().min(1).max(64),
        title: z.string().max(2_000),
        dueAt: z.number().refine(Number.isFinite, 'must be a finite number'),
      }),
    )
    .max(10_000),
});

const FILE_FILTERS: Record<ExportKind, { name: string; extensions: string[] }[]> = {
  cairn: [{ name: 'Cairn workspace', extensions: ['cairn'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  csv: [{ name: 'CSV (spreadsheet)', extensions: ['csv'] }],
  md: [{ name: 'Markdown', extensions: ['md'] }],
  html: [{ name: 'HTML report', extensions: ['html'] }],
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
};

const PICK_FILTERS: Record<PickKind, { name: string; extensions: string[] }[]> = {
  cairn: FILE_FILTERS.cairn,
  import: [
    { name: 'Cairn workspace, JSON export or CSV', extensions: ['cairn', 'json', 'csv'] },
    ...FILE_FILTERS.cairn,
    ...FILE_FILTERS.json,
    ...FILE_FILTERS.csv,
  ],
};

/** A path in `folder` for `name` that does not exist yet: "report.html", else "report (2).html", ... */
async function freePath(folder: string, name: string, exists = (p: string) => fsp.access(p).then(() => true, () => false)): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new IpcRefusal(`Too many files named like ${name} in that folder.`);
}

/** Thrown to the renderer, which sees only the message. */
export class IpcRefusal extends Error {
  override name = 'IpcRefusal';
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url);
}

type Request<M extends RequestMethod> = CairnPlatform[M];
/** Validates the raw IPC arguments, then runs the request. */
type Handler<M extends RequestMethod> = (raw: unknown[]) => ReturnType<Request<M>>;

// Typed against CairnPlatform, so the main process accepts and returns exactly what the preload promises.
function handler<M extends RequestMethod>(
  method: M,
  args: z.ZodType<Parameters<Request<M>>>,
  run: (...args: Parameters<Request<M>>) => ReturnType<Request<M>>,
): Handler<M> {
  return (raw) => {
    const parsed = args.safeParse(raw);
    if (!parsed.success) {
      throw new IpcRefusal(`Refused ${method}: invalid arguments (${parsed.error.issues[0]?.message ?? 'unknown'}).`);
    }
    return run(...parsed.data);
  };
}

export function registerIpc(deps: IpcDependencies): { channels: string[]; dispose(): void } {
  const { ipcMain, dialog, store, getWindow } = deps;
  const log = deps.log ?? ((message: string) => console.error(message));

  const handlers: { [M in RequestMethod]: Handler<M> } = {
    saveWorkspace: handler('saveWorkspace', z.tuple([workspaceId, bytes]), (id, file) => store.save(id, file)),
    loadWorkspace: handler('loadWorkspace', z.tuple([workspaceId]), (id) => store.load(id)),
    listStoredWorkspaces: handler('listStoredWorkspaces', z.tuple([]), async () => {
      const { workspaces, broken } = await store.list();
      for (const b of broken) log(`cairn: skipped stored file ${b.fileName}: ${b.reason}`);
      return workspaces;
    }),
    removeWorkspace: handler('removeWorkspace', z.tuple([workspaceId]), (id) => store.remove(id)),
    listBackups: handler('listBackups', z.tuple([workspaceId]), (id) => store.listBackups(id)),
    readBackup: handler('readBackup', z.tuple([workspaceId, backupName]), (id, name) => store.readBackup(id, name)),

    exportFile: handler('exportFile', z.tuple([fileName, bytes, exportKind]), async (suggestedName, data, kind) => {
      // Never hand the user a .cairn copy that Cairn itself could not open again.
      if (kind === 'cairn') decodeCairnFile(data);
      const options = { defaultPath: safeFileName(suggestedName, `.${kind}`), filters: FILE_FILTERS[kind] };
      const win = getWindow();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { saved: false };
      await writeFileAtomic(result.filePath, data);
      return { saved: true };
    }),

    exportFiles: handler('exportFiles', z.tuple([z.array(z.object({ name: fileName, bytes, kind: exportKind })).min(1).max(20)]), async (files) => {
      if (files.length === 1) {
        // One file: the usual save dialog (exportFile checks a .cairn file itself).
        const [only] = files;
        return { saved: (await handlers.exportFile([only!.name, only!.bytes, only!.kind])).saved ? 1 : 0 };
      }
      for (const file of files) if (file.kind === 'cairn') decodeCairnFile(file.bytes);
      const options = { title: 'Choose a folder for the exported files', properties: ['openDirectory' as const, 'createDirectory' as const] };
      const win = getWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const folder = result.filePaths[0];
      if (result.canceled || !folder) return { saved: 0 };
      for (const file of files) await writeFileAtomic(await freePath(folder, safeFileName(file.name, `.${file.kind}`)), file.bytes);
      return { saved: files.length };
    }),

    hostWorkshop: handler('hostWorkshop', z.tuple([]), async () => ({ signaling: await deps.hostWorkshop() })),

    setReminders: handler('setReminders', z.tuple([reminderSchedule]), async (schedule) => deps.setReminders(schedule)),

    renderPdf: handler('renderPdf', z.tuple([reportHtml]), (html) => deps.renderPdf(html)),

    pickFile: handler('pickFile', z.tuple([pickKind]), async (kind) => {
      const options = { properties: ['openFile' as const], filters: PICK_FILTERS[kind] };
      const win = getWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const picked = result.filePaths[0];
      if (result.canceled || !picked) return null;
      return readOpenedFile(picked);
    }),
  };

  const channels = REQUEST_METHODS.map((method) => {
    const channel = channelFor(method);
    const run = handlers[method] as (raw: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, async (event, ...raw: unknown[]) => {
      if (!isTrustedSender(event)) {
        log(`cairn: refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        throw new IpcRefusal('Refused: the request did not come from Cairn.');
      }
      return run(raw);
    });
    return channel;
  });
  return {
    channels,
    dispose: () => channels.forEach((channel) => ipcMain.removeHandler(channel)),
  };
}
