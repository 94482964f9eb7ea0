/**
 * The narrow, intent-level API between the renderer and the shell. In Electron
 * the preload exposes it as `window.cairn`; in browser mode renderer/platform
 * implements the same interface with web APIs, so every screen works in both.
 * All bytes cross as Uint8Array (structured clone), never as paths.
 */
import type { DueKeyResult, ReminderSettings } from './reminders';

/** A workspace the shell keeps a durable `.cairn` copy of. */
export interface StoredWorkspaceInfo {
  workspaceId: string;
  title: string;
  kind: string;
  /** Epoch ms of the last durable write. */
  savedAt: number;
  size: number;
}

export interface BackupInfo {
  workspaceId: string;
  /** Opaque name to pass back to readBackup. */
  name: string;
  takenAt: number;
  size: number;
}

/** A file the user chose or the OS handed us (double-click, file association). */
export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
}

/** What an export writes: the workspace file itself or one of the export formats. */
export type ExportKind = 'cairn' | 'json' | 'csv' | 'md' | 'html' | 'pdf';
export const EXPORT_KINDS: readonly ExportKind[] = ['cairn', 'json', 'csv', 'md', 'html', 'pdf'];

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
  kind: ExportKind;
}

/** Where browser mode's web server prints a posted report to PDF (electron/server/pdfEndpoint.ts). */
export const REPORT_PDF_PATH = '/cairn/report.pdf';

/** Why no PDF could be printed here, in words for the person exporting. */
export interface PdfUnavailable {
  unavailable: string;
}

/** What the open dialog accepts: a `.cairn` file, or anything Cairn imports (`.cairn`, `.json`, `.csv`). */
export type PickKind = 'cairn' | 'import';
export const PICK_KINDS: readonly PickKind[] = ['cairn', 'import'];

export type MenuCommand =
  | 'new-workspace'
  | 'open-file'
  | 'save-copy'
  | 'export'
  | 'show-library'
  | 'undo'
  | 'redo'
  | 'toggle-theme';

export const MENU_COMMANDS: readonly MenuCommand[] = [
  'new-workspace',
  'open-file',
  'save-copy',
  'export',
  'show-library',
  'undo',
  'redo',
  'toggle-theme',
];

/**
 * What the shell needs to remind: the person's settings and their KRs with
 * the date each check-in is due, computed by the renderer (it has the
 * workspaces). The shell only schedules and shows; nothing leaves the machine.
 */
export interface ReminderSchedule {
  settings: ReminderSettings;
  due: DueKeyResult[];
}

export interface CairnPlatform {
  kind: 'electron' | 'browser';
  appVersion: string;
  /** True when saveWorkspace writes a durable copy outside the browser's storage. */
  durable: boolean;

  /** Durably stores the workspace's `.cairn` bytes (atomic write, backups rotated). */
  saveWorkspace(workspaceId: string, file: Uint8Array): Promise<{ savedAt: number }>;
  /** The durable copy, or null when there is none. */
  loadWorkspace(workspaceId: string): Promise<Uint8Array | null>;
  listStoredWorkspaces(): Promise<StoredWorkspaceInfo[]>;
  /** Deletes the durable copy and its backups for good ("Delete forever"). */
  removeWorkspace(workspaceId: string): Promise<void>;
  listBackups(workspaceId: string): Promise<BackupInfo[]>;
  readBackup(workspaceId: string, name: string): Promise<Uint8Array>;

  /** Save dialog (Electron) or download (browser). Resolves false when the user cancelled. */
  exportFile(suggestedName: string, bytes: Uint8Array, kind: ExportKind): Promise<{ saved: boolean }>;
  /**
   * Several export files at once: Electron asks for a folder once and writes
   * them all there (never over an existing file: "name (2).csv"); browser mode
   * downloads each. Resolves how many were written (0 when cancelled).
   */
  exportFiles(files: readonly ExportFile[]): Promise<{ saved: number }>;
  /** Open dialog (Electron) or file picker (browser); null when cancelled. */
  pickFile(kind: PickKind): Promise<OpenedFile | null>;
  /**
   * Renders a self-contained HTML report to PDF bytes: Electron's printToPDF,
   * or in browser mode the Cairn web server's Chromium. `unavailable` says why
   * there is no PDF printer (no Chromium on this machine, a page not served by
   * Cairn); the caller then prints the report with its print stylesheet (the
   * browser's "Save as PDF") and says why.
   */
  renderPdf(html: string): Promise<Uint8Array | PdfUnavailable>;
  /**
   * Starts (or reuses) this machine's workshop signaling server and returns the
   * ws:// addresses others on the LAN can reach it at.
   */
  hostWorkshop(): Promise<{ signaling: string[] }>;
  /**
   * Hands the shell the reminder settings and the KRs due, whenever either
   * changes. Electron schedules desktop notifications from them; browser mode
   * has none (the library lists what is due this week instead).
   */
  setReminders(schedule: ReminderSchedule): Promise<void>;
  /** A reminder was clicked: open this workspace's KRs due this week. */
  onOpenDue(listener: (workspaceId: string) => void): () => void;
  /** Files the OS asks us to open (file association, second instance, menu). */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

export const APP_ORIGIN = 'app://cairn';
export const APP_ID = 'app.cairn.okr';
export const PRODUCT_NAME = 'Cairn';
