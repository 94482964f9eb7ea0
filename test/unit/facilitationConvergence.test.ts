import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStage, advanceStage, changeTimer, endSession, moveStage, recordAttendance, renameStage, setStageSkipped, startSession } from '../../shared/commands/facilitation';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { canonicalJson, newParticipantKey, type ParticipantKey } from '../../shared/workshop/participantKey';
import { readWorkspace } from '../../shared/schema/read';
import { rootMap } from '../../shared/schema/roots';
import type { AgendaRecord } from '../../shared/schema/workshop';
import { attendanceOf } from '../../shared/workshop/attendance';
import { currentStageOf, sessionStateOf, type SessionState } from '../../shared/workshop/session';
import { SignatureCache, signRecord } from '../../shared/workshop/signed';
import { seededRandom, type Random } from '../support/random';
import { newWorkspace, syncBoth } from '../support/workspace';

/*
 * Randomized convergence of the session's roots: three replicas (the
 * facilitator's laptop, a second window of the facilitator — same key — and a
 * participant who also tries to forge facilitator records), random commands,
 * random pairwise syncs and a partition that heals. Every replica must derive
 * the same session and attendance, and the forged records must be the only
 * problems reported.
 */

const cache = new SignatureCache();

async function derived(doc: Y.Doc, sessionId: string): Promise<{ state: SessionState; json: string }> {
  const s = readWorkspace(doc);
  const records = { facilitation: [...s.facilitation.values()], agendaStages: [...s.agendaStages.values()], attendance: [...s.attendance.values()] };
  await cache.verifyAll([...records.facilitation, ...records.agendaStages, ...records.attendance]);
  const verdictOf = (r: { id: string; sig: string }) => cache.verdict(r);
  const state = sessionStateOf(records, sessionId, verdictOf)!;
  const attendance = attendanceOf(records.attendance, sessionId, state.facilitatorId, verdictOf);
  const sortProblems = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { state, json: canonicalJson({ ...state, problems: sortProblems(state.problems), attendance: { ...attendance, problems: sortProblems(attendance.problems) } }) };
}

async function forgedStage(key: ParticipantKey, sessionId: string, at: number, stageId: string, id: string): Promise<AgendaRecord> {
  return signRecord<AgendaRecord>(key, { id, sessionId, stageId, action: 'define', at, title: 'Forged', kind: 'custom', prompt: '', order: 'a0', skipped: false, durationMs: 0, running: false, deadline: null, remainingMs: 0 });
}

interface Replica {
  doc: Y.Doc;
  ctx: CommandContext;
}

async function randomOp(random: Random, replicas: Replica[], host: ParticipantKey, guest: ParticipantKey, sessionId: string, forged: string[]): Promise<void> {
  const which = random.int(3);
  const { doc, ctx } = replicas[which]!;
  const { state } = await derived(doc, sessionId);
  const stage = random.pick(state.stages);
  try {
    if (which === 2) {
      // The participant: attendance, and now and then a forged stage.
      if (random.chance(0.3)) {
        const id = `forged${String(forged.length).padStart(10, '0')}`;
        forged.push(id);
        const record = await forgedStage(guest, sessionId, ctx.now(), stage?.id ?? 'nostage', id);
        doc.transact(() => rootMap(doc, 'agendaStages').set(record.id, record), ctx.origin);
      } else await recordAttendance(ctx, guest, sessionId, { id: guest.id, name: 'Gus' }, random.chance(0.5) ? 'joined' : 'left', ctx.now());
      return;
    }
    switch (random.int(7)) {
      case 0:
        await addStage(ctx, host, state, `Stage ${random.int(100)}`);
        break;
      case 1:
        if (stage) await renameStage(ctx, host, state, stage.id, `Renamed ${random.int(100)}`);
        break;
      case 2:
        if (stage) await moveStage(ctx, host, state, stage.id, random.int(state.stages.length));
        break;
      case 3:
        if (stage) await setStageSkipped(ctx, host, state, stage.id, random.chance(0.5));
        break;
      case 4:
        await advanceStage(ctx, host, state);
        break;
      case 5:
        if (stage) await changeTimer(ctx, host, state, stage.id, random.pick(['start', 'pause', 'add-minute'] as const)!);
        break;
      default:
        if (random.chance(0.1)) await endSession(ctx, host, state);
        else await recordAttendance(ctx, host, sessionId, { id: host.id, name: 'Fay' }, 'joined', ctx.now());
    }
  } catch (error) {
    // Refusals (ended session, skipping the current stage, every stage run) are part of the game.
    if (!(error instanceof Error) || error.name !== 'CommandError') throw error;
  }
}

async function runSeed(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const host = await newParticipantKey();
  const guest = await newParticipantKey();
  const base = newWorkspace('Fay');
  let now = Date.UTC(2026, 6, 1, 9);
  const clock = () => now;
  const replicas: Replica[] = [0, 1, 2].map((i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base.doc));
    return { doc, ctx: localContext(doc, i === 2 ? 'Gus' : 'Fay', clock) };
  });
  const sessionId = 'session000000001';
  await startSession(replicas[0]!.ctx, host, sessionId, 'Fay');
  syncBoth(replicas[0]!.doc, replicas[1]!.doc);
  syncBoth(replicas[0]!.doc, replicas[2]!.doc);
  const forged: string[] = [];
  const partitionAt = 10 + random.int(10);
  const healAt = partitionAt + 10 + random.int(10);
  for (let step = 0; step < 40; step++) {
    now += 1 + random.int(5000);
    await randomOp(random, replicas, host, guest, sessionId, forged);
    const partitioned = step >= partitionAt && step < healAt;
    if (random.chance(0.5)) {
      const a = random.int(3);
      const b = random.int(3);
      // While partitioned, the second window (1) is cut off from the others.
      if (a !== b && !(partitioned && (a === 1 || b === 1))) syncBoth(replicas[a]!.doc, replicas[b]!.doc);
    }
  }
  for (let round = 0; round < 2; round++) for (const [a, b] of [[0, 1], [1, 2], [0, 2]] as const) syncBoth(replicas[a]!.doc, replicas[b]!.doc);
  const results = await Promise.all(replicas.map((r) => derived(r.doc, sessionId)));
  expect(results[1]!.json).toBe(results[0]!.json);
  expect(results[2]!.json).toBe(results[0]!.json);
  expect(results[0]!.state.problems.map((p) => p.id).sort()).toEqual([...forged].sort());
}

describe('the session’s records converge', () => {
  it('over 12 seeded random sessions with a partition that heals', { timeout: 60_000 }, async () => {
    for (let seed = 1; seed <= 12; seed++) await runSeed(seed);
  });

  it('a healed partition: the facilitator moves on on one side while a stage is added on the other; a participant’s stage is ignored', async () => {
    const host = await newParticipantKey();
    const guest = await newParticipantKey();
    const a = newWorkspace('Fay');
    const sessionId = 'session000000002';
    await startSession(a.ctx, host, sessionId, 'Fay');
    a.tick();
    await advanceStage(a.ctx, host, (await derived(a.doc, sessionId)).state);
    // The facilitator's second window and a participant get everything, then the room splits.
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    const c = new Y.Doc();
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a.doc));
    a.tick();
    await advanceStage(a.ctx, host, (await derived(a.doc, sessionId)).state);
    const bCtx = localContext(b, 'Fay', a.ctx.now);
    const added = await addStage(bCtx, host, (await derived(b, sessionId)).state, 'Lunch');
    const forged = await forgedStage(guest, sessionId, a.ctx.now(), 'guestStage000001', 'forgedLunch00001');
    c.transact(() => rootMap(c, 'agendaStages').set(forged.id, forged));
    syncBoth(a.doc, b);
    syncBoth(b, c);
    syncBoth(a.doc, c);
    const [ra, rb, rc] = await Promise.all([derived(a.doc, sessionId), derived(b, sessionId), derived(c, sessionId)]);
    expect(rb.json).toBe(ra.json);
    expect(rc.json).toBe(ra.json);
    // Both facts of the facilitator hold: the room is on the second stage, and Lunch is last on the agenda.
    expect(currentStageOf(ra.state)?.kind).toBe('draft-objectives');
    expect(ra.state.stages.at(-1)).toMatchObject({ id: added, title: 'Lunch' });
    expect(ra.state.stages.some((s) => s.title === 'Forged')).toBe(false);
    expect(ra.state.problems.map((p) => p.id)).toEqual(['forgedLunch00001']);
  });
});
