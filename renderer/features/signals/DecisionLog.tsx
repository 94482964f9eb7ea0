import { useCallback, useMemo } from 'react';
import type { Decision } from '../../../shared/schema/types';
import { useWorkspace } from '../../state/workspaceSession';
import { formatWhen, plural } from '../../ui/format';
import { DECISION_LABEL } from '../../ui/DecisionForm';
import { ListFilter, useListFilter } from '../../ui/ListFilter';
import { SHORT_LIST, VirtualList, type ListLayout } from '../../ui/VirtualList';

/** Decisions hold no control: each takes focus, and says its kind and rationale. */
const DECISION_LIST: ListLayout<Decision> = {
  keyOf: (d) => d.id,
  // Head, rationale, evidence line; 8 px apart (.signal-list in styles.css).
  estimateSize: () => 120,
  gap: 8,
  className: 'signal-list',
  itemLabel: (d) => `${DECISION_LABEL[d.kind]}: ${d.rationale}`,
  focusableItems: true,
  wholeUpTo: SHORT_LIST,
};

/**
 * Every decision of the workspace, newest first: what was decided, why, on
 * which KRs and evidence. Years of decisions: it renders those near the
 * screen (ui/VirtualList.tsx); each decision takes focus, so Tab and a screen
 * reader walk them all, and the filter stands in for find-in-page.
 */
export function DecisionLog() {
  const decisions = useWorkspace((s) => s.decisions);
  const keyResults = useWorkspace((s) => s.keyResults);
  const newestFirst = useMemo(() => Object.values(decisions).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)), [decisions]);
  const titlesOf = useCallback((d: Decision) => d.keyResultIds.map((id) => keyResults[id]?.title || 'a removed key result').join(', '), [keyResults]);
  const textOf = useCallback((d: Decision) => `${DECISION_LABEL[d.kind]} ${titlesOf(d)} ${d.rationale} ${d.author}`, [titlesOf]);
  const filter = useListFilter(newestFirst, textOf);
  const renderDecision = useCallback(
    (d: Decision) => (
      <div className="panel signal">
        <div className="signal__head">
          <span className="tag">{DECISION_LABEL[d.kind]}</span>
          <strong>{titlesOf(d)}</strong>
          <span className="muted">
            {d.author}, {formatWhen(d.at)}
          </span>
        </div>
        <p className="signal__explanation">{d.rationale}</p>
        <p className="muted">
          {plural(d.checkInIds.length, 'check-in')} as evidence
          {d.signalKeys.length > 0 && ` · answers ${plural(d.signalKeys.length, 'signal')}`}
        </p>
      </div>
    ),
    [titlesOf],
  );
  return (
    <section className="decision-log" aria-label="Decision log">
      <h2 className="section-title">Decision log ({newestFirst.length})</h2>
      {newestFirst.length === 0 ? (
        <p className="empty empty--small">No decisions yet. Decide from a signal, a key result&apos;s timeline or a check-in.</p>
      ) : (
        <>
          <ListFilter label="Filter decisions" filter={filter} total={newestFirst.length} placeholder="Key result, kind, words or who" />
          <VirtualList {...DECISION_LIST} items={filter.shown} label="Decisions" renderItem={renderDecision} />
        </>
      )}
    </section>
  );
}
