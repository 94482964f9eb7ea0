import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CairnPlatform, MenuCommand, OpenedFile } from '../../shared/platform';
import { MENU_EVENT, OPEN_DUE_EVENT, OPEN_FILE_EVENT, channelFor, type RequestMethod } from './channels';
import { APP_VERSION } from '../common/version';

/*
 * window.cairn in the Electron renderer. Sandboxed: this file is bundled alone
 * (no requires but 'electron'), and it passes only plain data across the
 * bridge, never ipcRenderer or an IPC event.
 */

function invoke<M extends RequestMethod>(method: M, ...args: Parameters<CairnPlatform[M]>): ReturnType<CairnPlatform[M]> {
  return ipcRenderer.invoke(channelFor(method), ...args) as ReturnType<CairnPlatform[M]>;
}

/**
 * Subscriptions to a main → renderer event. Events that arrive before anyone
 * subscribes are held when `buffer` is set: a file double-clicked to launch
 * Cairn arrives before React has mounted its listener.
 */
function eventSource<T>(channel: string, buffer: boolean) {
  const listeners = new Set<(value: T) => void>();
  const pending: T[] = [];
  ipcRenderer.on(channel, (_event: IpcRendererEvent, value: T) => {
    if (listeners.size > 0) listeners.forEach((listener) => listener(value));
    else if (buffer) pending.push(value);
  });
  return (listener: (value: T) => void): (() => void) => {
    listeners.add(listener);
    pending.splice(0).forEach((value) => listener(value));
    return () => {
      listeners.delete(listener);
    };
  };
}

const api: CairnPlatform = {
  kind: 'electron',
  appVersion: APP_VERSION,
  durable: true,
  saveWorkspace: (workspaceId, file) => invoke('saveWorkspace', workspaceId, file),
  loadWorkspace: (workspaceId) => invoke('loadWorkspace', workspaceId),
  listStoredWorkspaces: () => invoke('listStoredWorkspaces'),
  removeWorkspace: (workspaceId) => invoke('removeWorkspace', workspaceId),
  listBackups: (workspaceId) => invoke('listBackups', workspaceId),
  readBackup: (workspaceId, name) => invoke('readBackup', workspaceId, name),
  exportFile: (suggestedName, bytes, kind) => invoke('exportFile', suggestedName, bytes, kind),
  exportFiles: (files) => invoke('exportFiles', files),
  pickFile: (kind) => invoke('pickFile', kind),
  renderPdf: (html) => invoke('renderPdf', html),
  hostWorkshop: () => invoke('hostWorkshop'),
  setReminders: (schedule) => invoke('setReminders', schedule),
  onOpenFile: eventSource<OpenedFile>(OPEN_FILE_EVENT, true),
  onMenuCommand: eventSource<MenuCommand>(MENU_EVENT, false),
  // Held: a click can relaunch a closed window before React listens.
  onOpenDue: eventSource<string>(OPEN_DUE_EVENT, true),
};

contextBridge.exposeInMainWorld('cairn', api);
