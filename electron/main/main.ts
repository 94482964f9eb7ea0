import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, screen, session, shell } from 'electron';
import path from 'node:path';
import { APP_ID, APP_ORIGIN, PRODUCT_NAME } from '../../shared/platform';
import { MENU_EVENT, OPEN_DUE_EVENT, OPEN_FILE_EVENT } from './channels';
import { createFileStore, type FileStore } from '../common/fileStore';
import { createContentChecker, type ContentChecker } from '../common/contentCheck';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { cairnPathFromArgv } from './openedFile';
import { createOpenFileQueue } from './openFileQueue';
import { PDF_PARTITION, renderHtmlToPdf } from './pdf';
import { createWorkshopHost } from '../server/workshopHost';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { startReminders } from './reminders';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security';
import { MIN_WINDOW_SIZE, loadWindowState, restoreWindowState, trackWindowState } from './windowState';

/*
 * The Electron main process: wiring only. Each piece it connects lives in its
 * own module and is tested without Electron.
 */

// The name and the data folder are part of the user's data: IndexedDB lives
// under userData, so they must never change (see docs/architecture.md, "Decisions").
app.setName(PRODUCT_NAME);
app.setPath('userData', path.join(app.getPath('appData'), PRODUCT_NAME));
app.setAppUserModelId(APP_ID);
registerAppScheme(protocol);
// Workshops run on LANs where multicast DNS is often blocked: offer plain host
// ICE candidates instead of .local names, so peers on the same network connect.
app.commandLine.appendSwitch('disable-features', 'WebRtcHideLocalIpsWithMdns');

const rendererRoot = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');
const contentCheckWorkerPath = path.join(__dirname, 'contentCheckWorker.cjs');
let mainWindow: BrowserWindow | null = null;
/** The durable store, once the app is ready; quitting waits for its saves. */
let fileStore: FileStore | null = null;
/** The worker that checks saves; stopped once quitting has let the saves finish. */
let contentChecker: ContentChecker | null = null;
/** How long quitting waits for saves in flight before it goes anyway. */
const QUIT_SAVE_TIMEOUT_MS = 5_000;
const workshopHost = createWorkshopHost();

const openFiles = createOpenFileQueue({
  send: (file) => mainWindow?.webContents.send(OPEN_FILE_EVENT, file),
  report: (filePath, error) =>
    dialog.showErrorBox('Cairn could not open the file', `${path.basename(filePath)}: ${error instanceof Error ? error.message : String(error)}`),
});

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** A clicked reminder: the window comes forward (or opens again) on the workspace's KRs due this week. */
function openDueWorkspace(workspaceId: string): void {
  ensureMainWindow()
    .then(() => {
      focusMainWindow();
      mainWindow?.webContents.send(OPEN_DUE_EVENT, workspaceId);
    })
    .catch(fail);
}

let opening: Promise<void> | null = null;
/** Opens the one Cairn window unless it is open or opening (activate and open-file can race). */
function ensureMainWindow(): Promise<void> {
  if (mainWindow) return Promise.resolve();
  opening ??= createMainWindow().finally(() => (opening = null));
  return opening;
}

async function createMainWindow(): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const { bounds, maximized } = restoreWindowState(await loadWindowState(stateFile), screen.getAllDisplays());
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1c1d21' : '#ffffff',
    webPreferences: secureWebPreferences(preloadPath),
  });
  mainWindow = win;
  if (maximized) win.maximize();
  trackWindowState(win, stateFile);
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-start-loading', () => openFiles.setReady(false));
  win.webContents.on('did-finish-load', () => openFiles.setReady(true));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    openFiles.setReady(false);
  });
  await win.loadURL(`${APP_ORIGIN}/`);
}

function start(): void {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusMainWindow();
    const filePath = cairnPathFromArgv(argv);
    if (filePath) openFiles.open(path.resolve(workingDirectory, filePath));
  });
  // macOS delivers double-clicked files here, possibly before the app is ready,
  // or while it runs with every window closed.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openFiles.open(filePath);
    if (app.isReady()) ensureMainWindow().catch(fail);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // A save the window asked for as it closed must reach the disk: quitting waits for it (a few seconds at most).
  let savesSettled = false;
  app.on('before-quit', (event) => {
    if (savesSettled || !fileStore) return;
    event.preventDefault();
    const idle = fileStore.whenIdle();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_SAVE_TIMEOUT_MS));
    void Promise.race([idle, timeout])
      .then(() => contentChecker?.close())
      .catch((error: unknown) => console.error(`cairn: could not stop the save checker: ${String(error)}`))
      .then(() => {
        savesSettled = true;
        app.quit();
      });
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) ensureMainWindow().catch(fail);
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      serveAppProtocol(protocol, rendererRoot);
      // A save's whole-document check runs on a worker thread, never on this event loop.
      const checker = createContentChecker({ workerFile: contentCheckWorkerPath });
      contentChecker = checker;
      const store = createFileStore({ root: app.getPath('userData'), checkContent: checker.check });
      fileStore = store;
      void store.sweepTempFiles().catch((error: unknown) => console.error(`cairn: could not clean temp files: ${String(error)}`));
      const reminders = startReminders({ stateFile: path.join(app.getPath('userData'), 'reminders.json'), openDue: openDueWorkspace });
      registerIpc({ ipcMain, dialog, store, getWindow: () => mainWindow, hostWorkshop: () => workshopHost.urls(), setReminders: reminders.update,
        renderPdf: (html) => renderHtmlToPdf({ createWindow: (options) => new BrowserWindow(options), session: session.fromPartition(PDF_PARTITION) }, html),
      });
      const template = buildMenuTemplate({
        platform: process.platform,
        appName: PRODUCT_NAME,
        dev: !app.isPackaged,
        isPackaged: app.isPackaged,
        send: (command) => (BrowserWindow.getFocusedWindow() ?? mainWindow)?.webContents.send(MENU_EVENT, command),
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
      const initialFile = cairnPathFromArgv(process.argv);
      if (initialFile) openFiles.open(path.resolve(initialFile));
      await ensureMainWindow();
    })
    .catch(fail);
}

function fail(error: unknown): void {
  console.error('cairn: could not start', error);
  dialog.showErrorBox('Cairn could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

// A second launch hands its arguments to the running Cairn (second-instance) and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
