import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../../shared/origins';
import { compareCheckInsNewestFirst } from '../../shared/queries/progress';
import {
  changesMap,
  checkInsMap,
  checkpointsMap,
  decisionsMap,
  initiativesMap,
  keyResultsMap,
  metaMap,
  objectivesMap,
  questionsMap,
  retrospectivesMap,
  scoresMap,
} from '../../shared/schema/doc';
import {
  readChange,
  readCheckIn,
  readCheckpoint,
  readDecision,
  readInitiative,
  readKeyResult,
  readMeta,
  readObjective,
  readQuestion,
  readRetrospective,
  readScore,
  readWorkspace,
  type ReadResult,
} from '../../shared/schema/read';
import type {
  Change,
  CheckIn,
  Checkpoint,
  Decision,
  Initiative,
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
  readinessGatesMap,
  rolloutStagesMap,
  rolloutsMap,
  type ReadinessGate,
  type RolloutPlan,
  type Stage,
} from '../../shared/schema/rollouts';
import { ALIGNMENT_ROOT_MAPS, readAlignmentState, type AlignmentSnapshot } from '../../shared/schema/alignment';

const ALIGNMENT_MAPS: ReadonlySet<string> = new Set(Object.values(ALIGNMENT_ROOT_MAPS));

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
  /** Per KR, newest first. */
  checkInsByKeyResult: Readonly<Record<string, readonly CheckIn[]>>;
  questions: Readonly<Record<string, Question>>;
  initiatives: Readonly<Record<string, Initiative>>;
  decisions: Readonly<Record<string, Decision>>;
  scores: Readonly<Record<string, Score>>;
  retrospectives: Readonly<Record<string, Retrospective>>;
  changes: Readonly<Record<string, Change>>;
  checkpoints: Readonly<Record<string, Checkpoint>>;
  rolloutPlans: Readonly<Record<string, RolloutPlan>>;
  rolloutStages: Readonly<Record<string, Stage>>;
  readinessGates: Readonly<Record<string, ReadinessGate>>;
  /** Teams, north stars, alignments, dependencies, overlap decisions: small, re-read whole when any changes. */
  alignment: Omit<AlignmentSnapshot, 'problems'>;
  problems: readonly SchemaProblem[];
}

export function fullProjection(doc: Y.Doc): Projection {
  const snapshot = readWorkspace(doc);
  const checkInsByKeyResult: Record<string, CheckIn[]> = {};
  for (const checkIn of snapshot.checkIns.values()) (checkInsByKeyResult[checkIn.keyResultId] ??= []).push(checkIn);
  for (const list of Object.values(checkInsByKeyResult)) list.sort(compareCheckInsNewestFirst);
  return {
    meta: snapshot.meta,
    objectives: Object.fromEntries(snapshot.objectives),
    keyResults: Object.fromEntries(snapshot.keyResults),
    checkInsByKeyResult,
    questions: Object.fromEntries(snapshot.questions),
    initiatives: Object.fromEntries(snapshot.initiatives),
    decisions: Object.fromEntries(snapshot.decisions),
    scores: Object.fromEntries(snapshot.scores),
    retrospectives: Object.fromEntries(snapshot.retrospectives),
    changes: Object.fromEntries(snapshot.changes),
    checkpoints: Object.fromEntries(snapshot.checkpoints),
    rolloutPlans: Object.fromEntries(snapshot.rolloutPlans),
    rolloutStages: Object.fromEntries(snapshot.rolloutStages),
    readinessGates: Object.fromEntries(snapshot.readinessGates),
    alignment: snapshot.alignment,
    problems: snapshot.problems,
  };
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

  const problems = new Map<string, SchemaProblem>(current.problems.map((p) => [`${p.map}:${p.id}`, p]));
  const keyResultOfCheckIn = new Map<string, string>();
  for (const list of Object.values(current.checkInsByKeyResult)) for (const c of list) keyResultOfCheckIn.set(c.id, c.keyResultId);

  const dirty = {
    meta: false,
    alignment: false,
    objectives: new Set<string>(),
    keyResults: new Set<string>(),
    checkIns: new Set<string>(),
    questions: new Set<string>(),
    initiatives: new Set<string>(),
    decisions: new Set<string>(),
    scores: new Set<string>(),
    retrospectives: new Set<string>(),
    changes: new Set<string>(),
    checkpoints: new Set<string>(),
    rolloutPlans: new Set<string>(),
    rolloutStages: new Set<string>(),
    readinessGates: new Set<string>(),
  };
  const dirtySets = [dirty.objectives, dirty.keyResults, dirty.checkIns, dirty.questions, dirty.initiatives, dirty.decisions, dirty.scores, dirty.retrospectives, dirty.changes, dirty.checkpoints, dirty.rolloutPlans, dirty.rolloutStages, dirty.readinessGates];
  let scheduled = false;
  let stopped = false;

  const refresh = <T>(map: string, id: string, result: ReadResult<T>): T | undefined => {
    problems.delete(`${map}:${id}`);
    if (result.ok) return result.value;
    problems.set(`${map}:${id}`, result.problem);
    return undefined;
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
      for (const p of found) problems.set(`${p.map}:${p.id}`, p);
    }
    let meta = current.meta;
    if (dirty.meta) {
      const result = readMeta(doc);
      meta = refresh('meta', '', result) ?? null;
    }
    const objectives = dirty.objectives.size
      ? refreshRecords('objectives', dirty.objectives, objectivesMap(doc), readObjective, current.objectives)
      : current.objectives;
    const keyResults = dirty.keyResults.size
      ? refreshRecords('keyResults', dirty.keyResults, keyResultsMap(doc), readKeyResult, current.keyResults)
      : current.keyResults;
    const questions = dirty.questions.size ? refreshRecords('questions', dirty.questions, questionsMap(doc), readQuestion, current.questions) : current.questions;
    const initiatives = dirty.initiatives.size
      ? refreshRecords('initiatives', dirty.initiatives, initiativesMap(doc), readInitiative, current.initiatives)
      : current.initiatives;
    const decisions = dirty.decisions.size ? refreshRecords('decisions', dirty.decisions, decisionsMap(doc), readDecision, current.decisions) : current.decisions;
    const scores = dirty.scores.size ? refreshRecords('scores', dirty.scores, scoresMap(doc), readScore, current.scores) : current.scores;
    const retrospectives = dirty.retrospectives.size
      ? refreshRecords('retrospectives', dirty.retrospectives, retrospectivesMap(doc), readRetrospective, current.retrospectives)
      : current.retrospectives;
    const changes = dirty.changes.size ? refreshRecords('changes', dirty.changes, changesMap(doc), readChange, current.changes) : current.changes;
    const checkpoints = dirty.checkpoints.size ? refreshRecords('checkpoints', dirty.checkpoints, checkpointsMap(doc), readCheckpoint, current.checkpoints) : current.checkpoints;
    const rolloutPlans = dirty.rolloutPlans.size
      ? refreshRecords('rollouts', dirty.rolloutPlans, rolloutsMap(doc), readRolloutPlan, current.rolloutPlans)
      : current.rolloutPlans;
    const rolloutStages = dirty.rolloutStages.size
      ? refreshRecords('rolloutStages', dirty.rolloutStages, rolloutStagesMap(doc), readStage, current.rolloutStages)
      : current.rolloutStages;
    const readinessGates = dirty.readinessGates.size
      ? refreshRecords('readinessGates', dirty.readinessGates, readinessGatesMap(doc), readReadinessGate, current.readinessGates)
      : current.readinessGates;
    let checkInsByKeyResult = current.checkInsByKeyResult;
    if (dirty.checkIns.size) {
      const next: Record<string, readonly CheckIn[]> = { ...checkInsByKeyResult };
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
      }
      checkInsByKeyResult = next;
    }
    dirty.meta = false;
    dirty.alignment = false;
    for (const set of dirtySets) set.clear();
    current = {
      meta,
      objectives,
      keyResults,
      checkInsByKeyResult,
      questions,
      initiatives,
      decisions,
      scores,
      retrospectives,
      changes,
      checkpoints,
      rolloutPlans,
      rolloutStages,
      readinessGates,
      alignment,
      problems: [...problems.values()],
    };
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
  const objectives = objectivesMap(doc);
  const keyResults = keyResultsMap(doc);
  const checkIns = checkInsMap(doc);
  const onMeta = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    dirty.meta = true;
    markDirty(events);
  };
  const onObjectives = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    touchedIds(events, objectives as Y.AbstractType<unknown>, dirty.objectives);
    markDirty(events);
  };
  const onKeyResults = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    touchedIds(events, keyResults as Y.AbstractType<unknown>, dirty.keyResults);
    markDirty(events);
  };
  const onCheckIns = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    touchedIds(events, checkIns as Y.AbstractType<unknown>, dirty.checkIns);
    markDirty(events);
  };
  // The maps added by issue 4 share one shape: ids touched, records re-read.
  const simple = [
    [questionsMap(doc), dirty.questions],
    [initiativesMap(doc), dirty.initiatives],
    [decisionsMap(doc), dirty.decisions],
    [scoresMap(doc), dirty.scores],
    [retrospectivesMap(doc), dirty.retrospectives],
    [changesMap(doc), dirty.changes],
    [checkpointsMap(doc), dirty.checkpoints],
    [rolloutsMap(doc), dirty.rolloutPlans],
    [rolloutStagesMap(doc), dirty.rolloutStages],
    [readinessGatesMap(doc), dirty.readinessGates],
  ] as const;
  const simpleObservers = simple.map(([map, ids]) => {
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
  objectives.observeDeep(onObjectives);
  keyResults.observeDeep(onKeyResults);
  checkIns.observeDeep(onCheckIns);
  return () => {
    stopped = true;
    meta.unobserveDeep(onMeta);
    objectives.unobserveDeep(onObjectives);
    keyResults.unobserveDeep(onKeyResults);
    checkIns.unobserveDeep(onCheckIns);
    for (const stop of simpleObservers) stop();
    for (const map of alignmentMaps) map.unobserveDeep(onAlignment);
  };
}
