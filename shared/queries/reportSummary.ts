import type { DateWords } from '../dateWords';
import { utcDateOf } from '../dates';
import type { Dependency } from '../schema/alignment';
import { compareDependencies, viewOf, type DependencyView } from './dependencies';
import { glanceOf } from './glance';
import { HEALTH_LABEL, type Health } from './health';
import { latestCheckIn } from './progress';
import type { ReportContext } from './reportContext';
import { DECISION_LABEL } from './reportDecisions';
import type { ReportAsk, ReportDecision, ReportRisk, ReportRollout, ReportSummary } from './reportTypes';
import type { KeyResultStanding, ObjectiveStanding } from './standing';

/*
 * Page one of the report: where things stand (the board's health counts, from
 * the same standings and the same counting as "At a glance": glance.ts), the
 * risks that matter most, what is asked of leadership, and the decisions
 * taken. Every sentence carries its numbers; nothing here has a rule of its
 * own except the order of the risks (RISK_RULE).
 */

export const MAX_RISKS = 5;
const MAX_DECISIONS = 5;
const MAX_ESCALATIONS = 5;

/** The health rule of docs/health.md, in one sentence. */
export const HEALTH_RULE =
  'Health is the same as on the OKRs board: a key result takes the worst of its pace against the cycle, its latest confidence and its open signals; an objective is off track when at least half of its key results are, and at risk when any is not on track.';

/** How the risks are ranked, in one sentence (the report prints it). */
export const RISK_RULE =
  'Ranked: blocking dependencies past their needed-by day first (the longest overdue first), then key results off track, then at risk; among key results, the lowest latest confidence first, then the most open signals, then the order of the OKRs.';

export interface SummaryInput {
  ctx: ReportContext;
  /** The objectives in scope with their standings, in order. */
  standings: readonly ObjectiveStanding[];
  /** The objectives detailed in this report (a risk links to its section). */
  detailed: ReadonlySet<string>;
  decisions: readonly ReportDecision[];
  rollouts: readonly ReportRollout[];
  dates: DateWords;
}

export function summaryOf(input: SummaryInput): ReportSummary {
  const glance = glanceOf(input.standings, input.ctx.now);
  // Read once: the risks and the asks both start from the open dependencies in scope.
  const dependencies = dependenciesInScope(input);
  const risks = [...dependencyRisks(input, dependencies), ...keyResultRisks(input)];
  const decisions = [...input.decisions].sort((a, b) => b.at - a.at);
  return {
    objectives: glance.objectivesByHealth,
    keyResults: glance.keyResultsByHealth,
    rule: HEALTH_RULE,
    risks: risks.slice(0, MAX_RISKS).map(({ risk }) => risk),
    riskCount: risks.length,
    riskRule: RISK_RULE,
    asks: asksOf(input, dependencies),
    decisions: decisions.slice(0, MAX_DECISIONS).map((d) => decisionLine(d, input.dates)),
    decisionCount: decisions.length,
  };
}

const quoted = (title: string) => `“${title.trim() || 'Untitled'}”`;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
/** A reason as written by health.ts, without its closing full stop, to end a sentence of ours. */
const clause = (reason: string) => reason.trim().replace(/\.$/, '');

/** A reason continuing our sentence: "Confidence 3/10…" reads "confidence 3/10…" (a name or a number stays as it is). */
const continuing = (reason: string, index: number) => (index > 0 && /^[A-Z][a-z]/.test(reason) ? reason[0]!.toLowerCase() + reason.slice(1) : reason);

/** Open dependencies concerning the objectives in scope: their teams' (either way) and those their KRs track. */
function dependenciesInScope({ ctx, standings }: SummaryInput): DependencyView[] {
  const found = new Set<Dependency>();
  for (const { objective, keyResults } of standings) {
    const teamId = ctx.teamOf.get(objective.id);
    if (teamId !== undefined) for (const d of ctx.dependenciesOfTeam.get(teamId) ?? []) found.add(d);
    for (const kr of keyResults) for (const d of ctx.dependenciesOfKeyResult.get(kr.keyResult.id) ?? []) found.add(d);
  }
  const today = utcDateOf(ctx.now);
  return [...found]
    .sort(compareDependencies)
    .map((d) => viewOf(d, ctx.snapshot.alignment.teams, today))
    .filter((v) => v.open);
}

const teamName = (team: { name: string } | null) => (team ? team.name.trim() || 'an unnamed team' : 'an unknown team');

function dependencyRisks(input: SummaryInput, dependencies: readonly DependencyView[]): { risk: ReportRisk }[] {
  return dependencies
    .filter((v) => v.blockingOpen && v.overdue)
    .sort((a, b) => b.daysOverdue - a.daysOverdue)
    .map((v) => ({
      risk: {
        kind: 'dependency',
        objectiveId: null,
        text: `${teamName(v.from)} is blocked waiting for ${quoted(v.dependency.what)} from ${teamName(v.to)}: needed by ${input.dates.day(v.dependency.neededBy ?? '')}, ${days(v.daysOverdue)} overdue.`,
      },
    }));
}

const HEALTH_RANK: Record<Health, number> = { 'off-track': 0, 'at-risk': 1, 'on-track': 2 };

function keyResultRisks({ ctx, standings, detailed }: SummaryInput): { risk: ReportRisk }[] {
  const found: { kr: KeyResultStanding; objectiveId: string; objectiveTitle: string; health: Health; confidence: number | null; order: number }[] = [];
  for (const { objective, keyResults } of standings) {
    for (const kr of keyResults) {
      const health = kr.health.health;
      if (health === null || health === 'on-track') continue;
      const confidence = latestCheckIn(ctx.standing.checkInsOf(kr.keyResult.id))?.confidence ?? null;
      found.push({ kr, objectiveId: objective.id, objectiveTitle: objective.title, health, confidence, order: found.length });
    }
  }
  // No confidence given sorts after every given one: nothing says it is low.
  const confidenceRank = (c: number | null) => (c === null ? 11 : c);
  found.sort(
    (a, b) =>
      HEALTH_RANK[a.health] - HEALTH_RANK[b.health] ||
      confidenceRank(a.confidence) - confidenceRank(b.confidence) ||
      b.kr.openSignals.length - a.kr.openSignals.length ||
      a.order - b.order,
  );
  return found.map(({ kr, objectiveId, objectiveTitle, health }) => ({
    risk: {
      kind: 'key-result',
      objectiveId: detailed.has(objectiveId) ? objectiveId : null,
      text: `${quoted(kr.keyResult.title)} (${quoted(objectiveTitle)}) is ${HEALTH_LABEL[health].toLowerCase()}: ${kr.health.reasons.slice(0, 2).map(clause).map(continuing).join('; ')}.`,
    },
  }));
}

function asksOf(input: SummaryInput, dependencies: readonly DependencyView[]): ReportAsk[] {
  const { dates } = input;
  const escalations: ReportAsk[] = input.decisions
    .filter((d) => d.kind === 'escalate')
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_ESCALATIONS)
    .map((d) => ({ kind: 'escalation', text: `Escalated by ${d.author || 'someone'} on ${dates.moment(d.at)} about ${d.keyResults.map(quoted).join(', ')}: ${clause(firstLine(d.rationale)) || 'no rationale given'}.` }));
  const blocking: ReportAsk[] = dependencies
    .filter((v) => v.blockingOpen)
    .map((v) => {
      const by = v.dependency.neededBy === null ? 'no needed-by day' : `needed by ${dates.day(v.dependency.neededBy)}${v.overdue ? `, ${days(v.daysOverdue)} overdue` : ''}`;
      return { kind: 'dependency', text: `${teamName(v.from)} needs ${quoted(v.dependency.what)} from ${teamName(v.to)} (blocking, ${v.dependency.status}, ${by}).` };
    });
  const gates: ReportAsk[] = input.rollouts
    .filter((plan) => plan.openGates.length > 0)
    .map((plan) => {
      const list = plan.openGates.map((g) => (g.owningTeam ? `${quoted(g.name)} (${g.owningTeam})` : quoted(g.name))).join(', ');
      const count = plan.openGates.length === 1 ? 'One readiness gate holds' : `${plan.openGates.length} readiness gates hold`;
      return { kind: 'gate', text: `${count} back general availability of ${quoted(plan.title)}: ${list}.` };
    });
  return [...escalations, ...blocking, ...gates];
}

const firstLine = (text: string) => text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';

function decisionLine(d: ReportDecision, dates: DateWords): string {
  const why = clause(firstLine(d.rationale));
  return `${DECISION_LABEL[d.kind]} on ${d.keyResults.map(quoted).join(', ')} (${d.author || 'someone'}, ${dates.moment(d.at)})${why ? `: ${why}` : ''}.`;
}
