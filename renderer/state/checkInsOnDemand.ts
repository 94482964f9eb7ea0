import { ID_PATTERN } from '../../shared/ids';
import { effectiveHistory } from '../../shared/queries/checkInHistory';
import { sortNewestFirst } from '../../shared/queries/progress';
import { personKey } from '../../shared/queries/people';
import { readCheckIn, type ReadResult } from '../../shared/schema/read';
import type { CheckIn } from '../../shared/schema/types';

/*
 * A workspace's check-ins per key result, read when a KR's are first asked
 * for. Opening OKR-XL (200,000 check-ins) used to read, group and sort every
 * one of them before the board's first screen; the screen needs the few dozen
 * KRs on it. Here the first pass only files each stored record under the KR
 * its raw `keyResultId` names (no reading, no copy), and a KR's records are
 * read, sorted and folded the first time anything looks that KR up. Anything
 * that walks every KR (`Object.keys`, `Object.values`, a spread: At a glance,
 * signals, exports) reads the rest first, so every consumer sees exactly what
 * a full read gives (test/unit/checkInsOnDemand.test.ts). The rest is also
 * read in idle slices after the open (`readSome`).
 */

type Lists = Record<string, readonly CheckIn[]>;

export interface CheckInsOnDemand {
  /** Per KR, every check-in record as stored, newest first (the projection's `checkInRecordsByKeyResult`). */
  readonly records: Readonly<Lists>;
  /** Per KR, the history that counts (the projection's `checkInsByKeyResult`); a KR whose every check-in was withdrawn has none. */
  readonly effective: Readonly<Lists>;
  /** Reads KRs not read yet while `more()` says so; true once every KR is read. */
  readSome(more: () => boolean): boolean;
  /** Every KR read: `records` and `effective` hold everything. */
  isComplete(): boolean;
}

/** Where a record is filed before it is read: its raw KR id when the reader would keep it as is, else `undefined` (read at once). */
function rawKeyResultId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('keyResultId' in raw)) return undefined;
  const { keyResultId } = raw;
  return typeof keyResultId === 'string' && ID_PATTERN.test(keyResultId) ? keyResultId : undefined;
}

const authorsOfSection = new WeakMap<object, () => readonly string[]>();

/**
 * The distinct authors of every check-in record in `section`, when it is the
 * records of a `checkInsOnDemand` (else undefined: walk it): the workspace's
 * people (state/people.ts) without reading 200,000 check-ins. In the order
 * their first records are stored; the names are those a full read gives.
 */
export function checkInAuthorsOf(section: object): readonly string[] | undefined {
  return authorsOfSection.get(section)?.();
}

/** Plain data as a document stores a JSON record (not a Y.Map or another shared type). */
function isPlainData(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return true;
  const prototype: unknown = Object.getPrototypeOf(raw);
  return prototype === Object.prototype || prototype === null || Array.isArray(raw);
}

/** A record's author as stored, when it is text the reader could keep. */
function rawAuthor(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('author' in raw)) return undefined;
  const { author } = raw;
  return typeof author === 'string' && author !== '' ? author : undefined;
}

/** A KR's effective history from its records, set or removed in `into`. */
export function setEffective(into: Lists, krId: string, records: readonly CheckIn[]): void {
  // Nothing to fold: the same array, and so its identity for memoised selectors.
  const effective = effectiveHistory(records);
  if (effective.length) into[krId] = effective;
  else delete into[krId];
}

/**
 * Files every record of `checkIns` under its KR; `report` hears each record's
 * read (its repairs or refusal) when it is read.
 */
export function checkInsOnDemand(
  checkIns: { forEach(fn: (raw: unknown, id: string) => void): void },
  report: (id: string, result: ReadResult<CheckIn>) => void,
): CheckInsOnDemand {
  const unread = new Map<string, [id: string, raw: unknown][]>();
  const file = (krId: string, id: string, raw: unknown) => {
    const bucket = unread.get(krId);
    if (bucket) bucket.push([id, raw]);
    else unread.set(krId, [[id, raw]]);
  };
  // Each author's first stored record: who signed check-ins, without reading them all (checkInAuthorsOf).
  const firstOfAuthor = new Map<string, [id: string, raw: unknown]>();
  // A record that is not plain data (a Y.Map a peer wrote) may still read as a check-in whose author rawAuthor cannot see: the full read finds it.
  let authorsNeedFullRead = false;
  checkIns.forEach((raw, id) => {
    const author = rawAuthor(raw);
    if (author !== undefined && !firstOfAuthor.has(author)) firstOfAuthor.set(author, [id, raw]);
    if (!isPlainData(raw)) authorsNeedFullRead = true;
    const krId = rawKeyResultId(raw);
    if (krId !== undefined) return file(krId, id, raw);
    // A record the reader repairs or refuses (rare: a hostile or damaged one) is read now, so it is filed where its read says.
    const read = readCheckIn(id, raw);
    if (read.ok) file(read.value.keyResultId, id, raw);
    else report(id, read);
  });

  const records: Lists = {};
  const effective: Lists = {};
  const readKeyResult = (krId: string) => {
    const bucket = unread.get(krId);
    if (!bucket) return;
    unread.delete(krId);
    const list: CheckIn[] = [];
    for (const [id, raw] of bucket) {
      const read = readCheckIn(id, raw);
      report(id, read);
      if (read.ok) list.push(read.value);
    }
    if (list.length === 0) return;
    const sorted = sortNewestFirst(list);
    records[krId] = sorted;
    setEffective(effective, krId, sorted);
  };
  // The KRs in the order their first records are stored, as a full read groups them: a walk sees them in that order.
  const order = [...unread.keys()];
  const inOrder = (lists: Lists) => {
    for (const krId of order) {
      const list = lists[krId];
      if (list === undefined) continue;
      delete lists[krId];
      lists[krId] = list;
    }
  };
  let ordered = false;
  const readAll = () => {
    for (const krId of [...unread.keys()]) readKeyResult(krId);
    if (ordered) return;
    ordered = true;
    inOrder(records);
    inOrder(effective);
  };
  const onDemand = (target: Lists): Readonly<Lists> =>
    new Proxy(target, {
      get: (t, key) => {
        if (typeof key === 'string') readKeyResult(key);
        return Reflect.get(t, key);
      },
      has: (t, key) => {
        if (typeof key === 'string') readKeyResult(key);
        return Reflect.has(t, key);
      },
      getOwnPropertyDescriptor: (t, key) => {
        if (typeof key === 'string') readKeyResult(key);
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
      ownKeys: (t) => {
        readAll();
        return Reflect.ownKeys(t);
      },
      // The projection is read-only: a write would bypass the reading above.
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    });

  let authors: readonly string[] | null = null;
  const authorsOf = (): readonly string[] => {
    if (authors) return authors;
    const fullRead = () => {
      readAll();
      const all = new Set<string>();
      for (const list of Object.values(records)) for (const c of list) if (c.author !== '') all.add(c.author);
      return (authors = [...all]);
    };
    if (authorsNeedFullRead) return fullRead();
    // Each candidate's first record read as the reader reads it; a record it refuses or repairs (a hostile one) sends this to the full read.
    // So do two spellings of one person ("ana", "Ana"): which is shown is the one a full read meets first (grouped by KR, newest first).
    const found: string[] = [];
    const people = new Set<string>();
    for (const [author, [id, raw]] of firstOfAuthor) {
      const read = readCheckIn(id, raw);
      if (!read.ok || read.value.author !== author || people.has(personKey(author))) return fullRead();
      people.add(personKey(author));
      found.push(author);
    }
    return (authors = found);
  };
  const recordsOnDemand = onDemand(records);
  authorsOfSection.set(recordsOnDemand, authorsOf);

  return {
    records: recordsOnDemand,
    effective: onDemand(effective),
    readSome(more) {
      for (const krId of unread.keys()) {
        if (!more()) break;
        readKeyResult(krId);
      }
      if (unread.size > 0) return false;
      readAll();
      return true;
    },
    isComplete: () => unread.size === 0,
  };
}
