import { create } from 'zustand';
import { DEFAULT_REMINDER_SETTINGS, ownedBy, parseReminderSettings, type OwnedDueKeyResult, type ReminderSettings } from '../../shared/reminders';
import { getPlatform } from '../platform';
import { readDueCandidatesOffThread } from '../workers/remindersClient';
import { useIdentity } from './identity';
import { useLibrary } from './libraryStore';

/*
 * Reminders on this device: the person's settings (local, never synced) and
 * the KRs across the library with their next check-in due. The renderer has
 * the workspaces, so it computes the list and hands the shell a summary
 * whenever it changes (Electron schedules notifications from it; browser
 * mode shows the library's "due this week" list only).
 */

export const REMINDER_SETTINGS_KEY = 'cairn.reminders.v1';

function readSettings(): ReminderSettings {
  try {
    return parseReminderSettings(JSON.parse(localStorage.getItem(REMINDER_SETTINGS_KEY) ?? 'null'));
  } catch {
    return DEFAULT_REMINDER_SETTINGS;
  }
}

interface ReminderSettingsState {
  settings: ReminderSettings;
  change: (patch: Partial<ReminderSettings>) => void;
}

export const useReminderSettings = create<ReminderSettingsState>((set, get) => ({
  settings: readSettings(),
  change: (patch) => {
    const settings = parseReminderSettings({ ...get().settings, ...patch });
    localStorage.setItem(REMINDER_SETTINGS_KEY, JSON.stringify(settings));
    set({ settings });
  },
}));

interface DueState {
  /** Every tracked KR in the library with its owner and next check-in; null until first read. */
  candidates: OwnedDueKeyResult[] | null;
}

export const useDueKeyResults = create<DueState>(() => ({ candidates: null }));

let reading: Promise<void> | null = null;
let again = false;

/** Re-reads the library's KRs due (one read at a time; a request during one reads once more after it). */
export function refreshDueKeyResults(): Promise<void> {
  if (reading) {
    again = true;
    return reading;
  }
  reading = readDueCandidatesOffThread(useLibrary.getState().entries)
    .then((candidates) => useDueKeyResults.setState({ candidates }))
    .finally(() => {
      reading = null;
      if (again) {
        again = false;
        void refreshDueKeyResults();
      }
    });
  return reading;
}

/** How often the list is read again while Cairn is open: check-ins come from peers and files too. */
const REFRESH_MS = 15 * 60_000;
/** After a change, the library reads the list at once (nearly); a workspace being opened is left alone a while. */
const LIBRARY_DELAY_MS = 300;
const WORKSPACE_OPEN_DELAY_MS = 20_000;

/**
 * Keeps the shell's reminders current: reads the library now, every quarter
 * of an hour and when the library changes, and hands the shell the settings
 * and the KRs this person owns whenever any of them changes.
 */
export function startReminderSync(): () => void {
  const send = () => {
    const { candidates } = useDueKeyResults.getState();
    if (candidates === null) return;
    const due = ownedBy(candidates, useIdentity.getState().name);
    getPlatform()
      .setReminders({ settings: useReminderSettings.getState().settings, due })
      .catch((error: unknown) => console.error('cairn: could not schedule reminders', error));
  };
  // Reading the library parses every workspace: never while one is being opened. In the library the list
  // is what the person looks at, so it is read at once; with a workspace open it waits (measured: reading a
  // 3.5 MB workspace beside its opening doubled the time to a usable board, bench/run.ts).
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    clearTimeout(pending);
    const inWorkspace = window.location.hash.startsWith('#/w/');
    pending = setTimeout(() => void refreshDueKeyResults(), inWorkspace ? WORKSPACE_OPEN_DELAY_MS : LIBRARY_DELAY_MS);
  };
  refreshSoon();
  const timer = setInterval(() => void refreshDueKeyResults(), REFRESH_MS);
  const unsubscribe = [
    useDueKeyResults.subscribe(send),
    useReminderSettings.subscribe(send),
    useIdentity.subscribe((state, previous) => state.name !== previous.name && send()),
    useLibrary.subscribe((state, previous) => state.entries !== previous.entries && refreshSoon()),
  ];
  window.addEventListener('hashchange', refreshSoon);
  return () => {
    clearTimeout(pending);
    clearInterval(timer);
    window.removeEventListener('hashchange', refreshSoon);
    unsubscribe.forEach((off) => off());
  };
}
