import { utcDateOf } from '../dates';
import { compareOrdered, sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import type { KeyResult, KeyResultKind, Objective } from '../schema/types';
import { compareDependencies, viewOf } from './dependencies';
import { HEALTH_LABEL, type HealthVerdict } from './health';
import { answersOf, confidenceLevel, latestCheckIn, progressOf } from './progress';
import type { ReportContext } from './reportContext';
import type { ReportDependency, ReportGroup, ReportInitiative, ReportKeyResult, ReportObjective, ReportTeam, ValueScale } from './reportTypes';
import { formatKeyResultValue, scaleOf, withUnit } from './reportValues';
import { NEXT_LABEL, objectiveScore } from './scoring';
import { objectiveStandingOf, type KeyResultStanding } from './standing';
import { keyResultStatus, keyResultStatusLabel, statusLabel } from './tracking';
import { trendModel, type TrendModel } from './trend';

/*
 * The report's objectives, grouped by team: each with its key results (values,
 * scores, trend charts), what was learned, its open dependencies and its work.
 */

const TREND_SIZE = { width: 560, height: 200 } as const;

function teamById(snapshot: WorkspaceSnapshot, id: string | undefined): ReportTeam | null {
  const team = id === undefined ? undefined : snapshot.alignment.teams.get(id);
  return team ? { id: team.id, name: team.name, colour: team.colour } : null;
}

/** Teams in their order, objectives without a team last; a workspace without teams is one group. */
export function groupByTeam(snapshot: WorkspaceSnapshot, objectives: ReportObjective[]): ReportGroup[] {
  const teams = [...snapshot.alignment.teams.values()].sort(compareOrdered);
  const groups: ReportGroup[] = teams.map((team) => ({ team: teamById(snapshot, team.id), objectives: objectives.filter((o) => o.team?.id === team.id) }));
  groups.push({ team: null, objectives: objectives.filter((o) => o.team === null) });
  return groups.filter((g) => g.objectives.length > 0);
}

/** `locale`: the report's, for the values with their units. */
export function objectiveOf(ctx: ReportContext, objective: Objective, locale: string): ReportObjective {
  const krs = ctx.keyResultsOf.get(objective.id) ?? [];
  // Progress and health from the standing the at-a-glance panel reads too (standing.ts).
  const standing = objectiveStandingOf(ctx.standing, objective, krs, ctx.now);
  const keyResults = standing.keyResults.map((kr) => keyResultOf(ctx, kr, objective, locale));
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
    statusReason: ctx.statusChangeOf.get(objective.id)?.reason ?? '',
    owner: objective.owner,
    whyNow: objective.why,
    addedReason: objective.addedReason,
    progress: standing.progress,
    ...healthFields(standing.health),
    score,
    scoreExplanation: explanation,
    keyResults,
    retrospective: retro ? { learned: retro.learned, next: NEXT_LABEL[retro.next], reason: retro.reason, author: retro.author, at: retro.at } : null,
    dependencies: dependenciesOf(ctx, teamId, krs),
    initiatives: initiativesOf(ctx, krs),
  };
}

/** A verdict as the report writes it: its health, label ("—" when not judged) and reasons. */
function healthFields({ health, reasons }: HealthVerdict): Pick<ReportObjective, 'health' | 'healthLabel' | 'healthReasons'> {
  return { health, healthLabel: health === null ? '—' : HEALTH_LABEL[health], healthReasons: [...reasons] };
}

function keyResultOf(ctx: ReportContext, standing: KeyResultStanding, objective: Objective, locale: string): ReportKeyResult {
  const kr = standing.keyResult;
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
  const scale = scaleOf(kr, questions.length, locale);
  return {
    id: kr.id,
    title: kr.title,
    kindLabel: kr.kind === 'metric' ? `Metric (${DIRECTION_LABEL[kr.direction]})` : KIND_LABEL[kr.kind],
    risk: kr.risk,
    ...scale,
    ...measureOf(kr, questions.length, locale),
    current: progress.current === null ? '—' : formatKeyResultValue(scale, progress.current),
    progress: standing.progress,
    ...healthFields(standing.health),
    confidence,
    confidenceLabel: confidence === null ? '—' : `${confidence}/10 (${confidenceLevel(confidence)})`,
    owner: kr.owner,
    // A KR of a closed objective is closed with it: never listed as Active.
    status: keyResultStatusLabel(keyResultStatus(kr, objective)),
    score: score?.score ?? null,
    scoreNote: score?.note ?? '',
    questions: questions.map((q) => ({ text: q.text, answer: answers.get(q.id) ?? 'open' })),
    trend,
    trendLabel: trend ? trendLabelOf(kr, trend, scale) : 'No trend: the cycle dates cannot be read.',
  };
}

const KIND_LABEL: Record<KeyResultKind, string> = { metric: 'Metric', output: 'Output', learning: 'Learning', milestone: 'Milestone' };
const DIRECTION_LABEL = { increase: 'increase', decrease: 'decrease', stayAbove: 'stay above', stayBelow: 'stay below' } as const;

function measureOf(kr: KeyResult, questionCount: number, locale: string): { baseline: string | null; target: string } {
  switch (kr.kind) {
    case 'milestone':
      return { baseline: 'not done', target: 'done' };
    case 'learning':
      return { baseline: `0 of ${questionCount} answered`, target: `${questionCount} of ${questionCount} answered` };
    case 'output':
      return { baseline: withUnit(0, kr.unit, locale), target: withUnit(kr.target, kr.unit, locale) };
    case 'metric':
      if (kr.direction === 'stayAbove') return { baseline: null, target: `≥ ${withUnit(kr.target, kr.unit, locale)}` };
      if (kr.direction === 'stayBelow') return { baseline: null, target: `≤ ${withUnit(kr.target, kr.unit, locale)}` };
      return { baseline: withUnit(kr.baseline, kr.unit, locale), target: withUnit(kr.target, kr.unit, locale) };
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
  const { teams } = ctx.snapshot.alignment;
  const krTitle = new Map(krs.map((kr) => [kr.id, kr.title]));
  const today = utcDateOf(ctx.now);
  const concerning = new Set([...(teamId === undefined ? [] : (ctx.dependenciesOfTeam.get(teamId) ?? [])), ...krs.flatMap((kr) => ctx.dependenciesOfKeyResult.get(kr.id) ?? [])]);
  return [...concerning]
    .sort(compareDependencies)
    .map((d) => viewOf(d, teams, today))
    .filter((view) => view.open)
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

/** Live initiatives linked to one of the objective's KRs, in order. */
function initiativesOf(ctx: ReportContext, krs: readonly KeyResult[]): ReportInitiative[] {
  const linked = new Set(krs.flatMap((kr) => ctx.initiativesOf.get(kr.id) ?? []));
  return sortOrdered([...linked]).map(({ title, kind, status, owner }) => ({ title, kind, status, owner }));
}
