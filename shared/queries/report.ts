import { sortOrdered } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import { contextOf, type InScope } from './reportContext';
import { decisionsOf } from './reportDecisions';
import { closedObjectiveOf, groupByTeam, objectiveOf, standingInReport } from './reportObjectives';
import { rolloutsOf } from './reportRollouts';
import { sessionOf } from './reportSession';
import type { Report, ReportOptions } from './reportTypes';
import { knownZone, reportDates } from './reportValues';
import { summaryOf } from './reportSummary';
import { isObjectiveOpen } from './tracking';
import { objectivesInScope, scopeLabel } from './scope';

/*
 * The facilitator's session report: what a leadership review reads (the score
 * and how it was computed, what we learned, what we carry forward or de-scope,
 * what we need from others), then the decisions, the rollouts and what changed
 * in this session. A plain, serialisable model: the Markdown and HTML formats
 * only lay it out, so both say exactly the same thing. Display strings (values
 * with units, labels) are made while building it (report*.ts beside this
 * file) for the same reason; times stay epoch ms and calendar days
 * YYYY-MM-DD, and both formats write them in the report's locale
 * (reportDates: medium dates, times in the reader's zone with its offset
 * named) — never ISO in prose. Page one is the summary (reportSummary.ts).
 */

// The model, and what the formats write with, stay importable from here.
export type * from './reportTypes';
export { DECISION_LABEL } from './reportDecisions';
export { formatKeyResultValue, formatPercent, formatReportTime, reportDates } from './reportValues';

export function buildReport(snapshot: WorkspaceSnapshot, options: ReportOptions): Report {
  const timeZone = knownZone(options.timeZone ?? 'UTC');
  const dates = reportDates(options.locale, timeZone);
  const ctx = contextOf(snapshot, options.now, dates);
  const objectives = sortOrdered(objectivesInScope(snapshot, options.scope));
  const scope: InScope = {
    objectiveIds: new Set(objectives.map((o) => o.id)),
    keyResultIds: new Set(objectives.flatMap((o) => (ctx.keyResultsOf.get(o.id) ?? []).map((kr) => kr.id))),
  };
  // Open objectives get a section each; closed and dropped ones a line in their own short section.
  const standings = objectives.map((o) => standingInReport(ctx, o));
  const open = standings.filter((s) => isObjectiveOpen(s.objective));
  const detailed = open.slice(0, options.detailObjectives ?? open.length);
  const decisions = decisionsOf(ctx, scope.keyResultIds, dates);
  // The whole workspace shows every plan, also those of work linked to no KR.
  const rollouts = rolloutsOf(snapshot, options.scope.kind === 'workspace' ? null : scope.keyResultIds, dates);
  return {
    title: snapshot.meta.title || 'Untitled workspace',
    // A document no workspace has arrived in has no cycle to show (its dates are only fallbacks).
    cycle: snapshot.meta.id !== '' ? { start: snapshot.meta.cycleStart, end: snapshot.meta.cycleEnd } : null,
    scopeLabel: scopeLabel(snapshot, options.scope),
    generatedAt: options.now,
    locale: dates.locale,
    timeZone,
    summary: summaryOf({ ctx, standings, detailed: new Set(detailed.map((s) => s.objective.id)), decisions, rollouts, dates }),
    groups: groupByTeam(snapshot, detailed.map((s) => objectiveOf(ctx, s, dates.locale))),
    closed: standings
      .filter((s) => !isObjectiveOpen(s.objective))
      .map((s) => closedObjectiveOf(ctx, s.objective, s.keyResults.map((kr) => ctx.scores.get(kr.keyResult.id)?.score ?? null))),
    decisions,
    rollouts,
    session: options.sessionSince ? sessionOf(ctx, options.sessionSince, scope, dates) : null,
    outcome: options.outcome ?? null,
  };
}
