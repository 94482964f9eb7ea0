import { linkDependencyKeyResult, addDependency, deleteDependency, editDependency, restoreDependency, setDependencyStatus } from '../../shared/commands/dependencies';
import { alignObjective, decideOverlap, markNorthStar, unalignObjective, unmarkNorthStar } from '../../shared/commands/alignment';
import { correctCheckIn, recordCheckIn, withdrawCheckIn } from '../../shared/commands/checkIns';
import { CommandError, type CommandContext } from '../../shared/commands/context';
import { recordRetrospective, scoreKeyResult } from '../../shared/commands/cycle';
import { recordDecision } from '../../shared/commands/decisions';
import {
  addInitiative,
  deleteInitiative,
  editInitiativeText,
  linkInitiative,
  restoreInitiative,
  setInitiativeFocusWeek,
  setInitiativeKind,
  setInitiativeOwner,
  setInitiativeStatus,
} from '../../shared/commands/initiatives';
import { addJournalEntry, deleteJournalEntry, editJournalText, linkJournalEntry, restoreJournalEntry, unlinkJournalEntry } from '../../shared/commands/journal';
import {
  addKeyResult,
  deleteKeyResult,
  editKeyResultText,
  makeLearning,
  makeMilestone,
  moveKeyResult,
  restoreKeyResult,
  setKeyResultOwner,
  setKeyResultRisk,
  setMetric,
  setOutput,
} from '../../shared/commands/keyResults';
import { changeObjectiveLifecycle, markSessionStart, publishCheckpoint, setKeyResultStatus, setObjectiveCommitment, setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective, deleteObjective, editObjectiveText, moveObjective, restoreObjective, setObjectiveOwner } from '../../shared/commands/objectives';
import { addQuestions, deleteQuestion, editQuestion } from '../../shared/commands/questions';
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
import { addPerson, assignOwner, removePerson, renamePerson } from '../../shared/commands/people';
import { addTeam, deleteTeam, renameTeam, restoreTeam, setObjectiveTeam, setTeamColour } from '../../shared/commands/teams';
import { renameWorkspace, setCycle, setSignalThreshold } from '../../shared/commands/workspace';
import { readWorkspace, type WorkspaceSnapshot } from '../../shared/schema/read';
import { TEAM_COLOURS } from '../../shared/schema/alignment';
import { GATE_STATUSES, STAGE_KINDS, STAGE_STATUSES } from '../../shared/schema/rollouts';
import { ANSWERS, CLOSED_AS, COMMITMENTS, DECISION_KINDS, INITIATIVE_KINDS, INITIATIVE_STATUSES, OBJECTIVE_NEXT, RISKS } from '../../shared/schema/types';
import type { Random } from './random';

/*
 * One random user action through the app's own commands, across every
 * command module. Targets are picked from what this replica sees; a command
 * that refuses (CommandError) is a normal outcome, anything else is a bug.
 */

const WORDS = ['grow', 'ship', 'delight', 'teams', 'é', '👍', 'revenue', 'churn', 'Q3', 'beta'];
const DAYS = ['2026-07-01', '2026-07-15', '2026-08-03', '2026-08-31', '2026-09-14', '2026-09-30', '2026-10-12'];

type Action = (ctx: CommandContext, random: Random, s: WorkspaceSnapshot) => unknown;

const live = <T extends { deletedAt: number | null }>(items: Iterable<T>) => [...items].filter((x) => x.deletedAt === null);
const deleted = <T extends { deletedAt: number | null }>(items: Iterable<T>) => [...items].filter((x) => x.deletedAt !== null);

/** Runs `act` with a random pick of `items`, when there is one. */
function withPick<T>(random: Random, items: readonly T[], act: (item: T) => unknown): void {
  const item = random.pick(items);
  if (item !== undefined) act(item);
}

function words(random: Random, count = 2): string {
  return Array.from({ length: count }, () => random.pick(WORDS)!).join(' ');
}

/** A text edit at a random place, as a person types: insert a word, maybe replacing a few characters. */
function typed(random: Random, text: string): string {
  const at = random.int(text.length + 1);
  return text.slice(0, at) + random.pick(WORDS)! + text.slice(at + random.int(3));
}

const objectiveActions: Action[] = [
  (ctx, r) => addObjective(ctx, { title: words(r), addedReason: 'learned something' }),
  (ctx, r, s) => withPick(r, live(s.objectives.values()), (o) => editObjectiveText(ctx, o.id, r.chance(0.7) ? 'title' : 'description', typed(r, o.title))),
  (ctx, r, s) => withPick(r, live(s.objectives.values()), (o) => moveObjective(ctx, o.id, r.int(s.objectives.size))),
  (ctx, r, s) => withPick(r, live(s.objectives.values()), (o) => r.chance(0.5) && deleteObjective(ctx, o.id)),
  (ctx, r, s) => withPick(r, deleted(s.objectives.values()), (o) => restoreObjective(ctx, o.id)),
  (ctx, r, s) => withPick(r, live(s.objectives.values()), (o) => setObjectiveOwner(ctx, o.id, words(r, 1))),
];

const keyResultActions: Action[] = [
  (ctx, r, s) =>
    withPick(r, live(s.objectives.values()), (o) => {
      const kind = r.pick(['metric', 'output', 'learning', 'milestone'] as const)!;
      addKeyResult(ctx, o.id, {
        title: words(r),
        kind,
        metric: { direction: 'increase', baseline: 0, target: 100, unit: '%' },
        output: { target: 5, unit: 'guides' },
        questions: [words(r, 3)],
        addedReason: 'new evidence',
      });
    }),
  (ctx, r, s) => withPick(r, live(s.keyResults.values()), (k) => editKeyResultText(ctx, k.id, r.pick(['title', 'description', 'why'] as const)!, typed(r, k.title))),
  (ctx, r, s) => withPick(r, live(s.keyResults.values()), (k) => moveKeyResult(ctx, k.id, r.chance(0.7) ? k.objectiveId : (r.pick([...s.objectives.keys()]) ?? k.objectiveId), r.int(4))),
  (ctx, r, s) => withPick(r, live(s.keyResults.values()), (k) => r.chance(0.5) && deleteKeyResult(ctx, k.id)),
  (ctx, r, s) => withPick(r, deleted(s.keyResults.values()), (k) => restoreKeyResult(ctx, k.id)),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => setMetric(ctx, k.id, { direction: r.pick(['increase', 'stayAbove', 'stayBelow'] as const)!, baseline: 0, target: 1 + r.int(99), unit: 'x' }, 'because')),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => setOutput(ctx, k.id, { target: 1 + r.int(9), unit: 'docs' }, 'because')),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => (r.chance(0.5) ? makeMilestone : makeLearning)(ctx, k.id)),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => setKeyResultRisk(ctx, k.id, r.chance(0.2) ? null : r.pick(RISKS)!)),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => setKeyResultOwner(ctx, k.id, words(r, 1))),
];

const checkInActions: Action[] = [
  (ctx, r, s) =>
    withPick(r, [...s.keyResults.values()], (k) => {
      const questions = [...s.questions.values()].filter((q) => q.keyResultId === k.id && q.deletedAt === null);
      const answers = Object.fromEntries(questions.filter(() => r.chance(0.5)).map((q) => [q.id, r.pick(ANSWERS)!]));
      recordCheckIn(ctx, k.id, { value: r.int(120), confidence: r.chance(0.2) ? null : r.int(11), note: words(r, 1), answers });
    }),
  // Corrections and withdrawals of this replica's own check-ins (another author's are refused, a normal outcome).
  (ctx, r, s) =>
    withPick(r, [...s.checkIns.values()].filter((c) => c.author === ctx.actor && c.corrects === undefined), (c) =>
      correctCheckIn(ctx, c.id, { value: r.int(120), confidence: r.chance(0.2) ? null : r.int(11), note: words(r, 1), reason: words(r, 1) }),
    ),
  (ctx, r, s) => withPick(r, [...s.checkIns.values()].filter((c) => c.author === ctx.actor && c.corrects === undefined), (c) => withdrawCheckIn(ctx, c.id, words(r, 2))),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => addQuestions(ctx, k.id, [words(r, 3)])),
  (ctx, r, s) => withPick(r, live(s.questions.values()), (q) => editQuestion(ctx, q.id, typed(r, q.text))),
  (ctx, r, s) => withPick(r, live(s.questions.values()), (q) => deleteQuestion(ctx, q.id)),
  (ctx, r, s) =>
    recordDecision(ctx, {
      kind: r.pick(DECISION_KINDS)!,
      rationale: words(r, 3),
      keyResultIds: [...s.keyResults.keys()].filter(() => r.chance(0.5)),
      checkInIds: [...s.checkIns.keys()].filter(() => r.chance(0.3)),
    }),
];

const cycleActions: Action[] = [
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => scoreKeyResult(ctx, k.id, { score: r.int(11) / 10, note: words(r, 1), suggested: r.chance(0.5) ? null : 0.5 })),
  (ctx, r, s) => withPick(r, [...s.objectives.values()], (o) => recordRetrospective(ctx, o.id, { learned: words(r, 3), next: r.pick(OBJECTIVE_NEXT)!, reason: words(r, 1) })),
  (ctx, r) => {
    const start = r.int(3);
    setCycle(ctx, DAYS[start]!, DAYS[start + 3 + r.int(3)]!);
  },
  (ctx, r, s) => renameWorkspace(ctx, typed(r, s.meta?.title ?? '')),
  (ctx, r) => setSignalThreshold(ctx, r.chance(0.5) ? 'checkInRhythmDays' : 'divergenceCheckIns', 2 + r.int(5)),
];

const lifecycleActions: Action[] = [
  (ctx, r) => publishCheckpoint(ctx, words(r, 1)),
  (ctx, r) => markSessionStart(ctx, words(r, 1)),
  (ctx, r, s) => withPick(r, [...s.objectives.values()], (o) => setObjectiveCommitment(ctx, o.id, r.pick(COMMITMENTS)!, words(r, 2))),
  (ctx, r, s) => withPick(r, [...s.objectives.values()], (o) => setObjectiveStatus(ctx, o.id, { status: r.pick(['draft', 'active', 'closed'] as const)!, closedAs: r.pick(CLOSED_AS)!, reason: words(r, 2) })),
  (ctx, r, s) => withPick(r, [...s.keyResults.values()], (k) => setKeyResultStatus(ctx, k.id, { status: r.pick(['draft', 'active', 'closed'] as const)!, closedAs: r.pick(CLOSED_AS)!, reason: words(r, 2) })),
  (ctx, r, s) =>
    withPick(r, [...s.objectives.values()], (o) =>
      changeObjectiveLifecycle(ctx, o.id, { status: r.pick(['draft', 'active', 'closed'] as const)!, closedAs: r.pick(CLOSED_AS)!, reason: words(r, 2), commitment: r.pick(COMMITMENTS)! }),
    ),
];

const initiativeActions: Action[] = [
  (ctx, r, s) => addInitiative(ctx, { title: words(r), kind: r.pick(INITIATIVE_KINDS)!, keyResultIds: [...s.keyResults.keys()].filter(() => r.chance(0.3)) }),
  (ctx, r, s) => withPick(r, live(s.initiatives.values()), (i) => editInitiativeText(ctx, i.id, 'title', typed(r, i.title))),
  (ctx, r, s) => withPick(r, [...s.initiatives.values()], (i) => setInitiativeStatus(ctx, i.id, r.pick(INITIATIVE_STATUSES)!)),
  (ctx, r, s) => withPick(r, [...s.initiatives.values()], (i) => setInitiativeKind(ctx, i.id, r.pick(INITIATIVE_KINDS)!)),
  (ctx, r, s) => withPick(r, [...s.initiatives.values()], (i) => setInitiativeOwner(ctx, i.id, words(r, 1))),
  (ctx, r, s) => withPick(r, [...s.initiatives.values()], (i) => setInitiativeFocusWeek(ctx, i.id, r.chance(0.3) ? null : `2026-W${28 + r.int(10)}`)),
  (ctx, r, s) => withPick(r, [...s.initiatives.values()], (i) => withPick(r, [...s.keyResults.keys()], (k) => linkInitiative(ctx, i.id, k, r.chance(0.6)))),
  (ctx, r, s) => withPick(r, live(s.initiatives.values()), (i) => deleteInitiative(ctx, i.id)),
  (ctx, r, s) => withPick(r, deleted(s.initiatives.values()), (i) => restoreInitiative(ctx, i.id)),
];

const teamActions: Action[] = [
  (ctx, r) => addTeam(ctx, { name: words(r, 1) }),
  (ctx, r, s) => withPick(r, [...s.alignment.teams.values()], (t) => renameTeam(ctx, t.id, words(r, 1))),
  (ctx, r, s) => withPick(r, [...s.alignment.teams.values()], (t) => setTeamColour(ctx, t.id, r.pick(TEAM_COLOURS)!)),
  (ctx, r, s) => withPick(r, live(s.alignment.teams.values()), (t) => deleteTeam(ctx, t.id)),
  (ctx, r, s) => withPick(r, deleted(s.alignment.teams.values()), (t) => restoreTeam(ctx, t.id)),
  (ctx, r, s) => withPick(r, [...s.objectives.keys()], (o) => setObjectiveTeam(ctx, o, r.chance(0.2) ? null : (r.pick([...s.alignment.teams.keys()]) ?? null))),
  (ctx, r, s) => withPick(r, [...s.objectives.keys()], (o) => (r.chance(0.6) ? markNorthStar : unmarkNorthStar)(ctx, o)),
  (ctx, r, s) =>
    withPick(r, [...s.objectives.keys()], (o) => {
      const parentType = r.chance(0.5) ? 'objective' : 'keyResult';
      const parent = r.pick([...(parentType === 'objective' ? s.objectives : s.keyResults).keys()]);
      if (parent) alignObjective(ctx, o, { type: parentType, id: parent });
    }),
  (ctx, r, s) => withPick(r, [...s.objectives.keys()], (o) => unalignObjective(ctx, o)),
  (ctx, r, s) => {
    const ids = [...s.objectives.keys(), ...s.keyResults.keys()];
    const a = r.pick(ids);
    const b = r.pick(ids);
    if (a && b) decideOverlap(ctx, a, b, r.pick(['aligned', 'shared', 'dismissed'] as const)!);
  },
];

const dependencyActions: Action[] = [
  (ctx, r, s) => {
    const teams = [...s.alignment.teams.keys()];
    const from = r.pick(teams);
    const to = r.pick(teams);
    if (from && to) addDependency(ctx, { fromTeamId: from, toTeamId: to, what: words(r), neededBy: r.chance(0.5) ? r.pick(DAYS)! : null, blocking: r.chance(0.5) });
  },
  (ctx, r, s) => withPick(r, [...s.alignment.dependencies.values()], (d) => editDependency(ctx, d.id, { what: typed(r, d.what), neededBy: r.pick(DAYS)!, blocking: r.chance(0.5) })),
  (ctx, r, s) => withPick(r, [...s.alignment.dependencies.values()], (d) => setDependencyStatus(ctx, d.id, r.pick(['requested', 'agreed', 'delivered', 'declined', 'at-risk'] as const)!, words(r, 2))),
  (ctx, r, s) => withPick(r, [...s.alignment.dependencies.values()], (d) => linkDependencyKeyResult(ctx, d.id, r.chance(0.3) ? null : (r.pick([...s.keyResults.keys()]) ?? null))),
  (ctx, r, s) => withPick(r, live(s.alignment.dependencies.values()), (d) => deleteDependency(ctx, d.id)),
  (ctx, r, s) => withPick(r, deleted(s.alignment.dependencies.values()), (d) => restoreDependency(ctx, d.id)),
];

const rolloutActions: Action[] = [
  (ctx, r, s) =>
    addRolloutPlan(ctx, {
      title: words(r),
      toggleKey: r.chance(0.5) ? `flag.${r.int(100)}` : '',
      keyResultId: r.chance(0.5) ? (r.pick([...s.keyResults.keys()]) ?? null) : null,
      initiativeId: r.chance(0.3) ? (r.pick([...s.initiatives.keys()]) ?? null) : null,
      defaultStages: r.chance(0.5),
      defaultGates: r.chance(0.5),
    }),
  (ctx, r, s) => withPick(r, live(s.rolloutPlans.values()), (p) => editRolloutPlanText(ctx, p.id, 'title', typed(r, p.title))),
  (ctx, r, s) => withPick(r, [...s.rolloutPlans.values()], (p) => setToggleKey(ctx, p.id, `flag.${r.int(100)}`)),
  (ctx, r, s) => withPick(r, live(s.rolloutPlans.values()), (p) => deleteRolloutPlan(ctx, p.id)),
  (ctx, r, s) => withPick(r, deleted(s.rolloutPlans.values()), (p) => restoreRolloutPlan(ctx, p.id)),
  (ctx, r, s) => withPick(r, live(s.rolloutPlans.values()), (p) => addStage(ctx, p.id, { kind: r.pick(STAGE_KINDS)!, name: words(r, 1), cohorts: [words(r, 1)], plannedDate: r.pick(DAYS)! })),
  (ctx, r, s) => withPick(r, [...s.rolloutStages.values()], (st) => editStage(ctx, st.id, { name: words(r, 1), audience: words(r, 2) })),
  (ctx, r, s) => withPick(r, [...s.rolloutStages.values()], (st) => setStageDates(ctx, st.id, { plannedDate: r.pick(DAYS)!, actualDate: r.chance(0.5) ? null : r.pick(DAYS)! })),
  (ctx, r, s) => withPick(r, [...s.rolloutStages.values()], (st) => setStageCohorts(ctx, st.id, WORDS.filter(() => r.chance(0.3)))),
  (ctx, r, s) => withPick(r, [...s.rolloutStages.values()], (st) => setStageStatus(ctx, st.id, r.pick(STAGE_STATUSES)!, { reason: words(r, 2), overrideReason: r.chance(0.5) ? words(r, 2) : undefined })),
  (ctx, r, s) => withPick(r, live(s.rolloutStages.values()), (st) => deleteStage(ctx, st.id)),
  (ctx, r, s) => withPick(r, deleted(s.rolloutStages.values()), (st) => restoreStage(ctx, st.id)),
  (ctx, r, s) => withPick(r, live(s.rolloutPlans.values()), (p) => addGate(ctx, p.id, { name: words(r, 1), owningTeam: words(r, 1) })),
  (ctx, r, s) => withPick(r, [...s.readinessGates.values()], (g) => editGate(ctx, g.id, { name: words(r, 1) })),
  (ctx, r, s) => withPick(r, [...s.readinessGates.values()], (g) => setGateStatus(ctx, g.id, r.pick(GATE_STATUSES)!, words(r, 2))),
  (ctx, r, s) => withPick(r, live(s.readinessGates.values()), (g) => deleteGate(ctx, g.id)),
  (ctx, r, s) => withPick(r, deleted(s.readinessGates.values()), (g) => restoreGate(ctx, g.id)),
];

const journalActions: Action[] = [
  (ctx, r) => addJournalEntry(ctx, { moved: words(r), period: r.chance(0.7) ? 'week' : 'day', date: r.pick(DAYS) }),
  (ctx, r, s) => withPick(r, live(s.journalEntries.values()), (e) => editJournalText(ctx, e.id, r.pick(['moved', 'learned', 'next'] as const)!, typed(r, e.moved))),
  (ctx, r, s) => withPick(r, [...s.journalEntries.values()], (e) => withPick(r, [...s.keyResults.keys(), ...s.checkIns.keys(), ...s.decisions.keys()], (t) => linkJournalEntry(ctx, e.id, t))),
  (ctx, r, s) => withPick(r, [...s.journalEntries.values()], (e) => withPick(r, e.links, (l) => unlinkJournalEntry(ctx, e.id, l.id))),
  (ctx, r, s) => withPick(r, live(s.journalEntries.values()), (e) => deleteJournalEntry(ctx, e.id)),
  (ctx, r, s) => withPick(r, deleted(s.journalEntries.values()), (e) => restoreJournalEntry(ctx, e.id)),
];

const peopleActions: Action[] = [
  (ctx, r) => addPerson(ctx, words(r, 1)),
  (ctx, r, s) => withPick(r, live(s.people.values()), (p) => renamePerson(ctx, p.id, words(r, 1))),
  (ctx, r, s) => withPick(r, live(s.people.values()), (p) => removePerson(ctx, p.id)),
  (ctx, r, s) => withPick(r, live(s.objectives.values()), (o) => assignOwner(ctx, (c, name) => setObjectiveOwner(c, o.id, name), words(r, 1), r.int(2) === 0)),
];

/** Every command module, weighted so the core (objectives, KRs, check-ins) gets most of the traffic. */
const MODULES: readonly { weight: number; actions: readonly Action[] }[] = [
  { weight: 5, actions: objectiveActions },
  { weight: 6, actions: keyResultActions },
  { weight: 4, actions: checkInActions },
  { weight: 1, actions: cycleActions },
  { weight: 1, actions: lifecycleActions },
  { weight: 2, actions: initiativeActions },
  { weight: 2, actions: teamActions },
  { weight: 1, actions: dependencyActions },
  { weight: 2, actions: rolloutActions },
  { weight: 1, actions: journalActions },
  { weight: 1, actions: peopleActions },
];
const TOTAL_WEIGHT = MODULES.reduce((sum, m) => sum + m.weight, 0);

function pickAction(random: Random): Action {
  let roll = random.int(TOTAL_WEIGHT);
  for (const { weight, actions } of MODULES) {
    if (roll < weight) return random.pick(actions)!;
    roll -= weight;
  }
  throw new Error('unreachable: weights cover every roll');
}

/** One random action on this replica. Returns whether the command wrote (refusals are normal). */
export function randomCommand(ctx: CommandContext, random: Random): boolean {
  const action = pickAction(random);
  try {
    action(ctx, random, readWorkspace(ctx.doc));
    return true;
  } catch (error) {
    if (error instanceof CommandError) return false;
    throw error;
  }
}
