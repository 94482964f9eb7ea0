import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../shared/platform';
import { buildMenuTemplate, type MenuOptions } from '../../electron/main/menu';

type Item = MenuItemConstructorOptions;

function template(overrides: Partial<MenuOptions> = {}) {
  const send = vi.fn<(command: MenuCommand) => void>();
  const items = buildMenuTemplate({ platform: 'linux', appName: 'Cairn', dev: false, isPackaged: true, send, ...overrides });
  return { items, send };
}

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function findLabel(items: Item[], label: string): Item {
  const found = flatten(items).find((item) => item.label === label);
  if (!found) throw new Error(`no menu item "${label}"`);
  return found;
}

function click(item: Item): void {
  (item.click as () => void)();
}

const roles = (items: Item[]) => flatten(items).map((item) => item.role).filter(Boolean);

describe('menu template', () => {
  it('sends Undo and Redo to the renderer instead of using the native roles', () => {
    const { items, send } = template();
    const undo = findLabel(items, 'Undo');
    const redo = findLabel(items, 'Redo');

    click(undo);
    click(redo);

    expect(send.mock.calls).toEqual([['undo'], ['redo']]);
    expect(undo.accelerator).toBe('CmdOrCtrl+Z');
    expect(roles(items)).not.toContain('undo');
    expect(roles(items)).not.toContain('redo');
  });

  it('keeps the native clipboard roles', () => {
    expect(roles(template().items)).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']));
  });

  it('reaches every menu command', () => {
    const { items, send } = template();
    for (const item of flatten(items)) if (item.click) click(item);
    expect(new Set(send.mock.calls.map(([c]) => c))).toEqual(new Set(MENU_COMMANDS));
  });

  it('has no developer tools and no reload when packaged', () => {
    const packaged = roles(template({ isPackaged: true, dev: false }).items);
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
  });

  it('has developer tools and reload in development', () => {
    const dev = roles(template({ isPackaged: false, dev: true }).items);
    expect(dev).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('starts with the app menu on macOS, and only there', () => {
    const mac = template({ platform: 'darwin' }).items;
    expect(mac[0]!.label).toBe('Cairn');
    expect(roles([mac[0]!])).toContain('quit');
    const linux = template({ platform: 'linux' }).items;
    expect(linux[0]!.label).toBe('&File');
    expect(roles([linux[0]!])).toContain('quit');
  });

  it('has File, Edit, View, Window and Help', () => {
    const labels = template().items.map((item) => item.label ?? item.role);
    expect(labels).toEqual(['&File', '&Edit', '&View', 'windowMenu', 'help']);
  });
});
