import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_METHODS } from '../../electron/main/channels';
import { APP_ID, PRODUCT_NAME } from '../../shared/platform';

/*
 * The main process against a fully faked Electron: it must ask for the
 * single-instance lock, register app:// before ready, and open one hardened window.
 */
const electron = vi.hoisted(() => {
  const calls: string[] = [];
  const state = { lock: true, windows: [] as { options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }[] };
  const noop = () => undefined;
  class BrowserWindow {
    options: Record<string, unknown>;
    loadURL = vi.fn(async () => undefined);
    webContents = { on: noop, send: vi.fn() };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      calls.push('new BrowserWindow');
      state.windows.push(this);
    }
    on = noop;
    once = noop;
    maximize = noop;
    getNormalBounds = () => ({ x: 0, y: 0, width: 800, height: 600 });
    isMaximized = () => false;
    static getAllWindows = () => state.windows;
    static getFocusedWindow = () => null;
  }
  const module = {
    app: {
      setName: vi.fn(),
      setPath: vi.fn(),
      getPath: vi.fn(() => ''),
      setAppUserModelId: vi.fn(),
      commandLine: { appendSwitch: vi.fn() },
      requestSingleInstanceLock: vi.fn(() => {
        calls.push('requestSingleInstanceLock');
        return state.lock;
      }),
      on: vi.fn(),
      whenReady: vi.fn(() => {
        calls.push('whenReady');
        return Promise.resolve();
      }),
      quit: vi.fn(),
      exit: vi.fn(),
      isPackaged: true,
    },
    BrowserWindow,
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false },
    Notification: Object.assign(vi.fn(), { isSupported: () => true }),
    powerMonitor: { on: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
  };
  return { calls, state, module };
});
vi.mock('electron', () => electron.module);

async function startMain(lock: boolean) {
  vi.resetModules();
  vi.clearAllMocks();
  electron.calls.length = 0;
  electron.state.windows.length = 0;
  electron.state.lock = lock;
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-main-'));
  electron.module.app.getPath.mockImplementation(() => userData);
  await import('../../electron/main/main');
  // Let the whenReady chain finish, so it cannot spill into the next test.
  if (lock) await vi.waitFor(() => expect(electron.state.windows[0]?.loadURL).toHaveBeenCalled());
  fs.rmSync(userData, { recursive: true, force: true });
}

describe('main process', () => {
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it('requests the single-instance lock and quits when another Cairn holds it', async () => {
    await startMain(false);
    expect(electron.module.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.module.app.quit).toHaveBeenCalled();
    expect(electron.module.app.whenReady).not.toHaveBeenCalled();
  });

  it('fixes the app identity and registers app:// before the app is ready', async () => {
    await startMain(true);
    expect(electron.module.app.setName).toHaveBeenCalledWith(PRODUCT_NAME);
    expect(electron.module.app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
    expect(electron.module.app.commandLine.appendSwitch).toHaveBeenCalledWith('disable-features', 'WebRtcHideLocalIpsWithMdns');
    expect(electron.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(electron.calls.indexOf('whenReady'));
  });

  it('opens one window with the hardened preferences on app://cairn', async () => {
    await startMain(true);

    expect(electron.state.windows).toHaveLength(1);
    const win = electron.state.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://cairn/');
  });

  it('holds quitting until the saves in flight have settled, then quits once', async () => {
    await startMain(true);
    const onBeforeQuit = electron.module.app.on.mock.calls.find(([event]) => event === 'before-quit')?.[1] as ((event: { preventDefault: () => void }) => void) | undefined;
    expect(onBeforeQuit).toBeDefined();
    const first = { preventDefault: vi.fn() };
    onBeforeQuit!(first);
    expect(first.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.module.app.quit).toHaveBeenCalledOnce());
    // The quit it asks for goes through.
    const second = { preventDefault: vi.fn() };
    onBeforeQuit!(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('hardens the session, serves app:// and registers every IPC channel once ready', async () => {
    await startMain(true);

    expect(electron.module.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.module.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.module.ipcMain.handle).toHaveBeenCalledTimes(REQUEST_METHODS.length);
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalled();
    const events = electron.module.app.on.mock.calls.map(([event]) => event);
    expect(events).toEqual(expect.arrayContaining(['second-instance', 'open-file', 'web-contents-created', 'window-all-closed']));
  });

  it('looks at reminders again when the computer resumes or the screen is unlocked', async () => {
    await startMain(true);
    const events = electron.module.powerMonitor.on.mock.calls.map(([event]) => event);
    expect(events).toEqual(expect.arrayContaining(['resume', 'unlock-screen']));
  });
});
