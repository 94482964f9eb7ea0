import { problemsOf } from '../../shared/schema/readCommon';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/commands/context';
import { addInitiative, deleteInitiative } from '../../shared/commands/initiatives';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import {
  addGate,
  addRolloutPlan,
  addStage,
  deleteGate,
  deleteRolloutPlan,
  deleteStage,
  editGate,
  editRolloutPlanText,
  editStage,
  restoreGate,
  restoreRolloutPlan,
  restoreStage,
  setGateStatus,
  setStageCohorts,
  setStageDates,
  setStageStatus,
  setToggleKey,
} from '../../shared/commands/rollouts';
import { canonicalJson } from '../../shared/format/canonical';
import {
  canGoGenerallyAvailable,
  gatesOf,
  openGates,
  promiseStatusOf,
  rolloutTimeline,
  stagesOf,
  whatWeCanPromise,
  type PromiseState,
} from '../../shared/queries/rollouts';
import {
  DEFAULT_GATES,
  type ReadinessGate,
  type RolloutPlan,
  type Stage,
  type StageKind,
  type StageStatus,
} from '../../shared/schema/rollouts';
import { readWorkspace } from '../../shared/schema/read';
import { CYCLE, CYCLE_START, DAY, day, newCycleWorkspace, replicaOf, syncBoth } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';
import { dateWordsFor } from '../../shared/dateWords';

const EN_US = dateWordsFor('en-US');
const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

const ROLLOUT_ROOTS: ReadonlySet<string> = new Set(['rollouts', 'rolloutStages', 'readinessGates']);

/** The rollout plans, stages and gates of a workspace, and the problems reading them. */
function readRollouts(doc: Y.Doc) {
  const { rolloutPlans: plans, rolloutStages: stages, readinessGates: gates, problems } = readWorkspace(doc);
  return { plans, stages, gates, problems: problems.filter((p) => ROLLOUT_ROOTS.has(p.map)) };
}

/* A workspace with an initiative and a KR to hang plans on. */
function workspace() {
  const ws = newCycleWorkspace();
  const objective = addObjective(ws.ctx, { title: 'Teams get going in a day' });
  const keyResult = addKeyResult(ws.ctx, objective, { title: 'Guided setup used by 60% of new teams', kind: 'milestone' });
  const initiative = addInitiative(ws.ctx, { title: 'Build the guided setup', keyResultIds: [keyResult] });
  return { ...ws, keyResult, initiative };
}

/* A plan with the default stages (internal, early access, GA) and the four default gates. */
function planWorkspace() {
  const ws = workspace();
  const plan = addRolloutPlan(ws.ctx, { title: 'Guided setup', toggleKey: 'guided-setup', initiativeId: ws.initiative, defaultStages: true, defaultGates: true });
  const read = () => readRollouts(ws.doc);
  const stage = (kind: StageKind) => {
    const found = stagesOf(plan, read().stages.values()).find((s) => s.kind === kind);
    if (!found) throw new Error(`no ${kind} stage`);
    return found;
  };
  const gate = (name: string) => {
    const found = gatesOf(plan, read().gates.values()).find((g) => g.name === name);
    if (!found) throw new Error(`no gate ${name}`);
    return found;
  };
  return { ...ws, plan, read, stage, gate };
}

const doneAll = (ctx: Parameters<typeof setGateStatus>[0], gates: readonly ReadinessGate[]) => gates.forEach((g) => setGateStatus(ctx, g.id, 'done'));

describe('rollout plan commands', () => {
  it('adds a plan with the default stages and gates in a single transaction', () => {
    const { doc, ctx, clock, initiative } = workspace();
    let updates = 0;
    doc.on('update', () => (updates += 1));
    const plan = addRolloutPlan(ctx, { title: '  Guided setup ', description: 'Three steps', toggleKey: ' guided-setup ', initiativeId: initiative, defaultStages: true, defaultGates: true });
    expect(updates).toBe(1);
    const { plans, stages, gates, problems } = readRollouts(doc);
    expect(problems).toEqual([]);
    expect(plans.get(plan)).toEqual({
      id: plan,
      title: 'Guided setup',
      description: 'Three steps',
      toggleKey: 'guided-setup',
      initiativeId: initiative,
      keyResultId: null,
      order: plans.get(plan)?.order,
      createdAt: clock.t,
      createdBy: 'Ana',
      deletedAt: null,
      deletedBy: null,
    });
    expect(stagesOf(plan, stages.values()).map((s) => [s.kind, s.name, s.status, s.cohorts, s.plannedDate, s.actualDate, s.override])).toEqual([
      ['internal', 'Internal', 'planned', [], null, null, null],
      ['early-access', 'Early access', 'planned', [], null, null, null],
      ['general-availability', 'General availability', 'planned', [], null, null, null],
    ]);
    expect(gatesOf(plan, gates.values()).map((g) => [g.name, g.status, g.owningTeam, g.evidence])).toEqual(DEFAULT_GATES.map((name) => [name, 'open', '', '']));
  });

  it('adds a bare plan for a key result, at the end of the plans', () => {
    const { doc, ctx, keyResult, initiative } = workspace();
    const first = addRolloutPlan(ctx, { title: 'A', initiativeId: initiative });
    const second = addRolloutPlan(ctx, { title: 'B', keyResultId: keyResult });
    const { plans, stages, gates } = readRollouts(doc);
    expect(plans.get(second)).toMatchObject({ keyResultId: keyResult, initiativeId: null, toggleKey: '' });
    expect(plans.get(first)!.order < plans.get(second)!.order).toBe(true);
    expect([stages.size, gates.size]).toEqual([0, 0]);
  });

  it('refuses a plan without a feature, without an initiative or KR, with a malformed or taken toggle key, or under deleted work, storing nothing', () => {
    const { doc, ctx, initiative, keyResult } = workspace();
    addRolloutPlan(ctx, { title: 'Taken', toggleKey: 'new-onboarding', keyResultId: keyResult });
    const before = rootMap(doc, 'rollouts').size;
    expect(() => addRolloutPlan(ctx, { title: '  ', initiativeId: initiative })).toThrow('Name the feature: what will you roll out?');
    expect(() => addRolloutPlan(ctx, { title: 'x', defaultStages: true })).toThrow('A rollout plan belongs to an initiative or a key result: choose one.');
    for (const key of ['new onboarding', '-lead', 'über', 'a'.repeat(129), 'a/b']) {
      expect(() => addRolloutPlan(ctx, { title: 'x', toggleKey: key, initiativeId: initiative, defaultGates: true })).toThrow(/release toggle key starts with a letter or digit/);
    }
    expect(() => addRolloutPlan(ctx, { title: 'x', toggleKey: 'new-onboarding', initiativeId: initiative })).toThrow('Another rollout plan already uses the release toggle new-onboarding.');
    expect(() => addRolloutPlan(ctx, { title: 'x', keyResultId: 'nosuchkr' })).toThrow('That key result no longer exists.');
    deleteInitiative(ctx, initiative);
    expect(() => addRolloutPlan(ctx, { title: 'x', initiativeId: initiative, defaultStages: true })).toThrow('That initiative was deleted; restore it first.');
    expect([rootMap(doc, 'rollouts').size, rootMap(doc, 'rolloutStages').size, rootMap(doc, 'readinessGates').size]).toEqual([before, 0, 0]);
  });

  it('sets, keeps and clears the toggle key; a deleted plan frees its key', () => {
    const { ctx, plan, read, keyResult } = planWorkspace();
    setToggleKey(ctx, plan, 'guided-setup.v2');
    expect(read().plans.get(plan)?.toggleKey).toBe('guided-setup.v2');
    const other = addRolloutPlan(ctx, { title: 'Other', keyResultId: keyResult });
    expect(() => setToggleKey(ctx, other, 'guided-setup.v2')).toThrow(CommandError);
    setToggleKey(ctx, plan, 'guided-setup.v2'); // its own key: nothing to do
    deleteRolloutPlan(ctx, plan);
    setToggleKey(ctx, other, 'guided-setup.v2');
    setToggleKey(ctx, plan, '');
    expect([read().plans.get(other)?.toggleKey, read().plans.get(plan)?.toggleKey]).toEqual(['guided-setup.v2', '']);
  });

  it('edits the feature and its description as co-edited text, and only those', () => {
    const { ctx, plan, read } = planWorkspace();
    editRolloutPlanText(ctx, plan, 'title', 'Guided setup for teams');
    editRolloutPlanText(ctx, plan, 'description', 'Three steps to a first OKR');
    expect(read().plans.get(plan)).toMatchObject({ title: 'Guided setup for teams', description: 'Three steps to a first OKR' });
    expect(() => editRolloutPlanText(ctx, plan, 'why' as 'title', 'x')).toThrow('A rollout plan has no why to edit.');
  });

  it('deletes and restores plans, stages and gates softly, recording who and when', () => {
    const { ctx, clock, plan, read, stage, gate } = planWorkspace();
    clock.t = day(3);
    const internal = stage('internal').id;
    const docs = gate('Documentation').id;
    deleteStage(ctx, internal);
    deleteGate(ctx, docs);
    deleteRolloutPlan(ctx, plan);
    const after = read();
    for (const record of [after.plans.get(plan), after.stages.get(internal), after.gates.get(docs)]) expect(record).toMatchObject({ deletedAt: day(3), deletedBy: 'Ana' });
    expect(() => addStage(ctx, plan, { kind: 'early-access' })).toThrow('That rollout plan was deleted; restore it first.');
    expect(() => addGate(ctx, plan, { name: 'Legal review' })).toThrow('That rollout plan was deleted; restore it first.');
    restoreRolloutPlan(ctx, plan);
    restoreStage(ctx, internal);
    restoreGate(ctx, docs);
    const restored = read();
    expect([restored.plans.get(plan)?.deletedAt, stagesOf(plan, restored.stages.values()).length, gatesOf(plan, restored.gates.values()).length]).toEqual([null, 3, 4]);
  });

  it('refuses to act on records that do not exist', () => {
    const { ctx } = planWorkspace();
    expect(() => setStageStatus(ctx, 'nosuchstage', 'live')).toThrow('That stage no longer exists.');
    expect(() => setGateStatus(ctx, 'nosuchgate', 'done')).toThrow('That readiness gate no longer exists.');
    expect(() => addStage(ctx, 'nosuchplan', { kind: 'internal' })).toThrow('That rollout plan no longer exists.');
  });
});

describe('stages', () => {
  it('places a new early-access stage before general availability, and refuses a second GA', () => {
    const { ctx, plan, read } = planWorkspace();
    const wave = addStage(ctx, plan, { kind: 'early-access', name: 'Early access, wave 2', cohorts: ['Tech-savvy customers'], audience: '200 teams who asked', plannedDate: '2026-02-15' });
    expect(stagesOf(plan, read().stages.values()).map((s) => s.name)).toEqual(['Internal', 'Early access', 'Early access, wave 2', 'General availability']);
    expect(read().stages.get(wave)).toMatchObject({ cohorts: ['Tech-savvy customers'], audience: '200 teams who asked', plannedDate: '2026-02-15', status: 'planned' });
    expect(() => addStage(ctx, plan, { kind: 'general-availability' })).toThrow('This plan already has a general availability stage.');
    expect(() => addStage(ctx, plan, { kind: 'beta' as StageKind })).toThrow('Unknown kind of stage "beta".');
  });

  it('sets planned and actual days, leaving out what is not given, and refuses impossible days', () => {
    const { ctx, read, stage } = planWorkspace();
    const ea = stage('early-access').id;
    setStageDates(ctx, ea, { plannedDate: '2026-02-01' });
    setStageDates(ctx, ea, { actualDate: '2026-02-03' });
    expect(read().stages.get(ea)).toMatchObject({ plannedDate: '2026-02-01', actualDate: '2026-02-03' });
    for (const bad of ['2026-02-30', '2026-2-1', '01/02/2026', '']) expect(() => setStageDates(ctx, ea, { plannedDate: bad })).toThrow('The planned date must be a day written like 2026-03-31.');
    setStageDates(ctx, ea, { actualDate: null });
    expect(read().stages.get(ea)).toMatchObject({ plannedDate: '2026-02-01', actualDate: null });
  });

  it('renames a stage and rewrites its audience', () => {
    const { ctx, read, stage } = planWorkspace();
    const ea = stage('early-access').id;
    editStage(ctx, ea, { name: ' Beta ', audience: 'Teams on the loyalty programme' });
    expect(read().stages.get(ea)).toMatchObject({ name: 'Beta', audience: 'Teams on the loyalty programme' });
    expect(() => editStage(ctx, ea, { name: '  ' })).toThrow('Name the stage.');
  });

  it('keeps the cohorts given, trimmed and without duplicates, and removes the others', () => {
    const { ctx, read, stage } = planWorkspace();
    const ea = stage('early-access').id;
    setStageCohorts(ctx, ea, [' Loyal customers', 'Tech-savvy customers', 'Loyal customers ', '']);
    expect(read().stages.get(ea)?.cohorts).toEqual(['Loyal customers', 'Tech-savvy customers']);
    setStageCohorts(ctx, ea, ['Tech-savvy customers', 'Design partners']);
    expect(read().stages.get(ea)?.cohorts).toEqual(['Design partners', 'Tech-savvy customers']);
    expect(() => setStageCohorts(ctx, ea, Array.from({ length: 101 }, (_, i) => `cohort ${i}`))).toThrow('A stage can have at most 100 cohorts.');
    expect(() => setStageCohorts(ctx, ea, ['x'.repeat(101)])).toThrow('A cohort name is too long (at most 100 characters).');
  });

  it('records the day a stage goes live as its actual date, unless one is set, with who and when', () => {
    const { ctx, clock, read, stage } = planWorkspace();
    const internal = stage('internal').id;
    const ea = stage('early-access').id;
    clock.t = day(9) + 15 * 3_600_000; // 2026-01-10, 15:00 UTC
    setStageStatus(ctx, internal, 'live');
    setStageDates(ctx, ea, { actualDate: '2026-01-20' });
    setStageStatus(ctx, ea, 'live');
    expect(read().stages.get(internal)).toMatchObject({ status: 'live', actualDate: '2026-01-10', statusAt: clock.t, statusBy: 'Ana', statusReason: '' });
    expect(read().stages.get(ea)?.actualDate).toBe('2026-01-20');
  });

  it('needs a reason to roll a stage back, and records it; a pause may give one', () => {
    const { ctx, read, stage } = planWorkspace();
    const ea = stage('early-access').id;
    setStageStatus(ctx, ea, 'live');
    expect(() => setStageStatus(ctx, ea, 'rolled-back')).toThrow('Say why it was rolled back: a rollback needs a reason.');
    expect(() => setStageStatus(ctx, ea, 'rolled-back', { reason: '   ' })).toThrow(CommandError);
    expect(read().stages.get(ea)?.status).toBe('live');
    setStageStatus(ctx, ea, 'paused');
    expect(read().stages.get(ea)).toMatchObject({ status: 'paused', statusReason: '' });
    setStageStatus(ctx, ea, 'rolled-back', { reason: ' Sync errors for 3% of teams ' });
    expect(read().stages.get(ea)).toMatchObject({ status: 'rolled-back', statusReason: 'Sync errors for 3% of teams' });
    setStageStatus(ctx, ea, 'rolled-back', { reason: 'Sync errors for 4% of teams' }); // same status: the reason is updated
    expect(read().stages.get(ea)?.statusReason).toBe('Sync errors for 4% of teams');
    expect(() => setStageStatus(ctx, ea, 'gone' as StageStatus)).toThrow('Unknown stage status "gone".');
  });

  it('lets internal and early-access stages go live whatever the gates', () => {
    const { ctx, plan, read, stage } = planWorkspace();
    expect(openGates(plan, read().gates.values())).toHaveLength(4);
    setStageStatus(ctx, stage('internal').id, 'live');
    setStageStatus(ctx, stage('early-access').id, 'live');
    expect(stagesOf(plan, read().stages.values()).map((s) => s.status)).toEqual(['live', 'live', 'planned']);
  });
});

describe('readiness gates hold general availability back', () => {
  it('refuses to take GA live while gates are open, naming them, and changes nothing', () => {
    const { ctx, read, stage, gate } = planWorkspace();
    doneAll(ctx, [gate('Marketing announcement'), gate('Documentation')]);
    const ga = stage('general-availability').id;
    expect(() => setStageStatus(ctx, ga, 'live')).toThrow(
      'General availability cannot go live while 2 readiness gates are open (Customer success / support trained, Sales enabled). Complete them, or override with a reason.',
    );
    setGateStatus(ctx, gate('Sales enabled').id, 'done');
    expect(() => setStageStatus(ctx, ga, 'live')).toThrow('General availability cannot go live while a readiness gate is open (Customer success / support trained).');
    expect(read().stages.get(ga)).toMatchObject({ status: 'planned', statusAt: null, actualDate: null, override: null });
  });

  it('needs a reason to override, and records the override with who, when and the open gates', () => {
    const { ctx, clock, read, stage, gate } = planWorkspace();
    doneAll(ctx, [gate('Marketing announcement'), gate('Documentation')]);
    const ga = stage('general-availability').id;
    expect(() => setStageStatus(ctx, ga, 'live', { overrideReason: '  ' })).toThrow(/cannot go live while 2 readiness gates are open/);
    clock.t = day(60);
    setStageStatus(ctx, ga, 'live', { overrideReason: ' Launch event is fixed; sales trained next week ' });
    expect(read().stages.get(ga)).toMatchObject({
      status: 'live',
      actualDate: '2026-03-02',
      override: { reason: 'Launch event is fixed; sales trained next week', by: 'Ana', at: day(60), openGates: ['Customer success / support trained', 'Sales enabled'] },
    });
  });

  it('lets GA go live once every gate is done, without an override', () => {
    const { ctx, plan, read, stage } = planWorkspace();
    expect(canGoGenerallyAvailable(plan, read().gates.values())).toMatchObject({ ok: false, explanation: `4 readiness gates are still open: ${DEFAULT_GATES.join(', ')}.` });
    doneAll(ctx, gatesOf(plan, read().gates.values()));
    expect(canGoGenerallyAvailable(plan, read().gates.values())).toEqual({ ok: true, openGates: [], explanation: 'All 4 readiness gates are done.' });
    const ga = stage('general-availability').id;
    setStageStatus(ctx, ga, 'live', { overrideReason: 'not needed' });
    expect(read().stages.get(ga)).toMatchObject({ status: 'live', override: null });
  });

  it('counts only live gates: a deleted gate no longer blocks, a gate added later does', () => {
    const { ctx, plan, read, stage, gate } = planWorkspace();
    doneAll(ctx, [gate('Marketing announcement'), gate('Documentation'), gate('Sales enabled')]);
    deleteGate(ctx, gate('Customer success / support trained').id);
    expect(canGoGenerallyAvailable(plan, read().gates.values()).ok).toBe(true);
    const legal = addGate(ctx, plan, { name: 'Legal review', owningTeam: 'Legal' });
    expect(canGoGenerallyAvailable(plan, read().gates.values())).toMatchObject({ ok: false, openGates: [read().gates.get(legal)], explanation: '1 readiness gate is still open: Legal review.' });
    expect(() => setStageStatus(ctx, stage('general-availability').id, 'live')).toThrow(/Legal review/);
  });

  it('explains a plan without gates', () => {
    const { doc, ctx, keyResult } = workspace();
    const plan = addRolloutPlan(ctx, { title: 'Small tweak', keyResultId: keyResult, defaultStages: true });
    expect(canGoGenerallyAvailable(plan, readRollouts(doc).gates.values())).toEqual({ ok: true, openGates: [], explanation: 'No readiness gates: nothing holds general availability back.' });
  });

  it('records who completed a gate and when, with its evidence; reopening clears who and when', () => {
    const { ctx, clock, read, gate } = planWorkspace();
    const docs = gate('Documentation').id;
    clock.t = day(20);
    setGateStatus(ctx, docs, 'done', ' https://docs.example.com/guided-setup ');
    expect(read().gates.get(docs)).toMatchObject({ status: 'done', doneAt: day(20), doneBy: 'Ana', evidence: 'https://docs.example.com/guided-setup' });
    setGateStatus(ctx, docs, 'open');
    expect(read().gates.get(docs)).toMatchObject({ status: 'open', doneAt: null, doneBy: null, evidence: 'https://docs.example.com/guided-setup' });
    editGate(ctx, docs, { name: 'Help centre article', owningTeam: 'Docs' });
    expect(read().gates.get(docs)).toMatchObject({ name: 'Help centre article', owningTeam: 'Docs' });
    expect(() => setGateStatus(ctx, docs, 'maybe' as 'done')).toThrow('Unknown gate status "maybe".');
    expect(() => addGate(ctx, read().gates.get(docs)!.rolloutId, { name: ' ' })).toThrow('Name the gate: what must be ready before general availability?');
  });
});

/* Plain records for the pure queries. */

const plainPlan = (id: string, extra: Partial<RolloutPlan> = {}): RolloutPlan => ({
  id,
  title: `Feature ${id}`,
  description: '',
  toggleKey: id,
  initiativeId: 'i1',
  keyResultId: null,
  order: `a${id}`,
  createdAt: CYCLE_START,
  createdBy: 'Ana',
  deletedAt: null,
  deletedBy: null,
  ...extra,
});

let stageSeq = 0;
function plainStage(kind: StageKind, status: StageStatus, extra: Partial<Stage> = {}): Stage {
  stageSeq += 1;
  return {
    id: `s${String(stageSeq).padStart(4, '0')}`,
    rolloutId: 'p1',
    kind,
    name: kind,
    cohorts: [],
    audience: '',
    plannedDate: null,
    actualDate: null,
    status,
    statusReason: '',
    statusAt: null,
    statusBy: null,
    override: null,
    order: `a${String(stageSeq).padStart(4, '0')}`,
    createdAt: CYCLE_START,
    createdBy: 'Ana',
    deletedAt: null,
    deletedBy: null,
    ...extra,
  };
}

function plainGate(name: string, extra: Partial<ReadinessGate> = {}): ReadinessGate {
  return { id: `g-${name}`, rolloutId: 'p1', name, owningTeam: '', status: 'open', evidence: '', doneAt: null, doneBy: null, order: `a${name}`, createdAt: CYCLE_START, createdBy: 'Ana', deletedAt: null, deletedBy: null, ...extra };
}

type S = [StageKind, StageStatus, Partial<Stage>?];
const stages = (...specs: S[]) => specs.map(([kind, status, extra]) => plainStage(kind, status, extra));

describe('what we can promise', () => {
  it.each<[string, PromiseState, S[]]>([
    ['a plan without stages', 'in-development', []],
    ['only planned stages', 'in-development', [['internal', 'planned'], ['early-access', 'planned'], ['general-availability', 'planned']]],
    ['only the internal stage live', 'in-development', [['internal', 'live'], ['early-access', 'planned'], ['general-availability', 'planned']]],
    ['the internal stage paused', 'in-development', [['internal', 'paused'], ['early-access', 'planned']]],
    ['early access live', 'in-production', [['internal', 'live'], ['early-access', 'live'], ['general-availability', 'planned']]],
    ['one early-access wave live, another rolled back', 'in-production', [['early-access', 'live'], ['early-access', 'rolled-back', { statusReason: 'bug' }]]],
    ['early access paused, nothing live', 'paused', [['internal', 'live'], ['early-access', 'paused'], ['general-availability', 'planned']]],
    ['early access rolled back', 'paused', [['early-access', 'rolled-back', { statusReason: 'bug' }]]],
    ['GA paused while early access is live', 'paused', [['early-access', 'live'], ['general-availability', 'paused']]],
    ['GA rolled back', 'paused', [['early-access', 'planned'], ['general-availability', 'rolled-back', { statusReason: 'bug' }]]],
    ['GA live', 'generally-available', [['early-access', 'live'], ['general-availability', 'live']]],
    ['GA live while early access is paused', 'generally-available', [['early-access', 'paused'], ['general-availability', 'live']]],
    ['a deleted GA stage live', 'in-development', [['early-access', 'planned'], ['general-availability', 'live', { deletedAt: 1, deletedBy: 'Ana' }]]],
  ])('%s: %s', (_label, state, specs) => {
    expect(promiseStatusOf(plainPlan('p1'), stages(...specs), EN_US).state).toBe(state);
  });

  it('promises early access with its cohorts and the planned GA date', () => {
    const status = promiseStatusOf(
      plainPlan('p1'),
      stages(['early-access', 'live', { cohorts: ['Loyal customers', 'Tech-savvy customers'] }], ['early-access', 'live', { cohorts: ['Loyal customers'] }], ['general-availability', 'planned', { plannedDate: '2026-03-15' }]),
      EN_US,
    );
    expect(status).toMatchObject({ state: 'in-production', plannedGaDate: '2026-03-15', earlyAccessLive: true, cohorts: ['Loyal customers', 'Tech-savvy customers'] });
    expect(status.explanation).toBe('In production with Loyal customers, Tech-savvy customers; safe to promise, general availability planned for Mar 15, 2026.');
    expect(promiseStatusOf(plainPlan('p1'), stages(['early-access', 'live']), EN_US).explanation).toBe('In production with early-access customers; safe to promise, no date for general availability yet.');
  });

  it('says why a rollout is paused, and that early access is still live', () => {
    const status = promiseStatusOf(plainPlan('p1'), stages(['early-access', 'live'], ['general-availability', 'rolled-back', { name: 'General availability', statusReason: 'Support queue doubled' }]), EN_US);
    expect(status).toMatchObject({ state: 'paused', earlyAccessLive: true });
    expect(status.stage?.name).toBe('General availability');
    expect(status.explanation).toBe('General availability rolled back: Support queue doubled. Promise nothing new until it resumes.');
  });

  it('lists live plans by state, then in plan order', () => {
    const plans = [plainPlan('p1'), plainPlan('p2'), plainPlan('p3'), plainPlan('p4'), plainPlan('p5', { deletedAt: 1, deletedBy: 'Ana' })];
    const all = [
      ...stages(['early-access', 'live', { rolloutId: 'p1' }]),
      ...stages(['general-availability', 'live', { rolloutId: 'p2' }]),
      ...stages(['early-access', 'paused', { rolloutId: 'p3' }]),
      ...stages(['early-access', 'live', { rolloutId: 'p4' }]),
      ...stages(['general-availability', 'live', { rolloutId: 'p5' }]),
    ];
    expect(whatWeCanPromise(plans, all, EN_US).map((i) => [i.plan.id, i.status.state])).toEqual([
      ['p2', 'generally-available'],
      ['p1', 'in-production'],
      ['p4', 'in-production'],
      ['p3', 'paused'],
    ]);
  });

  it('follows a plan built with the commands from development to general availability', () => {
    const { ctx, plan, read, stage } = planWorkspace();
    const promise = () => promiseStatusOf(read().plans.get(plan)!, read().stages.values(), EN_US);
    expect(promise().state).toBe('in-development');
    setStageDates(ctx, stage('general-availability').id, { plannedDate: '2026-03-20' });
    setStageCohorts(ctx, stage('early-access').id, ['Loyal customers']);
    setStageStatus(ctx, stage('early-access').id, 'live');
    expect(promise()).toMatchObject({ state: 'in-production', plannedGaDate: '2026-03-20', cohorts: ['Loyal customers'] });
    doneAll(ctx, gatesOf(plan, read().gates.values()));
    setStageStatus(ctx, stage('general-availability').id, 'live');
    expect(promise().state).toBe('generally-available');
  });

  it.each([
    ['en-US', 'Mar 20, 2026'],
    ['en-GB', '20 Mar 2026'],
  ])('writes its days in the reader locale (%s), never as ISO dates', (locale, planned) => {
    const { ctx, plan, read, stage } = planWorkspace();
    const dates = dateWordsFor(locale);
    setStageDates(ctx, stage('general-availability').id, { plannedDate: '2026-03-20' });
    setStageStatus(ctx, stage('early-access').id, 'live');
    const inProduction = promiseStatusOf(read().plans.get(plan)!, read().stages.values(), dates).explanation;
    expect(inProduction).toContain(`general availability planned for ${planned}`);
    expect(inProduction).not.toMatch(ISO_DAY);
    doneAll(ctx, gatesOf(plan, read().gates.values()));
    setStageStatus(ctx, stage('general-availability').id, 'live');
    const available = promiseStatusOf(read().plans.get(plan)!, read().stages.values(), dates);
    expect(available.stage?.actualDate).toMatch(ISO_DAY);
    expect(available.explanation).toBe(`Available to everyone since ${dates.day(available.stage?.actualDate ?? '')}.`);
    expect(available.explanation).not.toMatch(ISO_DAY);
  });
});

describe('rollout timeline', () => {
  const bars = (row: ReturnType<typeof rolloutTimeline>['rows'][number]) => row.bars.map((b) => [b.stage.kind, b.from, b.to, b.tentative, b.startsBeforeCycle, b.endsAfterCycle]);

  it('draws each stage from its start to the next stage, clamped to the cycle', () => {
    const all = stages(
      ['internal', 'live', { plannedDate: '2025-12-15', actualDate: '2025-12-20' }],
      ['early-access', 'live', { plannedDate: '2026-01-31', actualDate: '2026-02-01' }],
      ['early-access', 'planned'], // undated
      ['general-availability', 'planned', { plannedDate: '2026-03-01' }],
    );
    const [row] = rolloutTimeline([plainPlan('p1')], all, [], CYCLE).rows;
    expect(bars(row!)).toEqual([
      ['internal', '2026-01-01', '2026-01-31', false, true, false],
      ['early-access', '2026-02-01', '2026-02-28', false, false, false],
      ['general-availability', '2026-03-01', '2026-03-31', true, false, true],
    ]);
    expect(row!.bars.map((b) => [b.x0, b.x1])).toEqual([
      [0, 31 / 90],
      [31 / 90, 59 / 90],
      [59 / 90, 1],
    ]);
    expect(row!.bars[1]!.slipDays).toBe(1);
    expect(row!.undated.map((s) => s.id)).toEqual([all[2]!.id]);
  });

  it('leaves out stages wholly outside the cycle and keeps plans without dates as empty rows', () => {
    const all = [
      ...stages(['internal', 'live', { actualDate: '2025-10-01' }], ['early-access', 'live', { actualDate: '2025-11-01' }], ['general-availability', 'planned', { plannedDate: '2026-05-01' }]),
      ...stages(['internal', 'planned', { rolloutId: 'p2' }]),
    ];
    const { rows } = rolloutTimeline([plainPlan('p1'), plainPlan('p2')], all, [], CYCLE);
    expect(bars(rows[0]!)).toEqual([['early-access', '2026-01-01', '2026-03-31', false, true, true]]);
    expect(rows[1]).toMatchObject({ bars: [], markers: [] });
  });

  it('marks done gates on the day they were done and open gates on the day GA starts', () => {
    const all = stages(['general-availability', 'planned', { plannedDate: '2026-03-10' }]);
    const gates = [
      plainGate('Docs', { status: 'done', doneAt: day(14) + 3_600_000, doneBy: 'Ana' }),
      plainGate('Sales', { status: 'open' }),
      plainGate('Old', { status: 'done', doneAt: CYCLE_START - 5 * DAY }),
      plainGate('Gone', { deletedAt: 1, deletedBy: 'Ana' }),
    ];
    const [row] = rolloutTimeline([plainPlan('p1')], all, gates, CYCLE).rows;
    expect(row!.markers.map((m) => [m.gate.name, m.date, m.due, m.x])).toEqual([
      ['Docs', '2026-01-15', false, 14.5 / 90],
      ['Sales', '2026-03-10', true, 68.5 / 90],
    ]);
  });
});

describe('concurrent offline edits to rollouts', () => {
  const same = (a: Y.Doc, b: Y.Doc) => expect(canonicalJson(readRollouts(a))).toBe(canonicalJson(readRollouts(b)));

  it('keeps a gate marked done on one device and stage dates changed on another', () => {
    const ana = planWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(5));
    const docs = ana.gate('Documentation').id;
    const ga = ana.stage('general-availability').id;
    setGateStatus(ana.ctx, docs, 'done', 'https://docs.example.com/setup');
    setStageDates(ben.ctx, ga, { plannedDate: '2026-03-15' });
    setStageDates(ben.ctx, ana.stage('early-access').id, { plannedDate: '2026-02-01', actualDate: '2026-02-02' });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const merged = readRollouts(ben.doc);
    expect(merged.problems).toEqual([]);
    expect(merged.gates.get(docs)).toMatchObject({ status: 'done', evidence: 'https://docs.example.com/setup', doneBy: 'Ana' });
    expect(merged.stages.get(ga)?.plannedDate).toBe('2026-03-15');
    expect(merged.stages.get(ana.stage('early-access').id)).toMatchObject({ plannedDate: '2026-02-01', actualDate: '2026-02-02' });
  });

  it('keeps the cohorts and gates two people add at once', () => {
    const ana = planWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(5));
    const ea = ana.stage('early-access').id;
    setStageCohorts(ana.ctx, ea, ['Loyal customers']);
    setStageCohorts(ben.ctx, ea, ['Tech-savvy customers', 'Design partners']);
    const legal = addGate(ana.ctx, ana.plan, { name: 'Legal review', owningTeam: 'Legal' });
    const pricing = addGate(ben.ctx, ana.plan, { name: 'Pricing page updated', owningTeam: 'Marketing' });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const merged = readRollouts(ana.doc);
    expect(merged.stages.get(ea)?.cohorts).toEqual(['Design partners', 'Loyal customers', 'Tech-savvy customers']);
    expect(gatesOf(ana.plan, merged.gates.values()).map((g) => g.id)).toEqual(expect.arrayContaining([legal, pricing]));
    expect(openGates(ana.plan, merged.gates.values())).toHaveLength(6);
  });

  it('keeps a rollback with its reason and a concurrent rename, audience and date change of the same stage', () => {
    const ana = planWorkspace();
    const ea = ana.stage('early-access').id;
    setStageStatus(ana.ctx, ea, 'live');
    const ben = replicaOf(ana.doc, 'Ben', day(8));
    ana.clock.t = day(7);
    setStageStatus(ana.ctx, ea, 'rolled-back', { reason: 'Data loss on import' });
    editStage(ben.ctx, ea, { name: 'Beta', audience: 'Teams that opted in' });
    setStageDates(ben.ctx, ea, { plannedDate: '2026-01-12' });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    expect(readRollouts(ben.doc).stages.get(ea)).toMatchObject({
      status: 'rolled-back',
      statusReason: 'Data loss on import',
      statusBy: 'Ana',
      name: 'Beta',
      audience: 'Teams that opted in',
      plannedDate: '2026-01-12',
    });
  });

  it('merges two people typing in the feature name by character', () => {
    const ana = planWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(1));
    editRolloutPlanText(ana.ctx, ana.plan, 'title', 'Guided setup wizard');
    editRolloutPlanText(ben.ctx, ana.plan, 'title', 'New guided setup');
    syncBoth(ana.doc, ben.doc);
    expect(readRollouts(ana.doc).plans.get(ana.plan)?.title).toBe('New guided setup wizard');
    same(ana.doc, ben.doc);
  });
});

describe('hostile rollout records', () => {
  function put(map: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>) {
    const entity = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(fields)) entity.set(k, v);
    map.set(id, entity);
  }

  it('skips and reports malformed plans, stages and gates, reading the rest', () => {
    const { doc, plan, stage, gate } = planWorkspace();
    const ea = stage('early-access');
    const huge = new Y.Map<boolean>();
    const stageBase = { rolloutId: plan, kind: 'early-access', name: 'x', status: 'planned', order: 'a0', createdAt: 1, createdBy: 'x' };
    const gateBase = { rolloutId: plan, name: 'x', status: 'open', order: 'a0', createdAt: 1, createdBy: 'x' };
    doc.transact(() => {
      rootMap(doc, 'rollouts').set('plainObject', { id: 'plainObject', title: 'x' } as unknown as Y.Map<unknown>);
      rootMap(doc, 'rollouts').set('nothing', null as unknown as Y.Map<unknown>);
      put(rootMap(doc, 'rollouts'), 'badToggle', { id: 'badToggle', title: 'x', toggleKey: 42, order: 'a0', createdAt: 1, createdBy: 'x' });
      put(rootMap(doc, 'rollouts'), 'wrongId', { id: 'other', title: 'x', order: 'a0', createdAt: 1, createdBy: 'x' });
      put(rootMap(doc, 'rollouts'), '__proto__', { id: '__proto__', title: 'x', order: 'a0', createdAt: 1, createdBy: 'x' });
      put(rootMap(doc, 'rolloutStages'), 'hugeArray', { id: 'hugeArray', ...stageBase, cohorts: Array.from({ length: 5_000 }, (_, i) => `c${i}`) });
      for (let i = 0; i < 1_500; i++) huge.set(`c${i}`, true);
      put(rootMap(doc, 'rolloutStages'), 'hugeMap', { id: 'hugeMap', ...stageBase, cohorts: huge });
      put(rootMap(doc, 'rolloutStages'), 'badKind', { id: 'badKind', ...stageBase, kind: 'beta' });
      put(rootMap(doc, 'rolloutStages'), 'badDate', { id: 'badDate', ...stageBase, plannedDate: '1 March' });
      put(rootMap(doc, 'rolloutStages'), 'badOverride', { id: 'badOverride', ...stageBase, override: { reason: 7 } });
      put(rootMap(doc, 'rolloutStages'), 'noRollout', { id: 'noRollout', ...stageBase, rolloutId: 5 });
      put(rootMap(doc, 'readinessGates'), 'badStatus', { id: 'badStatus', ...gateBase, status: 'maybe' });
      put(rootMap(doc, 'readinessGates'), 'longEvidence', { id: 'longEvidence', ...gateBase, evidence: 'x'.repeat(10_000) });
      put(rootMap(doc, 'readinessGates'), 'nested', { id: 'nested', ...gateBase, name: new Y.Array() });
    });
    let read!: ReturnType<typeof readRollouts>;
    expect(() => (read = readRollouts(doc))).not.toThrow();
    // Read field by field: only what is not a map (and an id no record may have) is skipped.
    expect([...read.plans.keys()].sort()).toEqual([plan, 'badToggle', 'wrongId'].sort());
    expect(read.plans.get('badToggle')?.toggleKey).toBe('');
    expect(stagesOf(plan, read.stages.values())).toHaveLength(3 + 5);
    expect(read.stages.get('hugeArray')?.cohorts).toHaveLength(1_000);
    expect(read.stages.get('badKind')?.kind).toBe('internal');
    expect(read.stages.get('noRollout')?.rolloutId).toBe('missing-reference');
    expect(read.stages.get(ea.id)).toEqual(ea);
    expect(gatesOf(plan, read.gates.values()).map((g) => g.id)).toContain(gate('Documentation').id);
    expect(read.gates.size).toBe(4 + 3);
    expect(read.gates.get('longEvidence')?.evidence).toHaveLength(2_000);
    expect(read.problems.map((p) => `${p.map}:${p.id}`).sort()).toEqual(
      [
        'rollouts:plainObject',
        'rollouts:nothing',
        'rollouts:badToggle',
        'rollouts:wrongId',
        'rollouts:__proto__',
        'rolloutStages:hugeArray',
        'rolloutStages:hugeMap',
        'rolloutStages:badKind',
        'rolloutStages:badDate',
        'rolloutStages:badOverride',
        'rolloutStages:noRollout',
        'readinessGates:badStatus',
        'readinessGates:longEvidence',
        'readinessGates:nested',
      ].sort(),
    );
    expect(read.problems.find((p) => p.id === 'hugeArray')?.message).toMatch(/cohorts/);
  });

  it('accepts plain strings for text and plain arrays for cohorts from other writers', () => {
    const { doc, plan } = planWorkspace();
    doc.transact(() => {
      put(rootMap(doc, 'rollouts'), 'plainText', { id: 'plainText', title: 'Written by a script', keyResultId: 'somekr', order: 'a9', createdAt: 1, createdBy: 'bot' });
      put(rootMap(doc, 'rolloutStages'), 'plainCohorts', { id: 'plainCohorts', rolloutId: plan, kind: 'early-access', name: 'x', status: 'live', cohorts: ['Loyal customers'], order: 'a9', createdAt: 1, createdBy: 'bot' });
    });
    const read = readRollouts(doc);
    expect(read.problems).toEqual([]);
    expect(read.plans.get('plainText')).toMatchObject({ title: 'Written by a script', description: '', toggleKey: '', initiativeId: null });
    expect(read.stages.get('plainCohorts')).toMatchObject({ cohorts: ['Loyal customers'], statusReason: '', override: null });
  });

  it('refuses to edit damaged cohorts, and does not let an unreadable gate block GA', () => {
    const { doc, ctx, plan, read, stage } = planWorkspace();
    doneAll(ctx, gatesOf(plan, read().gates.values()));
    const ea = stage('early-access').id;
    doc.transact(() => {
      rootMap(doc, 'rolloutStages').get(ea)!.set('cohorts', ['Loyal customers']);
      put(rootMap(doc, 'readinessGates'), 'garbled', { id: 'garbled', rolloutId: plan, name: 'x', status: 'maybe', order: 'a0', createdAt: 1, createdBy: 'x' });
    });
    expect(() => setStageCohorts(ctx, ea, ['Tech-savvy customers'])).toThrow('The cohorts of this stage are damaged in this workspace.');
    setStageStatus(ctx, stage('general-availability').id, 'live');
    expect(stage('general-availability').status).toBe('live');
  });
});

describe('dates a peer may write', () => {
  it('are read as problems when the day does not exist, so no timeline breaks on them', async () => {
    const { readStage } = await import('../../shared/schema/rollouts');
    const { readDependency } = await import('../../shared/schema/alignment');
    const Y = await import('yjs');
    const doc = new Y.Doc();
    const stage = doc.getMap<Y.Map<unknown>>('s');
    const bad = new Y.Map<unknown>();
    stage.set('st1', bad);
    for (const [k, v] of Object.entries({ id: 'st1', rolloutId: 'r1', kind: 'internal', audience: '', plannedDate: '2026-13-01', actualDate: null, status: 'planned', order: 'a0', cohorts: new Y.Map(), createdAt: 0, createdBy: 'A', deletedAt: null, deletedBy: null })) bad.set(k, v);
    const stageRead = readStage('st1', bad);
    expect(stageRead.ok ? stageRead.value.plannedDate : 'dropped').toBeNull();
    expect(problemsOf(stageRead).map((p) => p.message).join()).toMatch(/plannedDate: must be a real YYYY-MM-DD date/);
    const dep = new Y.Map<unknown>();
    doc.getMap('d').set('d1', dep);
    for (const [k, v] of Object.entries({ id: 'd1', fromTeamId: 'a', toTeamId: 'b', what: 'x', neededBy: '2026-02-30', blocking: false, status: 'requested', keyResultId: null, note: '', createdAt: 0, createdBy: 'A', deletedAt: null, deletedBy: null })) dep.set(k, v);
    const read = readDependency('d1', dep);
    expect(read.ok ? read.value.neededBy : 'dropped').toBeNull();
    expect(problemsOf(read).map((p) => p.message).join()).toMatch(/neededBy: must be a real YYYY-MM-DD date/);
  });
});
