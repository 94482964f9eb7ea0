import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CommandError, localContext } from '../../shared/commands/context';
import { correctCheckIn, recordCheckIn, withdrawCheckIn } from '../../shared/commands/checkIns';
import { recordDecision } from '../../shared/commands/decisions';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { checkInsCsv, keyResultsCsv } from '../../shared/format/csvExport';
import { parseCsv } from '../../shared/format/csv';
import { workspaceToJson } from '../../shared/format/json';
import { applyJsonImport, planJsonImport } from '../../shared/format/importJson';
import { checkInEntries, effectiveCheckIns } from '../../shared/queries/checkInHistory';
import { progressOf } from '../../shared/queries/progress';
import { buildReport } from '../../shared/queries/report';
import { reportToMarkdown } from '../../shared/format/markdown';
import { checkInSchema, readCheckIn, readWorkspace } from '../../shared/schema/read';
import { fullProjection } from '../../renderer/state/projection';
import type { CheckIn, KeyResult } from '../../shared/schema/types';
import { seededRandom } from '../support/random';
import { newWorkspace, replicaOf, syncBoth } from '../support/workspace';
import { canonicalJson } from '../../shared/format/canonical';
import { rootMap } from '../../shared/schema/roots';

const DAY = 86_400_000;

/** A workspace with one $ KR (10,000 → 40,000) and Ana's check-in of 12.5 (she meant 12,500). */
function misreadCheckIn() {
  const ws = newWorkspace('Ana');
  const objectiveId = addObjective(ws.ctx, { title: 'Grow revenue' });
  const keyResultId = addKeyResult(ws.ctx, objectiveId, { title: 'Monthly revenue', kind: 'metric', metric: { direction: 'increase', baseline: 10_000, target: 40_000, unit: '$' } });
  ws.tick(DAY);
  const checkInId = recordCheckIn(ws.ctx, keyResultId, { value: 12.5, confidence: 6, note: 'first invoices' });
  ws.tick(DAY);
  return { ...ws, keyResultId, checkInId };
}

function historyOf(doc: Y.Doc, keyResultId: string): CheckIn[] {
  return [...readWorkspace(doc).checkIns.values()].filter((c) => c.keyResultId === keyResultId);
}

function keyResultIn(doc: Y.Doc, id: string): KeyResult {
  return readWorkspace(doc).keyResults.get(id)!;
}

describe('a check-in whose stored value a peer broke', () => {
  it('is listed as a problem, does not count (no false drop to 0), and counts again once its author corrects it', () => {
    const { doc, ctx, keyResultId } = misreadCheckIn();
    const later = recordCheckIn(ctx, keyResultId, { value: 14_000, confidence: 7 });
    // A buggy or hostile peer overwrites the later check-in's value with text.
    const broken = { ...(rootMap(doc, 'checkIns').get(later) as CheckIn), value: 'fourteen thousand' };
    doc.transact(() => rootMap(doc, 'checkIns').set(later, broken), 'peer');
    const snapshot = readWorkspace(doc);
    expect(snapshot.problems).toEqual([expect.objectContaining({ map: 'checkIns', id: later, field: 'value' })]);
    expect(snapshot.checkIns.get(later)).toMatchObject({ value: 0, unreadable: true });
    const current = () => progressOf(keyResultIn(doc, keyResultId), effectiveCheckIns(historyOf(doc, keyResultId))).current;
    expect(current()).toBe(12.5);
    // What the board reads too: the projection's history leaves it out.
    expect(fullProjection(doc).checkInsByKeyResult[keyResultId]!.map((c) => c.value)).toEqual([12.5]);
    const entry = checkInEntries(historyOf(doc, keyResultId)).find((e) => e.original.id === later)!;
    expect(entry).toMatchObject({ withdrawn: true, unreadable: true });

    correctCheckIn(ctx, later, { value: 14_000, confidence: 7, note: '', reason: 'the value was damaged' });
    expect(current()).toBe(14_000);
    expect(checkInEntries(historyOf(doc, keyResultId)).find((e) => e.original.id === later)).toMatchObject({ withdrawn: false, unreadable: false });
  });
});

describe('correcting a check-in', () => {
  it('appends a correction: the original stays, keeps its time, and counts with the corrected value', () => {
    const { doc, ctx, keyResultId, checkInId } = misreadCheckIn();
    const originalAt = readWorkspace(doc).checkIns.get(checkInId)!.at;
    correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices', reason: 'typed 12,5' });
    const records = historyOf(doc, keyResultId);
    expect(records).toHaveLength(2);
    expect(readWorkspace(doc).checkIns.get(checkInId)!.value).toBe(12.5);
    expect(effectiveCheckIns(records)).toEqual([expect.objectContaining({ id: checkInId, at: originalAt, value: 12_500, author: 'Ana' })]);
    expect(progressOf(keyResultIn(doc, keyResultId), effectiveCheckIns(records)).current).toBe(12_500);
  });

  it('takes the latest correction when there are several', () => {
    const { doc, ctx, tick, keyResultId, checkInId } = misreadCheckIn();
    correctCheckIn(ctx, checkInId, { value: 1_250, confidence: 6, note: 'first invoices' });
    tick();
    correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 7, note: 'first invoices, checked' });
    const [entry] = checkInEntries(historyOf(doc, keyResultId));
    expect(entry?.revisions.map((r) => r.value)).toEqual([1_250, 12_500]);
    expect(entry?.effective).toMatchObject({ value: 12_500, confidence: 7, note: 'first invoices, checked' });
  });

  it('a withdrawn check-in no longer counts, and the one before it is current again', () => {
    const { doc, ctx, tick, keyResultId, checkInId } = misreadCheckIn();
    tick();
    const second = recordCheckIn(ctx, keyResultId, { value: 99, confidence: 6 });
    withdrawCheckIn(ctx, second, 'wrong key result');
    const effective = effectiveCheckIns(historyOf(doc, keyResultId));
    expect(effective.map((c) => c.id)).toEqual([checkInId]);
    expect(checkInEntries(historyOf(doc, keyResultId))[0]).toMatchObject({ withdrawn: true, revisions: [expect.objectContaining({ reason: 'wrong key result' })] });
  });

  it("refuses to correct or withdraw someone else's check-in", () => {
    const { doc, keyResultId, checkInId } = misreadCheckIn();
    const ben = localContext(doc, 'Ben', () => Date.UTC(2026, 6, 5));
    expect(() => correctCheckIn(ben, checkInId, { value: 12_500, confidence: 6, note: '' })).toThrow('Only Ana, who recorded this check-in, can correct it. Record a new check-in instead.');
    expect(() => withdrawCheckIn(ben, checkInId, 'no')).toThrow(CommandError);
    expect(historyOf(doc, keyResultId)).toHaveLength(1);
  });

  it("ignores a peer's record that claims to correct another author's check-in", () => {
    const { doc, keyResultId, checkInId } = misreadCheckIn();
    const forged: CheckIn = { id: 'forged-correction', keyResultId, value: 0, confidence: 0, note: '', author: 'Mallory', at: Date.UTC(2026, 6, 9), corrects: checkInId };
    doc.getMap('checkIns').set(forged.id, forged);
    expect(effectiveCheckIns(historyOf(doc, keyResultId)).map((c) => c.value)).toEqual([12.5]);
  });

  it('refuses a withdrawal without a reason, a correction that changes nothing, and correcting a correction', () => {
    const { ctx, checkInId } = misreadCheckIn();
    expect(() => withdrawCheckIn(ctx, checkInId, '  ')).toThrow('Say why you withdraw this check-in.');
    expect(() => correctCheckIn(ctx, checkInId, { value: 12.5, confidence: 6, note: 'first invoices' })).toThrow(/Nothing to correct/);
    const correction = correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices' });
    expect(() => correctCheckIn(ctx, correction, { value: 1, confidence: 6, note: '' })).toThrow(/already a correction/);
  });

  it('the last revision counts even when two are made in the same millisecond', () => {
    const { doc, ctx, keyResultId, checkInId } = misreadCheckIn();
    // The clock stands still: without care, the two revisions would be ordered by their random ids.
    for (let run = 0; run < 20; run++) {
      correctCheckIn(ctx, checkInId, { value: 1_000 + run, confidence: 6, note: '' });
      correctCheckIn(ctx, checkInId, { value: 2_000 + run, confidence: 6, note: '' });
      expect(effectiveCheckIns(historyOf(doc, keyResultId))[0]?.value).toBe(2_000 + run);
    }
    withdrawCheckIn(ctx, checkInId, 'not ours');
    expect(effectiveCheckIns(historyOf(doc, keyResultId))).toEqual([]);
  });

  it('refuses to correct a withdrawn check-in', () => {
    const { ctx, checkInId } = misreadCheckIn();
    withdrawCheckIn(ctx, checkInId, 'duplicate');
    expect(() => correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: '' })).toThrow(/was withdrawn/);
  });
});

describe('reading revisions', () => {
  const base = { id: 'rev-1', keyResultId: 'kr-1', value: 12_500, confidence: 6, note: '', author: 'Ana', at: Date.UTC(2026, 6, 3) };

  it.each([
    ['a correction', { ...base, corrects: 'chk-1' }],
    ['a correction with its reason', { ...base, corrects: 'chk-1', reason: 'typo' }],
    ['a withdrawal', { ...base, corrects: 'chk-1', withdrawn: true, reason: 'duplicate' }],
  ])('reads %s whole, as the schema does', (_, raw) => {
    const read = readCheckIn('rev-1', raw);
    expect(read).toEqual({ ok: true, value: raw, problems: [] });
    expect(checkInSchema.parse(raw)).toEqual(raw);
  });

  it.each([
    ['withdrawn other than true', { ...base, corrects: 'chk-1', withdrawn: false }, 'withdrawn', { corrects: 'chk-1' }],
    ['corrects that is not an id', { ...base, corrects: 'not an id!' }, 'corrects', {}],
    ['a reason too long', { ...base, corrects: 'chk-1', reason: 'x'.repeat(2_001) }, 'reason', { corrects: 'chk-1', reason: 'x'.repeat(2_000) }],
  ])('repairs %s field by field and reports it (reading is total)', (_, raw, field, revision) => {
    const read = readCheckIn('rev-1', raw);
    if (!read.ok) throw new Error('a check-in with one bad revision field must still read');
    expect(read.value).toEqual({ ...base, ...revision });
    expect(read.problems.map((p) => p.field)).toEqual([field]);
  });
});

describe('corrections made offline merge with new check-ins', () => {
  it("Ana's correction and Ben's new check-in, made on two replicas, both survive and the effective values are right", () => {
    const { doc: ana, ctx: anaCtx, keyResultId, checkInId } = misreadCheckIn();
    const ben = replicaOf(ana, 'Ben', () => Date.UTC(2026, 6, 4, 12));
    // Offline: Ana corrects her check-in; Ben records a newer one.
    correctCheckIn(anaCtx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices' });
    const bens = recordCheckIn(ben.ctx, keyResultId, { value: 14_000, confidence: 7 });
    syncBoth(ana, ben.doc);
    for (const doc of [ana, ben.doc]) {
      const effective = effectiveCheckIns(historyOf(doc, keyResultId));
      expect(effective.map((c) => [c.id, c.value])).toEqual([
        [bens, 14_000],
        [checkInId, 12_500],
      ]);
      expect(progressOf(keyResultIn(doc, keyResultId), effective).current).toBe(14_000);
    }
  });

  it('a correction of the latest check-in changes the current value on both replicas', () => {
    const { doc: ana, ctx: anaCtx, keyResultId, checkInId } = misreadCheckIn();
    const ben = replicaOf(ana, 'Ben');
    correctCheckIn(anaCtx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices' });
    syncBoth(ana, ben.doc);
    const current = (doc: Y.Doc) => progressOf(keyResultIn(doc, keyResultId), effectiveCheckIns(historyOf(doc, keyResultId))).current;
    expect([current(ana), current(ben.doc)]).toEqual([12_500, 12_500]);
  });
});

describe('randomized sessions of check-ins, corrections and withdrawals', () => {
  for (const seed of [11, 12, 13, 14]) {
    it(`every replica ends with the history each author last meant (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const { doc: origin, keyResultId } = misreadCheckIn();
      const peers = [origin, ...[1, 2].map((i) => replicaOf(origin, `Peer${i}`).doc)];
      let clock = Date.UTC(2026, 6, 10);
      const contexts = peers.map((doc, i) => localContext(doc, `Peer${i}`, () => (clock += 1000)));
      // The model: what each check-in should count as, as its author last left it (null: withdrawn).
      const expected = new Map<string, number | null>();
      const mine = peers.map(() => [] as string[]);
      for (let round = 0; round < 80; round++) {
        const p = random.int(peers.length);
        const ctx = contexts[p]!;
        const own = mine[p]!.filter((id) => expected.get(id) !== null);
        const target = random.pick(own);
        try {
          if (target && random.chance(0.3)) {
            const value = random.int(50_000);
            correctCheckIn(ctx, target, { value, confidence: null, note: `fix ${round}` });
            expected.set(target, value);
          } else if (target && random.chance(0.1)) {
            withdrawCheckIn(ctx, target, `round ${round}`);
            expected.set(target, null);
          } else {
            const value = random.int(50_000);
            const id = recordCheckIn(ctx, keyResultId, { value });
            mine[p]!.push(id);
            expected.set(id, value);
          }
        } catch (error) {
          // Only "nothing to correct" (the same random value twice) may be refused.
          expect((error as Error).message).toMatch(/Nothing to correct/);
        }
        if (random.chance(0.3)) {
          const a = random.int(peers.length);
          const b = random.int(peers.length);
          if (a !== b) syncBoth(peers[a]!, peers[b]!);
        }
      }
      for (let i = 0; i < peers.length; i++) for (let j = i + 1; j < peers.length; j++) syncBoth(peers[i]!, peers[j]!);
      const effective = (doc: Y.Doc) => effectiveCheckIns(historyOf(doc, keyResultId)).filter((c) => expected.has(c.id));
      const reference = canonicalJson(effective(peers[0]!));
      for (const doc of peers) expect(canonicalJson(effective(doc))).toBe(reference);
      const counted = new Map(effective(peers[0]!).map((c) => [c.id, c.value]));
      for (const [id, value] of expected) expect(counted.get(id) ?? null).toBe(value);
    });
  }
});

describe('reports and exports use the effective history', () => {
  it('the report counts a corrected check-in at its own time and leaves a withdrawn one out', () => {
    const { doc, ctx, tick, keyResultId, checkInId } = misreadCheckIn();
    const later = recordCheckIn(ctx, keyResultId, { value: 15_000, confidence: 7 });
    tick();
    const mistaken = recordCheckIn(ctx, keyResultId, { value: 90_000, confidence: 7 });
    tick();
    // The correction is the newest record, but the check-in it corrects is not the newest check-in.
    correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices' });
    withdrawCheckIn(ctx, mistaken, 'another team’s figure');
    const report = buildReport(readWorkspace(doc), { scope: { kind: 'workspace' }, now: Date.UTC(2026, 6, 10), locale: 'en-US' });
    const kr = report.groups[0]!.objectives[0]!.keyResults[0]!;
    expect(kr.progress).toBeCloseTo(5_000 / 30_000);
    expect(kr.trend?.points.map((p) => p.value)).toEqual([12_500, 15_000]);
    expect(reportToMarkdown(report)).not.toContain('90,000');
    expect(later).toBeTruthy();
  });

  it("a decision's evidence shows the check-in as corrected, or marked withdrawn", () => {
    const { doc, ctx, tick, keyResultId, checkInId } = misreadCheckIn();
    const second = recordCheckIn(ctx, keyResultId, { value: 90_000 });
    tick();
    recordDecision(ctx, { kind: 'persevere', rationale: 'on track', keyResultIds: [keyResultId], checkInIds: [checkInId, second] });
    correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices' });
    withdrawCheckIn(ctx, second, 'another team’s figure');
    const report = buildReport(readWorkspace(doc), { scope: { kind: 'workspace' }, now: Date.UTC(2026, 6, 10), locale: 'en-US' });
    const [first, withdrawn] = report.decisions[0]!.evidence;
    expect(first).toContain('$12,500 — first invoices');
    expect(withdrawn).toMatch(/\$90,000 \(Ana\) \(withdrawn\)$/);
  });

  it("the session's changes name corrections and withdrawals as such", () => {
    const { doc, ctx, tick, keyResultId, checkInId } = misreadCheckIn();
    const since = { id: 'session-1', name: 'Workshop', author: 'Ana', at: Date.UTC(2026, 6, 2, 12) };
    const later = recordCheckIn(ctx, keyResultId, { value: 15_000 });
    tick();
    correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices' });
    withdrawCheckIn(ctx, later, 'duplicate');
    const report = buildReport(readWorkspace(doc), { scope: { kind: 'workspace' }, now: Date.UTC(2026, 6, 10), locale: 'en-US', sessionSince: since });
    expect(report.session?.checkedIn.map((i) => [i.heading, i.detail])).toEqual([
      ['Check-in', '$15,000'],
      ['Check-in corrected', '$12,500, confidence 6/10. first invoices'],
      ['Check-in withdrawn', 'duplicate'],
    ]);
  });

  it('the key-result sheet has the corrected current value; the check-in sheet lists the correction with what it corrects', () => {
    const { doc, ctx, checkInId } = misreadCheckIn();
    const correction = correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices', reason: 'typed 12,5' });
    const snapshot = readWorkspace(doc);
    const cells = (csv: string) => parseCsv(csv).map((r) => r.fields.map((f) => f.value));
    const krRows = cells(keyResultsCsv(snapshot, { kind: 'workspace' }));
    expect(krRows[1]![krRows[0]!.indexOf('current')]).toBe('12500');
    const rows = cells(checkInsCsv(snapshot, { kind: 'workspace' }));
    const header = rows[0]!;
    const byId = (id: string) => rows.find((r) => r[header.indexOf('check-in id')] === id)!;
    expect(byId(correction)[header.indexOf('corrects check-in id')]).toBe(checkInId);
    expect(byId(correction)[header.indexOf('value')]).toBe('12500');
    expect(byId(correction)[header.indexOf('reason')]).toBe('typed 12,5');
    expect(byId(checkInId)[header.indexOf('corrects check-in id')]).toBe('');
  });

  it('JSON export and import round-trip corrections and withdrawals', () => {
    const { doc, ctx, tick, keyResultId, checkInId } = misreadCheckIn();
    correctCheckIn(ctx, checkInId, { value: 12_500, confidence: 6, note: 'first invoices', reason: 'typed 12,5' });
    tick();
    const second = recordCheckIn(ctx, keyResultId, { value: 99 });
    withdrawCheckIn(ctx, second, 'wrong key result');
    const text = JSON.stringify(workspaceToJson(readWorkspace(doc)));
    const copy = new Y.Doc();
    applyJsonImport(copy, planJsonImport(text, 'workspace.json'));
    expect(readWorkspace(copy).problems).toEqual([]);
    expect(historyOf(copy, keyResultId)).toEqual(expect.arrayContaining(historyOf(doc, keyResultId)));
    expect(historyOf(copy, keyResultId)).toHaveLength(4);
    expect(effectiveCheckIns(historyOf(copy, keyResultId)).map((c) => c.value)).toEqual([12_500]);
  });
});
