import type { Dialog, IpcMain } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileStore, type FileStore } from '../../electron/common/fileStore';
import { registerIpc } from '../../electron/main/ipc';
import type { ReminderSchedule } from '../../shared/platform';
import { DEFAULT_REMINDER_SETTINGS } from '../../shared/reminders';
import { buildWorkspace, workspaceBytes } from './workspaceFixture';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();
const APP_FRAME = 'app://cairn/index.html';

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown;

function setUp(options: { dialog?: Partial<Dialog>; store?: FileStore; renderPdf?: (html: string) => Promise<Uint8Array>; setReminders?: (schedule: ReminderSchedule) => void } = {}) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as IpcMain;
  const root = tempDir();
  const store = options.store ?? createFileStore({ root });
  const log = vi.fn();
  const registration = registerIpc({ ipcMain, dialog: (options.dialog ?? {}) as Dialog, store, getWindow: () => null, log, hostWorkshop: async () => ['ws://192.0.2.7:4444'], renderPdf: options.renderPdf ?? (async () => new Uint8Array([37, 80, 68, 70])), setReminders: options.setReminders ?? (() => undefined) });
  /** Calls a channel the way Electron would, from a frame at `url`. */
  const invokeFrom = async (url: string | null, channel: string, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: url === null ? null : { url } }, ...args);
  };
  const invoke = (channel: string, ...args: unknown[]) => invokeFrom(APP_FRAME, channel, ...args);
  return { handlers, store, root, log, registration, invoke, invokeFrom };
}

describe('IPC channels', () => {
  it('has a cairn:<method> channel for each request method of CairnPlatform', () => {
    const { handlers } = setUp();
    expect([...handlers.keys()].sort()).toEqual(
      [
        'cairn:hostWorkshop',
        'cairn:exportFile',
        'cairn:exportFiles',
        'cairn:listBackups',
        'cairn:listStoredWorkspaces',
        'cairn:loadWorkspace',
        'cairn:pickFile',
        'cairn:readBackup',
        'cairn:renderPdf',
        'cairn:removeWorkspace',
        'cairn:saveWorkspace',
        'cairn:setReminders',
      ].sort(),
    );
  });

  it('removes every handler on dispose', () => {
    const { handlers, registration } = setUp();
    registration.dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('IPC sender check', () => {
  it.each(['https://evil.example/', 'file:///home/me/page.html', 'app://evil/', 'http://127.0.0.1:5173/', null])(
    'rejects a call from %s and touches nothing',
    async (url) => {
      const { invokeFrom, store, log } = setUp();
      const { doc, id } = buildWorkspace();

      await expect(invokeFrom(url, 'cairn:saveWorkspace', id, workspaceBytes(doc))).rejects.toThrow(/did not come from Cairn/);
      await expect(invokeFrom(url, 'cairn:listStoredWorkspaces')).rejects.toThrow(/did not come from Cairn/);

      expect(await store.load(id)).toBeNull();
      expect(log).toHaveBeenCalledWith(expect.stringContaining('refused cairn:saveWorkspace'));
    },
  );
});

describe('IPC argument validation', () => {
  const bytes = new Uint8Array([1, 2, 3]);

  it.each([
    ['cairn:saveWorkspace', ['../escape', bytes]],
    ['cairn:saveWorkspace', ['ws_a', 'not bytes']],
    ['cairn:saveWorkspace', ['ws_a', [1, 2, 3]]],
    ['cairn:saveWorkspace', ['ws_a']],
    ['cairn:saveWorkspace', ['ws_a', bytes, 'extra']],
    ['cairn:loadWorkspace', [42]],
    ['cairn:loadWorkspace', [{ toString: () => 'ws_a' }]],
    ['cairn:removeWorkspace', ['a/b']],
    ['cairn:readBackup', ['ws_a', 5]],
    ['cairn:exportFile', ['copy.cairn', bytes, 'exe']],
    ['cairn:exportFile', ['', bytes, 'json']],
    ['cairn:pickFile', ['pdf']],
    ['cairn:pickFile', ['exe']],
    ['cairn:renderPdf', ['']],
    ['cairn:exportFiles', [[]]],
    ['cairn:exportFiles', [[{ name: 'a.csv', bytes, kind: 'exe' }]]],
    ['cairn:renderPdf', [42]],
    ['cairn:listStoredWorkspaces', ['unexpected']],
  ])('rejects %s with %j', async (channel, args) => {
    const { invoke } = setUp();
    await expect(invoke(channel, ...args)).rejects.toThrow(/invalid arguments/);
  });
});

describe('IPC store round trip', () => {
  it('saves, lists and loads a workspace through the handlers', async () => {
    const { invoke } = setUp();
    const { doc, id, title } = buildWorkspace();
    const bytes = workspaceBytes(doc);

    const saved = (await invoke('cairn:saveWorkspace', id, bytes)) as { savedAt: number };
    const loaded = await invoke('cairn:loadWorkspace', id);
    const listed = await invoke('cairn:listStoredWorkspaces');

    expect(saved.savedAt).toBeGreaterThan(0);
    expect(loaded).toEqual(bytes);
    expect(listed).toEqual([expect.objectContaining({ workspaceId: id, title, kind: 'team', size: bytes.length })]);
  });

  it('passes a refusal of the store on to the renderer', async () => {
    const { invoke } = setUp();
    await expect(invoke('cairn:saveWorkspace', 'ws_a', new Uint8Array(64))).rejects.toThrow(/not a valid workspace/);
  });

  it('lists and reads backups', async () => {
    const { invoke } = setUp();
    const { doc, id } = buildWorkspace();
    const bytes = workspaceBytes(doc);
    await invoke('cairn:saveWorkspace', id, bytes);

    const backups = (await invoke('cairn:listBackups', id)) as { name: string }[];

    expect(backups).toHaveLength(1);
    expect(await invoke('cairn:readBackup', id, backups[0]!.name)).toEqual(bytes);
  });

  it('reports broken stored files in the log, not to the renderer', async () => {
    const { invoke, root, log } = setUp();
    fs.mkdirSync(path.join(root, 'workspaces'), { recursive: true });
    fs.writeFileSync(path.join(root, 'workspaces', 'ws_bad.cairn'), 'junk');

    expect(await invoke('cairn:listStoredWorkspaces')).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('ws_bad.cairn'));
  });
});

describe('IPC dialogs', () => {
  it('exports to the path the user chose, atomically', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'copy.cairn');
    const showSaveDialog = vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePath: target }));
    const { invoke } = setUp({ dialog: { showSaveDialog } as Partial<Dialog> });
    const { doc } = buildWorkspace();
    const bytes = workspaceBytes(doc);

    expect(await invoke('cairn:exportFile', 'Platform/team: Q1', bytes, 'cairn')).toEqual({ saved: true });

    expect(new Uint8Array(fs.readFileSync(target))).toEqual(bytes);
    expect(fs.readdirSync(dir)).toEqual(['copy.cairn']);
    const options = showSaveDialog.mock.calls[0]![0] as { defaultPath: string };
    expect(options.defaultPath).toBe('Platform-team- Q1.cairn');
  });

  it('writes nothing when the user cancels the save dialog', async () => {
    const showSaveDialog = vi.fn(async () => ({ canceled: true, filePath: '' }));
    const { invoke } = setUp({ dialog: { showSaveDialog } as Partial<Dialog> });

    expect(await invoke('cairn:exportFile', 'x.json', new TextEncoder().encode('{}'), 'json')).toEqual({ saved: false });
  });

  it('refuses to export damaged bytes as a .cairn file, before asking where', async () => {
    const showSaveDialog = vi.fn();
    const { invoke } = setUp({ dialog: { showSaveDialog } as Partial<Dialog> });

    await expect(invoke('cairn:exportFile', 'x.cairn', new Uint8Array(20), 'cairn')).rejects.toThrow(/not a Cairn workspace/);
    expect(showSaveDialog).not.toHaveBeenCalled();
  });

  it('reads the file the user picked, as bytes with its name', async () => {
    const file = path.join(tempDir(), 'team.cairn');
    fs.writeFileSync(file, Buffer.from([9, 8, 7]));
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [file] }));
    const { invoke } = setUp({ dialog: { showOpenDialog } as Partial<Dialog> });

    expect(await invoke('cairn:pickFile', 'cairn')).toEqual({ name: 'team.cairn', bytes: new Uint8Array([9, 8, 7]) });
  });

  it('resolves null when the user cancels the open dialog', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    const { invoke } = setUp({ dialog: { showOpenDialog } as Partial<Dialog> });

    expect(await invoke('cairn:pickFile', 'import')).toBeNull();
  });

  it('offers .cairn, .json and .csv files when importing', async () => {
    const showOpenDialog = vi.fn(async (_options: { filters: { extensions: string[] }[] }) => ({ canceled: true, filePaths: [] }));
    const { invoke } = setUp({ dialog: { showOpenDialog } as unknown as Partial<Dialog> });
    await invoke('cairn:pickFile', 'import');
    expect(showOpenDialog.mock.calls[0]![0].filters[0]!.extensions).toEqual(['cairn', 'json', 'csv']);
  });

  it('saves exports of every format with its own extension', async () => {
    const showSaveDialog = vi.fn(async (_options: { defaultPath: string }) => ({ canceled: true, filePath: '' }));
    const { invoke } = setUp({ dialog: { showSaveDialog } as unknown as Partial<Dialog> });
    for (const kind of ['csv', 'md', 'html', 'pdf']) await invoke('cairn:exportFile', 'Q1 review', new Uint8Array([1]), kind);
    expect(showSaveDialog.mock.calls.map((call) => call[0].defaultPath)).toEqual(['Q1 review.csv', 'Q1 review.md', 'Q1 review.html', 'Q1 review.pdf']);
  });

  it('writes several exports into one chosen folder, never over an existing file', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'Q1 report.html'), 'older');
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [folder] }));
    const { invoke } = setUp({ dialog: { showOpenDialog } as unknown as Partial<Dialog> });
    const files = [
      { name: 'Q1 report.html', bytes: new TextEncoder().encode('<html>'), kind: 'html' },
      { name: 'Q1 key results.csv', bytes: new TextEncoder().encode('a,b'), kind: 'csv' },
      { name: '../escape.md', bytes: new TextEncoder().encode('# x'), kind: 'md' },
    ];
    expect(await invoke('cairn:exportFiles', files)).toEqual({ saved: 3 });
    expect(fs.readdirSync(folder).sort()).toEqual(['-escape.md', 'Q1 key results.csv', 'Q1 report (2).html', 'Q1 report.html']);
    expect(fs.readFileSync(path.join(folder, 'Q1 report.html'), 'utf8')).toBe('older');
    expect(fs.readFileSync(path.join(folder, 'Q1 report (2).html'), 'utf8')).toBe('<html>');
  });

  it('writes nothing when the folder choice is cancelled', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    const { invoke } = setUp({ dialog: { showOpenDialog } as unknown as Partial<Dialog> });
    const one = { name: 'a.csv', bytes: new Uint8Array([1]), kind: 'csv' };
    expect(await invoke('cairn:exportFiles', [one, { ...one, name: 'b.csv' }])).toEqual({ saved: 0 });
  });

  it('renders the report to PDF through the main process', async () => {
    const renderPdf = vi.fn(async (html: string) => new TextEncoder().encode(`%PDF ${html.length}`));
    const { invoke } = setUp({ renderPdf });
    expect(await invoke('cairn:renderPdf', '<!doctype html><p>hi')).toEqual(new TextEncoder().encode('%PDF 20'));
    expect(renderPdf).toHaveBeenCalledWith('<!doctype html><p>hi');
  });
});

describe('hosting a workshop', () => {
  it('answers the app with the LAN signaling addresses, and refuses other senders', async () => {
    const { handlers } = setUp();
    const handle = handlers.get('cairn:hostWorkshop')!;
    await expect(handle({ senderFrame: { url: 'app://cairn/' } })).resolves.toEqual({ signaling: ['ws://192.0.2.7:4444'] });
    await expect(handle({ senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow();
  });
});

describe('setReminders', () => {
  const due = { workspaceId: 'ws_growth', workspaceName: 'Growth Q3', keyResultId: 'kr_1', title: 'Weekly active teams', dueAt: 1_780_000_000_000 };

  it('hands the scheduler the settings and the KRs due, reading bad settings as the defaults', async () => {
    const setReminders = vi.fn();
    const { invoke } = setUp({ setReminders });
    await invoke('cairn:setReminders', { settings: { enabled: true, cadence: 'hourly', time: '9am' }, due: [due] });
    expect(setReminders).toHaveBeenCalledWith({ settings: { ...DEFAULT_REMINDER_SETTINGS, enabled: true }, due: [due] });
  });

  it('refuses a list of KRs it cannot read, and calls from outside the app', async () => {
    const setReminders = vi.fn();
    const { invoke, invokeFrom } = setUp({ setReminders });
    await expect(invoke('cairn:setReminders', { settings: {}, due: [{ ...due, dueAt: 'soon' }] })).rejects.toThrow(/invalid arguments/);
    await expect(invoke('cairn:setReminders', { settings: {}, due: [{ ...due, workspaceId: '../etc' }] })).rejects.toThrow(/invalid arguments/);
    await expect(invokeFrom('https://example.com/', 'cairn:setReminders', { settings: {}, due: [] })).rejects.toThrow(/did not come from Cairn/);
    expect(setReminders).not.toHaveBeenCalled();
  });
});
