import fs from 'node:fs';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

/*
 * The relay's one SQLite file: each workspace as Yjs updates, and each
 * workspace's token generation (revocation). Every instance of a deployment
 * opens the same file (WAL mode, so readers and one writer at a time across
 * processes), which is how a revocation reaches every instance: they read the
 * generation from the file on every authentication.
 *
 * Updates are appended as they arrive, before the relay confirms them to the
 * client (the append is synchronous), so nothing a client saw confirmed is
 * lost when an instance is killed. Hocuspocus's database extension's store
 * hook then compacts: it replaces the rows its document already holds with
 * the document's whole state.
 */

export interface RelayStore {
  /** Everything stored for the workspace, merged into one update; null if nothing is. */
  load(workspaceId: string): { update: Uint8Array; upToRow: number } | null;
  append(workspaceId: string, update: Uint8Array): number;
  /** Replaces the rows `state` is known to contain (up to `upToRow`, and `ownRows`) with `state`. */
  compact(workspaceId: string, state: Uint8Array, contained: { upToRow: number; ownRows: number[] }): number;
  generation(workspaceId: string): number;
  /** Revokes every token issued so far for the workspace; returns the new generation. */
  revoke(workspaceId: string): number;
  /** Drops everything stored for the workspace (a journal that reached the relay). */
  forget(workspaceId: string): void;
  close(): void;
}

export function openRelayStore(file: string): RelayStore {
  // The workspaces are in plain text: only the relay's own user may read them. SQLite gives its WAL and
  // shared-memory files the database file's permissions, so the file is made (or tightened) first.
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Another instance may hold the write lock for a moment; wait for it rather than fail an edit.
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS updates (row INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS updates_by_workspace ON updates (workspace, row);
    CREATE TABLE IF NOT EXISTS generations (workspace TEXT PRIMARY KEY, generation INTEGER NOT NULL);
  `);
  const selectUpdates = db.prepare<[string], { row: number; data: Buffer }>('SELECT row, data FROM updates WHERE workspace = ? ORDER BY row');
  const insertUpdate = db.prepare<[string, Buffer]>('INSERT INTO updates (workspace, data) VALUES (?, ?)');
  const deleteUpTo = db.prepare<[string, number]>('DELETE FROM updates WHERE workspace = ? AND row <= ?');
  const deleteRow = db.prepare<[string, number]>('DELETE FROM updates WHERE workspace = ? AND row = ?');
  const selectGeneration = db.prepare<[string], { generation: number }>('SELECT generation FROM generations WHERE workspace = ?');
  const bumpGeneration = db.prepare<[string]>(
    'INSERT INTO generations (workspace, generation) VALUES (?, 1) ON CONFLICT (workspace) DO UPDATE SET generation = generation + 1',
  );

  const compact = db.transaction((workspaceId: string, state: Uint8Array, contained: { upToRow: number; ownRows: number[] }) => {
    deleteUpTo.run(workspaceId, contained.upToRow);
    for (const row of contained.ownRows) deleteRow.run(workspaceId, row);
    return Number(insertUpdate.run(workspaceId, Buffer.from(state)).lastInsertRowid);
  });
  const revoke = db.transaction((workspaceId: string) => {
    bumpGeneration.run(workspaceId);
    return selectGeneration.get(workspaceId)?.generation ?? 0;
  });

  return {
    load(workspaceId) {
      const rows = selectUpdates.all(workspaceId);
      const last = rows.at(-1);
      if (!last) return null;
      const update = rows.length === 1 ? new Uint8Array(last.data) : Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data)));
      return { update, upToRow: last.row };
    },
    append: (workspaceId, update) => Number(insertUpdate.run(workspaceId, Buffer.from(update)).lastInsertRowid),
    compact: (workspaceId, state, contained) => compact(workspaceId, state, contained),
    generation: (workspaceId) => selectGeneration.get(workspaceId)?.generation ?? 0,
    revoke: (workspaceId) => revoke(workspaceId),
    forget: (workspaceId) => void deleteUpTo.run(workspaceId, Number.MAX_SAFE_INTEGER),
    close: () => db.close(),
  };
}
