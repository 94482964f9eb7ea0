import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CairnPlatform, OpenedFile } from '../../shared/platform';

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
  await import('../../electron/preload');
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
});
