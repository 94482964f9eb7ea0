import { useMemo } from 'react';
import { useProgressiveCount } from '../../ui/useProgressiveCount';
import { useWorkspace } from '../../state/workspaceSession';
import { formatWhen, plural } from '../../ui/format';
import { DECISION_LABEL } from '../../ui/DecisionForm';

/** Every decision of the workspace, newest first: what was decided, why, on which KRs and evidence. */
export function DecisionLog() {
  const decisions = useWorkspace((s) => s.decisions);
  const keyResults = useWorkspace((s) => s.keyResults);
  const newestFirst = useMemo(() => Object.values(decisions).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)), [decisions]);
  // A long log renders in chunks after the signals, so opening the tab never blocks typing.
  const rendered = useProgressiveCount(newestFirst.length, 8, 20);
  return (
    <section className="decision-log" aria-label="Decision log">
      <h2 className="section-title">Decision log ({newestFirst.length})</h2>
      {newestFirst.length === 0 ? (
        <p className="empty empty--small">No decisions yet. Decide from a signal, a key result&apos;s timeline or a check-in.</p>
      ) : (
        <ol className="signal-list">
          {newestFirst.slice(0, rendered).map((d) => (
            <li key={d.id} className="panel signal signal--offscreen-lazy" aria-label={`${DECISION_LABEL[d.kind]}: ${d.rationale}`}>
              <div className="signal__head">
                <span className="tag">{DECISION_LABEL[d.kind]}</span>
                <strong>{d.keyResultIds.map((id) => keyResults[id]?.title || 'a removed key result').join(', ')}</strong>
                <span className="muted">
                  {d.author}, {formatWhen(d.at)}
                </span>
              </div>
              <p className="signal__explanation">{d.rationale}</p>
              <p className="muted">
                {plural(d.checkInIds.length, 'check-in')} as evidence
                {d.signalKeys.length > 0 && ` · answers ${plural(d.signalKeys.length, 'signal')}`}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
