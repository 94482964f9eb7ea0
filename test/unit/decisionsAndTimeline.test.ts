import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { CommandError } from '../../shared/commands/context';
import { recordDecision } from '../../shared/commands/decisions';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { addQuestions } from '../../shared/commands/questions';
import { decisionsBySignal, decisionsOf, workspaceSignals } from '../../shared/queries/decisions';
import { endOfDay } from '../../shared/dates';
import { keyResultAsOf, timelineOf, type TimelineItem } from '../../shared/queries/timeline';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import { DEFAULT_SIGNAL_THRESHOLDS, type Decision, type DecisionKind } from '../../shared/schema/types';
import { CYCLE, day, historyOf, keyResultOf, liveQuestionsOf, newCycleWorkspace, plainCheckIn, plainKeyResult, signalsInputOf } from './issue4Fixtures';

const metric = { direction: 'increase' as const, baseline: 0, target: 100, unit: '%' };
/** The YYYY-MM-DD date of cycle day `n`. */
const dateOf = (n: number) => new Date(day(n)).toISOString().slice(0, 10);

function metricWorkspace() {
  const ws = newCycleWorkspace();
  const objective = addObjective(ws.ctx, { title: 'Grow' });
  const kr = addKeyResult(ws.ctx, objective, { title: 'Activation', kind: 'metric', metric });
  const checkIn = (n: number, value: number, confidence: number | null = null) => {
    ws.clock.t = day(n);
    return recordCheckIn(ws.ctx, kr, { value, confidence });
  };
  return { ...ws, objective, kr, checkIn };
}

const timelineAt = (snapshot: WorkspaceSnapshot, kr: string, now: number) =>
  timelineOf(
    {
      keyResult: keyResultOf(snapshot, kr),
      history: historyOf(snapshot, kr),
      questions: liveQuestionsOf(snapshot, kr),
      decisions: snapshot.decisions.values(),
      meta: CYCLE,
      thresholds: DEFAULT_SIGNAL_THRESHOLDS,
    },
    now,
  );

/** A compact picture of a timeline: what each item is and which record. */
const describeItem = (item: TimelineItem) =>
  item.type === 'check-in' ? `check-in ${item.checkIn.id}` : item.type === 'signal' ? `signal ${item.signal.key}` : `decision ${item.decision.id}`;

describe('recording a decision', () => {
  it('stores an immutable record with sorted, unique ids, its author and time', () => {
    const { doc, ctx, clock, kr, checkIn } = metricWorkspace();
    const c = checkIn(45, 30);
    clock.t = day(50);
    const id = recordDecision(ctx, { kind: 'pivot', rationale: '  Onboarding is the bottleneck  ', keyResultIds: [kr, kr], checkInIds: [c], signalKeys: [`behind-pace:${kr}:${c}`] });
    expect(readWorkspace(doc).decisions.get(id)).toEqual({
      id,
      kind: 'pivot',
      rationale: 'Onboarding is the bottleneck',
      keyResultIds: [kr],
      checkInIds: [c],
      signalKeys: [`behind-pace:${kr}:${c}`],
      author: 'Ana',
      at: day(50),
    });
  });

  it('needs a rationale', () => {
    const { ctx, kr } = metricWorkspace();
    expect(() => recordDecision(ctx, { kind: 'persevere', rationale: '   ', keyResultIds: [kr] })).toThrow('Say why: a decision needs its rationale.');
  });

  it('needs at least one key result, and only ones that exist', () => {
    const { ctx } = metricWorkspace();
    expect(() => recordDecision(ctx, { kind: 'stop', rationale: 'r', keyResultIds: [] })).toThrow('Name at least one key result the decision affects.');
    expect(() => recordDecision(ctx, { kind: 'stop', rationale: 'r', keyResultIds: ['nosuchkr'] })).toThrow(CommandError);
  });

  it('cites only check-ins that exist', () => {
    const { ctx, kr } = metricWorkspace();
    expect(() => recordDecision(ctx, { kind: 'escalate', rationale: 'r', keyResultIds: [kr], checkInIds: ['nosuchcheckin'] })).toThrow(
      'A check-in the decision cites no longer exists.',
    );
  });

  it('refuses an unknown kind of decision', () => {
    const { ctx, kr } = metricWorkspace();
    expect(() => recordDecision(ctx, { kind: 'shrug' as DecisionKind, rationale: 'r', keyResultIds: [kr] })).toThrow(CommandError);
  });

  it('stores nothing when it refuses', () => {
    const { doc, ctx, kr } = metricWorkspace();
    for (const input of [
      { kind: 'pivot' as const, rationale: '', keyResultIds: [kr] },
      { kind: 'pivot' as const, rationale: 'r', keyResultIds: [] },
      { kind: 'pivot' as const, rationale: 'r', keyResultIds: [kr], checkInIds: ['missing'] },
    ]) {
      expect(() => recordDecision(ctx, input)).toThrow(CommandError);
    }
    expect(readWorkspace(doc).decisions.size).toBe(0);
  });

  it('may name a deleted key result: the decision about it stays part of the record', () => {
    const { doc, ctx, kr } = metricWorkspace();
    deleteKeyResult(ctx, kr);
    const id = recordDecision(ctx, { kind: 'stop', rationale: 'Dropped this measure', keyResultIds: [kr] });
    expect(readWorkspace(doc).decisions.get(id)?.keyResultIds).toEqual([kr]);
  });
});

describe('decisions close the signals they answer', () => {
  it('marks a signal closed by the decision naming its key and leaves the others open', () => {
    const { doc, ctx, clock, objective, kr, checkIn } = metricWorkspace();
    const other = addKeyResult(ctx, objective, { title: 'Retention', kind: 'metric', metric });
    const c = checkIn(45, 30);
    clock.t = day(45);
    recordCheckIn(ctx, other, { value: 20 });
    const behindKey = `behind-pace:${kr}:${c}`;
    clock.t = day(46);
    const d = recordDecision(ctx, { kind: 'pivot', rationale: 'New onboarding', keyResultIds: [kr], checkInIds: [c], signalKeys: [behindKey] });
    const statuses = workspaceSignals(signalsInputOf(readWorkspace(doc)), day(47));
    const behind = statuses.filter((s) => s.signal.kind === 'behind-pace');
    expect(behind.map((s) => [s.signal.keyResultId, s.closedBy?.id ?? null])).toEqual([
      [kr, d],
      [other, null],
    ]);
  });

  it('closes only the answered signal of a KR that has two', () => {
    const { doc, ctx, clock, kr, checkIn } = metricWorkspace();
    checkIn(40, 30, 8);
    const c = checkIn(45, 30, 3); // behind pace, and confidence fell by 5
    clock.t = day(46);
    recordDecision(ctx, { kind: 'persevere', rationale: 'Confidence will return', keyResultIds: [kr], signalKeys: [`confidence-drop:${kr}:${c}`] });
    const open = workspaceSignals(signalsInputOf(readWorkspace(doc)), day(47)).filter((s) => s.closedBy === null).map((s) => s.signal.kind);
    expect(open).toEqual(['behind-pace']);
  });

  it('lets the earliest of two decisions answering one signal be the one that closed it', () => {
    const decision = (id: string, at: number): Decision => ({ id, kind: 'pivot', rationale: 'r', keyResultIds: ['kr1'], checkInIds: [], signalKeys: ['s1'], author: 'Ana', at });
    expect(decisionsBySignal([decision('late', 200), decision('early', 100)]).get('s1')?.id).toBe('early');
    expect(decisionsBySignal([decision('bbb', 100), decision('aaa', 100)]).get('s1')?.id).toBe('aaa');
  });

  it('lists the decisions of a KR oldest first, leaving out other KRs’ decisions', () => {
    const decision = (id: string, at: number, keyResultIds: string[]): Decision => ({ id, kind: 'stop', rationale: 'r', keyResultIds, checkInIds: [], signalKeys: [], author: 'Ana', at });
    const list = decisionsOf('kr1', [decision('d2', 300, ['kr1', 'kr2']), decision('d3', 100, ['kr2']), decision('d1', 200, ['kr1'])]);
    expect(list.map((d) => d.id)).toEqual(['d1', 'd2']);
  });
});

describe('the timeline of a key result', () => {
  it('shows check-ins, then the signal they raised (closed), then the decision that answered it, in time order', () => {
    const { doc, ctx, clock, kr, checkIn } = metricWorkspace();
    const c1 = checkIn(10, 10);
    const c2 = checkIn(45, 30); // 20 points behind the pace line
    clock.t = day(50);
    const d = recordDecision(ctx, { kind: 'pivot', rationale: 'Try a guided setup', keyResultIds: [kr], checkInIds: [c2], signalKeys: [`behind-pace:${kr}:${c2}`] });
    const timeline = timelineAt(readWorkspace(doc), kr, day(52));
    expect(timeline.map(describeItem)).toEqual([`check-in ${c1}`, `check-in ${c2}`, `signal behind-pace:${kr}:${c2}`, `decision ${d}`]);
    expect(timeline.map((i) => i.at)).toEqual([day(10), day(45), day(45), day(50)]);
    const signal = timeline[2];
    expect(signal?.type === 'signal' && signal.closedBy?.id).toBe(d);
  });

  it('keeps a signal a later check-in made moot, once, where it arose', () => {
    const { doc, kr, checkIn } = metricWorkspace();
    const c1 = checkIn(40, 10); // behind pace
    const c2 = checkIn(45, 60); // caught up: a breakthrough
    checkIn(50, 65);
    const signals = timelineAt(readWorkspace(doc), kr, day(52)).filter((i) => i.type === 'signal');
    expect(signals.map((i) => [i.type === 'signal' && i.signal.key, i.at])).toEqual([
      [`behind-pace:${kr}:${c1}`, day(40)],
      [`breakthrough:${kr}:${c2}`, day(45)],
    ]);
  });

  it('lists a signal that is still current at `now` only once', () => {
    const { doc, kr, checkIn } = metricWorkspace();
    const c = checkIn(45, 30);
    const keys = timelineAt(readWorkspace(doc), kr, day(47)).flatMap((i) => (i.type === 'signal' ? [i.signal.key] : []));
    expect(keys).toEqual([`behind-pace:${kr}:${c}`]);
  });

  it('adds a stale signal only at `now`, after the last check-in', () => {
    const { doc, kr, checkIn } = metricWorkspace();
    const c = checkIn(10, 15);
    const timeline = timelineAt(readWorkspace(doc), kr, day(20));
    expect(timeline.map(describeItem)).toEqual([`check-in ${c}`, `signal stale:${kr}:${c}`]);
    expect(timeline[1]?.at).toBe(day(20));
  });

  it('puts a check-in before its signal and both before a decision taken at the same moment', () => {
    const { doc, ctx, clock, kr, checkIn } = metricWorkspace();
    const c = checkIn(45, 30);
    clock.t = day(45);
    recordDecision(ctx, { kind: 'escalate', rationale: 'Needs help now', keyResultIds: [kr], signalKeys: [`behind-pace:${kr}:${c}`] });
    expect(timelineAt(readWorkspace(doc), kr, day(46)).map((i) => i.type)).toEqual(['check-in', 'signal', 'decision']);
  });

  it('leaves out check-ins and decisions after `now`', () => {
    const { doc, ctx, clock, kr, checkIn } = metricWorkspace();
    const c1 = checkIn(10, 12);
    checkIn(30, 40);
    clock.t = day(31);
    recordDecision(ctx, { kind: 'persevere', rationale: 'On track', keyResultIds: [kr] });
    expect(timelineAt(readWorkspace(doc), kr, day(12)).map(describeItem)).toEqual([`check-in ${c1}`]);
  });

  it('shows a signal as still open on a date before the decision that later closed it', () => {
    const { doc, ctx, clock, kr, checkIn } = metricWorkspace();
    const c = checkIn(45, 30);
    clock.t = day(50);
    recordDecision(ctx, { kind: 'pivot', rationale: 'Later', keyResultIds: [kr], signalKeys: [`behind-pace:${kr}:${c}`] });
    const signal = timelineAt(readWorkspace(doc), kr, day(47)).find((i) => i.type === 'signal');
    expect(signal?.type === 'signal' && signal.closedBy).toBeNull();
  });

  it('shows only the decisions that name this key result', () => {
    const { doc, ctx, clock, objective, kr, checkIn } = metricWorkspace();
    const other = addKeyResult(ctx, objective, { title: 'Other', kind: 'milestone' });
    checkIn(10, 12);
    clock.t = day(11);
    recordDecision(ctx, { kind: 'stop', rationale: 'Not this one', keyResultIds: [other] });
    expect(timelineAt(readWorkspace(doc), kr, day(12)).filter((i) => i.type === 'decision')).toEqual([]);
  });
});

describe('a key result as of a past date', () => {
  it('ends a day at its last millisecond (UTC)', () => {
    expect(endOfDay('2026-01-11')).toBe(Date.UTC(2026, 0, 11, 23, 59, 59, 999));
    expect(endOfDay('2026-02-28') + 1).toBe(Date.UTC(2026, 2, 1));
    expect(endOfDay('2028-02-28') + 1).toBe(Date.UTC(2028, 1, 29)); // a leap year
  });

  it('includes a check-in at the last millisecond of the day and not one at the next midnight', () => {
    const kr = plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 0, target: 100, unit: '' });
    const inside = plainCheckIn(Date.UTC(2026, 0, 11, 23, 59, 59, 999), 20);
    const next = plainCheckIn(Date.UTC(2026, 0, 12), 50);
    const asOf = keyResultAsOf(kr, [next, inside], [], endOfDay('2026-01-11'));
    expect(asOf.history.map((c) => c.id)).toEqual([inside.id]);
    expect(asOf.progress.ratio).toBe(0.2);
  });

  it('gives only the check-ins up to that moment, newest first, and the progress they gave', () => {
    const { doc, kr, checkIn } = metricWorkspace();
    const c1 = checkIn(5, 10);
    const c2 = checkIn(10, 20);
    checkIn(20, 50);
    const snapshot = readWorkspace(doc);
    const asOf = keyResultAsOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), [], endOfDay(dateOf(15)));
    expect(asOf.history.map((c) => c.id)).toEqual([c2, c1]);
    expect(asOf.latest?.id).toBe(c2);
    expect(asOf.progress).toEqual({ ratio: 0.2, current: 20, holding: null });
  });

  it('gives the baseline and no latest check-in before the first check-in', () => {
    const { doc, kr, checkIn } = metricWorkspace();
    checkIn(10, 20);
    const snapshot = readWorkspace(doc);
    const asOf = keyResultAsOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), [], endOfDay(dateOf(3)));
    expect(asOf).toEqual({ history: [], latest: null, progress: { ratio: 0, current: 0, holding: null } });
  });

  describe('for a learning KR', () => {
    function learningHistory() {
      const ws = newCycleWorkspace();
      const kr = addKeyResult(ws.ctx, addObjective(ws.ctx, { title: 'Learn' }), { title: 'Understand', kind: 'learning', questions: ['Will teams pay?', 'Weekly check-ins?'] });
      const [q1, q2] = liveQuestionsOf(readWorkspace(ws.doc), kr).map((q) => q.id);
      ws.clock.t = day(10);
      recordCheckIn(ws.ctx, kr, { value: 0, answers: { [q1!]: 'validated' } });
      ws.clock.t = day(20);
      addQuestions(ws.ctx, kr, ['Does offline matter?']);
      ws.clock.t = day(30);
      recordCheckIn(ws.ctx, kr, { value: 0, answers: { [q2!]: 'invalidated' } });
      const snapshot = readWorkspace(ws.doc);
      return (n: number) => keyResultAsOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), liveQuestionsOf(snapshot, kr), endOfDay(dateOf(n)));
    }

    it('counts only the answers given by then', () => {
      expect(learningHistory()(15).progress).toEqual({ ratio: 0.5, current: 1, holding: null });
    });

    it('does not count a question created after the date', () => {
      expect(learningHistory()(19).progress.ratio).toBe(0.5);
      expect(learningHistory()(25).progress.ratio).toBeCloseTo(1 / 3);
    });

    it('counts the later answer once its date has passed', () => {
      expect(learningHistory()(30).progress).toEqual({ ratio: 2 / 3, current: 2, holding: null });
    });

    it('is all open before the first answer', () => {
      expect(learningHistory()(9).progress).toEqual({ ratio: 0, current: 0, holding: null });
    });
  });
});
