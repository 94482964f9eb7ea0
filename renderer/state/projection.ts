import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../../shared/origins';
import { effectiveCheckIns, isRevision } from '../../shared/queries/checkInHistory';
import { compareCheckInsNewestFirst } from '../../shared/queries/progress';
import { ROOT_MAPS, checkInsMap, metaMap } from '../../shared/schema/doc';
import {
  readChange,
  readCheckIn,
  readCheckpoint,
  readDecision,
  readInitiative,
  readJournalEntry,
  readKeyResult,
  readMeta,
  readObjective,
  readQuestion,
  readRetrospective,
  readScore,
  readSession,
  readWorkspace,
  type ReadResult,
} from '../../shared/schema/read';
import { problemsOf } from '../../shared/schema/readCommon';
import type {
  Change,
  CheckIn,
  Checkpoint,
  Decision,
  Initiative,
  JournalEntry,
  KeyResult,
  Objective,
  Question,
  Retrospective,
  SchemaProblem,
  Score,
  WorkspaceMeta,
} from '../../shared/schema/types';
import {
  readReadinessGate,
  readRolloutPlan,
  readStage,
  type ReadinessGate,
  type RolloutPlan,
  type Stage,
} from '../../shared/schema/rollouts';
import { ALIGNMENT_ROOT_MAPS, readAlignmentState, type AlignmentSnapshot } from '../../shared/schema/alignment';

const ALIGNMENT_MAPS: ReadonlySet<string> = new Set(Object.values(ALIGNMENT_ROOT_MAPS));

/**
 * The root maps projected as plain records by id: each refreshed id by id from
 * the ids its events touch. `root` is the map's name in the document (and in
 * problems); the key is its name in the projection and the snapshot.
 */
const RECORD_MAPS = {
  objectives: { root: ROOT_MAPS.objectives, read: readObjective },
  keyResults: { root: ROOT_MAPS.keyResults, read: readKeyResult },
  questions: { root: ROOT_MAPS.questions, read: readQuestion },
  initiatives: { root: ROOT_MAPS.initiatives, read: readInitiative },
  decisions: { root: ROOT_MAPS.decisions, read: readDecision },
  scores: { root: ROOT_MAPS.scores, read: readScore },
  retrospectives: { root: ROOT_MAPS.retrospectives, read: readRetrospective },
  changes: { root: ROOT_MAPS.changes, read: readChange },
  checkpoints: { root: ROOT_MAPS.checkpoints, read: readCheckpoint },
  sessions: { root: ROOT_MAPS.sessions, read: readSession },
  rolloutPlans: { root: ROOT_MAPS.rollouts, read: readRolloutPlan },
  rolloutStages: { root: ROOT_MAPS.rolloutStages, read: readStage },
  readinessGates: { root: ROOT_MAPS.readinessGates, read: readReadinessGate },
  journalEntries: { root: ROOT_MAPS.journalEntries, read: readJournalEntry },
} as const;
type RecordKey = keyof typeof RECORD_MAPS;
const RECORD_KEYS = Object.keys(RECORD_MAPS) as RecordKey[];
type Records = { [K in RecordKey]: Projection[K] };

/**
 * A read projection of a workspace document for the UI: plain records keyed by
 * id. Rebuilt incrementally from observeDeep events and batched per animation
 * frame; an entity that did not change keeps its object identity, so the
 * components that select it do not re-render.
 */
export interface Projection {
  meta: WorkspaceMeta | null;
  objectives: Readonly<Record<string, Objective>>;
  keyResults: Readonly<Record<string, KeyResult>>;
  /** Per KR, the history that counts (shared/queries/checkInHistory.ts: corrections applied, withdrawals left out), newest first. */
  checkInsByKeyResult: Readonly<Record<string, readonly CheckIn[]>>;
  /** Per KR, every check-in record as stored (originals, corrections, withdrawals), newest first: for showing the history. */
  checkInRecordsByKeyResult: Readonly<Record<string, readonly CheckIn[]>>;
  questions: Readonly<Record<string, Question>>;
  initiatives: Readonly<Record<string, Initiative>>;
  decisions: Readonly<Record<string, Decision>>;
  scores: Readonly<Record<string, Score>>;
  retrospectives: Readonly<Record<string, Retrospective>>;
  changes: Readonly<Record<string, Change>>;
  checkpoints: Readonly<Record<string, Checkpoint>>;
  /** When workshops began hosting. */
  sessions: Readonly<Record<string, Checkpoint>>;
  rolloutPlans: Readonly<Record<string, RolloutPlan>>;
  rolloutStages: Readonly<Record<string, Stage>>;
  readinessGates: Readonly<Record<string, ReadinessGate>>;
  /** A personal journal's reflections (none in other workspaces). */
  journalEntries: Readonly<Record<string, JournalEntry>>;
  /** Teams, north stars, alignments, dependencies, overlap decisions: small, re-read whole when any changes. */
  alignment: Omit<AlignmentSnapshot, 'problems'>;
  problems: readonly SchemaProblem[];
}

export function fullProjection(doc: Y.Doc): Projection {
  const snapshot = readWorkspace(doc);
  const checkInRecordsByKeyResult: Record<string, CheckIn[]> = {};
  for (const checkIn of snapshot.checkIns.values()) (checkInRecordsByKeyResult[checkIn.keyResultId] ??= []).push(checkIn);
  for (const list of Object.values(checkInRecordsByKeyResult)) list.sort(compareCheckInsNewestFirst);
  const checkInsByKeyResult: Record<string, readonly CheckIn[]> = {};
  for (const [krId, records] of Object.entries(checkInRecordsByKeyResult)) setEffective(checkInsByKeyResult, krId, records);
  return {
    meta: snapshot.meta,
    ...(Object.fromEntries(RECORD_KEYS.map((key) => [key, Object.fromEntries(snapshot[key])])) as unknown as Records),
    checkInsByKeyResult,
    checkInRecordsByKeyResult,
    alignment: snapshot.alignment,
    problems: snapshot.problems,
  };
}

/** A KR's effective history from its records; a KR whose every check-in was withdrawn has none. */
function setEffective(into: Record<string, readonly CheckIn[]>, krId: string, records: readonly CheckIn[]): void {
  // Without revisions the records are the history: keep the array, and so its identity for memoised selectors.
  const effective = records.some(isRevision) ? effectiveCheckIns(records) : records;
  if (effective.length) into[krId] = effective;
  else delete into[krId];
}

/** Only the record maps of a projection-shaped object. */
function pickRecords(from: Records): Records {
  return Object.fromEntries(RECORD_KEYS.map((key) => [key, from[key]])) as unknown as Records;
}

type Schedule = (flush: () => void) => void;
const nextFrame: Schedule =
  typeof requestAnimationFrame === 'function' ? (f) => requestAnimationFrame(() => f()) : (f) => setTimeout(f, 0);

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
 * observing. The first projection is delivered synchronously.
 */
export function observeProjection(doc: Y.Doc, onChange: (next: Projection) => void, schedule: Schedule = nextFrame): () => void {
  let current = fullProjection(doc);
  onChange(current);

  // By record (`map:id`): a record has one refusal or any number of repaired fields.
  const problems = new Map<string, readonly SchemaProblem[]>();
  for (const p of current.problems) {
    const key = `${p.map}:${p.id}`;
    problems.set(key, [...(problems.get(key) ?? []), p]);
  }
  const keyResultOfCheckIn = new Map<string, string>();
  for (const list of Object.values(current.checkInRecordsByKeyResult)) for (const c of list) keyResultOfCheckIn.set(c.id, c.keyResultId);

  const dirty = {
    meta: false,
    alignment: false,
    checkIns: new Set<string>(),
    records: Object.fromEntries(RECORD_KEYS.map((key) => [key, new Set<string>()])) as Record<RecordKey, Set<string>>,
  };
  const dirtySets = [dirty.checkIns, ...Object.values(dirty.records)];
  let scheduled = false;
  let stopped = false;

  const refresh = <T>(map: string, id: string, result: ReadResult<T>): T | undefined => {
    const found = problemsOf(result);
    if (found.length > 0) problems.set(`${map}:${id}`, found);
    else problems.delete(`${map}:${id}`);
    return result.ok ? result.value : undefined;
  };

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
    for (const key of RECORD_KEYS) {
      const { root, read } = RECORD_MAPS[key];
      const ids = dirty.records[key];
      if (ids.size) (records as Record<RecordKey, unknown>)[key] = refreshRecords(root, ids, doc.getMap(root), read as (id: string, raw: unknown) => ReadResult<unknown>, current[key]);
    }
    let checkInsByKeyResult = current.checkInsByKeyResult;
    let checkInRecordsByKeyResult = current.checkInRecordsByKeyResult;
    if (dirty.checkIns.size) {
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
        const raw = checkInsMap(doc).get(id);
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
    current = { ...records, meta, checkInsByKeyResult, checkInRecordsByKeyResult, alignment, problems: [...problems.values()].flat() };
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

  const meta = metaMap(doc);
  const checkIns = checkInsMap(doc);
  const onMeta = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    dirty.meta = true;
    markDirty(events);
  };
  const onCheckIns = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    touchedIds(events, checkIns as Y.AbstractType<unknown>, dirty.checkIns);
    markDirty(events);
  };
  const recordObservers = RECORD_KEYS.map((key) => {
    const map = doc.getMap(RECORD_MAPS[key].root);
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      touchedIds(events, map as Y.AbstractType<unknown>, dirty.records[key]);
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
    meta.unobserveDeep(onMeta);
    checkIns.unobserveDeep(onCheckIns);
    for (const stop of recordObservers) stop();
    for (const map of alignmentMaps) map.unobserveDeep(onAlignment);
  };
}
