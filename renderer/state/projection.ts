import * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../../shared/origins';
import { compareCheckInsNewestFirst, sortNewestFirst } from '../../shared/queries/progress';
import { readAlignmentState, readCheckIn, readMeta, readWorkspace, recordsOf, type AlignmentRecords, type ReadResult } from '../../shared/schema/read';
import { problemsOf, readAll } from '../../shared/schema/readCommon';
import { checkInsOnDemand, setEffective, type CheckInsOnDemand } from './checkInsOnDemand';
import type { CheckIn, SchemaProblem, WorkspaceMeta } from '../../shared/schema/types';
import { RECORD_ROOT_NAMES, ROOT_TABLE, assertEveryKey, rootMap, type RecordOf, type RecordRootName } from '../../shared/schema/roots';

/*
 * What the projection keeps comes from the table of roots (shared/schema/roots.ts),
 * its `projection` column: a record map by id under that key, the check-ins
 * grouped by key result, or the alignment roots under `alignment`.
 */

type ProjectionOf<K extends RecordRootName> = (typeof ROOT_TABLE)[K]['projection'];
/** The roots projected as plain records by id, each refreshed id by id from the ids its events touch. */
type RecordRoot = { [K in RecordRootName]: ProjectionOf<K> extends 'checkInsByKeyResult' | `alignment.${string}` ? never : K }[RecordRootName];
/** Those roots' records under their projection keys (`objectives`, `rolloutPlans`, …). */
export type ProjectedRecords = { [K in RecordRoot as ProjectionOf<K>]: Readonly<Record<string, RecordOf<K>>> };

const isAlignmentProjection = (root: RecordRootName) => ROOT_TABLE[root].projection.startsWith('alignment.');
function isRecordRoot(root: RecordRootName): root is RecordRoot {
  return ROOT_TABLE[root].projection !== 'checkInsByKeyResult' && !isAlignmentProjection(root);
}

const ALIGNMENT_MAPS: ReadonlySet<string> = new Set(RECORD_ROOT_NAMES.filter(isAlignmentProjection));

interface RecordMap {
  /** The map's name in the document (and in problems). */
  root: RecordRoot;
  /** Its name in the projection. */
  key: string;
  read: (id: string, raw: unknown) => ReadResult<unknown>;
}
const RECORD_MAPS: readonly RecordMap[] = RECORD_ROOT_NAMES.filter(isRecordRoot).map((root) => ({ root, key: ROOT_TABLE[root].projection, read: ROOT_TABLE[root].read }));

/** The record maps of a projection, by projection key: built and refreshed key by key from the table, which ProjectedRecords is mapped over. */
type RecordsByKey = Record<string, Readonly<Record<string, unknown>>>;
const PROJECTED_KEYS: readonly string[] = RECORD_MAPS.map(({ key }) => key);

/** The record maps, as the projection's type: every key the table gives it is there (assertEveryKey throws otherwise). */
function projected(records: RecordsByKey): ProjectedRecords {
  assertEveryKey<ProjectedRecords>(records, PROJECTED_KEYS, 'projection');
  return records;
}

/** A record map per projection key, each from `recordsOf`. */
function recordsByKey(recordsOf: (root: RecordRoot) => Readonly<Record<string, unknown>>): RecordsByKey {
  const records: RecordsByKey = {};
  for (const { root, key } of RECORD_MAPS) records[key] = recordsOf(root);
  return records;
}

/** The empty projection: no meta, no records, empty alignment. */
export function emptyProjection(): Projection {
  const alignment = readAlignmentState(new Y.Doc());
  return {
    meta: null,
    ...projected(recordsByKey(() => ({}))),
    checkInsByKeyResult: {},
    checkInRecordsByKeyResult: {},
    alignment: withoutProblems(alignment),
    problems: [],
  };
}

function withoutProblems({ problems: _problems, ...alignment }: AlignmentRecords & { problems: unknown }): AlignmentRecords {
  return alignment;
}

/**
 * A read projection of a workspace document for the UI: plain records keyed by
 * id. Rebuilt incrementally from observeDeep events and batched per animation
 * frame; an entity that did not change keeps its object identity, so the
 * components that select it do not re-render.
 */
export interface Projection extends ProjectedRecords {
  meta: WorkspaceMeta | null;
  /** Per KR, the history that counts (shared/queries/checkInHistory.ts: corrections applied, withdrawals left out), newest first. */
  checkInsByKeyResult: Readonly<Record<string, readonly CheckIn[]>>;
  /** Per KR, every check-in record as stored (originals, corrections, withdrawals), newest first: for showing the history. */
  checkInRecordsByKeyResult: Readonly<Record<string, readonly CheckIn[]>>;
  /** Teams, north stars, alignments, dependencies, overlap decisions: small, re-read whole when any changes. */
  alignment: AlignmentRecords;
  problems: readonly SchemaProblem[];
}

export function fullProjection(doc: Y.Doc): Projection {
  const snapshot = readWorkspace(doc);
  // One pass over the check-ins into a Map (a lookup per record), then each KR's list put newest first without sorting what is already in order.
  const byKeyResult = new Map<string, CheckIn[]>();
  for (const checkIn of snapshot.checkIns.values()) {
    const list = byKeyResult.get(checkIn.keyResultId);
    if (list) list.push(checkIn);
    else byKeyResult.set(checkIn.keyResultId, [checkIn]);
  }
  const checkInRecordsByKeyResult: Record<string, readonly CheckIn[]> = {};
  const checkInsByKeyResult: Record<string, readonly CheckIn[]> = {};
  for (const [krId, list] of byKeyResult) {
    const records = sortNewestFirst(list);
    checkInRecordsByKeyResult[krId] = records;
    setEffective(checkInsByKeyResult, krId, records);
  }
  return {
    meta: snapshot.meta,
    ...projected(recordsByKey((root) => Object.fromEntries(recordsOf(snapshot, root)))),
    checkInsByKeyResult,
    checkInRecordsByKeyResult,
    alignment: snapshot.alignment,
    problems: snapshot.problems,
  };
}

/**
 * The projection an open starts with: every record but the check-ins read
 * (with their problems), the check-ins filed per KR and read as each KR is
 * looked up (checkInsOnDemand.ts), so the first screen waits only for its own.
 */
function openingProjection(doc: Y.Doc, checkIns: CheckInsOnDemand): Projection {
  const problems: SchemaProblem[] = [];
  const meta = readMeta(doc);
  problems.push(...meta.problems);
  const records: RecordsByKey = {};
  for (const { root, key, read } of RECORD_MAPS) records[key] = Object.fromEntries(readAll(doc.getMap(root), read, problems));
  const { problems: alignmentProblems, ...alignment } = readAlignmentState(doc);
  problems.push(...alignmentProblems);
  return {
    meta: meta.value,
    ...projected(records),
    checkInsByKeyResult: checkIns.effective,
    checkInRecordsByKeyResult: checkIns.records,
    alignment,
    problems,
  };
}

/** Only the record maps of a projection, by key. */
function pickRecords(from: Projection): RecordsByKey {
  const { meta: _meta, checkInsByKeyResult: _effective, checkInRecordsByKeyResult: _records, alignment: _alignment, problems: _problems, ...records } = from;
  return { ...records };
}

type Schedule = (flush: () => void) => void;
const nextFrame: Schedule =
  typeof requestAnimationFrame === 'function' ? (f) => requestAnimationFrame(() => f()) : (f) => setTimeout(f, 0);

/** Runs `slice` in idle time, again while it returns false; `more()` says whether this slice may go on. Returns a cancel. */
export type IdleSlices = (slice: (more: () => boolean) => boolean) => () => void;
const idleSlices: IdleSlices = (slice) => {
  let cancelled = false;
  const next = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback((deadline) => run(() => deadline.timeRemaining() > 1));
    else
      setTimeout(() => {
        const end = performance.now() + 8;
        run(() => performance.now() < end);
      }, 0);
  };
  const run = (more: () => boolean) => {
    if (!cancelled && !slice(more)) next();
  };
  next();
  return () => {
    cancelled = true;
  };
};

/** Ids touched by a batch of observeDeep events on one root map. */
function touchedIds(events: Y.YEvent<Y.AbstractType<unknown>>[], root: Y.AbstractType<unknown>, into: Set<string>): void {
  for (const event of events) {
    if (event.target === root) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged) into.add(key);
    } else {
      const first = event.path[0];
      if (typeof first === 'string') into.add(first);
    }
  }
}

/**
 * Keeps `onChange` fed with projections of `doc`. Returns a function that stops
 * observing. The first projection is delivered synchronously, its check-ins
 * read per KR on demand; the rest of them are read in `idle` slices, and their
 * problems, if any, published then.
 */
export function observeProjection(doc: Y.Doc, onChange: (next: Projection) => void, schedule: Schedule = nextFrame, idle: IdleSlices = idleSlices): () => void {
  // By record (`map:id`): a record has one refusal or any number of repaired fields.
  const problems = new Map<string, readonly SchemaProblem[]>();
  let stopped = false;
  let checkInProblemsUnpublished = false;
  // A check-in read on demand is read for the first time (a change to one reads every KR first): only its problems, if any, are noted.
  const onDemand = checkInsOnDemand(rootMap(doc, 'checkIns'), (id, result) => {
    const found = problemsOf(result);
    if (found.length === 0) return;
    problems.set(`checkIns:${id}`, found);
    checkInProblemsUnpublished = true;
  });
  let current = openingProjection(doc, onDemand);
  for (const p of current.problems) {
    const key = `${p.map}:${p.id}`;
    problems.set(key, [...(problems.get(key) ?? []), p]);
  }
  current = { ...current, problems: [...problems.values()].flat() };
  checkInProblemsUnpublished = false;
  onChange(current);
  const publishProblems = () => {
    if (!checkInProblemsUnpublished || stopped) return;
    checkInProblemsUnpublished = false;
    current = { ...current, problems: [...problems.values()].flat() };
    onChange(current);
  };
  const stopReading = idle((more) => {
    const done = stopped || onDemand.readSome(more);
    if (done) publishProblems();
    return done;
  });
  // Which KR each check-in is filed under, for moving an edited one: built at the first check-in change, from every KR read.
  let keyResultOfCheckIn: Map<string, string> | null = null;
  const checkInIndex = (): Map<string, string> => {
    if (keyResultOfCheckIn) return keyResultOfCheckIn;
    const index = new Map<string, string>();
    for (const list of Object.values(current.checkInRecordsByKeyResult)) for (const c of list) index.set(c.id, c.keyResultId);
    return (keyResultOfCheckIn = index);
  };

  function refresh<T>(map: string, id: string, result: ReadResult<T>): T | undefined {
    const found = problemsOf(result);
    if (found.length > 0) problems.set(`${map}:${id}`, found);
    else problems.delete(`${map}:${id}`);
    return result.ok ? result.value : undefined;
  }

  const dirty = {
    meta: false,
    alignment: false,
    checkIns: new Set<string>(),
    records: new Map(RECORD_MAPS.map(({ key }) => [key, new Set<string>()])),
  };
  const dirtySets = [dirty.checkIns, ...dirty.records.values()];
  let scheduled = false;

  const refreshRecords = <T>(
    mapName: string,
    ids: Set<string>,
    source: { get(id: string): unknown },
    read: (id: string, raw: unknown) => ReadResult<T>,
    records: Readonly<Record<string, T>>,
  ): Record<string, T> => {
    const next: Record<string, T> = { ...records };
    for (const id of ids) {
      const raw = source.get(id);
      const value = raw === undefined ? (problems.delete(`${mapName}:${id}`), undefined) : refresh(mapName, id, read(id, raw));
      if (value === undefined) delete next[id];
      else next[id] = value;
    }
    return next;
  };

  const flush = () => {
    scheduled = false;
    if (stopped) return;
    // A frame scheduled before a local edit flushed synchronously may find nothing left.
    if (!dirty.meta && !dirty.alignment && dirtySets.every((set) => set.size === 0)) return;
    let alignment = current.alignment;
    if (dirty.alignment) {
      const { problems: found, ...read } = readAlignmentState(doc);
      alignment = read;
      for (const key of [...problems.keys()]) if (ALIGNMENT_MAPS.has(key.slice(0, key.indexOf(':')))) problems.delete(key);
      for (const p of found) problems.set(`${p.map}:${p.id}`, [...(problems.get(`${p.map}:${p.id}`) ?? []), p]);
    }
    let meta = current.meta;
    if (dirty.meta) {
      const result = readMeta(doc);
      if (result.problems.length > 0) problems.set('meta:', result.problems);
      else problems.delete('meta:');
      meta = result.value;
    }
    const records = pickRecords(current);
    for (const { root, key, read } of RECORD_MAPS) {
      const ids = dirty.records.get(key);
      if (ids?.size) records[key] = refreshRecords(root, ids, doc.getMap(root), read, records[key] ?? {});
    }
    let checkInsByKeyResult = current.checkInsByKeyResult;
    let checkInRecordsByKeyResult = current.checkInRecordsByKeyResult;
    if (dirty.checkIns.size) {
      const keyResultOfCheckIn = checkInIndex();
      const next: Record<string, readonly CheckIn[]> = { ...checkInRecordsByKeyResult };
      const nextEffective: Record<string, readonly CheckIn[]> = { ...checkInsByKeyResult };
      const affected = new Map<string, CheckIn[]>();
      const list = (krId: string) => {
        let l = affected.get(krId);
        if (!l) affected.set(krId, (l = [...(next[krId] ?? [])]));
        return l;
      };
      for (const id of dirty.checkIns) {
        const previousKr = keyResultOfCheckIn.get(id);
        if (previousKr !== undefined) {
          const l = list(previousKr);
          const at = l.findIndex((c) => c.id === id);
          if (at >= 0) l.splice(at, 1);
          keyResultOfCheckIn.delete(id);
        }
        const raw = rootMap(doc, 'checkIns').get(id);
        const checkIn = raw === undefined ? (problems.delete(`checkIns:${id}`), undefined) : refresh('checkIns', id, readCheckIn(id, raw));
        if (checkIn) {
          list(checkIn.keyResultId).push(checkIn);
          keyResultOfCheckIn.set(id, checkIn.keyResultId);
        }
      }
      for (const [krId, l] of affected) {
        if (l.length) next[krId] = l.sort(compareCheckInsNewestFirst);
        else delete next[krId];
        setEffective(nextEffective, krId, l);
      }
      checkInRecordsByKeyResult = next;
      checkInsByKeyResult = nextEffective;
    }
    dirty.meta = false;
    dirty.alignment = false;
    for (const set of dirtySets) set.clear();
    checkInProblemsUnpublished = false;
    current = { ...projected(records), meta, checkInsByKeyResult, checkInRecordsByKeyResult, alignment, problems: [...problems.values()].flat() };
    onChange(current);
  };

  // The user's own edits show at once: a text field must never be handed a
  // value older than what was just typed into it. Remote changes wait for a frame.
  const markDirty = (events: Y.YEvent<Y.AbstractType<unknown>>[] = []) => {
    if (events[0]?.transaction.origin === LOCAL_ORIGIN) {
      flush();
      return;
    }
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  };

  const meta = rootMap(doc, 'meta');
  const checkIns = rootMap(doc, 'checkIns');
  const onMeta = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    dirty.meta = true;
    markDirty(events);
  };
  const onCheckIns = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    touchedIds(events, checkIns as Y.AbstractType<unknown>, dirty.checkIns);
    markDirty(events);
  };
  const recordObservers = RECORD_MAPS.map(({ root, key }) => {
    const map = doc.getMap(root);
    const ids = dirty.records.get(key) ?? new Set<string>();
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      touchedIds(events, map as Y.AbstractType<unknown>, ids);
      markDirty(events);
    };
    map.observeDeep(observer);
    return () => map.unobserveDeep(observer);
  });
  const onAlignment = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    dirty.alignment = true;
    markDirty(events);
  };
  const alignmentMaps = [...ALIGNMENT_MAPS].map((name) => doc.getMap(name));
  for (const map of alignmentMaps) map.observeDeep(onAlignment);
  meta.observeDeep(onMeta);
  checkIns.observeDeep(onCheckIns);
  return () => {
    stopped = true;
    stopReading();
    meta.unobserveDeep(onMeta);
    checkIns.unobserveDeep(onCheckIns);
    for (const stop of recordObservers) stop();
    for (const map of alignmentMaps) map.unobserveDeep(onAlignment);
  };
}
