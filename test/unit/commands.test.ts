import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/commands/context';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { addKeyResult, editKeyResultText, makeMilestone, moveKeyResult, setMetric } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, editObjectiveText, moveObjective, setObjectiveOwner } from '../../shared/commands/objectives';
import { quarterOf, renameWorkspace, setCycle } from '../../shared/commands/workspace';
import { outlineOf } from '../../shared/queries/outline';
import { readWorkspace } from '../../shared/schema/read';
import { newWorkspace } from '../support/workspace';

const metric = { direction: 'increase' as const, baseline: 10, target: 40, unit: 'teams' };

describe('workspace commands', () => {
  it('initialises meta with schema version, kind, title and cycle', () => {
    const { doc } = newWorkspace();
    const { meta, problems } = readWorkspace(doc);
    expect(problems).toEqual([]);
    expect(meta).toMatchObject({ id: 'ws-test-0001', schemaVersion: 1, kind: 'team', title: 'Growth Q3', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  });

  it('renames by editing the title text and refuses a cycle that ends before it starts', () => {
    const { doc, ctx } = newWorkspace();
    renameWorkspace(ctx, 'Growth Q4');
    expect(readWorkspace(doc).meta?.title).toBe('Growth Q4');
    expect(() => setCycle(ctx, '2026-10-01', '2026-09-30')).toThrow(CommandError);
    setCycle(ctx, '2026-10-01', '2026-12-31');
    expect(readWorkspace(doc).meta?.cycleEnd).toBe('2026-12-31');
  });

  it('knows the calendar quarter of a date', () => {
    expect(quarterOf(new Date(2026, 10, 22))).toEqual({ cycleStart: '2026-10-01', cycleEnd: '2026-12-31' });
    expect(quarterOf(new Date(2024, 1, 3))).toEqual({ cycleStart: '2024-01-01', cycleEnd: '2024-03-31' });
  });
});

describe('objective and key result commands', () => {
  it('adds objectives in order, each with its creator and time', () => {
    const { doc, ctx } = newWorkspace();
    const a = addObjective(ctx, { title: 'Delight new teams' });
    const b = addObjective(ctx, { title: 'Grow revenue' });
    const c = addObjective(ctx, { title: 'Between', afterId: a });
    const outline = outlineOf(readWorkspace(doc));
    expect(outline.objectives.map((o) => o.objective.id)).toEqual([a, c, b]);
    expect(outline.objectives[0]!.objective).toMatchObject({ title: 'Delight new teams', createdBy: 'Ana', deletedAt: null });
  });

  it('edits titles, descriptions and owners', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'Draft' });
    editObjectiveText(ctx, o, 'title', 'Delight new teams');
    editObjectiveText(ctx, o, 'description', 'Because churn is highest in week one.');
    setObjectiveOwner(ctx, o, '  Ben ');
    expect(readWorkspace(doc).objectives.get(o)).toMatchObject({ title: 'Delight new teams', description: 'Because churn is highest in week one.', owner: 'Ben' });
  });

  it('adds metric and milestone key results and refuses impossible metrics', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'Active teams', kind: 'metric', metric });
    const ms = addKeyResult(ctx, o, { title: 'Ship onboarding v2', kind: 'milestone' });
    expect(readWorkspace(doc).keyResults.get(kr)).toMatchObject({ kind: 'metric', direction: 'increase', baseline: 10, target: 40, unit: 'teams', objectiveId: o });
    expect(readWorkspace(doc).keyResults.get(ms)).toMatchObject({ kind: 'milestone' });
    expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'metric', metric: { ...metric, target: 5 } })).toThrow(/above the baseline/);
    expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'metric', metric: { ...metric, direction: 'decrease' } })).toThrow(/below the baseline/);
    expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'metric' })).toThrow(CommandError);
    expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'metric', metric: { ...metric, baseline: NaN } })).toThrow(CommandError);
    expect(() => addKeyResult(ctx, 'missing-objective', { title: 'x', kind: 'milestone' })).toThrow(/no longer exists/);
  });

  it('refuses to add a key result under a deleted objective', () => {
    const { ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    deleteObjective(ctx, o);
    expect(() => addKeyResult(ctx, o, { title: 'x', kind: 'milestone' })).toThrow(/restore it first/);
  });

  it('changes a KR between metric and milestone, keeping its check-ins', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'Launch', kind: 'milestone' });
    recordCheckIn(ctx, kr, { value: 1 });
    setMetric(ctx, kr, { direction: 'stayAbove', baseline: 0, target: 99.5, unit: '%' });
    expect(readWorkspace(doc).keyResults.get(kr)).toMatchObject({ kind: 'metric', direction: 'stayAbove', target: 99.5 });
    makeMilestone(ctx, kr);
    expect(readWorkspace(doc).keyResults.get(kr)?.kind).toBe('milestone');
    expect(readWorkspace(doc).checkIns.size).toBe(1);
  });

  it('moves objectives and key results, also to another objective', () => {
    const { doc, ctx } = newWorkspace();
    const [a, b, c] = ['A', 'B', 'C'].map((title) => addObjective(ctx, { title }));
    moveObjective(ctx, c!, 0);
    expect(outlineOf(readWorkspace(doc)).objectives.map((o) => o.objective.title)).toEqual(['C', 'A', 'B']);
    moveObjective(ctx, c!, 2);
    expect(outlineOf(readWorkspace(doc)).objectives.map((o) => o.objective.title)).toEqual(['A', 'B', 'C']);
    const k1 = addKeyResult(ctx, a!, { title: 'k1', kind: 'milestone' });
    const k2 = addKeyResult(ctx, a!, { title: 'k2', kind: 'milestone' });
    moveKeyResult(ctx, k2, a!, 0);
    expect(outlineOf(readWorkspace(doc)).objectives[0]!.keyResults.map((k) => k.id)).toEqual([k2, k1]);
    moveKeyResult(ctx, k1, b!, 0);
    const outline = outlineOf(readWorkspace(doc));
    expect(outline.objectives[1]!.keyResults.map((k) => k.id)).toEqual([k1]);
    editKeyResultText(ctx, k1, 'title', 'k1 moved');
    expect(readWorkspace(doc).keyResults.get(k1)?.title).toBe('k1 moved');
  });
});

describe('check-ins', () => {
  it('are immutable records with value, confidence, note, author and time', () => {
    const { doc, ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'Active teams', kind: 'metric', metric });
    const id = recordCheckIn(ctx, kr, { value: 18, confidence: 7, note: '  Two pilots converted ' });
    expect(readWorkspace(doc).checkIns.get(id)).toEqual({ id, keyResultId: kr, value: 18, confidence: 7, note: 'Two pilots converted', author: 'Ana', at: Date.UTC(2026, 6, 1, 9) });
  });

  it('refuses values that are not numbers and confidence outside 0–10', () => {
    const { ctx } = newWorkspace();
    const o = addObjective(ctx, { title: 'O' });
    const kr = addKeyResult(ctx, o, { title: 'k', kind: 'metric', metric });
    expect(() => recordCheckIn(ctx, kr, { value: NaN })).toThrow(CommandError);
    expect(() => recordCheckIn(ctx, kr, { value: 1, confidence: 11 })).toThrow(CommandError);
    expect(() => recordCheckIn(ctx, kr, { value: 1, confidence: 2.5 })).toThrow(CommandError);
    expect(() => recordCheckIn(ctx, 'nope', { value: 1 })).toThrow(CommandError);
  });
});
