import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { CommandError } from '../../shared/commands/context';
import { addKeyResult, makeLearning, setKeyResultRisk, setOutput } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { addQuestions, deleteQuestion } from '../../shared/commands/questions';
import { answersOf, progressOf } from '../../shared/queries/progress';
import { signalsOf } from '../../shared/queries/signals';
import { readWorkspace } from '../../shared/schema/read';
import type { Risk } from '../../shared/schema/types';
import {
  CYCLE,
  day,
  historyOf,
  keyResultOf,
  liveQuestionsOf,
  newCycleWorkspace,
  plainCheckIn,
  plainKeyResult,
  plainQuestion,
} from './issue4Fixtures';

describe('progress of every kind of key result', () => {
  it('moves a metric linearly (either way) and holds a threshold as 1 or 0', () => {
    const at = day(1);
    expect(progressOf(plainKeyResult({ kind: 'metric', direction: 'increase', baseline: 10, target: 40, unit: '' }), [plainCheckIn(at, 25)]).ratio).toBe(0.5);
    expect(progressOf(plainKeyResult({ kind: 'metric', direction: 'decrease', baseline: 800, target: 200, unit: '' }), [plainCheckIn(at, 650)]).ratio).toBe(0.25);
    expect(progressOf(plainKeyResult({ kind: 'metric', direction: 'stayAbove', baseline: 0, target: 99, unit: '' }), [plainCheckIn(at, 98)])).toMatchObject({ ratio: 0, holding: false });
    expect(progressOf(plainKeyResult({ kind: 'metric', direction: 'stayBelow', baseline: 0, target: 300, unit: '' }), [plainCheckIn(at, 300)])).toMatchObject({ ratio: 1, holding: true });
  });

  it('counts an output as the delivered share of its target, 0 before any check-in, clamped to 0..1', () => {
    const output = plainKeyResult({ kind: 'output', target: 12, unit: 'guides' });
    expect(progressOf(output, [])).toEqual({ ratio: 0, current: 0, holding: null });
    expect(progressOf(output, [plainCheckIn(day(1), 3)])).toEqual({ ratio: 0.25, current: 3, holding: null });
    expect(progressOf(output, [plainCheckIn(day(1), 15)]).ratio).toBe(1);
    expect(progressOf(output, [plainCheckIn(day(1), -2)]).ratio).toBe(0);
  });

  it('uses the latest output check-in, not the largest', () => {
    const output = plainKeyResult({ kind: 'output', target: 10, unit: '' });
    expect(progressOf(output, [plainCheckIn(day(2), 4), plainCheckIn(day(1), 8)]).current).toBe(4);
  });

  describe('learning', () => {
    const learning = plainKeyResult({ kind: 'learning' });
    const q1 = plainQuestion('q1', 'Will teams pay?');
    const q2 = plainQuestion('q2', 'Do they check in weekly?');
    const q3 = plainQuestion('q3', 'Is the pace line understood?');
    const q4 = plainQuestion('q4', 'Does offline matter?');

    it('is the share of questions answered, validated and invalidated alike, ignoring the check-in value', () => {
      const history = [plainCheckIn(day(1), 99, { answers: { q1: 'validated', q2: 'invalidated' } })];
      expect(progressOf(learning, history, [q1, q2, q3, q4])).toEqual({ ratio: 0.5, current: 2, holding: null });
    });

    it('counts an answer reopened by a later check-in as open again', () => {
      const history = [plainCheckIn(day(1), 1, { answers: { q1: 'validated' } }), plainCheckIn(day(2), 0, { answers: { q1: 'open' } })];
      expect(answersOf([q1, q2], history).get('q1')).toBe('open');
      expect(progressOf(learning, history, [q1, q2]).ratio).toBe(0);
    });

    it('takes the latest answer to a question whatever order the history comes in', () => {
      const history = [plainCheckIn(day(3), 1, { answers: { q1: 'invalidated' } }), plainCheckIn(day(1), 1, { answers: { q1: 'validated' } })];
      expect(answersOf([q1], history).get('q1')).toBe('invalidated');
    });

    it('ignores answers to questions not given (deleted, or of another KR)', () => {
      const history = [plainCheckIn(day(1), 2, { answers: { q1: 'validated', gone: 'validated' } })];
      expect(progressOf(learning, history, [q1, q2])).toEqual({ ratio: 0.5, current: 1, holding: null });
    });

    it('is unknown (null) while the KR has no questions', () => {
      expect(progressOf(learning, [plainCheckIn(day(1), 3)], [])).toEqual({ ratio: null, current: 0, holding: null });
    });
  });

  it('counts a milestone as done at 1 and not done at 0', () => {
    const milestone = plainKeyResult({ kind: 'milestone' });
    expect(progressOf(milestone, [plainCheckIn(day(1), 0)]).ratio).toBe(0);
    expect(progressOf(milestone, [plainCheckIn(day(1), 0), plainCheckIn(day(2), 1)]).ratio).toBe(1);
  });
});

describe('key result commands for the new kinds', () => {
  it('stores risk and "why this measure" with a new key result, and reads them back', () => {
    const { doc, ctx } = newCycleWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'Guides', kind: 'output', risk: 'execution', why: 'Teams ask for them', output: { target: 5, unit: ' guides ' } });
    expect(keyResultOf(readWorkspace(doc), kr)).toMatchObject({ kind: 'output', risk: 'execution', why: 'Teams ask for them', target: 5, unit: 'guides' });
  });

  it('refuses an output KR without a positive, finite target and writes nothing', () => {
    const { doc, ctx } = newCycleWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'output' })).toThrow(CommandError);
    for (const target of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'output', output: { target, unit: '' } })).toThrow(CommandError);
    }
    expect(readWorkspace(doc).keyResults.size).toBe(0);
  });

  it('sets and clears a KR risk, refusing an unknown one', () => {
    const { doc, ctx } = newCycleWorkspace();
    const kr = addKeyResult(ctx, addObjective(ctx, { title: 'O' }), { title: 'k', kind: 'milestone' });
    expect(keyResultOf(readWorkspace(doc), kr).risk).toBeNull();
    setKeyResultRisk(ctx, kr, 'dependency');
    expect(keyResultOf(readWorkspace(doc), kr).risk).toBe('dependency');
    expect(() => setKeyResultRisk(ctx, kr, 'weather' as Risk)).toThrow(CommandError);
    setKeyResultRisk(ctx, kr, null);
    expect(keyResultOf(readWorkspace(doc), kr).risk).toBeNull();
  });

  it('turns a metric KR into an output KR, keeping its past check-ins', () => {
    const { doc, ctx } = newCycleWorkspace();
    const kr = addKeyResult(ctx, addObjective(ctx, { title: 'O' }), { title: 'k', kind: 'metric', metric: { direction: 'increase', baseline: 0, target: 100, unit: '%' } });
    recordCheckIn(ctx, kr, { value: 3 });
    setOutput(ctx, kr, { target: 6, unit: 'talks' });
    const snapshot = readWorkspace(doc);
    expect(snapshot.problems).toEqual([]);
    expect(keyResultOf(snapshot, kr)).toMatchObject({ kind: 'output', target: 6, unit: 'talks' });
    expect(progressOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr)).ratio).toBe(0.5);
  });

  it('turns a KR into a learning KR whose progress is unknown until questions are added', () => {
    const { doc, ctx } = newCycleWorkspace();
    const kr = addKeyResult(ctx, addObjective(ctx, { title: 'O' }), { title: 'k', kind: 'milestone' });
    makeLearning(ctx, kr);
    let snapshot = readWorkspace(doc);
    expect(progressOf(keyResultOf(snapshot, kr), [], liveQuestionsOf(snapshot, kr)).ratio).toBeNull();
    addQuestions(ctx, kr, ['Is it worth it?']);
    snapshot = readWorkspace(doc);
    expect(progressOf(keyResultOf(snapshot, kr), [], liveQuestionsOf(snapshot, kr)).ratio).toBe(0);
  });
});

describe('a learning key result through the commands', () => {
  function learningWorkspace(questions = ['Will teams pay?', 'Do they check in weekly?', 'Does offline matter?']) {
    const ws = newCycleWorkspace();
    const kr = addKeyResult(ws.ctx, addObjective(ws.ctx, { title: 'Learn' }), { title: 'Understand teams', kind: 'learning', risk: 'understanding', questions });
    const q = liveQuestionsOf(readWorkspace(ws.doc), kr).map((x) => x.id);
    return { ...ws, kr, q };
  }

  it('needs at least one question, blank ones not counting, and writes nothing when refused', () => {
    const { doc, ctx } = newCycleWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    expect(() => addKeyResult(ctx, o, { title: 'L', kind: 'learning' })).toThrow('A learning key result needs at least one question or hypothesis.');
    expect(() => addKeyResult(ctx, o, { title: 'L', kind: 'learning', questions: ['  ', ''] })).toThrow(CommandError);
    expect(readWorkspace(doc).keyResults.size).toBe(0);
  });

  it('refuses a question that is too long without leaving a learning KR behind', () => {
    const { doc, ctx } = newCycleWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    expect(() => addKeyResult(ctx, o, { title: 'L', kind: 'learning', questions: ['Fine?', 'x'.repeat(2_001)] })).toThrow(CommandError);
    const snapshot = readWorkspace(doc);
    expect(snapshot.keyResults.size).toBe(0);
    expect(snapshot.questions.size).toBe(0);
  });

  it('stores its questions trimmed, in the order given, all open', () => {
    const { doc, kr, q } = learningWorkspace(['  First?  ', 'Second?']);
    const snapshot = readWorkspace(doc);
    expect(liveQuestionsOf(snapshot, kr).map((x) => x.text)).toEqual(['First?', 'Second?']);
    expect([...answersOf(liveQuestionsOf(snapshot, kr), []).values()]).toEqual(['open', 'open']);
    expect(q).toHaveLength(2);
  });

  it('stores only the answers a check-in changes, and takes the answered count as its value', () => {
    const { doc, ctx, clock, kr, q } = learningWorkspace();
    clock.t = day(10);
    const first = recordCheckIn(ctx, kr, { value: 42, answers: { [q[0]!]: 'validated', [q[1]!]: 'open' } });
    clock.t = day(20);
    const second = recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'validated', [q[1]!]: 'invalidated' } });
    clock.t = day(30);
    const third = recordCheckIn(ctx, kr, { value: 7, note: 'no news' });
    const { checkIns } = readWorkspace(doc);
    expect(checkIns.get(first)).toMatchObject({ value: 1, answers: { [q[0]!]: 'validated' } });
    expect(checkIns.get(second)).toMatchObject({ value: 2, answers: { [q[1]!]: 'invalidated' } });
    expect(checkIns.get(third)?.value).toBe(2);
    expect(checkIns.get(third)).not.toHaveProperty('answers');
  });

  it('lowers the value when a check-in reopens an answer', () => {
    const { doc, ctx, clock, kr, q } = learningWorkspace();
    clock.t = day(10);
    recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'validated', [q[1]!]: 'validated' } });
    clock.t = day(20);
    const reopened = recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'open' } });
    const snapshot = readWorkspace(doc);
    expect(snapshot.checkIns.get(reopened)?.value).toBe(1);
    expect(progressOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), liveQuestionsOf(snapshot, kr)).ratio).toBeCloseTo(1 / 3);
  });

  it('refuses an answer to an unknown, deleted or another KR’s question, storing nothing', () => {
    const { doc, ctx, kr, q } = learningWorkspace();
    const other = addKeyResult(ctx, addObjective(ctx, { title: 'O2' }), { title: 'Other', kind: 'learning', questions: ['Elsewhere?'] });
    const otherQuestion = liveQuestionsOf(readWorkspace(doc), other)[0]!.id;
    deleteQuestion(ctx, q[2]!);
    expect(() => recordCheckIn(ctx, kr, { value: 0, answers: { nosuchquestion: 'validated' } })).toThrow('That question no longer exists.');
    expect(() => recordCheckIn(ctx, kr, { value: 0, answers: { [q[2]!]: 'validated' } })).toThrow(CommandError);
    expect(() => recordCheckIn(ctx, kr, { value: 0, answers: { [otherQuestion]: 'validated' } })).toThrow(CommandError);
    expect(() => recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'maybe' as 'open' } })).toThrow(CommandError);
    expect(readWorkspace(doc).checkIns.size).toBe(0);
  });

  it('no longer counts a deleted question, answered or not', () => {
    const { doc, ctx, clock, kr, q } = learningWorkspace();
    clock.t = day(10);
    recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'validated', [q[1]!]: 'validated' } });
    deleteQuestion(ctx, q[1]!);
    const snapshot = readWorkspace(doc);
    expect(liveQuestionsOf(snapshot, kr).map((x) => x.id)).toEqual([q[0], q[2]]);
    expect(progressOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), liveQuestionsOf(snapshot, kr))).toEqual({ ratio: 0.5, current: 1, holding: null });
  });

  it('raises a breakthrough naming the question when a check-in answers it', () => {
    const { doc, ctx, clock, kr, q } = learningWorkspace();
    clock.t = day(10);
    const c = recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'invalidated' } });
    const snapshot = readWorkspace(doc);
    const signals = signalsOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), CYCLE, day(11), undefined, liveQuestionsOf(snapshot, kr));
    const answered = signals.find((s) => s.key === `breakthrough:${kr}:${c}:answered`);
    expect(answered).toMatchObject({ kind: 'breakthrough', at: day(10), explanation: 'A question was answered (invalidated): “Will teams pay?”.' });
  });

  it('names the count and the first question when one check-in answers several', () => {
    const { doc, ctx, clock, kr, q } = learningWorkspace();
    clock.t = day(10);
    const c = recordCheckIn(ctx, kr, { value: 0, answers: { [q[2]!]: 'validated', [q[1]!]: 'validated' } });
    const snapshot = readWorkspace(doc);
    const signals = signalsOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), CYCLE, day(11), undefined, liveQuestionsOf(snapshot, kr));
    expect(signals.find((s) => s.key === `breakthrough:${kr}:${c}:answered`)?.explanation).toBe(
      '2 questions were answered, among them “Do they check in weekly?” (validated).',
    );
  });

  it('raises no answered-breakthrough for a check-in that only reopens or restates answers', () => {
    const { doc, ctx, clock, kr, q } = learningWorkspace();
    clock.t = day(10);
    recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'validated' } });
    clock.t = day(12);
    const reopen = recordCheckIn(ctx, kr, { value: 0, answers: { [q[0]!]: 'open' } });
    const snapshot = readWorkspace(doc);
    const signals = signalsOf(keyResultOf(snapshot, kr), historyOf(snapshot, kr), CYCLE, day(13), undefined, liveQuestionsOf(snapshot, kr));
    expect(signals.map((s) => s.key)).not.toContain(`breakthrough:${kr}:${reopen}:answered`);
    expect(signals.filter((s) => s.key.endsWith(':answered'))).toEqual([]);
  });
});
