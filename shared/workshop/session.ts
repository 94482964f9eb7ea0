import { compareOrdered, compareStrings } from '../order';
import type { AgendaRecord, AttendanceRecord, FacilitationRecord, StageKind } from '../schema/workshop';
import type { SignatureCache, Verdict } from './signed';
import { idleTimer, type TimerState } from './timer';

/*
 * What a session is, derived from its signed facts (docs/workshop.md,
 * "Session"): who facilitates, the agenda with its stage times and timers,
 * the current stage and whether it ended. Pure and deterministic: every
 * replica holding the same records derives the same session, whatever order
 * they arrived in. Records whose signature fails, or that someone other than
 * the facilitator signed where only the facilitator may write, are ignored
 * and reported; records not verified yet are ignored silently (their verdict
 * is on its way).
 */

export interface SessionRecords {
  facilitation: Iterable<FacilitationRecord>;
  agendaStages: Iterable<AgendaRecord>;
  attendance: Iterable<AttendanceRecord>;
}

/** A record's verdict: true (its signature checks), false, or undefined (not checked yet). */
export type VerdictOf = (record: { id: string; sig: string }) => Verdict;

export interface SessionProblem {
  root: 'facilitation' | 'agendaStages' | 'attendance';
  id: string;
  message: string;
}

export interface StageState {
  id: string;
  title: string;
  kind: StageKind;
  prompt: string;
  order: string;
  skipped: boolean;
  durationMs: number;
  /** When the facilitator first moved to it, and last moved on from it (the facilitator's clock). */
  startedAt: number | null;
  endedAt: number | null;
  timer: TimerState;
}

export interface SessionState {
  sessionId: string;
  facilitatorId: string;
  facilitatorName: string;
  startedAt: number;
  currentStageId: string | null;
  endedAt: number | null;
  endedBy: string | null;
  /** In agenda order, skipped ones included. */
  stages: StageState[];
  /** The latest time of the facilitator's facts: a new fact is stamped after it, so "the latest wins" follows the order they were made in. */
  lastAt: number;
  problems: SessionProblem[];
}

const byTime = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || compareStrings(a.id, b.id);

/** The valid `start` records of each session, earliest first. */
function startsOf(records: Iterable<FacilitationRecord>, verdictOf: VerdictOf): FacilitationRecord[] {
  return [...records].filter((r) => r.action === 'start' && verdictOf(r) === true).sort(byTime);
}

/** The most recently started session (by its start), or null. */
export function latestSessionId(records: Iterable<FacilitationRecord>, verdictOf: VerdictOf): string | null {
  const starts = startsOf(records, verdictOf);
  return starts.length ? starts[starts.length - 1]!.sessionId : null;
}

export function sessionStateOf(records: SessionRecords, sessionId: string, verdictOf: VerdictOf): SessionState | null {
  const problems: SessionProblem[] = [];
  const facts = [...records.facilitation].filter((r) => r.sessionId === sessionId);
  const start = startsOf(facts, verdictOf)[0];
  if (!start) return null;
  const facilitatorId = start.by;
  /** Valid, and written by the facilitator; reports the rest. */
  const trusted = <T extends { id: string; sig: string; by: string }>(root: SessionProblem['root'], record: T, mayWrite: (by: string) => boolean): boolean => {
    const verdict = verdictOf(record);
    if (verdict === undefined) return false;
    if (!verdict) {
      problems.push({ root, id: record.id, message: 'its signature does not check: ignored' });
      return false;
    }
    if (!mayWrite(record.by)) {
      problems.push({ root, id: record.id, message: 'signed by someone who is not the facilitator: ignored' });
      return false;
    }
    return true;
  };
  const isFacilitator = (by: string) => by === facilitatorId;
  for (const r of facts) {
    if (r.id === start.id) continue;
    if (r.action === 'start') {
      if (verdictOf(r) === true && r.by !== facilitatorId) problems.push({ root: 'facilitation', id: r.id, message: 'a later claim to facilitate this session: ignored' });
      else if (verdictOf(r) === false) problems.push({ root: 'facilitation', id: r.id, message: 'its signature does not check: ignored' });
    }
  }
  const valid = facts.filter((r) => r.action !== 'start' && trusted('facilitation', r, isFacilitator)).sort(byTime);
  const agenda = [...records.agendaStages].filter((r) => r.sessionId === sessionId && trusted('agendaStages', r, isFacilitator)).sort(byTime);

  // A stage is its latest definition; its timer its latest timer record (by the facilitator's clock, then id).
  const stages = new Map<string, StageState>();
  for (const r of agenda) {
    if (r.action !== 'define') continue;
    const previous = stages.get(r.stageId);
    stages.set(r.stageId, {
      id: r.stageId,
      title: r.title,
      kind: r.kind,
      prompt: r.prompt,
      order: r.order,
      skipped: r.skipped,
      durationMs: r.durationMs,
      startedAt: null,
      endedAt: null,
      timer: previous?.timer ?? idleTimer(r.durationMs),
    });
  }
  const timers = new Map<string, TimerState>();
  for (const r of agenda) if (r.action === 'timer') timers.set(r.stageId, { running: r.running, deadline: r.running ? r.deadline : null, remainingMs: r.remainingMs });
  for (const [stageId, timer] of timers) {
    const stage = stages.get(stageId);
    if (stage) stage.timer = timer;
  }

  // Stage times follow the advances, in order; an end closes the stage then current.
  let current: string | null = null;
  let endedAt: number | null = null;
  let endedBy: string | null = null;
  for (const r of valid) {
    if (endedAt !== null) break;
    if (r.action === 'advance') {
      const leaving = current ? stages.get(current) : undefined;
      if (leaving) leaving.endedAt = r.at;
      current = r.toStageId !== null && stages.has(r.toStageId) ? r.toStageId : null;
      const entering = current ? stages.get(current) : undefined;
      if (entering) {
        entering.startedAt ??= r.at;
        entering.endedAt = null;
      }
    } else if (r.action === 'end') {
      const leaving = current ? stages.get(current) : undefined;
      if (leaving) leaving.endedAt = r.at;
      endedAt = r.at;
      endedBy = r.by;
    }
  }
  return {
    sessionId,
    facilitatorId,
    facilitatorName: start.facilitatorName,
    startedAt: start.at,
    currentStageId: current,
    endedAt,
    endedBy,
    stages: [...stages.values()].sort(compareOrdered),
    lastAt: Math.max(start.at, ...valid.map((r) => r.at), ...agenda.map((r) => r.at)),
    problems,
  };
}

/** The stage after the current one that is not skipped (the first one when none is current yet), or null at the end. */
export function nextStageOf(state: SessionState): StageState | null {
  const live = state.stages;
  const from = state.currentStageId === null ? -1 : live.findIndex((s) => s.id === state.currentStageId);
  for (let i = from + 1; i < live.length; i++) if (!live[i]!.skipped) return live[i]!;
  return null;
}

export function currentStageOf(state: SessionState | null): StageState | null {
  if (!state || state.currentStageId === null) return null;
  return state.stages.find((s) => s.id === state.currentStageId) ?? null;
}

/** The session's records of a read workspace (readWorkspace's snapshot keeps them by section). */
export function sessionRecordsOf(snapshot: { facilitation: ReadonlyMap<string, FacilitationRecord>; agendaStages: ReadonlyMap<string, AgendaRecord>; attendance: ReadonlyMap<string, AttendanceRecord> }): SessionRecords {
  return { facilitation: snapshot.facilitation.values(), agendaStages: snapshot.agendaStages.values(), attendance: snapshot.attendance.values() };
}

/** Verifies every record (once, through `cache`), then derives the session: `sessionId`, or the latest one. */
export async function verifiedSessionState(
  records: { facilitation: readonly FacilitationRecord[]; agendaStages: readonly AgendaRecord[]; attendance: readonly AttendanceRecord[] },
  cache: SignatureCache,
  sessionId: string | null = null,
): Promise<SessionState | null> {
  await cache.verifyAll([...records.facilitation, ...records.agendaStages, ...records.attendance]);
  const verdictOf: VerdictOf = (r) => cache.verdict(r);
  const id = sessionId ?? latestSessionId(records.facilitation, verdictOf);
  return id === null ? null : sessionStateOf(records, id, verdictOf);
}
