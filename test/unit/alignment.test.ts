import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { alignObjective, markNorthStar, unalignObjective, unmarkNorthStar } from '../../shared/commands/alignment';
import { CommandError, type CommandContext } from '../../shared/commands/context';
import {
  addDependency,
  deleteDependency,
  editDependency,
  linkDependencyKeyResult,
  restoreDependency,
  setDependencyStatus,
} from '../../shared/commands/dependencies';
import { addInitiative } from '../../shared/commands/initiatives';
import { addKeyResult, deleteKeyResult } from '../../shared/commands/keyResults';
import { addObjective, deleteObjective, restoreObjective } from '../../shared/commands/objectives';
import { addTeam, deleteTeam, renameTeam, restoreTeam, setObjectiveTeam, setTeamColour } from '../../shared/commands/teams';
import { canonicalJson } from '../../shared/format/canonical';
import { alignmentTree, type AlignmentTree, type ObjectiveNode } from '../../shared/queries/alignment';
import { dependenciesOfKeyResult, dependencyStatus } from '../../shared/queries/dependencies';
import {
  TEAM_COLOURS,
  type Dependency,
  type Team,
} from '../../shared/schema/alignment';
import { readAlignmentState, readWorkspace } from '../../shared/schema/read';
import { CYCLE_START, day, newCycleWorkspace, replicaOf, syncBoth, type Replica } from './issue4Fixtures';
import { rootMap } from '../../shared/schema/roots';

/* A workspace whose tree and records are read back validated. */
function workspace() {
  const ws = newCycleWorkspace();
  return { ...ws, ...readers(ws) };
}

function readers(ws: Pick<Replica, 'doc'>) {
  const state = () => readAlignmentState(ws.doc);
  const tree = () => alignmentTree({ ...readWorkspace(ws.doc), ...state() });
  return { state, tree };
}

/*
 * The tree as indented lines, so a spec reads like the screen:
 * ★ north star, • KR, ◦ initiative, ⇠ dependency, [team].
 */
function render(tree: AlignmentTree): string[] {
  const lines: string[] = [];
  const walk = (node: ObjectiveNode, depth: number, prefix = '') => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}${prefix}${node.northStar ? '★ ' : ''}${node.objective.title}${node.team ? ` [${node.team.name}]` : ''}`);
    for (const kr of node.keyResults) {
      lines.push(`${pad}  • ${kr.keyResult.title}`);
      for (const work of kr.initiatives) lines.push(`${pad}    ◦ ${work.title}`);
      for (const dep of kr.dependencies) lines.push(`${pad}    ⇠ ${dep.what}`);
      for (const child of kr.children) walk(child, depth + 2);
    }
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const star of tree.northStars) walk(star, 0);
  for (const entry of tree.unaligned) walk(entry.node, 0, `(${entry.reason}) `);
  return lines;
}

/* Every live objective's id, as often as it appears in the tree. */
function idsInTree(tree: AlignmentTree): string[] {
  const out: string[] = [];
  const walk = (node: ObjectiveNode) => {
    out.push(node.objective.id);
    node.keyResults.forEach((kr) => kr.children.forEach(walk));
    node.children.forEach(walk);
  };
  tree.northStars.forEach(walk);
  tree.unaligned.forEach((e) => walk(e.node));
  return out.sort();
}

function liveObjectiveIds(doc: Y.Doc): string[] {
  return [...readWorkspace(doc).objectives.values()].filter((o) => o.deletedAt === null).map((o) => o.id).sort();
}

/* A company north star with a KR, two teams, and a team objective with a KR and its work. */
function companyWorkspace() {
  const ws = workspace();
  const { ctx } = ws;
  const growth = addTeam(ctx, { name: 'Growth' });
  const platform = addTeam(ctx, { name: 'Platform' });
  const star = addObjective(ctx, { title: 'Customers succeed in their first week' });
  const starKr = addKeyResult(ctx, star, { title: '60% of new teams active in week one', kind: 'milestone' });
  markNorthStar(ctx, star);
  const onboarding = addObjective(ctx, { title: 'Onboarding that teaches itself' });
  setObjectiveTeam(ctx, onboarding, growth);
  const onboardingKr = addKeyResult(ctx, onboarding, { title: 'Guided setup finished by half of new teams', kind: 'milestone' });
  addInitiative(ctx, { title: 'Build the guided setup', keyResultIds: [onboardingKr] });
  const speed = addObjective(ctx, { title: 'The app opens in a blink' });
  setObjectiveTeam(ctx, speed, platform);
  return { ...ws, growth, platform, star, starKr, onboarding, onboardingKr, speed };
}

describe('teams', () => {
  it('adds teams at the end with the next unused colour, names trimmed', () => {
    const { ctx, state, clock } = workspace();
    const a = addTeam(ctx, { name: '  Growth ' });
    const b = addTeam(ctx, { name: 'Platform', colour: '#AABBCC' });
    const c = addTeam(ctx, { name: 'Support' });
    const teams = state().teams;
    expect(teams.get(a)).toEqual({ id: a, name: 'Growth', colour: TEAM_COLOURS[0], order: teams.get(a)?.order, createdAt: clock.t, createdBy: 'Ana', deletedAt: null, deletedBy: null });
    expect([teams.get(b)?.colour, teams.get(c)?.colour]).toEqual(['#aabbcc', TEAM_COLOURS[1]]);
    expect(teams.get(a)!.order < teams.get(b)!.order && teams.get(b)!.order < teams.get(c)!.order).toBe(true);
  });

  it('refuses a blank or taken name and a malformed colour, storing nothing', () => {
    const { doc, ctx } = workspace();
    const growth = addTeam(ctx, { name: 'Growth' });
    expect(() => addTeam(ctx, { name: '  ' })).toThrow('Name the team.');
    expect(() => addTeam(ctx, { name: 'growth' })).toThrow('There is already a team called growth.');
    expect(() => addTeam(ctx, { name: 'x'.repeat(201) })).toThrow('The team name is too long (at most 200 characters).');
    for (const colour of ['red', '#abc', '#12345g', '2f6fde']) expect(() => addTeam(ctx, { name: 'Other', colour })).toThrow('A colour is written like #2f6fde.');
    expect(() => setTeamColour(ctx, growth, 'blue')).toThrow(CommandError);
    expect(rootMap(doc, 'teams').size).toBe(1);
  });

  it('renames and recolours; a deleted team frees its name, and cannot be restored while another has it', () => {
    const { ctx, state } = workspace();
    const growth = addTeam(ctx, { name: 'Growth' });
    renameTeam(ctx, growth, 'Growth & Activation');
    setTeamColour(ctx, growth, '#123456');
    expect(state().teams.get(growth)).toMatchObject({ name: 'Growth & Activation', colour: '#123456' });
    deleteTeam(ctx, growth);
    const other = addTeam(ctx, { name: 'Growth & Activation' });
    expect(() => restoreTeam(ctx, growth)).toThrow('There is already a team called Growth & Activation.');
    renameTeam(ctx, other, 'Activation');
    restoreTeam(ctx, growth);
    expect(state().teams.get(growth)?.deletedAt).toBeNull();
  });

  it('puts an objective in a team, moves it, and takes it out, keeping the old records soft-deleted', () => {
    const { ctx, state, tree, clock } = companyWorkspace();
    const support = addTeam(ctx, { name: 'Support' });
    const objective = addObjective(ctx, { title: 'Answer within an hour' });
    setObjectiveTeam(ctx, objective, support);
    const node = () => tree().unaligned.find((e) => e.node.objective.id === objective)!.node;
    expect(node().team?.name).toBe('Support');
    clock.t = day(2);
    const growth = [...state().teams.values()].find((t) => t.name === 'Growth')!.id;
    setObjectiveTeam(ctx, objective, growth);
    expect(node().team?.name).toBe('Growth');
    const records = [...state().objectiveTeams.values()].filter((r) => r.objectiveId === objective);
    expect(records.map((r) => [r.teamId, r.deletedAt])).toEqual(expect.arrayContaining([[support, day(2)], [growth, null]]));
    setObjectiveTeam(ctx, objective, null);
    expect(node().team).toBeNull();
    expect(() => setObjectiveTeam(ctx, objective, 'nosuchteam')).toThrow('That team no longer exists.');
    deleteTeam(ctx, support);
    expect(() => setObjectiveTeam(ctx, objective, support)).toThrow('That team was deleted; restore it first.');
  });

  it('shows a deleted team on its objectives until they move', () => {
    const { ctx, tree, growth, onboarding, star } = companyWorkspace();
    alignObjective(ctx, onboarding, { type: 'objective', id: star });
    deleteTeam(ctx, growth);
    const node = tree().northStars[0]!.children[0]!;
    expect(node.team).toMatchObject({ id: growth, name: 'Growth', deletedBy: 'Ana' });
  });
});

describe('the alignment tree', () => {
  it('runs from north stars through objectives and KRs down to team KRs and their work', () => {
    const ws = companyWorkspace();
    const { ctx } = ws;
    alignObjective(ctx, ws.onboarding, { type: 'keyResult', id: ws.starKr });
    alignObjective(ctx, ws.speed, { type: 'objective', id: ws.star });
    const sub = addObjective(ctx, { title: 'Setup emails people open' });
    alignObjective(ctx, sub, { type: 'keyResult', id: ws.onboardingKr });
    const dependency = addDependency(ctx, { fromTeamId: ws.growth, toTeamId: ws.platform, what: 'Workspace templates API', keyResultId: ws.onboardingKr });
    const tree = ws.tree();
    expect(render(tree)).toEqual([
      '★ Customers succeed in their first week',
      '  • 60% of new teams active in week one',
      '    Onboarding that teaches itself [Growth]',
      '      • Guided setup finished by half of new teams',
      '        ◦ Build the guided setup',
      '        ⇠ Workspace templates API',
      '        Setup emails people open',
      '  The app opens in a blink [Platform]',
    ]);
    expect(tree.northStars[0]!.keyResults[0]!.children[0]!.alignment).toMatchObject({ childObjectiveId: ws.onboarding, parentType: 'keyResult', parentId: ws.starKr });
    expect(tree.northStars[0]!.keyResults[0]!.children[0]!.keyResults[0]!.dependencies.map((d) => d.id)).toEqual([dependency]);
    expect([tree.unaligned, tree.conflicts, tree.cycles]).toEqual([[], [], []]);
  });

  it('lists objectives that align to nothing as not aligned, with what aligns under them', () => {
    const ws = companyWorkspace();
    const sub = addObjective(ws.ctx, { title: 'Setup emails people open' });
    alignObjective(ws.ctx, sub, { type: 'objective', id: ws.onboarding });
    expect(render(ws.tree())).toEqual([
      '★ Customers succeed in their first week',
      '  • 60% of new teams active in week one',
      '(not-aligned) Onboarding that teaches itself [Growth]',
      '  • Guided setup finished by half of new teams',
      '    ◦ Build the guided setup',
      '  Setup emails people open',
      '(not-aligned) The app opens in a blink [Platform]',
    ]);
  });

  it('keeps objectives whose parent objective or KR was deleted, with the reason and their subtree', () => {
    const ws = companyWorkspace();
    const { ctx } = ws;
    const parent = addObjective(ctx, { title: 'Shorter setup' });
    alignObjective(ctx, parent, { type: 'objective', id: ws.star });
    alignObjective(ctx, ws.onboarding, { type: 'objective', id: parent });
    alignObjective(ctx, ws.speed, { type: 'keyResult', id: ws.starKr });
    const sub = addObjective(ctx, { title: 'Setup emails people open' });
    alignObjective(ctx, sub, { type: 'keyResult', id: ws.onboardingKr });
    deleteObjective(ctx, parent);
    deleteKeyResult(ctx, ws.starKr);
    const tree = ws.tree();
    expect(render(tree)).toEqual([
      '★ Customers succeed in their first week',
      '(parent-deleted) Onboarding that teaches itself [Growth]',
      '  • Guided setup finished by half of new teams',
      '    ◦ Build the guided setup',
      '    Setup emails people open',
      '(parent-deleted) The app opens in a blink [Platform]',
    ]);
    expect(tree.unaligned.map((e) => e.node.alignment?.parentId)).toEqual([parent, ws.starKr]);
    expect(idsInTree(tree)).toEqual(liveObjectiveIds(ws.doc));
  });

  it('keeps objectives whose parent is not in the workspace at all, and those under a KR of a deleted objective', () => {
    const ws = companyWorkspace();
    const { doc, ctx } = ws;
    const other = addObjective(ctx, { title: 'Other north star' });
    const otherKr = addKeyResult(ctx, other, { title: 'Other KR', kind: 'milestone' });
    alignObjective(ctx, ws.speed, { type: 'keyResult', id: otherKr });
    deleteObjective(ctx, other);
    // Written by another tool, or merged from a workspace that had the parent.
    const record = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id: 'align-1', childObjectiveId: ws.onboarding, parentType: 'objective', parentId: 'elsewhere', createdAt: 1, createdBy: 'bot' })) record.set(k, v);
    doc.transact(() => rootMap(doc, 'alignments').set('align-1', record));
    const tree = ws.tree();
    expect(tree.unaligned.map((e) => [e.node.objective.title, e.reason])).toEqual([
      ['Onboarding that teaches itself', 'parent-missing'],
      ['The app opens in a blink', 'parent-deleted'],
    ]);
    expect(idsInTree(tree)).toEqual(liveObjectiveIds(doc));
  });

  it('unaligns and unmarks', () => {
    const ws = companyWorkspace();
    alignObjective(ws.ctx, ws.onboarding, { type: 'objective', id: ws.star });
    unalignObjective(ws.ctx, ws.onboarding);
    unmarkNorthStar(ws.ctx, ws.star);
    const tree = ws.tree();
    expect(tree.northStars).toEqual([]);
    expect(tree.unaligned.map((e) => [e.node.objective.title, e.reason])).toEqual([
      ['Customers succeed in their first week', 'not-aligned'],
      ['Onboarding that teaches itself', 'not-aligned'],
      ['The app opens in a blink', 'not-aligned'],
    ]);
  });

  it('realigning replaces the alignment in one transaction, and aligning to the same parent again writes nothing', () => {
    const ws = companyWorkspace();
    alignObjective(ws.ctx, ws.onboarding, { type: 'objective', id: ws.star });
    let updates = 0;
    ws.doc.on('update', () => (updates += 1));
    alignObjective(ws.ctx, ws.onboarding, { type: 'objective', id: ws.star });
    expect(updates).toBe(0);
    alignObjective(ws.ctx, ws.onboarding, { type: 'keyResult', id: ws.starKr });
    expect(updates).toBe(1);
    const records = [...ws.state().alignments.values()];
    expect(records.map((a) => [a.parentId, a.deletedAt === null])).toEqual(expect.arrayContaining([[ws.star, false], [ws.starKr, true]]));
  });
});

describe('alignment refusals', () => {
  it('refuses aligning an objective to itself or to one of its own KRs', () => {
    const ws = companyWorkspace();
    expect(() => alignObjective(ws.ctx, ws.onboarding, { type: 'objective', id: ws.onboarding })).toThrow('An objective cannot align to itself.');
    expect(() => alignObjective(ws.ctx, ws.onboarding, { type: 'keyResult', id: ws.onboardingKr })).toThrow('An objective cannot align to one of its own key results.');
    expect(rootMap(ws.doc, 'alignments').size).toBe(0);
  });

  it('refuses aligning an objective under its own descendant, through objectives and KRs', () => {
    const ws = companyWorkspace();
    const { ctx } = ws;
    const sub = addObjective(ctx, { title: 'Setup emails people open' });
    const subKr = addKeyResult(ctx, sub, { title: 'Half of setup emails opened', kind: 'milestone' });
    const leaf = addObjective(ctx, { title: 'Email copy tested' });
    alignObjective(ctx, sub, { type: 'keyResult', id: ws.onboardingKr });
    alignObjective(ctx, leaf, { type: 'objective', id: sub });
    const loop = 'That would make a loop: the objective you chose is already aligned under this one.';
    expect(() => alignObjective(ctx, ws.onboarding, { type: 'keyResult', id: subKr })).toThrow(loop);
    expect(() => alignObjective(ctx, ws.onboarding, { type: 'objective', id: leaf })).toThrow(loop);
    expect(() => alignObjective(ctx, sub, { type: 'objective', id: leaf })).toThrow(loop);
    alignObjective(ctx, leaf, { type: 'objective', id: ws.speed }); // sideways is fine
    expect(ws.tree().cycles).toEqual([]);
  });

  it('refuses parents that are deleted or missing, and aligning a north star or marking an aligned objective', () => {
    const ws = companyWorkspace();
    const { ctx } = ws;
    const gone = addObjective(ctx, { title: 'Gone' });
    const goneKr = addKeyResult(ctx, gone, { title: 'Gone KR', kind: 'milestone' });
    deleteObjective(ctx, gone);
    expect(() => alignObjective(ctx, ws.speed, { type: 'objective', id: gone })).toThrow('That objective was deleted; restore it first.');
    expect(() => alignObjective(ctx, ws.speed, { type: 'keyResult', id: goneKr })).toThrow("That key result's objective was deleted; restore it first.");
    expect(() => alignObjective(ctx, ws.speed, { type: 'keyResult', id: 'nosuchkr' })).toThrow('That key result no longer exists.');
    expect(() => alignObjective(ctx, ws.speed, { type: 'team' as 'objective', id: ws.star })).toThrow('An objective aligns to an objective or a key result, not a team.');
    expect(() => alignObjective(ctx, ws.star, { type: 'objective', id: ws.speed })).toThrow('A north star is at the top of the tree and aligns to nothing. Unmark it as a north star first.');
    alignObjective(ctx, ws.speed, { type: 'objective', id: ws.star });
    expect(() => markNorthStar(ctx, ws.speed)).toThrow('This objective is aligned under another. A north star is at the top: remove its alignment first.');
    expect(() => markNorthStar(ctx, gone)).toThrow('That objective was deleted; restore it first.');
  });
});

describe('concurrent alignment on two replicas', () => {
  const same = (a: Y.Doc, b: Y.Doc) => expect(canonicalJson(readers({ doc: a }).tree())).toBe(canonicalJson(readers({ doc: b }).tree()));

  it('keeps one parent per objective: the latest alignment wins and the other is reported, not lost', () => {
    const ana = companyWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(3));
    ana.clock.t = day(2);
    alignObjective(ana.ctx, ana.onboarding, { type: 'objective', id: ana.star });
    alignObjective(ben.ctx, ana.onboarding, { type: 'keyResult', id: ana.starKr });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const tree = ana.tree();
    expect(render(tree).slice(0, 3)).toEqual(['★ Customers succeed in their first week', '  • 60% of new teams active in week one', '    Onboarding that teaches itself [Growth]']);
    expect(tree.conflicts).toEqual([
      {
        kind: 'parent',
        objectiveId: ana.onboarding,
        winner: expect.objectContaining({ parentId: ana.starKr, createdBy: 'Ben', createdAt: day(3) }),
        rivals: [expect.objectContaining({ parentId: ana.star, createdBy: 'Ana', createdAt: day(2) })],
      },
    ]);
    // Aligning again settles it everywhere.
    alignObjective(ana.ctx, ana.onboarding, { type: 'objective', id: ana.star });
    syncBoth(ana.doc, ben.doc);
    expect(readers(ben).tree().conflicts).toEqual([]);
    expect(render(readers(ben).tree())[2]).toBe('  Onboarding that teaches itself [Growth]');
  });

  it('breaks ties between alignments made at the same moment by id, the same way on both replicas', () => {
    const ana = companyWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', ana.clock.t);
    alignObjective(ana.ctx, ana.speed, { type: 'objective', id: ana.star });
    alignObjective(ben.ctx, ana.speed, { type: 'objective', id: ana.onboarding });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const [conflict] = ana.tree().conflicts;
    expect(conflict?.kind).toBe('parent');
    if (conflict?.kind !== 'parent') return;
    expect(conflict.winner.id > conflict.rivals[0]!.id).toBe(true);
  });

  it('reports two team assignments made at once and uses the latest', () => {
    const ana = companyWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(4));
    ana.clock.t = day(1);
    setObjectiveTeam(ana.ctx, ana.speed, ana.growth);
    const support = addTeam(ben.ctx, { name: 'Support' });
    setObjectiveTeam(ben.ctx, ana.speed, support);
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const tree = ana.tree();
    expect(tree.unaligned.find((e) => e.node.objective.id === ana.speed)?.node.team?.name).toBe('Support');
    expect(tree.conflicts).toEqual([{ kind: 'team', objectiveId: ana.speed, winner: expect.objectContaining({ teamId: support }), rivals: [expect.objectContaining({ teamId: ana.growth })] }]);
  });

  it('breaks a cycle two replicas made, setting the latest alignment aside and reporting it', () => {
    const ana = companyWorkspace();
    const { ctx } = ana;
    const a = addObjective(ctx, { title: 'Self-serve setup' });
    const aKr = addKeyResult(ctx, a, { title: 'Setup without a call', kind: 'milestone' });
    const b = addObjective(ctx, { title: 'Fewer setup calls' });
    alignObjective(ctx, a, { type: 'objective', id: ana.star });
    const ben = replicaOf(ana.doc, 'Ben', day(6));
    ana.clock.t = day(5);
    // Ana: a goes under b. Ben, not knowing: b goes under a's KR.
    alignObjective(ana.ctx, a, { type: 'objective', id: b });
    alignObjective(ben.ctx, b, { type: 'keyResult', id: aKr });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const tree = ana.tree();
    expect(tree.cycles).toEqual([{ objectiveIds: [b, a], setAside: expect.objectContaining({ childObjectiveId: b, parentId: aKr, createdBy: 'Ben' }) }]);
    expect(render(tree)).toEqual([
      '★ Customers succeed in their first week',
      '  • 60% of new teams active in week one',
      '(not-aligned) Onboarding that teaches itself [Growth]',
      '  • Guided setup finished by half of new teams',
      '    ◦ Build the guided setup',
      '(not-aligned) The app opens in a blink [Platform]',
      '(cycle) Fewer setup calls',
      '  Self-serve setup',
      '    • Setup without a call',
    ]);
    expect(idsInTree(tree)).toEqual(liveObjectiveIds(ana.doc));
    // Either person can now settle it; the commands refuse to recreate the loop.
    expect(() => alignObjective(ana.ctx, b, { type: 'keyResult', id: aKr })).toThrow(/loop/);
    alignObjective(ana.ctx, a, { type: 'objective', id: ana.star });
    expect(ana.tree().cycles).toEqual([]);
    expect(render(ana.tree()).slice(0, 6)).toEqual([
      '★ Customers succeed in their first week',
      '  • 60% of new teams active in week one',
      '  Self-serve setup',
      '    • Setup without a call',
      '      Fewer setup calls',
      '(not-aligned) Onboarding that teaches itself [Growth]',
    ]);
  });

  it('keeps a north star at the top when someone aligned it at the same time, and reports it', () => {
    const ana = companyWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(2));
    markNorthStar(ana.ctx, ana.speed);
    alignObjective(ben.ctx, ana.speed, { type: 'objective', id: ana.star });
    syncBoth(ana.doc, ben.doc);
    same(ana.doc, ben.doc);
    const tree = ana.tree();
    expect(tree.northStars.map((n) => [n.objective.title, n.children.length, n.alignment])).toEqual([
      ['Customers succeed in their first week', 0, null],
      ['The app opens in a blink', 0, null],
    ]);
    expect(tree.conflicts).toEqual([{ kind: 'north-star-aligned', objectiveId: ana.speed, alignment: expect.objectContaining({ parentId: ana.star }) }]);
  });

  it('keeps a north star marked on one replica while another unmarks what it saw', () => {
    const ana = companyWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(2));
    unmarkNorthStar(ana.ctx, ana.star);
    markNorthStar(ana.ctx, ana.star);
    unmarkNorthStar(ben.ctx, ana.star);
    syncBoth(ana.doc, ben.doc);
    expect(ana.tree().northStars.map((n) => n.objective.id)).toEqual([ana.star]);
    same(ana.doc, ben.doc);
  });
});

/* Plain records for the dependency queries. */
const plainTeam = (id: string, name: string, extra: Partial<Team> = {}): Team => ({ id, name, colour: '#2f6fde', order: `a${id}`, createdAt: CYCLE_START, createdBy: 'Ana', deletedAt: null, deletedBy: null, ...extra });

let depSeq = 0;
function plainDependency(extra: Partial<Dependency> = {}): Dependency {
  depSeq += 1;
  return {
    id: `d${String(depSeq).padStart(3, '0')}`,
    fromTeamId: 'growth',
    toTeamId: 'platform',
    what: `need ${depSeq}`,
    neededBy: null,
    blocking: false,
    status: 'requested',
    statusNote: '',
    statusAt: null,
    statusBy: null,
    keyResultId: null,
    createdAt: CYCLE_START + depSeq,
    createdBy: 'Ana',
    deletedAt: null,
    deletedBy: null,
    ...extra,
  };
}

describe('dependencies', () => {
  function dependencyWorkspace() {
    const ws = companyWorkspace();
    const dep = addDependency(ws.ctx, { fromTeamId: ws.growth, toTeamId: ws.platform, what: '  Workspace templates API ', neededBy: '2026-02-01', blocking: true });
    return { ...ws, dep, read: () => ws.state().dependencies.get(dep)! };
  }

  it('records who needs what from whom, by when, blocking or not, as requested', () => {
    const { read, dep, growth, platform, clock } = dependencyWorkspace();
    expect(read()).toEqual({
      id: dep,
      fromTeamId: growth,
      toTeamId: platform,
      what: 'Workspace templates API',
      neededBy: '2026-02-01',
      blocking: true,
      status: 'requested',
      statusNote: '',
      statusAt: null,
      statusBy: null,
      keyResultId: null,
      createdAt: clock.t,
      createdBy: 'Ana',
      deletedAt: null,
      deletedBy: null,
    });
  });

  it('refuses a team depending on itself, deleted or unknown teams, a blank need and a day that does not exist', () => {
    const { doc, ctx, growth, platform } = dependencyWorkspace();
    const before = rootMap(doc, 'dependencies').size;
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: growth, what: 'x' })).toThrow('A team does not depend on itself: choose the team you need it from.');
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: platform, what: ' ' })).toThrow('Say what is needed.');
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: platform, what: 'x'.repeat(2_001) })).toThrow('What is needed is too long (at most 2000 characters).');
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: platform, what: 'x', neededBy: '2026-02-30' })).toThrow('The needed-by date must be a day written like 2026-03-31.');
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: 'nosuchteam', what: 'x' })).toThrow('That team no longer exists.');
    deleteTeam(ctx, platform);
    expect(() => addDependency(ctx, { fromTeamId: growth, toTeamId: platform, what: 'x' })).toThrow('That team was deleted; restore it first.');
    expect(rootMap(doc, 'dependencies').size).toBe(before);
  });

  it('moves through statuses recording who, when and why; edits and links a dependency KR', () => {
    const { ctx, clock, dep, read, onboardingKr, tree } = dependencyWorkspace();
    clock.t = day(3);
    setDependencyStatus(ctx, dep, 'at-risk', 'Platform lost a developer');
    expect(read()).toMatchObject({ status: 'at-risk', statusNote: 'Platform lost a developer', statusAt: day(3), statusBy: 'Ana' });
    setDependencyStatus(ctx, dep, 'agreed');
    expect(read()).toMatchObject({ status: 'agreed', statusNote: '' });
    expect(() => setDependencyStatus(ctx, dep, 'maybe' as 'agreed')).toThrow('Unknown dependency status "maybe".');
    editDependency(ctx, dep, { what: 'Templates API v1', neededBy: null, blocking: false });
    expect(read()).toMatchObject({ what: 'Templates API v1', neededBy: null, blocking: false });
    linkDependencyKeyResult(ctx, dep, onboardingKr);
    expect(read().keyResultId).toBe(onboardingKr);
    expect(dependenciesOfKeyResult(onboardingKr, [read()]).map((d) => d.id)).toEqual([dep]);
    expect(tree().unaligned[0]!.node.keyResults[0]!.dependencies.map((d) => d.id)).toEqual([dep]);
    expect(() => linkDependencyKeyResult(ctx, dep, 'nosuchkr')).toThrow('That key result no longer exists.');
    linkDependencyKeyResult(ctx, dep, null);
    expect(read().keyResultId).toBeNull();
    deleteDependency(ctx, dep);
    expect(read()).toMatchObject({ deletedAt: day(3), deletedBy: 'Ana' });
    restoreDependency(ctx, dep);
    expect(read().deletedAt).toBeNull();
  });

  it('keeps a status change and a date change made offline on two replicas', () => {
    const ana = dependencyWorkspace();
    const ben = replicaOf(ana.doc, 'Ben', day(4));
    setDependencyStatus(ana.ctx, ana.dep, 'agreed', 'Scheduled for sprint 3');
    editDependency(ben.ctx, ana.dep, { neededBy: '2026-02-15' });
    syncBoth(ana.doc, ben.doc);
    expect(canonicalJson(readAlignmentState(ana.doc))).toBe(canonicalJson(readAlignmentState(ben.doc)));
    expect(ana.read()).toMatchObject({ status: 'agreed', statusNote: 'Scheduled for sprint 3', neededBy: '2026-02-15' });
  });

  it('is overdue when its day has passed and it is still open; delivered and declined ones are not', () => {
    const teams = new Map([['growth', plainTeam('growth', 'Growth')], ['platform', plainTeam('platform', 'Platform')]]);
    const deps = [
      plainDependency({ what: 'late', neededBy: '2026-02-01', blocking: true }),
      plainDependency({ what: 'late, at risk', neededBy: '2026-01-20', status: 'at-risk' }),
      plainDependency({ what: 'due today', neededBy: '2026-02-10', status: 'agreed' }),
      plainDependency({ what: 'delivered late', neededBy: '2026-01-05', status: 'delivered' }),
      plainDependency({ what: 'declined', neededBy: '2026-01-05', status: 'declined', statusNote: 'Not this quarter' }),
      plainDependency({ what: 'undated', blocking: true, fromTeamId: 'platform', toTeamId: 'growth' }),
      plainDependency({ what: 'deleted', neededBy: '2026-01-01', deletedAt: 1, deletedBy: 'Ana' }),
      plainDependency({ what: 'nonsense day', neededBy: '2026-02-31' }),
    ];
    const summary = dependencyStatus({ dependencies: new Map(deps.map((d) => [d.id, d])), teams, today: '2026-02-10' });
    expect(summary.dependencies.map((v) => [v.dependency.what, v.open, v.overdue, v.daysOverdue, v.blockingOpen])).toEqual([
      ['delivered late', false, false, 0, false],
      ['declined', false, false, 0, false],
      ['late, at risk', true, true, 21, false],
      ['late', true, true, 9, true],
      ['due today', true, false, 0, false],
      ['nonsense day', true, false, 0, false],
      ['undated', true, false, 0, true],
    ]);
    expect(summary.overdue.map((v) => v.dependency.what)).toEqual(['late, at risk', 'late']);
    expect(summary.blockingOpen.map((v) => v.dependency.what)).toEqual(['late', 'undated']);
    expect(summary.atRisk.map((v) => v.dependency.what)).toEqual(['late, at risk']);
    expect(summary.declined.map((v) => v.dependency.what)).toEqual(['declined']);
    expect(summary.counts).toEqual({ requested: 3, agreed: 1, delivered: 1, declined: 1, 'at-risk': 1 });
    expect(summary.byTeam.map((t) => [t.team.name, t.needs, t.owes, t.overdueOwed])).toEqual([
      ['Growth', 4, 1, 0],
      ['Platform', 1, 4, 2],
    ]);
    expect(summary.dependencies[0]).toMatchObject({ from: { name: 'Growth' }, to: { name: 'Platform' } });
  });

  it('shows a dependency on a team that is not in the workspace with no team', () => {
    const summary = dependencyStatus({ dependencies: new Map([['d1', plainDependency({ id: 'd1', toTeamId: 'gone' })]]), teams: new Map(), today: '2026-01-01' });
    expect([summary.dependencies[0]?.to, summary.byTeam]).toEqual([null, []]);
  });
});

describe('hostile alignment records', () => {
  function put(map: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>) {
    const entity = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(fields)) entity.set(k, v);
    map.set(id, entity);
  }

  it('repairs malformed fields and reports them, skips what is not a record, and the tree still builds', () => {
    const ws = companyWorkspace();
    const { doc } = ws;
    const base = { createdAt: 1, createdBy: 'x' };
    doc.transact(() => {
      put(rootMap(doc, 'teams'), 'badColour', { id: 'badColour', name: 'x', colour: 'red', order: 'a0', ...base });
      put(rootMap(doc, 'teams'), 'wrongId', { id: 'other', name: 'x', colour: '#000000', order: 'a0', ...base });
      rootMap(doc, 'teams').set('plain', { id: 'plain' } as unknown as Y.Map<unknown>);
      put(rootMap(doc, 'objectiveTeams'), 'noTeam', { id: 'noTeam', objectiveId: ws.speed, ...base });
      put(rootMap(doc, 'northStars'), 'badObjective', { id: 'badObjective', objectiveId: '__proto__', ...base });
      put(rootMap(doc, 'alignments'), 'badType', { id: 'badType', childObjectiveId: ws.speed, parentType: 'team', parentId: ws.star, ...base });
      put(rootMap(doc, 'alignments'), 'selfLoop', { id: 'selfLoop', childObjectiveId: ws.speed, parentType: 'objective', parentId: ws.speed, ...base });
      put(rootMap(doc, 'dependencies'), 'badStatus', { id: 'badStatus', fromTeamId: 'a', toTeamId: 'b', what: 'x', status: 'maybe', ...base });
      put(rootMap(doc, 'dependencies'), 'longWhat', { id: 'longWhat', fromTeamId: 'a', toTeamId: 'b', what: 'x'.repeat(3_000), status: 'agreed', ...base });
      put(rootMap(doc, 'dependencies'), 'minimal', { id: 'minimal', fromTeamId: 'a', toTeamId: 'b', what: 'x', status: 'agreed', ...base });
      rootMap(doc, 'overlapDecisions').set('unsorted', { id: 'unsorted', pairKey: 'b:a', action: 'dismissed', author: 'x', at: 1 });
      rootMap(doc, 'overlapDecisions').set('yMap', new Y.Map());
    });
    let state!: ReturnType<typeof readAlignmentState>;
    expect(() => (state = readAlignmentState(doc))).not.toThrow();
    expect(state.problems.map((p) => `${p.map}:${p.id}`).sort()).toEqual(
      [
        'teams:badColour',
        'teams:wrongId',
        'teams:plain',
        'objectiveTeams:noTeam',
        'northStars:badObjective',
        'alignments:badType',
        'dependencies:badStatus',
        'dependencies:longWhat',
        'overlapDecisions:unsorted',
        'overlapDecisions:yMap',
      ].sort(),
    );
    // Read field by field: only what is not a record at all (a plain value where a map belongs) is skipped.
    expect(state.teams.size).toBe(4);
    expect(state.teams.get('badColour')?.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(state.teams.get('wrongId')?.id).toBe('wrongId');
    expect(state.dependencies.get('badStatus')?.status).toBe('requested');
    expect(state.dependencies.get('longWhat')?.what).toHaveLength(2_000);
    expect(state.overlapDecisions.has('unsorted')).toBe(false);
    expect(state.problems.find((p) => p.id === 'badColour')?.field).toBe('colour');
    expect(state.dependencies.get('minimal')).toMatchObject({ neededBy: null, blocking: false, keyResultId: null, statusNote: '' });
    // A self-alignment (a loop of one) is set aside like any cycle.
    const tree = ws.tree();
    expect(tree.cycles.map((c) => c.objectiveIds)).toEqual([[ws.speed]]);
    expect(idsInTree(tree)).toEqual(liveObjectiveIds(doc));
  });

  it('breaks a loop of three made on three replicas by setting the latest aside', () => {
    const ana = workspace();
    const ids = ['First', 'Second', 'Third'].map((title) => addObjective(ana.ctx, { title }));
    const replicas: { ctx: CommandContext; doc: Y.Doc }[] = [0, 1, 2].map((i) => replicaOf(ana.doc, `P${i}`, day(10 + i)));
    replicas.forEach((r, i) => alignObjective(r.ctx, ids[i]!, { type: 'objective', id: ids[(i + 1) % 3]! }));
    for (const r of replicas) syncBoth(ana.doc, r.doc);
    for (const r of replicas) syncBoth(ana.doc, r.doc);
    const tree = ana.tree();
    expect(tree.cycles.map((c) => [c.objectiveIds, c.setAside.createdBy])).toEqual([[[ids[2], ids[0], ids[1]], 'P2']]);
    expect(render(tree)).toEqual(['(cycle) Third', '  Second', '    First']);
    for (const r of replicas) expect(canonicalJson(readers(r).tree())).toBe(canonicalJson(tree));
  });
});

describe('random offline alignment histories', () => {
  type Op = { replica: number; kind: 'align' | 'alignKr' | 'unalign' | 'mark' | 'unmark' | 'delete' | 'restore' | 'sync'; child: number; parent: number };
  const op = fc.record({
    replica: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom<Op['kind']>('align', 'align', 'align', 'alignKr', 'alignKr', 'unalign', 'mark', 'unmark', 'delete', 'restore', 'sync'),
    child: fc.integer({ min: 0, max: 3 }),
    parent: fc.integer({ min: 0, max: 3 }),
  });

  it('converge to the same tree on every replica, with every live objective exactly once and no loop', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const origin = workspace();
        const objectives = [0, 1, 2, 3].map((i) => addObjective(origin.ctx, { title: `Objective ${i}` }));
        const krs = objectives.map((o, i) => addKeyResult(origin.ctx, o, { title: `KR ${i}`, kind: 'milestone' }));
        const replicas = [0, 1, 2].map((i) => replicaOf(origin.doc, `P${i}`, day(1)));
        ops.forEach(({ replica, kind, child, parent }, step) => {
          const r = replicas[replica]!;
          r.clock.t = day(1) + step;
          try {
            if (kind === 'align') alignObjective(r.ctx, objectives[child]!, { type: 'objective', id: objectives[parent]! });
            if (kind === 'alignKr') alignObjective(r.ctx, objectives[child]!, { type: 'keyResult', id: krs[parent]! });
            if (kind === 'unalign') unalignObjective(r.ctx, objectives[child]!);
            if (kind === 'mark') markNorthStar(r.ctx, objectives[child]!);
            if (kind === 'unmark') unmarkNorthStar(r.ctx, objectives[child]!);
            if (kind === 'delete') deleteObjective(r.ctx, objectives[child]!);
            if (kind === 'restore') restoreObjective(r.ctx, objectives[child]!);
            if (kind === 'sync') syncBoth(r.doc, replicas[parent % 3]!.doc);
          } catch (error) {
            if (!(error instanceof CommandError)) throw error;
          }
        });
        for (const r of [...replicas, ...replicas]) syncBoth(replicas[0]!.doc, r.doc);
        const trees = replicas.map((r) => readers(r).tree());
        for (const tree of trees) expect(canonicalJson(tree)).toBe(canonicalJson(trees[0]));
        expect(idsInTree(trees[0]!)).toEqual(liveObjectiveIds(replicas[0]!.doc));
      }),
      { numRuns: 200 },
    );
  });
});
