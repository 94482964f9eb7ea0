import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CairnPlatform, OpenedFile, ReminderSchedule } from '../../shared/platform';
import { DEFAULT_REMINDER_SETTINGS } from '../../shared/reminders';

// The preload runs against a faked Electron: what it exposes and what it invokes.
const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, ((event: unknown, value: unknown) => void)[]>();
  return {
    exposed,
    /** Delivers a main → renderer event as ipcRenderer would. */
    emit(channel: string, value: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipc internals' }, value);
    },
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: vi.fn(async (...args: unknown[]) => ({ invoked: args })),
        on: (channel: string, listener: (event: unknown, value: unknown) => void) =>
          listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      },
    },
  };
});
vi.mock('electron', () => electron.module);

let cairn: CairnPlatform;
beforeAll(async () => {
  await import('../../electron/main/preload');
  cairn = electron.exposed.get('cairn') as CairnPlatform;
});

describe('preload', () => {
  it("exposes window.cairn as a durable Electron platform", () => {
    expect(cairn).toMatchObject({ kind: 'electron', durable: true });
    expect(typeof cairn.appVersion).toBe('string');
  });

  it('turns each request into an invoke on its cairn:<method> channel', async () => {
    const bytes = new Uint8Array([1, 2]);
    await cairn.saveWorkspace('ws_a', bytes);
    await cairn.readBackup('ws_a', 'b.cairn');
    await cairn.exportFile('copy.json', bytes, 'json');
    await cairn.listStoredWorkspaces();

    expect(electron.module.ipcRenderer.invoke.mock.calls).toEqual([
      ['cairn:saveWorkspace', 'ws_a', bytes],
      ['cairn:readBackup', 'ws_a', 'b.cairn'],
      ['cairn:exportFile', 'copy.json', bytes, 'json'],
      ['cairn:listStoredWorkspaces'],
    ]);
  });

  it('holds files opened before anyone listens, then delivers them (without the IPC event)', () => {
    const early: OpenedFile = { name: 'early.cairn', bytes: new Uint8Array([7]) };
    electron.emit('cairn:open-file', early);
    const received: OpenedFile[] = [];

    const unsubscribe = cairn.onOpenFile((file) => received.push(file));
    electron.emit('cairn:open-file', { name: 'later.cairn', bytes: new Uint8Array([8]) });
    unsubscribe();
    electron.emit('cairn:open-file', { name: 'ignored.cairn', bytes: new Uint8Array() });

    expect(received.map((f) => f.name)).toEqual(['early.cairn', 'later.cairn']);
    expect(received[0]).toEqual(early);
  });

  it('delivers menu commands to subscribers until they unsubscribe', () => {
    const commands: string[] = [];
    const unsubscribe = cairn.onMenuCommand((command) => commands.push(command));
    electron.emit('cairn:menu', 'undo');
    unsubscribe();
    electron.emit('cairn:menu', 'redo');
    expect(commands).toEqual(['undo']);
  });

  it('hands the reminder schedule to the main process as one typed argument', async () => {
    electron.module.ipcRenderer.invoke.mockClear();
    const schedule: ReminderSchedule = {
      settings: DEFAULT_REMINDER_SETTINGS,
      due: [{ workspaceId: 'ws_a', workspaceName: 'Growth', keyResultId: 'kr_1', title: 'Activation', dueAt: 1 }],
    };
    await cairn.setReminders(schedule);
    expect(electron.module.ipcRenderer.invoke.mock.calls).toEqual([['cairn:setReminders', schedule]]);
  });

  it('holds a clicked reminder until the app listens, then opens its workspace', () => {
    electron.emit('cairn:open-due', 'ws_early');
    const opened: string[] = [];
    const unsubscribe = cairn.onOpenDue((workspaceId) => opened.push(workspaceId));
    electron.emit('cairn:open-due', 'ws_later');
    unsubscribe();
    expect(opened).toEqual(['ws_early', 'ws_later']);
  });
});
