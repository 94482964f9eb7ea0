import path from 'node:path';

/*
 * Where the durable store keeps things, and the only names it accepts. Ids and
 * backup names come from the renderer, so each is checked against a strict
 * pattern before it becomes part of a path: no separators, no dots, no traversal.
 */

const WORKSPACE_ID = /^[0-9A-Za-z_-]{1,64}$/;
export const WORKSPACE_FILE_SUFFIX = '.cairn';

export function isWorkspaceId(value: unknown): value is string {
  return typeof value === 'string' && WORKSPACE_ID.test(value);
}

export function assertWorkspaceId(value: unknown): string {
  if (!isWorkspaceId(value)) throw new Error('Invalid workspace id.');
  return value;
}

export function workspacesDir(root: string): string {
  return path.join(root, 'workspaces');
}

export function workspaceFile(root: string, workspaceId: string): string {
  return path.join(workspacesDir(root), assertWorkspaceId(workspaceId) + WORKSPACE_FILE_SUFFIX);
}

/** The workspace id a file in workspaces/ belongs to, or null for anything else (temp files, strays). */
export function workspaceIdOfFile(fileName: string): string | null {
  if (!fileName.endsWith(WORKSPACE_FILE_SUFFIX)) return null;
  const id = fileName.slice(0, -WORKSPACE_FILE_SUFFIX.length);
  return isWorkspaceId(id) ? id : null;
}

export function backupsDir(root: string, workspaceId: string): string {
  return path.join(root, 'backups', assertWorkspaceId(workspaceId));
}

// Backups are named by the UTC time they were taken, e.g. 2025-03-07T09-30-00-000Z.cairn:
// readable in a file manager, sorted by name = sorted by time, and parseable back.
const BACKUP_NAME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.cairn$/;

export function backupName(takenAt: number): string {
  return new Date(takenAt).toISOString().replace(/:/g, '-').replace('.', '-') + WORKSPACE_FILE_SUFFIX;
}

/** When a backup was taken, from its name; null when the name is not one of ours. */
export function parseBackupName(name: string): number | null {
  const match = BACKUP_NAME.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match.map(Number) as number[];
  const takenAt = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
  // Rejects impossible dates that Date.UTC would silently roll over (2025-02-31).
  return backupName(takenAt) === name ? takenAt : null;
}

export function backupFile(root: string, workspaceId: string, name: string): string {
  if (parseBackupName(name) === null) throw new Error('Invalid backup name.');
  return path.join(backupsDir(root, workspaceId), name);
}
