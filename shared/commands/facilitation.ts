import { newId } from '../ids';
import { orderAtEnd, orderBetween, orderForMove } from '../order';
import { rootMap } from '../schema/roots';
import { firstProblem } from '../schema/readCommon';
import { readAgendaStage, readAttendance, readFacilitation, type AgendaRecord, type AttendanceRecord, type FacilitationRecord, type StageKind } from '../schema/workshop';
import { toWellFormed } from '../text';
import { CUSTOM_STAGE_MINUTES, MAX_STAGE_TITLE, TEMPLATE_AGENDA } from '../workshop/agenda';
import type { ParticipantKey } from '../workshop/participantKey';
import { nextStageOf, type SessionState, type StageState } from '../workshop/session';
import { signRecord, type Unsigned } from '../workshop/signed';
import { addMinute, pauseTimer, startTimer, type TimerState } from '../workshop/timer';
import { CommandError, transact, type CommandContext } from './context';
import { refuseInJournal } from './workshopGuard';

/*
 * The facilitator's commands (docs/workshop.md, "Session"). Each writes new
 * signed facts and changes none: signing is asynchronous (WebCrypto), so a
 * command builds its records from the session as the caller sees it, signs
 * them, then appends them in one transaction. Authority is checked here for
 * a clear refusal, and again by every reader (shared/workshop/session.ts),
 * which is what counts: a record someone else signs is ignored everywhere.
 */

type Write = { root: 'facilitation'; record: FacilitationRecord } | { root: 'agendaStages'; record: AgendaRecord } | { root: 'attendance'; record: AttendanceRecord };

/** Checks each record with its reader (what is signed must read back exactly), then appends them all. */
function append(ctx: CommandContext, writes: readonly Write[]): void {
  for (const write of writes) {
    const read =
      write.root === 'facilitation' ? readFacilitation(write.record.id, write.record) : write.root === 'agendaStages' ? readAgendaStage(write.record.id, write.record) : readAttendance(write.record.id, write.record);
    const problem = firstProblem<unknown>(read);
    if (problem) throw new CommandError(`This cannot be recorded: ${problem.message}.`);
  }
  transact(ctx, () => {
    for (const { root, record } of writes) rootMap(ctx.doc, root).set(record.id, record);
  });
}

async function fact(key: ParticipantKey, unsigned: Unsigned<FacilitationRecord>): Promise<Write> {
  return { root: 'facilitation', record: await signRecord<FacilitationRecord>(key, unsigned) };
}
async function stageFact(key: ParticipantKey, unsigned: Unsigned<AgendaRecord>): Promise<Write> {
  return { root: 'agendaStages', record: await signRecord<AgendaRecord>(key, unsigned) };
}

function requireFacilitator(state: SessionState | null, key: ParticipantKey): SessionState {
  if (!state) throw new CommandError('No session has started here.');
  if (state.facilitatorId !== key.id) throw new CommandError('Only the facilitator can do that.');
  if (state.endedAt !== null) throw new CommandError('The session has ended.');
  return state;
}

/**
 * When a new fact of the facilitator is stamped: now, but after every fact
 * already made (two clicks in one millisecond must still read in the order
 * they were made, since the latest fact wins).
 */
function stampAfter(ctx: CommandContext, state: SessionState | null): CommandContext {
  const after = state ? state.lastAt + 1 : 0;
  return { ...ctx, now: () => Math.max(ctx.now(), after) };
}

const NO_TIMER = { running: false, deadline: null, remainingMs: 0 } as const;

/**
 * A stage's full state as a record (its definition, or its timer): every
 * field, so the signature covers what is read back.
 */
function stageRecord(ctx: CommandContext, sessionId: string, stage: Omit<StageState, 'startedAt' | 'endedAt' | 'timer'>, action: 'define' | 'timer', timer: TimerState | null): Unsigned<AgendaRecord> {
  return {
    id: newId(),
    sessionId,
    stageId: stage.id,
    action,
    at: ctx.now(),
    title: stage.title,
    kind: stage.kind,
    prompt: stage.prompt,
    order: stage.order,
    skipped: stage.skipped,
    durationMs: stage.durationMs,
    ...(timer ? { running: timer.running, deadline: timer.running ? timer.deadline : null, remainingMs: Math.round(timer.remainingMs) } : NO_TIMER),
  };
}

const defineRecord = (ctx: CommandContext, sessionId: string, stage: Omit<StageState, 'startedAt' | 'endedAt' | 'timer'>) => stageRecord(ctx, sessionId, stage, 'define', null);
const timerRecord = (ctx: CommandContext, sessionId: string, stage: StageState, timer: TimerState) => stageRecord(ctx, sessionId, stage, 'timer', timer);

/**
 * Starts the session `sessionId` (the `sessions` checkpoint of hosting) with
 * this laptop's participant as its facilitator, and lays out the template
 * agenda. Returns the stage ids in order.
 */
export async function startSession(ctx: CommandContext, key: ParticipantKey, sessionId: string, facilitatorName: string): Promise<string[]> {
  refuseInJournal(ctx, 'workshop session');
  const start = await fact(key, { id: newId(), sessionId, action: 'start', at: ctx.now(), facilitatorName: toWellFormed(facilitatorName.slice(0, 200)), toStageId: null });
  const stages: Write[] = [];
  const ids: string[] = [];
  let previous: string | null = null;
  for (const plan of TEMPLATE_AGENDA) {
    const order = orderBetween(previous, null);
    previous = order;
    const id = newId();
    ids.push(id);
    stages.push(await stageFact(key, defineRecord(ctx, sessionId, { id, ...plan, order, skipped: false })));
  }
  append(ctx, [start, ...stages]);
  return ids;
}

function checkTitle(raw: string): string {
  const title = toWellFormed(raw.replace(/\s+/g, ' ').trim());
  if (!title) throw new CommandError('Type the stage’s title.', 'title');
  if (title.length > MAX_STAGE_TITLE) throw new CommandError(`A stage’s title is at most ${MAX_STAGE_TITLE} characters.`, 'title');
  return title;
}

/** Adds a stage at the end of the agenda. Returns its id. */
export async function addStage(context: CommandContext, key: ParticipantKey, state: SessionState | null, title: string, kind: StageKind = 'custom', prompt = ''): Promise<string> {
  const session = requireFacilitator(state, key);
  const ctx = stampAfter(context, session);
  const id = newId();
  const stage = { id, title: checkTitle(title), kind, prompt: toWellFormed(prompt.trim().slice(0, 2000)), order: orderAtEnd(session.stages), skipped: false, durationMs: CUSTOM_STAGE_MINUTES * 60_000 };
  append(ctx, [await stageFact(key, defineRecord(ctx, session.sessionId, stage))]);
  return id;
}

function requireStage(state: SessionState, stageId: string): StageState {
  const stage = state.stages.find((s) => s.id === stageId);
  if (!stage) throw new CommandError('That stage is not on the agenda.');
  return stage;
}

async function redefine(context: CommandContext, key: ParticipantKey, state: SessionState | null, stageId: string, change: (stage: StageState, session: SessionState) => Partial<StageState>): Promise<void> {
  const session = requireFacilitator(state, key);
  const ctx = stampAfter(context, session);
  const stage = requireStage(session, stageId);
  append(ctx, [await stageFact(key, defineRecord(ctx, session.sessionId, { ...stage, ...change(stage, session) }))]);
}

export async function renameStage(ctx: CommandContext, key: ParticipantKey, state: SessionState | null, stageId: string, title: string): Promise<void> {
  const checked = checkTitle(title);
  return redefine(ctx, key, state, stageId, () => ({ title: checked }));
}

/** Moves a stage to `targetIndex` in the agenda (0 = first). */
export function moveStage(ctx: CommandContext, key: ParticipantKey, state: SessionState | null, stageId: string, targetIndex: number): Promise<void> {
  return redefine(ctx, key, state, stageId, (_stage, session) => ({ order: orderForMove(session.stages, stageId, targetIndex) }));
}

export function setStageSkipped(ctx: CommandContext, key: ParticipantKey, state: SessionState | null, stageId: string, skipped: boolean): Promise<void> {
  return redefine(ctx, key, state, stageId, (stage, session) => {
    if (skipped && session.currentStageId === stage.id) throw new CommandError('The current stage cannot be skipped: move to the next one first.');
    return { skipped };
  });
}

/**
 * Moves the room to the next stage that is not skipped (the first, when the
 * session has not begun one). Past the last stage, no stage is current.
 * Returns the new current stage id.
 */
export async function advanceStage(context: CommandContext, key: ParticipantKey, state: SessionState | null): Promise<string | null> {
  const session = requireFacilitator(state, key);
  const ctx = stampAfter(context, session);
  const next = nextStageOf(session);
  if (!next && session.currentStageId === null) throw new CommandError('Every stage has been run.');
  const writes = [await fact(key, { id: newId(), sessionId: session.sessionId, action: 'advance', at: ctx.now(), facilitatorName: '', toStageId: next?.id ?? null })];
  // The stage left behind stops counting down.
  const current = session.stages.find((s) => s.id === session.currentStageId);
  if (current?.timer.running) writes.push(await stageFact(key, timerRecord(ctx, session.sessionId, current, pauseTimer(current.timer, context.now()))));
  append(ctx, writes);
  return next?.id ?? null;
}

export type TimerAction = 'start' | 'pause' | 'add-minute';

/** Starts, pauses or lengthens a stage's timer; times are the facilitator's clock (ctx.now on the facilitator's laptop). */
export async function changeTimer(context: CommandContext, key: ParticipantKey, state: SessionState | null, stageId: string, action: TimerAction): Promise<TimerState> {
  const session = requireFacilitator(state, key);
  const stage = requireStage(session, stageId);
  // The timer counts in the facilitator's real clock; only the record's stamp is kept after the last fact.
  const now = context.now();
  const ctx = stampAfter(context, session);
  const timer = action === 'start' ? startTimer(stage.timer, now) : action === 'pause' ? pauseTimer(stage.timer, now) : addMinute(stage.timer, now);
  append(ctx, [await stageFact(key, timerRecord(ctx, session.sessionId, stage, timer))]);
  return timer;
}

/** Ends the session for everyone. */
export async function endSession(context: CommandContext, key: ParticipantKey, state: SessionState | null): Promise<void> {
  const session = requireFacilitator(state, key);
  const ctx = stampAfter(context, session);
  append(ctx, [await fact(key, { id: newId(), sessionId: session.sessionId, action: 'end', at: ctx.now(), facilitatorName: '', toStageId: null })]);
}

/**
 * Records that `participantId` joined or left, `at` in the facilitator's clock
 * as far as the writer knows it. Signed by the writer: the participant itself,
 * or the facilitator noting that someone's presence vanished.
 */
export async function recordAttendance(ctx: CommandContext, key: ParticipantKey, sessionId: string, participant: { id: string; name: string }, event: 'joined' | 'left', at: number): Promise<void> {
  const record = await signRecord<AttendanceRecord>(key, { id: newId(), sessionId, participantId: participant.id, name: toWellFormed(participant.name.slice(0, 200)), event, at: Math.max(0, Math.round(at)) });
  append(ctx, [{ root: 'attendance', record }]);
}
