import { utcDateOf } from '../dates';
import { compareOrdered, sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import type { KeyResult, KeyResultKind, Objective } from '../schema/types';
import { compareDependencies, viewOf } from './dependencies';
import { HEALTH_LABEL, type HealthVerdict } from './health';
import { answersOf, confidenceLevel, latestCheckIn, progressOf } from './progress';
import type { ReportContext } from './reportContext';
import type { ReportClosedObjective, ReportDependency, ReportGroup, ReportInitiative, ReportKeyResult, ReportObjective, ReportTeam, ValueScale } from './reportTypes';
import { formatKeyResultValue, measureNumbers, scaleOf, withUnit } from './reportValues';
import { NEXT_LABEL, objectiveScore } from './scoring';
import { objectiveStandingOf, type KeyResultStanding, type ObjectiveStanding } from './standing';
import { ownerOf } from './myDueKeyResults';
import { keyResultStatus, keyResultStatusLabel, statusLabel } from './tracking';
import { trendModel, type TrendModel } from './trend';

/*
 * The report's objectives, grouped by team: each with its key results (values,
 * scores, trend charts), what was learned, its open dependencies and its work.
 */

/**
 * The charts' size in CSS px, which is the size they print at: two charts
 * side by side in an A4 page's text column (178 mm ≈ 673 px) leave each about
 * 328 px, so their 11 px labels print at 11 px, never scaled down.
 */
export const TREND_SIZE = { width: 320, height: 180 } as const;

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

/** An objective in scope and where it stands (standing.ts: what the at-a-glance panel reads too). */
export function standingInReport(ctx: ReportContext, objective: Objective): ObjectiveStanding {
  return objectiveStandingOf(ctx.standing, objective, ctx.keyResultsOf.get(objective.id) ?? [], ctx.now);
}

/** A closed or dropped objective, in one line: its ending and why. */
export function closedObjectiveOf(ctx: ReportContext, objective: Objective, keyResultScores: readonly (number | null)[]): ReportClosedObjective {
  const retro = ctx.retrospectives.get(objective.id);
  return {
    id: objective.id,
    title: objective.title,
    team: teamById(ctx.snapshot, ctx.teamOf.get(objective.id)),
    statusLabel: statusLabel(objective.status, objective.closedAs),
    reason: ctx.statusChangeOf.get(objective.id)?.reason || retro?.reason || '',
    score: objectiveScore(keyResultScores).score,
  };
}

/** `locale`: the report's, for the values with their units; `standing`: the objective's (standingInReport). */
export function objectiveOf(ctx: ReportContext, standing: ObjectiveStanding, locale: string): ReportObjective {
  const objective = standing.objective;
  const krs = ctx.keyResultsOf.get(objective.id) ?? [];
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
    description: objective.description,
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
    why: kr.why,
    ...scale,
    ...measureOf(kr, questions.length, locale),
    current: progress.current === null ? '—' : formatKeyResultValue(scale, progress.current),
    progress: standing.progress,
    ...healthFields(standing.health),
    confidence,
    confidenceLabel: confidence === null ? '—' : `${confidence}/10 (${confidenceLevel(confidence)})`,
    owner: ownerOf(kr, objective),
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
  if (kr.kind === 'milestone') return { baseline: 'not done', target: 'done' };
  if (kr.kind === 'learning') return { baseline: `0 of ${questionCount} answered`, target: `${questionCount} of ${questionCount} answered` };
  // The numbers every writer shows (reportValues.ts measureNumbers): a threshold has no baseline.
  const { baseline, target } = measureNumbers(kr);
  const value = withUnit(target ?? 0, kr.unit, locale);
  if (kr.kind === 'metric' && kr.direction === 'stayAbove') return { baseline: null, target: `≥ ${value}` };
  if (kr.kind === 'metric' && kr.direction === 'stayBelow') return { baseline: null, target: `≤ ${value}` };
  return { baseline: baseline === null ? null : withUnit(baseline, kr.unit, locale), target: value };
}

/** The chart in words, for assistive technology (and anyone reading the report aloud). */
function trendLabelOf(kr: KeyResult, model: TrendModel, scale: ValueScale): string {
  const value = (n: number) => formatKeyResultValue(scale, n);
  const past = model.points.filter((p) => !p.future);
  const latest = past.at(-1);
  const parts = [latest ? `${past.length} check-in${past.length === 1 ? '' : 's'}, latest ${value(latest.value)}` : 'no check-ins yet'];
  if (model.paceLine && kr.kind !== 'milestone') parts.push(`pace line from ${value(model.paceLine.from)} to ${value(model.paceLine.to)}`);
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
