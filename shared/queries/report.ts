import { compareOrdered, sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import { STAGE_KIND_LABELS, type RolloutPlan } from '../schema/rollouts';
import type { Dependency, DependencyStatus } from '../schema/alignment';
import type {
  Answer,
  CheckIn,
  Checkpoint,
  ClosedAs,
  Commitment,
  DecisionKind,
  Initiative,
  KeyResult,
  KeyResultKind,
  LifecycleStatus,
  Objective,
  Question,
  Retrospective,
  Risk,
  Score,
} from '../schema/types';
import { changeHeading, changesSince, type ChangeItem } from './changes';
import { viewOf } from './dependencies';
import { answersOf, confidenceLevel, latestCheckIn, objectiveProgressOf, progressOf, questionsOf } from './progress';
import { livePlans, openGates, promiseStatusOf, stagesOf, type PromiseState } from './rollouts';
import { formatScore, latestRetrospectives, latestScores, NEXT_LABEL, objectiveScore } from './scoring';
import { objectivesInScope, scopeLabel, teamOfObjectives, type ExportScope } from './scope';
import { trendModel, type TrendModel } from './trend';

/*
 * The facilitator's session report: what a leadership review reads (the score
 * and how it was computed, what we learned, what we carry forward or de-scope,
 * what we need from others), then the decisions, the rollouts and what changed
 * in this session. A plain, serialisable model: the Markdown and HTML formats
 * only lay it out, so both say exactly the same thing. Display strings (values
 * with units, labels) are made here for the same reason; times stay epoch ms
 * and are written with formatReportTime.
 */

export interface ReportOptions {
  scope: ExportScope;
  /** The moment the report is "as of" (the trend charts' marker, overdue dependencies). */
  now: number;
  /** Adds "What changed in this session": everything after this checkpoint. */
  sessionSince?: Checkpoint | null;
  /**
   * Details only the first this many objectives in scope (the export dialog's
   * preview renders in the window, and 200 objectives of charts would block
   * it); the scope, decisions, rollouts and session stay whole.
   */
  detailObjectives?: number;
}

export interface ReportTeam {
  id: string;
  name: string;
  colour: string;
}

export interface ReportQuestion {
  text: string;
  answer: Answer;
}

export interface ReportKeyResult {
  id: string;
  title: string;
  kind: KeyResultKind;
  /** "Metric (increase)", "Output", "Learning", "Milestone". */
  kindLabel: string;
  risk: Risk | null;
  /** Metric and output KRs' unit ('' otherwise). */
  unit: string;
  /** Learning KRs: the number of live questions (0 otherwise). */
  questionCount: number;
  /** Null for a threshold (stay above / below): it has no baseline. */
  baseline: string | null;
  target: string;
  current: string;
  /** 0..1, or null when nothing is known yet. */
  progress: number | null;
  confidence: number | null;
  /** "7/10 (high)", or "—". */
  confidenceLabel: string;
  owner: string;
  status: string;
  /** The latest score, 0..1, or null when not scored. */
  score: number | null;
  scoreNote: string;
  /** Learning KRs: each live question with its standing answer. */
  questions: ReportQuestion[];
  trend: TrendModel | null;
  /** What the trend chart shows, in words (for assistive technology and print). */
  trendLabel: string;
}

export interface ReportDependency {
  /** 'needs': the objective's team needs it from another; 'owes': another team needs it from the objective's team. */
  direction: 'needs' | 'owes';
  what: string;
  fromTeam: string;
  toTeam: string;
  neededBy: string | null;
  blocking: boolean;
  overdue: boolean;
  status: DependencyStatus;
  statusNote: string;
  /** The KR that tracks it, when it is one of this objective's. */
  keyResultTitle: string | null;
}

export interface ReportInitiative {
  title: string;
  kind: Initiative['kind'];
  status: Initiative['status'];
  owner: string;
}

export interface ReportRetrospective {
  learned: string;
  next: string;
  reason: string;
  author: string;
  at: number;
}

export interface ReportObjective {
  id: string;
  title: string;
  team: ReportTeam | null;
  commitment: Commitment;
  status: LifecycleStatus;
  closedAs: ClosedAs | null;
  /** "Active", "Closed: abandoned (dropped)". */
  statusLabel: string;
  /** Why it is in its status, from the change log ('' when none was given). */
  statusReason: string;
  owner: string;
  whyNow: string;
  /** Why it was added after the OKRs were published, or null. */
  addedReason: string | null;
  progress: number | null;
  score: number | null;
  scoreExplanation: string;
  keyResults: ReportKeyResult[];
  retrospective: ReportRetrospective | null;
  dependencies: ReportDependency[];
  initiatives: ReportInitiative[];
}

export interface ReportGroup {
  /** Null: objectives without a team (or a workspace without teams). */
  team: ReportTeam | null;
  objectives: ReportObjective[];
}

export interface ReportDecision {
  kind: DecisionKind;
  rationale: string;
  keyResults: string[];
  /** The cited check-ins, one line each. */
  evidence: string[];
  author: string;
  at: number;
}

export interface ReportStage {
  name: string;
  kindLabel: string;
  audience: string;
  cohorts: string[];
  plannedDate: string | null;
  actualDate: string | null;
  status: string;
  statusReason: string;
}

export interface ReportRollout {
  title: string;
  toggleKey: string;
  /** What it belongs to: "Initiative: …", "Key result: …". */
  linkedTo: string[];
  promise: PromiseState;
  promiseExplanation: string;
  stages: ReportStage[];
  openGates: { name: string; owningTeam: string }[];
}

export interface SessionItem {
  /** What it is or what happened: "Objective added", "Dropped", "Pivot", "Check-in". */
  heading: string;
  title: string;
  detail: string;
  author: string;
  at: number;
}

export interface ReportSession {
  checkpoint: { name: string; author: string; at: number };
  added: SessionItem[];
  changed: SessionItem[];
  decided: SessionItem[];
  checkedIn: SessionItem[];
  scored: SessionItem[];
}

export interface Report {
  title: string;
  cycle: { start: string; end: string } | null;
  scopeLabel: string;
  generatedAt: number;
  groups: ReportGroup[];
  decisions: ReportDecision[];
  rollouts: ReportRollout[];
  session: ReportSession | null;
}

/** A moment as both formats write it: UTC, so the report reads the same wherever it is opened. */
export function formatReportTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** 0.456 → "46%", null → "—". */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}

const TREND_SIZE = { width: 560, height: 200 } as const;
const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** Code-unit order: the same on every replica and in every locale. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTimeThenId = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || compareText(a.id, b.id);

/** The snapshot indexed once, so building each objective does not rescan the workspace. */
interface ReportContext {
  snapshot: WorkspaceSnapshot;
  now: number;
  teamOf: Map<string, string>;
  /** Live KRs of each objective, in (order, id) order. */
  keyResultsOf: Map<string, KeyResult[]>;
  /** Live questions of each learning KR, in order. */
  questionsOf: Map<string, Question[]>;
  checkInsOf: Map<string, CheckIn[]>;
  scores: Map<string, Score>;
  retrospectives: Map<string, Retrospective>;
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(keyOf(item));
    if (list) list.push(item);
    else out.set(keyOf(item), [item]);
  }
  return out;
}

function contextOf(snapshot: WorkspaceSnapshot, now: number): ReportContext {
  const liveKeyResults = [...snapshot.keyResults.values()].filter((kr) => kr.deletedAt === null);
  const questions = groupBy(snapshot.questions.values(), (q) => q.keyResultId);
  return {
    snapshot,
    now,
    teamOf: teamOfObjectives(snapshot),
    keyResultsOf: new Map([...groupBy(liveKeyResults, (kr) => kr.objectiveId)].map(([id, krs]) => [id, sortOrdered(krs)])),
    questionsOf: new Map([...questions].map(([id, list]) => [id, questionsOf(id, list)])),
    checkInsOf: groupBy(snapshot.checkIns.values(), (c) => c.keyResultId),
    scores: latestScores(snapshot.scores.values()),
    retrospectives: latestRetrospectives(snapshot.retrospectives.values()),
  };
}

export function buildReport(snapshot: WorkspaceSnapshot, options: ReportOptions): Report {
  const ctx = contextOf(snapshot, options.now);
  const objectives = sortOrdered(objectivesInScope(snapshot, options.scope));
  const scope: InScope = {
    objectiveIds: new Set(objectives.map((o) => o.id)),
    keyResultIds: new Set(objectives.flatMap((o) => (ctx.keyResultsOf.get(o.id) ?? []).map((kr) => kr.id))),
  };
  return {
    title: snapshot.meta?.title ?? 'Untitled workspace',
    cycle: snapshot.meta ? { start: snapshot.meta.cycleStart, end: snapshot.meta.cycleEnd } : null,
    scopeLabel: scopeLabel(snapshot, options.scope),
    generatedAt: options.now,
    groups: groupByTeam(snapshot, objectives.slice(0, options.detailObjectives ?? objectives.length).map((o) => objectiveOf(ctx, o))),
    decisions: decisionsOf(ctx, scope.keyResultIds),
    // The whole workspace shows every plan, also those of work linked to no KR.
    rollouts: rolloutsOf(snapshot, options.scope.kind === 'workspace' ? null : scope.keyResultIds),
    session: options.sessionSince ? sessionOf(ctx, options.sessionSince, scope) : null,
  };
}

/** What the report covers: the objectives in scope and their live KRs. */
interface InScope {
  objectiveIds: ReadonlySet<string>;
  keyResultIds: ReadonlySet<string>;
}

function teamById(snapshot: WorkspaceSnapshot, id: string | undefined): ReportTeam | null {
  const team = id === undefined ? undefined : snapshot.alignment.teams.get(id);
  return team ? { id: team.id, name: team.name, colour: team.colour } : null;
}

/** Teams in their order, objectives without a team last; a workspace without teams is one group. */
function groupByTeam(snapshot: WorkspaceSnapshot, objectives: ReportObjective[]): ReportGroup[] {
  const teams = [...snapshot.alignment.teams.values()].sort(compareOrdered);
  const groups: ReportGroup[] = teams.map((team) => ({ team: teamById(snapshot, team.id), objectives: objectives.filter((o) => o.team?.id === team.id) }));
  groups.push({ team: null, objectives: objectives.filter((o) => o.team === null) });
  return groups.filter((g) => g.objectives.length > 0);
}

function objectiveOf(ctx: ReportContext, objective: Objective): ReportObjective {
  const krs = ctx.keyResultsOf.get(objective.id) ?? [];
  const keyResults = krs.map((kr) => keyResultOf(ctx, kr));
  const { score, explanation } = objectiveScore(keyResults.map((kr) => kr.score));
  const teamId = ctx.teamOf.get(objective.id);
  const retro = ctx.retrospectives.get(objective.id);
  return {
    id: objective.id,
    title: objective.title,
    team: teamById(ctx.snapshot, teamId),
    commitment: objective.commitment,
    status: objective.status,
    closedAs: objective.closedAs,
    statusLabel: statusLabel(objective.status, objective.closedAs),
    statusReason: latestStatusReason(ctx.snapshot, objective.id),
    owner: objective.owner,
    whyNow: objective.why,
    addedReason: objective.addedReason,
    progress: objectiveProgressOf(keyResults.map((kr) => kr.progress)),
    score,
    scoreExplanation: explanation,
    keyResults,
    retrospective: retro ? { learned: retro.learned, next: NEXT_LABEL[retro.next], reason: retro.reason, author: retro.author, at: retro.at } : null,
    dependencies: dependenciesOf(ctx, teamId, krs),
    initiatives: initiativesOf(ctx.snapshot, new Set(krs.map((kr) => kr.id))),
  };
}

function statusLabel(status: LifecycleStatus, closedAs: ClosedAs | null): string {
  if (status !== 'closed') return status === 'draft' ? 'Draft' : 'Active';
  // "abandoned" is what the change log says; people say "dropped".
  return closedAs === 'abandoned' ? 'Closed: abandoned (dropped)' : `Closed: ${closedAs ?? 'unknown'}`;
}

/** The reason of the latest status change logged for an entity ('' when none). */
function latestStatusReason(snapshot: WorkspaceSnapshot, entityId: string): string {
  const changes = [...snapshot.changes.values()].filter((c) => c.entityId === entityId && c.kind === 'status').sort(byTimeThenId);
  return changes.at(-1)?.reason ?? '';
}

function keyResultOf(ctx: ReportContext, kr: KeyResult): ReportKeyResult {
  const history = ctx.checkInsOf.get(kr.id) ?? [];
  const questions = kr.kind === 'learning' ? (ctx.questionsOf.get(kr.id) ?? []) : [];
  const progress = progressOf(kr, history, questions);
  const confidence = latestCheckIn(history)?.confidence ?? null;
  const score = ctx.scores.get(kr.id) ?? null;
  const answers = answersOf(questions, history);
  const meta = ctx.snapshot.meta;
  const trend = meta
    ? trendModel({ keyResult: kr, history, questionCount: questions.length, cycleStart: meta.cycleStart, cycleEnd: meta.cycleEnd, asOf: ctx.now, ...TREND_SIZE })
    : null;
  const scale = scaleOf(kr, questions.length);
  return {
    id: kr.id,
    title: kr.title,
    kindLabel: kr.kind === 'metric' ? `Metric (${DIRECTION_LABEL[kr.direction]})` : KIND_LABEL[kr.kind],
    risk: kr.risk,
    ...scale,
    ...measureOf(kr, questions.length),
    current: progress.current === null ? '—' : formatKeyResultValue(scale, progress.current),
    progress: progress.ratio,
    confidence,
    confidenceLabel: confidence === null ? '—' : `${confidence}/10 (${confidenceLevel(confidence)})`,
    owner: kr.owner,
    status: statusLabel(kr.status, kr.closedAs),
    score: score?.score ?? null,
    scoreNote: score?.note ?? '',
    questions: questions.map((q) => ({ text: q.text, answer: answers.get(q.id) ?? 'open' })),
    trend,
    trendLabel: trend ? trendLabelOf(kr, trend, scale) : 'No trend: the cycle dates cannot be read.',
  };
}

const KIND_LABEL: Record<KeyResultKind, string> = { metric: 'Metric', output: 'Output', learning: 'Learning', milestone: 'Milestone' };
const DIRECTION_LABEL = { increase: 'increase', decrease: 'decrease', stayAbove: 'stay above', stayBelow: 'stay below' } as const;

function withUnit(value: number, unit: string): string {
  const number = numberFormat.format(value);
  if (!unit) return number;
  return unit === '%' ? `${number}%` : `${number} ${unit}`;
}

/** What a KR's values are read against: enough to write any of them. */
export type ValueScale = Pick<ReportKeyResult, 'kind' | 'unit' | 'questionCount'>;

/** A value as people read it: with its unit, "done" for milestones, "n of m answered" for learning KRs. */
export function formatKeyResultValue(scale: ValueScale, value: number): string {
  if (scale.kind === 'milestone') return value >= 1 ? 'done' : 'not done';
  if (scale.kind === 'learning') return `${numberFormat.format(value)} of ${scale.questionCount} answered`;
  return withUnit(value, scale.unit);
}

function scaleOf(kr: KeyResult, questionCount: number): ValueScale {
  return { kind: kr.kind, unit: kr.kind === 'metric' || kr.kind === 'output' ? kr.unit : '', questionCount };
}

function measureOf(kr: KeyResult, questionCount: number): { baseline: string | null; target: string } {
  switch (kr.kind) {
    case 'milestone':
      return { baseline: 'not done', target: 'done' };
    case 'learning':
      return { baseline: `0 of ${questionCount} answered`, target: `${questionCount} of ${questionCount} answered` };
    case 'output':
      return { baseline: withUnit(0, kr.unit), target: withUnit(kr.target, kr.unit) };
    case 'metric':
      if (kr.direction === 'stayAbove') return { baseline: null, target: `≥ ${withUnit(kr.target, kr.unit)}` };
      if (kr.direction === 'stayBelow') return { baseline: null, target: `≤ ${withUnit(kr.target, kr.unit)}` };
      return { baseline: withUnit(kr.baseline, kr.unit), target: withUnit(kr.target, kr.unit) };
  }
}

/** The chart in words, for assistive technology (and anyone reading the report aloud). */
function trendLabelOf(kr: KeyResult, model: TrendModel, scale: ValueScale): string {
  const value = (n: number) => formatKeyResultValue(scale, n);
  const past = model.points.filter((p) => !p.future);
  const latest = past.at(-1);
  const parts = [latest ? `${past.length} check-in${past.length === 1 ? '' : 's'}, latest ${value(latest.value)}` : 'no check-ins yet'];
  if (model.paceLine) parts.push(`pace line from ${value(model.paceLine.from)} to ${value(model.paceLine.to)}`);
  if (model.thresholdLine && kr.kind === 'metric') parts.push(`must stay at or ${kr.direction === 'stayAbove' ? 'above' : 'below'} ${value(model.thresholdLine.value)}`);
  return `Trend of ${kr.title || 'Untitled key result'}: ${parts.join(', ')}`;
}

/** Open dependencies of the objective's team (either way) or tracked by one of its KRs, by needed-by day. */
function dependenciesOf(ctx: ReportContext, teamId: string | undefined, krs: readonly KeyResult[]): ReportDependency[] {
  const { teams, dependencies } = ctx.snapshot.alignment;
  const krTitle = new Map(krs.map((kr) => [kr.id, kr.title]));
  const today = new Date(ctx.now).toISOString().slice(0, 10);
  const concerns = (d: Dependency) => (d.keyResultId !== null && krTitle.has(d.keyResultId)) || (teamId !== undefined && (d.fromTeamId === teamId || d.toTeamId === teamId));
  const undated = '\uffff';
  return [...dependencies.values()]
    .filter((d) => d.deletedAt === null && concerns(d))
    .map((d) => viewOf(d, teams, today))
    .filter((view) => view.open)
    .sort((a, b) => compareText(a.dependency.neededBy ?? undated, b.dependency.neededBy ?? undated) || a.dependency.createdAt - b.dependency.createdAt || compareText(a.dependency.id, b.dependency.id))
    .map(({ dependency: d, from, to, overdue }) => ({
      direction: teamId !== undefined && d.toTeamId === teamId ? 'owes' : 'needs',
      what: d.what,
      fromTeam: from?.name ?? 'an unknown team',
      toTeam: to?.name ?? 'an unknown team',
      neededBy: d.neededBy,
      blocking: d.blocking,
      overdue,
      status: d.status,
      statusNote: d.statusNote,
      keyResultTitle: d.keyResultId === null ? null : (krTitle.get(d.keyResultId) ?? null),
    }));
}

function initiativesOf(snapshot: WorkspaceSnapshot, keyResultIds: ReadonlySet<string>): ReportInitiative[] {
  const linked = [...snapshot.initiatives.values()].filter((i) => i.deletedAt === null && i.keyResultIds.some((id) => keyResultIds.has(id)));
  return sortOrdered(linked).map(({ title, kind, status, owner }) => ({ title, kind, status, owner }));
}

const titleOfKeyResult = (snapshot: WorkspaceSnapshot, id: string) => snapshot.keyResults.get(id)?.title ?? 'a deleted key result';

/** A check-in's value in its KR's terms (a learning KR's value is its answered count). */
function checkInValue(ctx: ReportContext, c: CheckIn): string {
  const kr = ctx.snapshot.keyResults.get(c.keyResultId);
  return kr ? formatKeyResultValue(scaleOf(kr, ctx.questionsOf.get(kr.id)?.length ?? 0), c.value) : numberFormat.format(c.value);
}

const checkInLine = (ctx: ReportContext, c: CheckIn) => `${formatReportTime(c.at)}: ${checkInValue(ctx, c)}${c.note ? ` — ${c.note}` : ''} (${c.author})`;

/** Decisions that affect a KR in scope, oldest first, with the check-ins they cite. */
function decisionsOf(ctx: ReportContext, keyResultIds: ReadonlySet<string>): ReportDecision[] {
  const { snapshot } = ctx;
  return [...snapshot.decisions.values()]
    .filter((d) => d.keyResultIds.some((id) => keyResultIds.has(id)))
    .sort(byTimeThenId)
    .map((d) => ({
      kind: d.kind,
      rationale: d.rationale,
      keyResults: d.keyResultIds.map((id) => titleOfKeyResult(snapshot, id)),
      evidence: d.checkInIds
        .flatMap((id) => snapshot.checkIns.get(id) ?? [])
        .sort(byTimeThenId)
        .map((c) => checkInLine(ctx, c)),
      author: d.author,
      at: d.at,
    }));
}

/** `keyResultIds` null: every live plan; else the plans of a KR in scope or of work on one. */
function rolloutsOf(snapshot: WorkspaceSnapshot, keyResultIds: ReadonlySet<string> | null): ReportRollout[] {
  const stages = [...snapshot.rolloutStages.values()];
  const gates = [...snapshot.readinessGates.values()];
  const belongs = (plan: RolloutPlan) => {
    if (keyResultIds === null) return true;
    if (plan.keyResultId !== null && keyResultIds.has(plan.keyResultId)) return true;
    const work = plan.initiativeId === null ? undefined : snapshot.initiatives.get(plan.initiativeId);
    return work !== undefined && work.deletedAt === null && work.keyResultIds.some((id) => keyResultIds.has(id));
  };
  return livePlans(snapshot.rolloutPlans.values())
    .filter(belongs)
    .map((plan) => {
      const promise = promiseStatusOf(plan, stages);
      return {
        title: plan.title,
        toggleKey: plan.toggleKey,
        linkedTo: linksOf(snapshot, plan),
        promise: promise.state,
        promiseExplanation: promise.explanation,
        stages: stagesOf(plan.id, stages).map((s) => ({
          name: s.name,
          kindLabel: STAGE_KIND_LABELS[s.kind],
          audience: s.audience,
          cohorts: s.cohorts,
          plannedDate: s.plannedDate,
          actualDate: s.actualDate,
          status: s.status,
          statusReason: s.statusReason,
        })),
        openGates: openGates(plan.id, gates).map((g) => ({ name: g.name, owningTeam: g.owningTeam })),
      };
    });
}

function linksOf(snapshot: WorkspaceSnapshot, plan: RolloutPlan): string[] {
  const work = plan.initiativeId === null ? undefined : snapshot.initiatives.get(plan.initiativeId);
  const kr = plan.keyResultId === null ? undefined : snapshot.keyResults.get(plan.keyResultId);
  return [...(work ? [`Initiative: ${work.title}`] : []), ...(kr ? [`Key result: ${kr.title}`] : [])];
}

/*
 * What changed in the session: everything recorded after the checkpoint that
 * touches what is in scope. Items sort by time, then by their text: the same
 * order on every replica, whatever order the document's maps iterate in.
 */

function compareItems(a: SessionItem, b: SessionItem): number {
  return a.at - b.at || compareText(a.heading, b.heading) || compareText(a.title, b.title) || compareText(a.author, b.author) || compareText(a.detail, b.detail);
}

const CHANGE_ENTITY: Record<'objective' | 'keyResult', string> = { objective: 'Objective', keyResult: 'Key result' };

function sessionOf(ctx: ReportContext, since: Checkpoint, scope: InScope): ReportSession {
  const changes = changesSince(ctx.snapshot, since).filter(({ change }) => (change.entity === 'objective' ? scope.objectiveIds : scope.keyResultIds).has(change.entityId));
  return {
    checkpoint: { name: since.name, author: since.author, at: since.at },
    added: [...changes.filter((c) => c.change.kind === 'added').map(addedItem), ...workAddedSince(ctx.snapshot, since, scope.keyResultIds)].sort(compareItems),
    changed: changes.filter((c) => c.change.kind !== 'added').map(changedItem).sort(compareItems),
    decided: decisionsOf(ctx, scope.keyResultIds)
      .filter((d) => d.at > since.at)
      .map((d) => ({ heading: DECISION_LABEL[d.kind], title: d.keyResults.join('; '), detail: d.rationale, author: d.author, at: d.at }))
      .sort(compareItems),
    checkedIn: checkInsSince(ctx, since, scope.keyResultIds).sort(compareItems),
    scored: [...scoresSince(ctx.snapshot, since, scope.keyResultIds), ...reviewedSince(ctx.snapshot, since, scope.objectiveIds)].sort(compareItems),
  };
}

function addedItem({ change, title }: ChangeItem): SessionItem {
  return { heading: `${CHANGE_ENTITY[change.entity]} added`, title, detail: change.reason ? `Why: ${change.reason}` : '', author: change.author, at: change.at };
}

function changedItem({ change, title }: ChangeItem): SessionItem {
  const why = change.reason ? `. Why: ${change.reason}` : '';
  return { heading: `${changeHeading(change)} (${CHANGE_ENTITY[change.entity].toLowerCase()})`, title, detail: `${change.from} → ${change.to}${why}`, author: change.author, at: change.at };
}

/** Initiatives created after `since` that support a KR in scope (the change log does not record work). */
function workAddedSince(snapshot: WorkspaceSnapshot, since: Checkpoint, keyResultIds: ReadonlySet<string>): SessionItem[] {
  return [...snapshot.initiatives.values()]
    .filter((i) => i.deletedAt === null && i.createdAt > since.at && i.keyResultIds.some((id) => keyResultIds.has(id)))
    .map((i) => ({
      heading: 'Initiative added',
      title: i.title,
      detail: `For ${i.keyResultIds.filter((id) => keyResultIds.has(id)).map((id) => titleOfKeyResult(snapshot, id)).join('; ')}`,
      author: i.createdBy,
      at: i.createdAt,
    }));
}

function checkInsSince(ctx: ReportContext, since: Checkpoint, keyResultIds: ReadonlySet<string>): SessionItem[] {
  return [...ctx.snapshot.checkIns.values()]
    .filter((c) => c.at > since.at && keyResultIds.has(c.keyResultId))
    .map((c) => {
      const confidence = c.confidence === null ? '' : `, confidence ${c.confidence}/10`;
      const note = c.note ? `. ${c.note}` : '';
      return { heading: 'Check-in', title: titleOfKeyResult(ctx.snapshot, c.keyResultId), detail: `${checkInValue(ctx, c)}${confidence}${note}`, author: c.author, at: c.at };
    });
}

function scoresSince(snapshot: WorkspaceSnapshot, since: Checkpoint, keyResultIds: ReadonlySet<string>): SessionItem[] {
  return [...snapshot.scores.values()]
    .filter((s) => s.at > since.at && keyResultIds.has(s.keyResultId))
    .map((s) => ({ heading: `Scored ${formatScore(s.score)}`, title: titleOfKeyResult(snapshot, s.keyResultId), detail: s.note, author: s.author, at: s.at }));
}

function reviewedSince(snapshot: WorkspaceSnapshot, since: Checkpoint, objectiveIds: ReadonlySet<string>): SessionItem[] {
  return [...snapshot.retrospectives.values()]
    .filter((r) => r.at > since.at && objectiveIds.has(r.objectiveId))
    .map((r) => ({
      heading: `Retrospective: ${NEXT_LABEL[r.next]}`,
      title: snapshot.objectives.get(r.objectiveId)?.title ?? '',
      detail: r.reason ? `${r.learned}\nWhy: ${r.reason}` : r.learned,
      author: r.author,
      at: r.at,
    }));
}

export const DECISION_LABEL: Record<DecisionKind, string> = { persevere: 'Persevere', pivot: 'Pivot', stop: 'Stop', escalate: 'Escalate' };
