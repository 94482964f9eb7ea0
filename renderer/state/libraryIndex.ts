import { z } from 'zod';

/**
 * The list of workspaces on this device. Local only (never synced): it lives in
 * localStorage under a key fixed forever. Deleting is soft: `deletedAt` moves
 * a workspace to "Recently deleted", from where it can be restored.
 */
export const LIBRARY_STORAGE_KEY = 'cairn.library.v1';

const entrySchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().max(2_000),
  kind: z.enum(['team', 'workshop', 'journal']),
  createdAt: z.number(),
  openedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
  /** The workshop this workspace is shared in, rejoined on every open; null when not shared. */
  workshop: z
    .object({ code: z.string().max(40), signaling: z.array(z.string().max(300)).max(8) })
    .nullable()
    .default(null),
});
export type LibraryEntry = z.infer<typeof entrySchema>;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Reads the index; damaged entries are dropped (their documents stay in IndexedDB). */
export function loadLibrary(storage: KeyValueStorage): LibraryEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(LIBRARY_STORAGE_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = entrySchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function saveLibrary(storage: KeyValueStorage, entries: readonly LibraryEntry[]): void {
  storage.setItem(LIBRARY_STORAGE_KEY, JSON.stringify(entries));
}
