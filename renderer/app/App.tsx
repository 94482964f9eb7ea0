import { useEffect } from 'react';
import * as Toast from '@radix-ui/react-toast';
import type { MenuCommand } from '../../shared/platform';
import { LibraryView } from '../features/library/LibraryView';
import { WorkspaceView } from './WorkspaceView';
import { getPlatform } from '../platform';
import { useLibrary } from '../state/libraryStore';
import { reportError, useToasts } from '../state/toasts';
import { openWorkspaceId, redo, undo } from '../state/workspaceSession';
import { Toasts } from '../ui/Toasts';
import { NamePrompt } from '../ui/NamePrompt';
import { SkipLink } from '../ui/SkipLink';
import { useTheme } from '../ui/theme';
import { importFromPicker, importOpenedFile, saveCopy } from '../state/fileActions';
import { openExportDialog } from '../features/export/exportDialogState';
import { dueThisWeekHref, goToLibrary, useRoute } from '../state/navigation';
import { startReminderSync } from '../state/reminders';
import { IconSprite } from '../ui/icons';

/**
 * A field that is not co-edited text (a check-in value, a form being filled):
 * undo there is the field's own, native undo. An empty one has nothing of its
 * own to undo, and focus often lands in one by itself (deleting the last
 * objective focuses "New objective title"), so there Ctrl+Z undoes the workspace.
 */
function inPlainTextField(): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return false;
  return el.dataset.cotext === undefined && el.value !== '';
}

function undoHere() {
  if (inPlainTextField()) document.execCommand('undo');
  else undo();
}
function redoHere() {
  if (inPlainTextField()) document.execCommand('redo');
  else redo();
}

/** Ctrl/Cmd+Z undoes this user's own edits (the Yjs undo manager, not the input's). */
function onShortcut(event: KeyboardEvent) {
  const mod = event.ctrlKey || event.metaKey;
  // In Electron the menu's accelerators deliver undo/redo as menu commands.
  if (!mod || event.altKey || !openWorkspaceId() || inPlainTextField() || getPlatform().kind === 'electron') return;
  const key = event.key.toLowerCase();
  if (key === 'z' && !event.shiftKey) undo();
  else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
  else return;
  event.preventDefault();
}

function runMenuCommand(command: MenuCommand) {
  switch (command) {
    case 'undo':
      return undoHere();
    case 'redo':
      return redoHere();
    case 'open-file':
      return void importFromPicker();
    case 'save-copy':
      return openWorkspaceId() ? void saveCopy() : undefined;
    case 'export':
      return openWorkspaceId() ? openExportDialog() : undefined;
    case 'new-workspace':
    case 'show-library':
      return goToLibrary();
    case 'toggle-theme':
      return useTheme.getState().cycle();
  }
}

export function App() {
  const route = useRoute();

  useEffect(() => {
    const platform = getPlatform();
    window.addEventListener('keydown', onShortcut);
    const offMenu = platform.onMenuCommand(runMenuCommand);
    const offOpen = platform.onOpenFile((file) => void importOpenedFile(file));
    // A clicked reminder opens the workspace's KRs due this week.
    const offOpenDue = platform.onOpenDue((workspaceId) => (window.location.hash = dueThisWeekHref(workspaceId)));
    const stopReminders = startReminderSync();
    // A message about the view left behind is stale in the next one.
    const clearToasts = () => useToasts.getState().leaveOtherRoutes();
    window.addEventListener('hashchange', clearToasts);
    useLibrary
      .getState()
      .recoverFromDurableStore()
      .then(
        (recovered) =>
          recovered.length > 0 &&
          useToasts.getState().push({ message: `Recovered ${recovered.length} workspace(s) from their saved files.`, tone: 'info' }),
        (error: unknown) => reportError(error, 'Could not list the saved workspace files'),
      );
    return () => {
      window.removeEventListener('keydown', onShortcut);
      window.removeEventListener('hashchange', clearToasts);
      offMenu();
      offOpen();
      offOpenDue();
      stopReminders();
    };
  }, []);

  // The page scrolls above a dock that holds the toasts: a toast takes room of its own instead of covering a control.
  return (
    <Toast.Provider swipeDirection="down" label="Notification">
      <div className="app-frame">
        <SkipLink />
        <div className="app-scroll">
          {route.name === 'workspace' ? <WorkspaceView key={route.id} id={route.id} /> : <LibraryView invite={route.invite} />}
        </div>
        <Toasts />
        <Toast.Viewport className="toasts" />
        <NamePrompt />
        <IconSprite />
      </div>
      <div id="announcer" className="visually-hidden" aria-live="polite" />
    </Toast.Provider>
  );
}
