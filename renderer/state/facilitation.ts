import { create } from 'zustand';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { CommandContext } from '../../shared/commands/context';
import { addStage, advanceStage, changeTimer, endSession, moveStage, recordAttendance, renameStage, setStageSkipped, startSession, type TimerAction } from '../../shared/commands/facilitation';
import type { AgendaRecord, AttendanceRecord, FacilitationRecord } from '../../shared/schema/workshop';
import type { WorkshopConnection } from '../../shared/sync/workshopConnection';
import { attendanceOf, type Visit } from '../../shared/workshop/attendance';
import { followClock, OffsetEstimator, serveClock, type ClockFollower } from '../../shared/workshop/clock';
import type { ParticipantKey } from '../../shared/workshop/participantKey';
import { currentStageOf, latestSessionId, sessionStateOf, type SessionState, type StageState, type VerdictOf } from '../../shared/workshop/session';
import { SignatureCache } from '../../shared/workshop/signed';
import type { WorkshopOutcome } from '../../shared/queries/workshopOutcome';
import { verifiedSessionOutcome } from '../../shared/queries/sessionOutcome';
import { readWorkspace } from '../../shared/schema/read';
import { reportError } from './toasts';
import { NameNeeded, useIdentity } from './identity';
import { localParticipant } from './participant';
import { dismissSessionNotice } from './sessionNotice';
import { hostWorkshop, onWorkshopConnection, stopSharing } from './workshopSession';
import { encodeOpenWorkspaceUpdate, runCommand, useWorkspace } from './workspaceSession';

/*
 * The facilitator's session as this laptop sees it (docs/workshop.md,
 * "Session"): the session derived from the document's signed facts (each
 * signature checked once), this laptop's offset to the facilitator's clock
 * (estimated over awareness, shared/workshop/clock.ts), attendance, and the
 * end of the session, which every participant is told in words.
 */

export interface FacilitationState {
  sessionId: string | null;
  isFacilitator: boolean;
  currentStage: StageState | null;
  session: SessionState | null;
  attendance: Visit[];
  /** The facilitator's clock minus this laptop's, ms (0 on the facilitator's laptop); null until estimated. */
  offsetMs: number | null;
  /** The round trip of the exchange the offset comes from: twice its worst error. */
  roundTripMs: number | null;
  /** This laptop's participant id, once its key is loaded. */
  participantId: string | null;
  /** Set when the facilitator ended a session this laptop was in; shown until dismissed. */
  endedNotice: boolean;
}

const INITIAL: FacilitationState = {
  sessionId: null,
  isFacilitator: false,
  currentStage: null,
  session: null,
  attendance: [],
  offsetMs: null,
  roundTripMs: null,
  participantId: null,
  endedNotice: false,
};

export const useFacilitation = create<FacilitationState>(() => INITIAL);

/** The words every participant reads when the facilitator ends the session. */
export const SESSION_ENDED_MESSAGE = 'The facilitator ended the session. Your edits stay on this laptop and will merge when you meet again.';

/** The facilitator's clock as this laptop best knows it. */
export function facilitatorNow(localNow = Date.now()): number {
  return localNow + (useFacilitation.getState().offsetMs ?? 0);
}

const cache = new SignatureCache();
let key: ParticipantKey | null = null;
let connection: WorkshopConnection | null = null;
let estimator = new OffsetEstimator();
let stopClock: (() => void) | null = null;
let stopAttendanceWatch: (() => void) | null = null;
/** The session this connection has written its "joined" for. */
let joinedSession: string | null = null;
/** The session that was live when this laptop connected (ending it later is what the notice is about). */
let liveSession: string | null = null;
let deriving = 0;

type Records = { facilitation: readonly FacilitationRecord[]; agendaStages: readonly AgendaRecord[]; attendance: readonly AttendanceRecord[] };

function recordsOfWorkspace(): Records {
  const s = useWorkspace.getState();
  return { facilitation: Object.values(s.facilitation), agendaStages: Object.values(s.agendaStages), attendance: Object.values(s.attendance) };
}

async function derive(): Promise<void> {
  const run = ++deriving;
  const records = recordsOfWorkspace();
  await cache.verifyAll([...records.facilitation, ...records.agendaStages, ...records.attendance]);
  if (run !== deriving) return; // a newer derivation is on its way
  const verdictOf: VerdictOf = (r) => cache.verdict(r);
  const sessionId = latestSessionId(records.facilitation, verdictOf);
  const session = sessionId === null ? null : sessionStateOf(records, sessionId, verdictOf);
  const isFacilitator = !!session && !!key && session.facilitatorId === key.id;
  const attendance = session ? attendanceOf(records.attendance, session.sessionId, session.facilitatorId, verdictOf).visits : [];
  const previous = useFacilitation.getState();
  useFacilitation.setState({ sessionId, session, isFacilitator, currentStage: currentStageOf(session), attendance, participantId: key?.id ?? null });
  if (session && isFacilitator && previous.offsetMs !== 0) useFacilitation.setState({ offsetMs: 0, roundTripMs: 0 });
  syncClock();
  void noteJoined();
  // The session ended while we were in it: say so in words, and leave the room.
  if (session && session.endedAt !== null && connection && liveSession === session.sessionId) {
    liveSession = null;
    // The facilitator ended it: they know; everyone else is told in words.
    if (!isFacilitator) {
      useFacilitation.setState({ endedNotice: true });
      // One notice for one event: a "stopped sharing" the room heard first was this end.
      dismissSessionNotice();
    }
    stopSharing();
  }
}

/** Starts or stops serving / following the facilitator's clock as the session and connection change. */
function syncClock(): void {
  const { session, isFacilitator } = useFacilitation.getState();
  const want = connection && session && session.endedAt === null ? (isFacilitator ? 'serve' : 'follow') : null;
  const running = stopClock ? clockRole : null;
  if (want === running) return;
  stopClock?.();
  stopClock = null;
  clockRole = null;
  if (!want || !connection || !session || !key) return;
  const awareness: Awareness = connection.awareness;
  awareness.setLocalStateField('attendee', { id: key.id, name: useIdentity.getState().name ?? '' });
  if (want === 'serve') {
    stopClock = serveClock(awareness, key.id, Date.now);
    stopAttendanceWatch = watchDepartures(awareness, session.sessionId);
    const stopServe = stopClock;
    stopClock = () => {
      stopServe();
      stopAttendanceWatch?.();
      stopAttendanceWatch = null;
    };
  } else {
    estimator = new OffsetEstimator();
    const follower: ClockFollower = followClock(awareness, () => useFacilitation.getState().session?.facilitatorId ?? null, Date.now, estimator, () => {
      useFacilitation.setState({ offsetMs: estimator.offset(), roundTripMs: estimator.roundTrip() });
      void noteJoined();
    });
    // Quick pings at first (an estimate within a second of joining), then a refresh every few seconds.
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      follower.ping();
      timer = setTimeout(tick, estimator.size < 6 ? 300 : 3000);
    };
    tick();
    stopClock = () => {
      clearTimeout(timer);
      follower.stop();
    };
  }
  clockRole = want;
}
let clockRole: 'serve' | 'follow' | null = null;

/** The facilitator writes a "left" for a participant whose presence vanished (their laptop closed, their network dropped). */
function watchDepartures(awareness: Awareness, sessionId: string): () => void {
  const known = new Map<number, { id: string; name: string }>();
  const onChange = ({ removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    awareness.getStates().forEach((state, clientId) => {
      const attendee = (state as { attendee?: { id?: unknown; name?: unknown } }).attendee;
      if (attendee && typeof attendee.id === 'string' && typeof attendee.name === 'string') known.set(clientId, { id: attendee.id.slice(0, 64), name: attendee.name.slice(0, 200) });
    });
    for (const clientId of removed) {
      const gone = known.get(clientId);
      known.delete(clientId);
      if (!gone) continue;
      const stillHere = [...known.values()].some((p) => p.id === gone.id);
      if (!stillHere && key) void signed((ctx) => recordAttendance(ctx, key!, sessionId, gone, 'left', Date.now()));
    }
  };
  awareness.on('change', onChange);
  return () => awareness.off('change', onChange);
}

/** Writes this laptop's "joined" once per connection, when its time can be given in the facilitator's clock. */
async function noteJoined(): Promise<void> {
  const { session, offsetMs, isFacilitator } = useFacilitation.getState();
  if (!connection || !session || !key || session.endedAt !== null || joinedSession === session.sessionId) return;
  if (offsetMs === null && !isFacilitator) return;
  joinedSession = session.sessionId;
  liveSession = session.sessionId;
  const name = useIdentity.getState().name ?? '';
  await signed((ctx) => recordAttendance(ctx, key!, session.sessionId, { id: key!.id, name }, 'joined', facilitatorNow()));
}

/** Runs a signed command as this user; a refusal is shown, not thrown. */
async function signed<T>(command: (ctx: CommandContext) => Promise<T>, what = 'That did not work'): Promise<T | undefined> {
  try {
    const ctx = runCommand((c) => c);
    return await command(ctx);
  } catch (error) {
    if (error instanceof NameNeeded) return undefined;
    reportError(error, what);
    return undefined;
  }
}

let started = false;
/** Follows the open workspace's session; called once by the app shell. */
export function startFacilitation(): () => void {
  if (started) return () => {};
  started = true;
  void localParticipant().then((k) => {
    key = k;
    void derive();
  });
  const offWorkspace = useWorkspace.subscribe((state, previous) => {
    if (state.facilitation !== previous.facilitation || state.agendaStages !== previous.agendaStages || state.attendance !== previous.attendance) void derive();
  });
  const offConnection = onWorkshopConnection((next) => {
    if (!next && connection && key) {
      // A clean leave: say so (it reaches the others now or at the next meeting).
      const { session } = useFacilitation.getState();
      if (session && session.endedAt === null && joinedSession === session.sessionId) void signed((ctx) => recordAttendance(ctx, key!, session.sessionId, { id: key!.id, name: useIdentity.getState().name ?? '' }, 'left', facilitatorNow()));
    }
    connection = next;
    joinedSession = null;
    if (!next) {
      stopClock?.();
      stopClock = null;
      clockRole = null;
    }
    if (next) useFacilitation.setState({ offsetMs: null, roundTripMs: null });
    void derive();
  });
  return () => {
    offWorkspace();
    offConnection();
    started = false;
  };
}

/** Hosts the open workspace; a workshop's host becomes the facilitator of a new session with the template agenda. */
export async function hostFacilitatedWorkshop(isWorkshop: boolean): Promise<void> {
  const sessionId = await hostWorkshop();
  if (!isWorkshop) return;
  const k = (key ??= await localParticipant());
  await signed((ctx) => startSession(ctx, k, sessionId, useIdentity.getState().name ?? ''), 'The session could not start');
}

function facilitatorCommand<T>(command: (ctx: CommandContext, key: ParticipantKey, state: SessionState | null) => Promise<T>, what: string): Promise<T | undefined> {
  const k = key;
  if (!k) return Promise.resolve(undefined);
  return signed((ctx) => command(ctx, k, useFacilitation.getState().session), what);
}

export const facilitate = {
  next: () => facilitatorCommand(advanceStage, 'Could not move to the next stage'),
  timer: (stageId: string, action: TimerAction) => facilitatorCommand((ctx, k, s) => changeTimer(ctx, k, s, stageId, action), 'The timer did not change'),
  add: (title: string) => facilitatorCommand((ctx, k, s) => addStage(ctx, k, s, title), 'The stage was not added'),
  rename: (stageId: string, title: string) => facilitatorCommand((ctx, k, s) => renameStage(ctx, k, s, stageId, title), 'The stage was not renamed'),
  move: (stageId: string, index: number) => facilitatorCommand((ctx, k, s) => moveStage(ctx, k, s, stageId, index), 'The stage did not move'),
  skip: (stageId: string, skipped: boolean) => facilitatorCommand((ctx, k, s) => setStageSkipped(ctx, k, s, stageId, skipped), 'The stage did not change'),
  end: () => facilitatorCommand(endSession, 'The session did not end'),
};

export function dismissEndedNotice(): void {
  useFacilitation.setState({ endedNotice: false });
  // The room's "stopped sharing" of the same end, hidden under this one (SessionNotice), goes with it.
  dismissSessionNotice();
}

/**
 * The outcome of the session that started at checkpoint `sessionId` (the
 * report's "What changed in this session"), its signatures checked: what the
 * facilitator's report opens with. Null when that hosting ran no session.
 */
export function outcomeOfSession(sessionId: string): Promise<WorkshopOutcome | null> {
  // Read from a copy of the document, not the projection: the outcome needs every ballot, draft and change record; a copy needs no signer's name (a read is not a write).
  const copy = new Y.Doc();
  Y.applyUpdate(copy, encodeOpenWorkspaceUpdate());
  const snapshot = readWorkspace(copy);
  copy.destroy();
  return verifiedSessionOutcome(snapshot, cache, sessionId);
}
