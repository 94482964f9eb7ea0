import type { CairnPlatform } from '../../shared/platform';

/*
 * IPC channel names shared by the preload and the main process. Imports
 * shared/ for types only, so the sandboxed preload bundle stays self-contained.
 */

/** The methods of CairnPlatform the renderer calls and awaits (everything but the event subscriptions). */
export type RequestMethod = Exclude<
  {
    [K in keyof CairnPlatform]: CairnPlatform[K] extends (...args: never[]) => Promise<unknown> ? K : never;
  }[keyof CairnPlatform],
  undefined
>;

export const REQUEST_METHODS = [
  'saveWorkspace',
  'loadWorkspace',
  'listStoredWorkspaces',
  'removeWorkspace',
  'listBackups',
  'readBackup',
  'exportFile',
  'exportFiles',
  'pickFile',
  'renderPdf',
  'hostWorkshop',
  'setReminders',
] as const satisfies readonly RequestMethod[];

// Fails to compile when CairnPlatform gains a request method that has no channel.
type Unhandled = Exclude<RequestMethod, (typeof REQUEST_METHODS)[number]>;
const everyRequestHasAChannel: [Unhandled] extends [never] ? true : Unhandled = true;
void everyRequestHasAChannel;

export function channelFor(method: RequestMethod): `cairn:${RequestMethod}` {
  return `cairn:${method}`;
}

/** Main → renderer: a file the OS asked us to open (payload: OpenedFile). */
export const OPEN_FILE_EVENT = 'cairn:open-file';
/** Main → renderer: a menu command (payload: MenuCommand). */
export const MENU_EVENT = 'cairn:menu';
/** Main → renderer: a reminder was clicked (payload: the workspace id to open). */
export const OPEN_DUE_EVENT = 'cairn:open-due';
