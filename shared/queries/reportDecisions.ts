import type { DateWords } from '../dateWords';
import { byTimeThenId } from '../order';
import type { CheckIn, DecisionKind } from '../schema/types';
import { titleOfKeyResult, type ReportContext } from './reportContext';
import type { ReportDecision } from './reportTypes';
import { checkInValue, formatReportTime } from './reportValues';

export const DECISION_LABEL: Record<DecisionKind, string> = { persevere: 'Persevere', pivot: 'Pivot', stop: 'Stop', escalate: 'Escalate' };

const checkInLine = (ctx: ReportContext, c: CheckIn, dates: DateWords) => `${formatReportTime(c.at, dates)}: ${checkInValue(ctx, c, dates.locale)}${c.note ? ` — ${c.note}` : ''} (${c.author})`;

/** Decisions that affect a KR in scope, oldest first, with the check-ins they cite. */
export function decisionsOf(ctx: ReportContext, keyResultIds: ReadonlySet<string>, dates: DateWords): ReportDecision[] {
  const { snapshot } = ctx;
  return [...snapshot.decisions.values()]
    .filter((d) => d.keyResultIds.some((id) => keyResultIds.has(id)))
    .sort(byTimeThenId)
    .map((d) => ({
      kind: d.kind,
      rationale: d.rationale,
      keyResults: d.keyResultIds.map((id) => titleOfKeyResult(snapshot, id)),
      // As corrected; a withdrawn check-in is still named, marked, since the decision rested on it.
      evidence: d.checkInIds
        .flatMap((id) => ctx.effectiveCheckIns.get(id) ?? snapshot.checkIns.get(id) ?? [])
        .sort(byTimeThenId)
        .map((c) => `${checkInLine(ctx, c, dates)}${ctx.effectiveCheckIns.has(c.id) ? '' : ' (withdrawn)'}`),
      author: d.author,
      at: d.at,
    }));
}
