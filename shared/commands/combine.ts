import * as Y from 'yjs';
import { readMeta } from '../schema/read';
import { CommandError, transact, type CommandContext } from './context';
import { RECORD_ROOT_NAMES, SESSION_ROOT_NAMES, rootMap, type RecordRootName } from '../schema/roots';
import { personKey } from '../queries/people';

/*
 * Combining two teams' workspaces into one (for example two teams' files
 * imported into a company workspace). Different workspaces have different
 * `meta`, so their updates cannot simply be applied (the two metas would
 * fight); instead every entity of the other workspace is copied in under its
 * own id, in one transaction. Overlap detection then sees both teams' work.
 */

/** A detached deep copy of a stored value: Y types rebuilt, plain values cloned. */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Text) return new Y.Text(value.toString());
  if (value instanceof Y.Map) {
    const copy = new Y.Map<unknown>();
    for (const [key, inner] of value.entries()) copy.set(key, copyValue(inner));
    return copy;
  }
  // No other Y type belongs in a workspace; anything else a peer left is copied as plain data.
  if (value instanceof Y.AbstractType) return value.toJSON() as unknown;
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

export interface CombineResult {
  /** Entities copied, per root map. */
  copied: Record<string, number>;
  /** Entities skipped: this workspace already has one with the same id, or already has that person by hand. */
  skipped: number;
}

/** The name key of a live hand-added person record, or null (removed, or no readable name). */
function livePersonKey(value: unknown): string | null {
  if (!(value instanceof Y.Map) || value.get('deletedAt') != null) return null;
  const name: unknown = value.get('name');
  return typeof name === 'string' && personKey(name) ? personKey(name) : null;
}

/**
 * Copies every entity of `source` (another workspace) into this one. Refuses
 * a journal, the same workspace (merge that instead) and a source without a
 * readable meta. Entities whose id already exists here are left as they are;
 * the other workspace's workshop sessions are not copied (SESSION_ROOT_NAMES).
 */
export function combineWorkspace(ctx: CommandContext, source: Y.Doc): CombineResult {
  const theirs = readMeta(source);
  if (theirs.value.id === '') throw new CommandError('That file holds no readable workspace.');
  if (theirs.value.kind === 'journal') throw new CommandError('A personal journal stays private: it cannot be combined into another workspace.');
  const mine = rootMap(ctx.doc, 'meta').get('id');
  if (theirs.value.id === mine) throw new CommandError('That is a copy of this same workspace: open it to merge it instead.');
  const copied: Record<string, number> = {};
  let skipped = 0;
  // Everything is copied (detached) before anything is written.
  const writes: [Y.Map<unknown>, string, unknown][] = [];
  // A person both workspaces added by hand stays one record: a second would read as the same person
  // (shared/queries/people.ts) but show twice where hand-added records are listed.
  const peopleHere = new Set<string>();
  rootMap(ctx.doc, 'people').forEach((person) => {
    const key = livePersonKey(person);
    if (key) peopleHere.add(key);
  });
  // A workshop's session (agenda, attendance, drafts, votes) happened in the other workspace: it stays there.
  const sessionRoots: ReadonlySet<RecordRootName> = new Set(SESSION_ROOT_NAMES);
  for (const name of RECORD_ROOT_NAMES) {
    if (sessionRoots.has(name)) continue;
    const target = ctx.doc.getMap<unknown>(name);
    source.getMap<unknown>(name).forEach((value, id) => {
      const person = name === 'people' ? livePersonKey(value) : null;
      if (target.has(id) || (person !== null && peopleHere.has(person))) {
        skipped++;
        return;
      }
      if (person !== null) peopleHere.add(person);
      writes.push([target, id, copyValue(value)]);
      copied[name] = (copied[name] ?? 0) + 1;
    });
  }
  if (writes.length) transact(ctx, () => writes.forEach(([target, id, value]) => target.set(id, value)));
  return { copied, skipped };
}
