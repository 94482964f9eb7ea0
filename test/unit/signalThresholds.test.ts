import { describe, expect, it } from 'vitest';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { CommandError } from '../../shared/commands/context';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { setSignalThreshold } from '../../shared/commands/workspace';
import { workspaceSignals } from '../../shared/queries/decisions';
import { DEFAULT_SIGNAL_THRESHOLDS, hasPace, signalsOf } from '../../shared/queries/signals';
import { THRESHOLD_KEY_PREFIX } from '../../shared/schema/doc';
import { readMeta, readWorkspace } from '../../shared/schema/read';
import { SIGNAL_THRESHOLD_LIMITS, type SignalThresholds } from '../../shared/schema/types';
import { CYCLE, day, newCycleWorkspace, plainCheckIn, plainKeyResult, plainQuestion, signalsInputOf } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';

const thresholdsOf = (doc: ReturnType<typeof newCycleWorkspace>['doc']): SignalThresholds => {
  const meta = readMeta(doc);
  if (meta.problems.length > 0) throw new Error(meta.problems[0]!.message);
  return meta.value.signalThresholds;
};

describe('behind pace for output and learning key results', () => {
  const strict: SignalThresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, behindPacePoints: 10 };
  const output = plainKeyResult({ kind: 'output', target: 100, unit: 'calls' });
  const behind = (value: number, thresholds: SignalThresholds) =>
    signalsOf(output, [plainCheckIn(day(45), value)], CYCLE, day(46), thresholds).find((s) => s.kind === 'behind-pace');

  it('stays silent at exactly the team threshold (half-way, 40 of 100 is 10 points behind)', () => {
    expect(behind(40, strict)).toBeUndefined();
  });

  it('fires just over the team threshold, explaining it with the numbers', () => {
    expect(behind(39, strict)?.explanation).toBe('Progress is 39% where the pace line expects 50% by now: 11 points behind (more than 10).');
  });

  it('follows the thresholds it is given: the same check-in is on pace under the default 15 points', () => {
    expect(behind(39, DEFAULT_SIGNAL_THRESHOLDS)).toBeUndefined();
  });

  it('judges a learning KR by its answered share against the pace line', () => {
    const learning = plainKeyResult({ kind: 'learning' });
    const questions = ['q1', 'q2', 'q3', 'q4'].map((id) => plainQuestion(id, id));
    const history = [plainCheckIn(day(45), 1, { answers: { q1: 'validated' } })];
    const signal = signalsOf(learning, history, CYCLE, day(46), strict, questions).find((s) => s.kind === 'behind-pace');
    expect(signal?.explanation).toBe('Progress is 25% where the pace line expects 50% by now: 25 points behind (more than 10).');
  });

  it('gives a learning KR without questions no pace at all', () => {
    expect(hasPace(plainKeyResult({ kind: 'learning' }), [])).toBe(false);
    expect(hasPace(plainKeyResult({ kind: 'learning' }), [plainQuestion('q1', 'q')])).toBe(true);
  });

  it('reports an output that catches up with the pace line as a breakthrough, with both values', () => {
    const history = [plainCheckIn(day(30), 10), plainCheckIn(day(45), 55)];
    const signal = signalsOf(output, history, CYCLE, day(46), strict).find((s) => s.kind === 'breakthrough');
    expect(signal?.explanation).toBe('The value moved from 10 to 55, past the pace line: 55% done where 50% was expected.');
  });
});

describe('signal thresholds as workspace settings', () => {
  it('reads the defaults while no threshold was ever set', () => {
    const { doc } = newCycleWorkspace();
    expect(thresholdsOf(doc)).toEqual(DEFAULT_SIGNAL_THRESHOLDS);
  });

  it('stores each valid threshold under its own meta key and reads it back', () => {
    const { doc, ctx } = newCycleWorkspace();
    setSignalThreshold(ctx, 'behindPacePoints', 12.5);
    setSignalThreshold(ctx, 'checkInRhythmDays', 14);
    setSignalThreshold(ctx, 'confidenceDrop', 1);
    setSignalThreshold(ctx, 'divergenceConfidence', 0);
    setSignalThreshold(ctx, 'divergenceCheckIns', 20);
    expect(thresholdsOf(doc)).toEqual({ behindPacePoints: 12.5, checkInRhythmDays: 14, confidenceDrop: 1, divergenceConfidence: 0, divergenceCheckIns: 20 });
    expect(rootMap(doc, 'meta').get(`${THRESHOLD_KEY_PREFIX}checkInRhythmDays`)).toBe(14);
  });

  it('accepts both ends of every range', () => {
    const { doc, ctx } = newCycleWorkspace();
    for (const [name, limits] of Object.entries(SIGNAL_THRESHOLD_LIMITS) as [keyof SignalThresholds, { min: number; max: number }][]) {
      setSignalThreshold(ctx, name, limits.min);
      expect(thresholdsOf(doc)[name]).toBe(limits.min);
      setSignalThreshold(ctx, name, limits.max);
      expect(thresholdsOf(doc)[name]).toBe(limits.max);
    }
  });

  it.each([
    ['behindPacePoints', 0],
    ['behindPacePoints', 100.5],
    ['behindPacePoints', Number.NaN],
    ['checkInRhythmDays', 0],
    ['checkInRhythmDays', 91],
    ['checkInRhythmDays', 7.5],
    ['confidenceDrop', 11],
    ['divergenceConfidence', -1],
    ['divergenceCheckIns', 1],
    ['divergenceCheckIns', Number.POSITIVE_INFINITY],
  ] as [keyof SignalThresholds, number][])('refuses %s = %s and stores nothing', (name, value) => {
    const { doc, ctx } = newCycleWorkspace();
    expect(() => setSignalThreshold(ctx, name, value)).toThrow(CommandError);
    expect(rootMap(doc, 'meta').has(THRESHOLD_KEY_PREFIX + name)).toBe(false);
  });

  it('tells the user the allowed range when refusing', () => {
    const { ctx } = newCycleWorkspace();
    expect(() => setSignalThreshold(ctx, 'checkInRhythmDays', 7.5)).toThrow('The check-in rhythm must be a whole number from 1 to 90.');
    expect(() => setSignalThreshold(ctx, 'behindPacePoints', 0)).toThrow('Behind pace must be a number from 1 to 100.');
  });

  it('refuses an unknown threshold name', () => {
    const { ctx } = newCycleWorkspace();
    expect(() => setSignalThreshold(ctx, 'loudness' as keyof SignalThresholds, 3)).toThrow(CommandError);
  });

  it('ignores hostile stored values, using the default for each, while keeping valid neighbours', () => {
    const { doc, ctx } = newCycleWorkspace();
    setSignalThreshold(ctx, 'confidenceDrop', 5);
    const meta = rootMap(doc, 'meta');
    // What a malicious or buggy peer could write straight into the document.
    meta.set(`${THRESHOLD_KEY_PREFIX}behindPacePoints`, '10');
    meta.set(`${THRESHOLD_KEY_PREFIX}checkInRhythmDays`, 1e9);
    meta.set(`${THRESHOLD_KEY_PREFIX}divergenceConfidence`, 6.5);
    meta.set(`${THRESHOLD_KEY_PREFIX}divergenceCheckIns`, null);
    const snapshot = readWorkspace(doc);
    expect(snapshot.meta?.signalThresholds).toEqual({ ...DEFAULT_SIGNAL_THRESHOLDS, confidenceDrop: 5 });
    expect(snapshot.problems).toEqual([]);
  });

  it('drives workspace signals: a stricter stored threshold turns the same check-in into a signal', () => {
    const { doc, ctx, clock } = newCycleWorkspace();
    const kr = addKeyResult(ctx, addObjective(ctx, { title: 'O' }), { title: 'Calls', kind: 'output', output: { target: 100, unit: '' } });
    clock.t = day(45);
    recordCheckIn(ctx, kr, { value: 38 });
    const behindNow = () => workspaceSignals(signalsInputOf(readWorkspace(doc)), day(46)).filter((s) => s.signal.kind === 'behind-pace');
    expect(behindNow()).toEqual([]);
    setSignalThreshold(ctx, 'behindPacePoints', 10);
    expect(behindNow().map((s) => s.signal.explanation)).toEqual(['Progress is 38% where the pace line expects 50% by now: 12 points behind (more than 10).']);
  });
});
