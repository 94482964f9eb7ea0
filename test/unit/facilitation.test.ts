import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addStage, advanceStage, changeTimer, endSession, moveStage, recordAttendance, renameStage, setStageSkipped, startSession } from '../../shared/commands/facilitation';
import { CommandError } from '../../shared/commands/context';
import { markSessionStart } from '../../shared/commands/lifecycle';
import { readWorkspace } from '../../shared/schema/read';
import { rootMap } from '../../shared/schema/roots';
import { TEMPLATE_AGENDA } from '../../shared/workshop/agenda';
import { attendanceOf } from '../../shared/workshop/attendance';
import { newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import { currentStageOf, sessionRecordsOf, verifiedSessionState, type SessionState } from '../../shared/workshop/session';
import { SignatureCache, signRecord } from '../../shared/workshop/signed';
import { addMinute, idleTimer, pauseTimer, remainingMs, startTimer, MINUTE_MS } from '../../shared/workshop/timer';
import type { AgendaRecord, FacilitationRecord } from '../../shared/schema/workshop';
import { newWorkspace } from '../support/workspace';
import { buildReport } from '../../shared/queries/report';
import { formatStageDuration, verifiedWorkshopOutcome } from '../../shared/queries/workshopOutcome';
import { reportToMarkdown } from '../../shared/format/markdown';
import { reportToHtml } from '../../shared/format/html';

async function stateOf(doc: Y.Doc, cache = new SignatureCache()): Promise<SessionState> {
  const snapshot = readWorkspace(doc);
  const state = await verifiedSessionState(
    { facilitation: [...snapshot.facilitation.values()], agendaStages: [...snapshot.agendaStages.values()], attendance: [...snapshot.attendance.values()] },
    cache,
  );
  if (!state) throw new Error('no session');
  return state;
}

async function hosted(): Promise<{ doc: Y.Doc; ctx: ReturnType<typeof newWorkspace>['ctx']; tick: (ms?: number) => void; host: ParticipantKey; sessionId: string }> {
  const { doc, ctx, tick } = newWorkspace('Fay');
  const host = await newParticipantKey();
  const sessionId = markSessionStart(ctx, 'Workshop');
  await startSession(ctx, host, sessionId, 'Fay');
  tick(1000);
  return { doc, ctx, tick, host, sessionId };
}

describe('timer arithmetic (facilitator clock)', () => {
  it('starts, pauses, adds a minute and never goes below zero', () => {
    const t0 = 1_000_000;
    let timer = idleTimer(5 * MINUTE_MS);
    expect(remainingMs(timer, t0)).toBe(5 * MINUTE_MS);
    timer = startTimer(timer, t0);
    expect(timer.deadline).toBe(t0 + 5 * MINUTE_MS);
    expect(remainingMs(timer, t0 + 30_000)).toBe(4.5 * MINUTE_MS);
    timer = pauseTimer(timer, t0 + 30_000);
    expect(timer).toEqual({ running: false, deadline: null, remainingMs: 4.5 * MINUTE_MS });
    expect(remainingMs(timer, t0 + 10 * MINUTE_MS)).toBe(4.5 * MINUTE_MS);
    timer = addMinute(timer, t0);
    expect(timer.remainingMs).toBe(5.5 * MINUTE_MS);
    timer = startTimer(timer, t0 + MINUTE_MS);
    expect(remainingMs(timer, t0 + 100 * MINUTE_MS)).toBe(0);
    // A minute added after it ran out counts from now.
    timer = addMinute(timer, t0 + 100 * MINUTE_MS);
    expect(remainingMs(timer, t0 + 100 * MINUTE_MS)).toBe(MINUTE_MS);
  });
});

describe('the session and its agenda', () => {
  it('lays out the template, moves through stages and records their times', async () => {
    const { doc, ctx, tick, host, sessionId } = await hosted();
    let state = await stateOf(doc);
    expect(state.sessionId).toBe(sessionId);
    expect(state.facilitatorId).toBe(host.id);
    expect(state.stages.map((s) => s.title)).toEqual(TEMPLATE_AGENDA.map((s) => s.title));
    expect(state.currentStageId).toBeNull();
    const start = ctx.now();
    await advanceStage(ctx, host, state);
    state = await stateOf(doc);
    expect(currentStageOf(state)?.kind).toBe('context');
    tick(7 * MINUTE_MS);
    await setStageSkipped(ctx, host, state, state.stages[1]!.id, true);
    state = await stateOf(doc);
    tick(1000);
    await advanceStage(ctx, host, state);
    state = await stateOf(doc);
    // The skipped drafting stage is passed over.
    expect(currentStageOf(state)?.kind).toBe('reveal');
    expect(state.stages[0]).toMatchObject({ startedAt: start, endedAt: start + 7 * MINUTE_MS + 1000 });
    expect(state.stages[1]).toMatchObject({ skipped: true, startedAt: null });
    expect(state.stages[2]).toMatchObject({ startedAt: start + 7 * MINUTE_MS + 1000, endedAt: null });
  });

  it('adds, renames and reorders stages with fractional order keys', async () => {
    const { doc, ctx, host } = await hosted();
    let state = await stateOf(doc);
    const id = await addStage(ctx, host, state, '  Break  ');
    state = await stateOf(doc);
    expect(state.stages.at(-1)).toMatchObject({ id, title: 'Break', kind: 'custom' });
    await moveStage(ctx, host, state, id, 1);
    state = await stateOf(doc);
    expect(state.stages[1]!.id).toBe(id);
    await renameStage(ctx, host, state, id, 'Coffee');
    state = await stateOf(doc);
    expect(state.stages[1]!.title).toBe('Coffee');
    expect(state.stages).toHaveLength(TEMPLATE_AGENDA.length + 1);
    await expect(renameStage(ctx, host, state, id, '   ')).rejects.toBeInstanceOf(CommandError);
  });

  it('keeps the timer in the facilitator clock', async () => {
    const { doc, ctx, tick, host } = await hosted();
    let state = await stateOf(doc);
    await advanceStage(ctx, host, state);
    state = await stateOf(doc);
    const stage = currentStageOf(state)!;
    const startedAt = ctx.now();
    await changeTimer(ctx, host, state, stage.id, 'start');
    state = await stateOf(doc);
    expect(currentStageOf(state)!.timer.deadline).toBe(startedAt + stage.durationMs);
    tick(MINUTE_MS);
    await changeTimer(ctx, host, state, stage.id, 'add-minute');
    state = await stateOf(doc);
    expect(remainingMs(currentStageOf(state)!.timer, ctx.now())).toBe(stage.durationMs);
    await changeTimer(ctx, host, state, stage.id, 'pause');
    state = await stateOf(doc);
    expect(currentStageOf(state)!.timer).toEqual({ running: false, deadline: null, remainingMs: stage.durationMs });
  });

  it('refuses a participant’s command and ends the session for everyone', async () => {
    const { doc, ctx, host } = await hosted();
    const mallory = await newParticipantKey();
    let state = await stateOf(doc);
    await expect(advanceStage(ctx, mallory, state)).rejects.toThrow('Only the facilitator');
    await endSession(ctx, host, state);
    state = await stateOf(doc);
    expect(state.endedAt).toBe(ctx.now());
    expect(state.endedBy).toBe(host.id);
    await expect(advanceStage(ctx, host, state)).rejects.toThrow('ended');
  });
});

describe('hostile records', () => {
  it('ignores and reports a record signed by someone other than the facilitator, a forged signature and a late claim to facilitate', async () => {
    const { doc, ctx, host, sessionId } = await hosted();
    const mallory = await newParticipantKey();
    const before = await stateOf(doc);
    // Mallory signs an advance and a stage of her own with her key…
    const advance = await signRecord<FacilitationRecord>(mallory, { id: 'forgedAdvance0001', sessionId, action: 'advance', at: ctx.now(), facilitatorName: '', toStageId: before.stages[3]!.id });
    const stage = await signRecord<AgendaRecord>(mallory, {
      id: 'forgedStage000001',
      sessionId,
      stageId: before.stages[0]!.id,
      action: 'define',
      at: ctx.now() + 1,
      title: 'Mallory’s stage',
      kind: 'custom',
      prompt: '',
      order: 'a0',
      skipped: false,
      durationMs: 0,
      running: false,
      deadline: null,
      remainingMs: 0,
    });
    // …claims the facilitator's id with her own key (the signature cannot check)…
    const impostor = { ...(await signRecord<FacilitationRecord>(mallory, { id: 'forgedEnd00000001', sessionId, action: 'end', at: ctx.now(), facilitatorName: '', toStageId: null })), by: host.id };
    // …and claims the session later.
    const claim = await signRecord<FacilitationRecord>(mallory, { id: 'forgedStart000001', sessionId, action: 'start', at: ctx.now() + 5, facilitatorName: 'Mallory', toStageId: null });
    doc.transact(() => {
      rootMap(doc, 'facilitation').set(advance.id, advance);
      rootMap(doc, 'facilitation').set(impostor.id, impostor);
      rootMap(doc, 'facilitation').set(claim.id, claim);
      rootMap(doc, 'agendaStages').set(stage.id, stage);
    }, 'remote');
    const after = await stateOf(doc);
    expect(after.currentStageId).toBeNull();
    expect(after.endedAt).toBeNull();
    expect(after.facilitatorId).toBe(host.id);
    expect(after.stages[0]!.title).toBe(TEMPLATE_AGENDA[0]!.title);
    expect(after.problems.map((p) => p.id).sort()).toEqual(['forgedAdvance0001', 'forgedEnd00000001', 'forgedStage000001', 'forgedStart000001']);
    // Readers stay total: the records are read (and so reported), nothing crashes.
    expect(readWorkspace(doc).problems).toEqual([]);
  });

  it('reads a malformed record as a problem, never a crash', () => {
    const { doc } = newWorkspace();
    doc.transact(() => {
      rootMap(doc, 'facilitation').set('bad0000000000001', { id: 'bad0000000000001', action: 'launch', at: -4, by: 42 });
      rootMap(doc, 'agendaStages').set('bad0000000000002', 'not a record');
      rootMap(doc, 'attendance').set('bad0000000000003', { id: 'bad0000000000003', event: 'joined', name: 'x'.repeat(900) });
    });
    const snapshot = readWorkspace(doc);
    expect(snapshot.facilitation.get('bad0000000000001')?.sig).toBe('');
    expect(snapshot.attendance.get('bad0000000000003')?.name).toHaveLength(500);
    expect(snapshot.problems.map((p) => p.map)).toEqual(expect.arrayContaining(['facilitation', 'agendaStages', 'attendance']));
  });
});

describe('attendance', () => {
  it('dedupes joins and lefts written by the participant and the facilitator, and ignores a join written for someone else', async () => {
    const { doc, ctx, host, sessionId } = await hosted();
    const ana = await newParticipantKey();
    const mallory = await newParticipantKey();
    const t = ctx.now();
    await recordAttendance(ctx, host, sessionId, { id: host.id, name: 'Fay' }, 'joined', t);
    await recordAttendance(ctx, ana, sessionId, { id: ana.id, name: 'Ana' }, 'joined', t + 1000);
    await recordAttendance(ctx, ana, sessionId, { id: ana.id, name: 'Ana' }, 'joined', t + 2000); // a reconnect
    await recordAttendance(ctx, ana, sessionId, { id: ana.id, name: 'Ana' }, 'left', t + 60_000);
    await recordAttendance(ctx, host, sessionId, { id: ana.id, name: 'Ana' }, 'left', t + 61_000); // the facilitator noticed too
    await recordAttendance(ctx, ana, sessionId, { id: ana.id, name: 'Ana' }, 'joined', t + 120_000);
    await recordAttendance(ctx, mallory, sessionId, { id: ana.id, name: 'Ana' }, 'left', t + 130_000);
    const cache = new SignatureCache();
    const state = await stateOf(doc, cache);
    const snapshot = readWorkspace(doc);
    const { visits, problems } = attendanceOf(sessionRecordsOf(snapshot).attendance, sessionId, state.facilitatorId, (r) => cache.verdict(r));
    expect(visits).toEqual([
      { participantId: ana.id, name: 'Ana', joinedAt: t + 1000, leftAt: t + 60_000 },
      { participantId: ana.id, name: 'Ana', joinedAt: t + 120_000, leftAt: null },
      { participantId: host.id, name: 'Fay', joinedAt: t, leftAt: null },
    ]);
    expect(problems).toHaveLength(1);
  });
});

describe('the session outcome in the report', () => {
  it('opens the Markdown and HTML report with attendance and the agenda as run', async () => {
    const { doc, ctx, tick, host, sessionId } = await hosted();
    const ana = await newParticipantKey();
    await recordAttendance(ctx, host, sessionId, { id: host.id, name: 'Fay' }, 'joined', ctx.now());
    await recordAttendance(ctx, ana, sessionId, { id: ana.id, name: 'Ana <b>' }, 'joined', ctx.now() + 5000);
    let state = await stateOf(doc);
    await advanceStage(ctx, host, state);
    tick(12 * MINUTE_MS);
    state = await stateOf(doc);
    await advanceStage(ctx, host, state);
    tick(3 * MINUTE_MS);
    state = await stateOf(doc);
    await endSession(ctx, host, state);
    const snapshot = readWorkspace(doc);
    const outcome = await verifiedWorkshopOutcome(snapshot, new SignatureCache());
    expect(outcome).toMatchObject({ sessionId, facilitatorName: 'Fay', endedAt: ctx.now() });
    expect(outcome!.attendance.map((v) => [v.name, v.leftAt])).toEqual([
      ['Ana <b>', ctx.now()],
      ['Fay', ctx.now()],
    ]);
    expect(outcome!.agenda.slice(0, 2).map((s) => formatStageDuration(s.startedAt, s.endedAt))).toEqual(['12 min', '3 min']);
    const report = buildReport(snapshot, { scope: { kind: 'workspace' }, now: ctx.now(), locale: 'en-GB', outcome });
    const markdown = reportToMarkdown(report);
    const sections = markdown.split('\n## ').map((s) => s.split('\n')[0]);
    // Page one: the session in brief (who attended) and the summary; the outcome in full after them.
    expect(sections.slice(1, 4)).toEqual(['This session', 'Summary', 'Session outcome']);
    expect(markdown).toContain('Attended: Ana \\<b\\>, Fay.');
    expect(markdown).toContain('| Ana \\<b\\> |');
    expect(markdown).toContain('| Context and north stars |');
    const html = reportToHtml(report);
    expect(html.indexOf('Attended: Ana &lt;b&gt;, Fay.')).toBeGreaterThan(0);
    expect(html.indexOf('Attended: Ana &lt;b&gt;, Fay.')).toBeLessThan(html.indexOf('<h2 id="summary">Summary</h2>'));
    expect(html.indexOf('<h2 id="outcome">Session outcome</h2>')).toBeGreaterThan(html.indexOf('<h2 id="summary">Summary</h2>'));
    expect(html).toContain('Ana &lt;b&gt;');
    // A workspace without a session has no outcome.
    expect(await verifiedWorkshopOutcome(readWorkspace(newWorkspace().doc), new SignatureCache())).toBeNull();
  });
});
