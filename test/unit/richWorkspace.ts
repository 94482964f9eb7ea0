import * as Y from 'yjs';
import { recordCheckIn } from '../../shared/commands/checkIns';
import { localContext, type CommandContext } from '../../shared/commands/context';
import { recordRetrospective, scoreKeyResult } from '../../shared/commands/cycle';
import { recordDecision } from '../../shared/commands/decisions';
import { addDependency, setDependencyStatus } from '../../shared/commands/dependencies';
import { addInitiative } from '../../shared/commands/initiatives';
import { addKeyResult, editKeyResultText, setMetric } from '../../shared/commands/keyResults';
import { markSessionStart, publishCheckpoint, setKeyResultStatus, setObjectiveCommitment, setObjectiveStatus } from '../../shared/commands/lifecycle';
import { addObjective, deleteObjective, editObjectiveText } from '../../shared/commands/objectives';
import { addGate, addRolloutPlan, editStage, setGateStatus, setStageCohorts, setStageDates, setStageStatus } from '../../shared/commands/rollouts';
import { addTeam, setObjectiveTeam } from '../../shared/commands/teams';
import { initWorkspace } from '../../shared/commands/workspace';
import { gatesOf, stagesOf } from '../../shared/queries/rollouts';
import { questionsOf } from '../../shared/queries/progress';
import { readWorkspace } from '../../shared/schema/read';
import type { StageKind } from '../../shared/schema/rollouts';
import { CYCLE, day, type Clock } from './issue4Fixtures';

/*
 * A rich, deterministic workspace for export and report specs: two teams,
 * objectives of every lifecycle (active, aspirational, dropped with a reason,
 * added mid-cycle, deleted), KRs of every kind, check-ins, decisions,
 * initiatives, scores, retrospectives, two checkpoints, a rollout plan per
 * team and dependencies between the teams. Every command runs at a fixed
 * moment of the 2026 Q1 cycle (see issue4Fixtures), so only the random ids differ
 * between two builds.
 *
 * The text is hostile on purpose (markup, CSV-injection prefixes, newlines,
 * pipes, quotes, RTL, CJK, emoji): an exporter that forgets to escape breaks here.
 */

/** Hostile strings used somewhere in the workspace; specs check they survive as text. */
export const NASTY = {
  workspaceTitle: 'Q1 — Café «Ünïcødé» 🚀 & <Co> | "report" #1',
  teamA: 'Platform & <Core> | ⚙️',
  teamB: '=Growth "Δ" 🌱, مرحبا',
  objectiveTitle: 'Grow 🚀 café <script>alert("x")</script> & "quotes", commas | pipes',
  objectiveWhy: 'Because:\n# not a heading\n- not a list\n> not a quote\n\n1. not numbered',
  objectiveOwner: "=cmd|' /C calc'!A0",
  markdownSpecials: '*bold* _em_ [link](http://evil.example) `code` # hash \\ back',
  rtl: 'هدف: زيادة الاحتفاظ بالعملاء',
  cjk: '目標を達成する・用户留存',
  accents: 'Élan naïve façade — Ærøskøbing',
  csvPlus: '+1+1 cmd',
  csvMinus: '-2+3 sum',
  csvAt: '@SUM(A1:A9)',
  htmlAttr: '"><img src=x onerror=alert(1)>',
  checkInNote: 'Went up | down,\nthen "up" again <b>bold?</b>\n=1+2',
  decisionRationale: 'Persevere: *keep going* — the numbers\nmove & <i>that</i> is enough |',
  dropReason: 'Another team owns this now; see [their plan](javascript:alert(1)) & <b>move on</b>',
  scoreNote: 'Mostly there_\n| not a table |',
  learned: 'We learned:\n---\nsetext underline above? = no\n===',
  carryReason: '@ops will own it; "carry" it, please',
  descopeReason: '-Not worth it\n+ not a diff',
  questionAnswered: 'Do teams want <templates>? & why "now"?',
  questionOpen: '#hashtag question | with pipe?',
  dependencyWhat: 'API keys for <partners> & "sandbox", by | pipe',
  stageAudience: '10% of EU <customers> & 5 “beta” teams',
  cohort: 'Loyal | "early" <fans>',
  gateName: 'Legal <review> & sign-off',
  initiativeTitle: '[Experiment] _onboarding_ *wizard* `v2` <svg onload=alert(1)>',
  addedReason: 'A customer asked ⚠️ <urgently>; & it is cheap',
  actorB: 'Émile "Ed" <b>Ng</b>',
  checkpointName: 'Start of Q1 🚀 <published>',
  sessionName: 'Review session — «mid-March»',
} as const;

export interface RichWorkspace {
  doc: Y.Doc;
  clock: Clock;
  teams: { a: string; b: string };
  objectives: {
    /** Team A, committed, the nastiest title. */
    growth: string;
    /** Team B, aspirational. */
    learning: string;
    /** Team B, dropped (closed as dropped, stored as `abandoned`) with NASTY.dropReason. */
    dropped: string;
    /** Team A, added mid-cycle (after the first checkpoint) with NASTY.addedReason. */
    addedMidCycle: string;
    /** No team, soft-deleted: never in a report. */
    deleted: string;
  };
  keyResults: {
    activeTeams: string; // metric increase (growth)
    churn: string; // metric decrease (growth)
    nps: string; // metric stayAbove (growth)
    guides: string; // output (growth)
    interviews: string; // learning (learning)
    launch: string; // milestone (learning), closed achieved in the session
    droppedKr: string; // milestone (dropped)
    lateKr: string; // metric increase (addedMidCycle)
    sessionKr: string; // output added during the session (growth)
  };
  questions: { answered: string; open: string; invalidated: string };
  checkIns: { activeTeams: string[]; churn: string[]; nps: string[]; guides: string[]; interviews: string[]; launch: string[]; lateKr: string[]; session: string };
  decisions: { persevere: string; stop: string; pivot: string; escalate: string };
  initiatives: { wizard: string; guidesWork: string; sessionWork: string };
  /** The publication (day 5) and the review session's start (day 80, a session checkpoint). */
  checkpoints: { published: string; session: string };
  rollouts: { platform: string; growth: string };
  dependencies: { blocking: string; delivered: string };
  /** When the report is generated: after everything. */
  now: number;
}

const at = (clock: Clock, n: number) => {
  clock.t = day(n);
};

export function buildRichWorkspace(): RichWorkspace {
  const doc = new Y.Doc();
  const clock: Clock = { t: day(0) };
  const ana = localContext(doc, 'Ana', () => clock.t);
  const emile = localContext(doc, NASTY.actorB, () => clock.t);
  initWorkspace(ana, { id: 'ws-rich-report-0001', title: NASTY.workspaceTitle, kind: 'team', ...CYCLE });

  // Day 1–4: the plan, before publishing.
  at(clock, 1);
  const teams = { a: addTeam(ana, { name: NASTY.teamA }), b: addTeam(ana, { name: NASTY.teamB }) };
  const growth = addObjective(ana, { title: NASTY.objectiveTitle, owner: NASTY.objectiveOwner, description: NASTY.markdownSpecials });
  editObjectiveText(ana, growth, 'why', NASTY.objectiveWhy);
  setObjectiveTeam(ana, growth, teams.a);
  const learning = addObjective(emile, { title: `${NASTY.cjk} ${NASTY.accents}`, commitment: 'aspirational', owner: NASTY.csvAt });
  editObjectiveText(emile, learning, 'why', NASTY.rtl);
  setObjectiveTeam(emile, learning, teams.b);
  const dropped = addObjective(ana, { title: `${NASTY.csvPlus} — a dropped bet`, owner: NASTY.csvMinus });
  setObjectiveTeam(ana, dropped, teams.b);
  const deleted = addObjective(ana, { title: 'Deleted objective: never reported' });

  at(clock, 2);
  const activeTeams = addKeyResult(ana, growth, {
    title: `Weekly active teams, 10 → 40 | ${NASTY.markdownSpecials}`,
    kind: 'metric',
    risk: 'execution',
    owner: '@ana',
    why: NASTY.htmlAttr,
    metric: { direction: 'increase', baseline: 10, target: 40, unit: 'teams' },
  });
  const churn = addKeyResult(ana, growth, { title: `Monthly churn, "down" to 4% ${NASTY.htmlAttr}`, kind: 'metric', risk: 'execution', owner: NASTY.csvPlus, metric: { direction: 'decrease', baseline: 8, target: 4, unit: '%' } });
  const nps = addKeyResult(ana, growth, { title: `NPS stays ≥ 40 ${NASTY.rtl}`, kind: 'metric', metric: { direction: 'stayAbove', baseline: 0, target: 40, unit: 'pts' } });
  const guides = addKeyResult(ana, growth, { title: 'Ship 3 setup guides, in 中文 too', kind: 'output', risk: 'dependency', owner: NASTY.csvMinus, output: { target: 3, unit: 'guides' } });
  const interviews = addKeyResult(emile, learning, {
    title: `Learn why teams stall ${NASTY.cjk}`,
    kind: 'learning',
    risk: 'understanding',
    owner: NASTY.actorB,
    questions: [NASTY.questionAnswered, NASTY.questionOpen, 'Is price the blocker, or setup?'],
  });
  const launch = addKeyResult(emile, learning, { title: 'Launch the community forum 🎉', kind: 'milestone', risk: 'execution', owner: 'Émile' });
  const droppedKr = addKeyResult(ana, dropped, { title: 'Partner portal live', kind: 'milestone', risk: 'dependency' });
  addKeyResult(ana, deleted, { title: 'KR of a deleted objective', kind: 'milestone' });
  deleteObjective(ana, deleted);
  const questionIds = questionsOf(interviews, readWorkspace(doc).questions.values()).map((q) => q.id);
  const questions = { answered: questionIds[0]!, open: questionIds[1]!, invalidated: questionIds[2]! };

  at(clock, 3);
  const wizard = addInitiative(ana, { title: NASTY.initiativeTitle, kind: 'experiment', owner: NASTY.actorB, status: 'active', keyResultIds: [activeTeams, churn] });
  const guidesWork = addInitiative(ana, { title: 'Write the guides, with translators', kind: 'deliverable', status: 'planned', keyResultIds: [guides] });
  const blocking = addDependency(ana, { fromTeamId: teams.a, toTeamId: teams.b, what: NASTY.dependencyWhat, neededBy: '2026-02-15', blocking: true, keyResultId: guides });
  const delivered = addDependency(emile, { fromTeamId: teams.b, toTeamId: teams.a, what: 'Forum SSO, already delivered', neededBy: '2026-01-20' });

  const rollouts = addRollouts(ana, { wizard, launch });

  // Day 5: published.
  at(clock, 5);
  const published = publishCheckpoint(ana, NASTY.checkpointName);

  // Days 10–60: check-ins, decisions and changes of plan after publishing.
  const checkIns = recordCycleCheckIns(ana, emile, clock, { activeTeams, churn, nps, guides, interviews, launch }, questions);
  at(clock, 12);
  setDependencyStatus(emile, delivered, 'delivered', 'Shipped & "done"');
  setDependencyStatus(emile, blocking, 'at-risk', 'Partner <sandbox> is late | again');
  at(clock, 31);
  const persevere = recordDecision(ana, { kind: 'persevere', rationale: NASTY.decisionRationale, keyResultIds: [activeTeams], checkInIds: checkIns.activeTeams.slice(0, 2) });
  at(clock, 40);
  const stop = recordDecision(ana, { kind: 'stop', rationale: 'The partner left; stop the portal.', keyResultIds: [droppedKr] });
  setObjectiveStatus(ana, dropped, { status: 'closed', closedAs: 'abandoned', reason: NASTY.dropReason });
  at(clock, 45);
  const addedMidCycle = addObjective(ana, { title: `${NASTY.csvMinus}: add a self-serve trial`, addedReason: NASTY.addedReason, owner: 'Ana' });
  setObjectiveTeam(ana, addedMidCycle, teams.a);
  const lateKr = addKeyResult(ana, addedMidCycle, { title: 'Trials started', kind: 'metric', addedReason: 'Needed a measure', metric: { direction: 'increase', baseline: 0, target: 50, unit: 'trials' } });
  at(clock, 50);
  setMetric(ana, activeTeams, { direction: 'increase', baseline: 10, target: 35, unit: 'teams' }, 'Seasonality: 40 was a stretch & "we know it"');
  const lateCheckIns = [recordCheckIn(ana, lateKr, { value: 12, confidence: 6, note: 'First trials' })];
  at(clock, 52);
  const pivot = recordDecision(emile, { kind: 'pivot', rationale: 'Interviews say setup, not price → pivot the wizard.', keyResultIds: [interviews, activeTeams], checkInIds: checkIns.interviews });
  at(clock, 60);
  setObjectiveCommitment(ana, addedMidCycle, 'aspirational', 'Too new to commit | we will see');

  // Day 80: the review session starts; everything after it is "this session".
  at(clock, 80);
  const session = markSessionStart(ana, NASTY.sessionName);
  const inSession = recordSession(ana, emile, clock, { growth, activeTeams, churn, nps, guides, interviews, launch, lateKr, learning, addedMidCycle });

  return {
    doc,
    clock,
    teams,
    objectives: { growth, learning, dropped, addedMidCycle, deleted },
    keyResults: { activeTeams, churn, nps, guides, interviews, launch, droppedKr, lateKr, sessionKr: inSession.sessionKr },
    questions,
    checkIns: { ...checkIns, lateKr: lateCheckIns, session: inSession.checkIn },
    decisions: { persevere, stop, pivot, escalate: inSession.escalate },
    initiatives: { wizard, guidesWork, sessionWork: inSession.sessionWork },
    checkpoints: { published, session },
    rollouts,
    dependencies: { blocking, delivered },
    now: day(89),
  };
}

/** Team A's plan (via the wizard initiative) with an early-access stage live; team B's (via the launch KR) still planned. */
function addRollouts(ctx: CommandContext, links: { wizard: string; launch: string }): { platform: string; growth: string } {
  const platform = addRolloutPlan(ctx, { title: `Onboarding wizard <v2> & "more"`, toggleKey: 'onboarding.wizard_v2', initiativeId: links.wizard, defaultStages: true, defaultGates: true });
  const growth = addRolloutPlan(ctx, { title: 'Community forum | 論壇', keyResultId: links.launch, defaultStages: true });
  const stages = [...readWorkspace(ctx.doc).rolloutStages.values()];
  const stage = (kind: StageKind) => stagesOf(platform, stages).find((s) => s.kind === kind)!.id;
  editStage(ctx, stage('early-access'), { audience: NASTY.stageAudience });
  setStageCohorts(ctx, stage('early-access'), [NASTY.cohort, 'Tech-savvy customers']);
  setStageDates(ctx, stage('internal'), { plannedDate: '2026-01-10' });
  setStageDates(ctx, stage('early-access'), { plannedDate: '2026-02-01' });
  setStageDates(ctx, stage('general-availability'), { plannedDate: '2026-03-20' });
  setStageStatus(ctx, stage('internal'), 'live');
  setStageStatus(ctx, stage('early-access'), 'live');
  addGate(ctx, platform, { name: NASTY.gateName, owningTeam: NASTY.teamB });
  const documentation = gatesOf(platform, readWorkspace(ctx.doc).readinessGates.values()).find((g) => g.name === 'Documentation')!;
  setGateStatus(ctx, documentation.id, 'done', 'https://docs.example/wizard?a=1&b=<2>');
  return { platform, growth };
}

type CycleKeyResults = Record<'activeTeams' | 'churn' | 'nps' | 'guides' | 'interviews' | 'launch', string>;

/** Check-ins over days 10–50, notes hostile, confidence moving. */
function recordCycleCheckIns(ana: CommandContext, emile: CommandContext, clock: Clock, krs: CycleKeyResults, questions: RichWorkspace['questions']) {
  const out = { activeTeams: [] as string[], churn: [] as string[], nps: [] as string[], guides: [] as string[], interviews: [] as string[], launch: [] as string[] };
  at(clock, 10);
  out.activeTeams.push(recordCheckIn(ana, krs.activeTeams, { value: 14, confidence: 7, note: NASTY.checkInNote }));
  out.churn.push(recordCheckIn(ana, krs.churn, { value: 7.5, confidence: 5, note: 'Slightly better, 7.5%' }));
  out.nps.push(recordCheckIn(ana, krs.nps, { value: 42, confidence: 8, note: NASTY.csvAt }));
  out.guides.push(recordCheckIn(ana, krs.guides, { value: 1, confidence: 6, note: '1 of 3 | EN only' }));
  at(clock, 20);
  out.interviews.push(recordCheckIn(emile, krs.interviews, { value: 0, confidence: 5, note: `Five interviews ${NASTY.rtl}`, answers: { [questions.answered]: 'validated' } }));
  out.launch.push(recordCheckIn(emile, krs.launch, { value: 0, confidence: 4, note: 'Not yet, waiting on SSO' }));
  at(clock, 30);
  out.activeTeams.push(recordCheckIn(ana, krs.activeTeams, { value: 19, confidence: 6, note: NASTY.markdownSpecials }));
  out.churn.push(recordCheckIn(ana, krs.churn, { value: 6.8, confidence: 6, note: NASTY.csvMinus }));
  out.nps.push(recordCheckIn(ana, krs.nps, { value: 38, confidence: 3, note: 'Dipped below — <urgent>' }));
  at(clock, 45);
  out.interviews.push(recordCheckIn(emile, krs.interviews, { value: 0, confidence: 7, note: 'Price is not it', answers: { [questions.invalidated]: 'invalidated' } }));
  at(clock, 50);
  out.activeTeams.push(recordCheckIn(ana, krs.activeTeams, { value: 24, confidence: 7, note: '' }));
  out.guides.push(recordCheckIn(ana, krs.guides, { value: 2, confidence: 5, note: 'Second guide: 日本語' }));
  return out;
}

type SessionLinks = CycleKeyResults & { growth: string; learning: string; lateKr: string; addedMidCycle: string };

/** Days 81–86: what the review session added, changed, decided, checked in and scored. */
function recordSession(ana: CommandContext, emile: CommandContext, clock: Clock, links: SessionLinks) {
  at(clock, 81);
  const checkIn = recordCheckIn(ana, links.activeTeams, { value: 31, confidence: 8, note: `Session check-in: ${NASTY.accents}` });
  recordCheckIn(emile, links.launch, { value: 1, confidence: 10, note: 'Forum is live 🎉' });
  const escalate = recordDecision(ana, { kind: 'escalate', rationale: `Escalate the partner API: ${NASTY.dependencyWhat}`, keyResultIds: [links.guides], checkInIds: [checkIn] });
  at(clock, 82);
  setKeyResultStatus(emile, links.launch, { status: 'closed', closedAs: 'achieved' });
  const sessionKr = addKeyResult(ana, links.growth, { title: `Session KR: ${NASTY.csvAt}`, kind: 'output', addedReason: NASTY.addedReason, output: { target: 2, unit: 'talks' } });
  const sessionWork = addInitiative(emile, { title: `Session work: ${NASTY.accents}`, kind: 'activity', keyResultIds: [sessionKr] });
  editKeyResultText(ana, links.churn, 'why', 'Churn is the leak | fix it first');
  at(clock, 85);
  scoreKeyResults(ana, emile, links);
  at(clock, 86);
  recordRetrospective(ana, links.growth, { learned: NASTY.learned, next: 'carry-forward', reason: NASTY.carryReason });
  recordRetrospective(emile, links.learning, { learned: `Teams stall on setup. ${NASTY.cjk}`, next: 'de-scope', reason: NASTY.descopeReason });
  recordRetrospective(ana, links.addedMidCycle, { learned: 'Too early to tell', next: 'complete' });
  return { checkIn, escalate, sessionKr, sessionWork };
}

function scoreKeyResults(ana: CommandContext, emile: CommandContext, links: SessionLinks): void {
  scoreKeyResult(ana, links.activeTeams, { score: 0.8, note: NASTY.scoreNote, suggested: 0.8 });
  scoreKeyResult(ana, links.churn, { score: 0.3, note: 'Churn moved a little', suggested: 0.3 });
  scoreKeyResult(ana, links.nps, { score: 0, note: '', suggested: 0 });
  // guides stays unscored: the objective's explanation says so.
  scoreKeyResult(emile, links.interviews, { score: 0.7, note: `Two of three ${NASTY.cjk}`, suggested: 0.7 });
  scoreKeyResult(emile, links.launch, { score: 1, note: 'Done', suggested: 1 });
  scoreKeyResult(ana, links.lateKr, { score: 0.25, note: NASTY.csvPlus, suggested: 0.2 });
}
