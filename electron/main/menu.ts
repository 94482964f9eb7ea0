import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/platform';

/*
 * The native menu as data. Commands that change the document (undo, redo,
 * new, open, export) are sent to the renderer, so the Yjs undo manager runs
 * rather than the browser's text-field undo, which knows nothing of Yjs.
 */

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Developer builds get reload. */
  dev: boolean;
  /** Packaged builds never get developer tools. */
  isPackaged: boolean;
  send: (command: MenuCommand) => void;
}

type Item = MenuItemConstructorOptions;

export function buildMenuTemplate(options: MenuOptions): Item[] {
  const { platform, appName, dev, isPackaged, send } = options;
  const mac = platform === 'darwin';
  const command = (label: string, cmd: MenuCommand, accelerator?: string): Item => ({
    label,
    click: () => send(cmd),
    ...(accelerator ? { accelerator } : {}),
  });
  const separator: Item = { type: 'separator' };

  const appMenu: Item[] = mac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: Item = {
    label: '&File',
    submenu: [
      command('New workspace', 'new-workspace', 'CmdOrCtrl+N'),
      command('Open…', 'open-file', 'CmdOrCtrl+O'),
      separator,
      command('Save a copy…', 'save-copy', 'CmdOrCtrl+Shift+S'),
      command('Export…', 'export', 'CmdOrCtrl+E'),
      separator,
      command('Library', 'show-library', 'CmdOrCtrl+L'),
      separator,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: Item = {
    label: '&Edit',
    submenu: [
      command('Undo', 'undo', 'CmdOrCtrl+Z'),
      command('Redo', 'redo', mac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: Item = {
    label: '&View',
    submenu: [
      command('Toggle theme', 'toggle-theme', 'CmdOrCtrl+Shift+T'),
      separator,
      ...(dev ? [{ role: 'reload' } as Item, { role: 'forceReload' } as Item] : []),
      ...(isPackaged ? [] : [{ role: 'toggleDevTools' } as Item]),
      ...(dev || !isPackaged ? [separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const window: Item = { role: 'windowMenu' };
  const help: Item = { role: 'help', submenu: mac ? [] : [{ role: 'about', label: `About ${appName}` }] };
  // An empty Help menu on macOS still gets the system search field.
  return [...appMenu, file, edit, view, window, help];
}
