import { useMemo, useState } from 'react';
import { confidenceLevel } from '../../../shared/queries/progress';
import { timelineOf, type TimelineItem } from '../../../shared/queries/timeline';
import { isTracked } from '../../../shared/queries/tracking';
import type { CheckIn, KeyResult, Objective, Question } from '../../../shared/schema/types';
import { useClock } from '../../state/clock';
import { selectAllQuestionsOf } from '../../state/selectors';
import { SIGNAL_LABEL } from '../../state/signals';
import { useWorkspace } from '../../state/workspaceSession';
import { DECISION_LABEL, DecisionForm } from '../signals/DecisionForm';
import { formatWhen, plural, unitOf, withUnit } from './format';

/** Check-ins, the signals they raised and the decisions taken, oldest first. */
export function KeyResultTimeline({ keyResult: kr, objective, history }: { keyResult: KeyResult; objective: Objective | undefined; history: readonly CheckIn[] }) {
  // Deleted questions too: the past is shown with the questions it had.
  const questions = useWorkspace(selectAllQuestionsOf(kr.id));
  const meta = useWorkspace((s) => s.meta);
  const decisions = useWorkspace((s) => s.decisions);
  const now = useClock((s) => s.now);
  // null: no form; '' : a decision on the KR; a check-in id: a decision citing that check-in.
  const [deciding, setDeciding] = useState<string | null>(null);
  const items = useMemo(() => {
    if (!meta) return [];
    const all = Object.values(decisions);
    // As for signals: the minute clock must not hide a check-in or decision made since it last ticked.
    const latest = Math.max(now, history[0]?.at ?? 0, ...all.filter((d) => d.keyResultIds.includes(kr.id)).map((d) => d.at));
    return timelineOf({ keyResult: kr, history, questions, decisions: all, meta, thresholds: meta.signalThresholds, tracked: isTracked(kr, objective) }, latest);
  }, [kr, objective, history, questions, decisions, meta, now]);
  const name = kr.title || 'Untitled key result';
  const checkIns = items.filter((i) => i.type === 'check-in').length;
  return (
    <section aria-label={`Timeline of ${name}`}>
      <div className="row">
        <h4 className="details-title">
          Timeline ({plural(checkIns, 'check-in')})
        </h4>
        {deciding === null && (
          <button type="button" className="button button--small" onClick={() => setDeciding('')} aria-label={`Record a decision on ${name}`}>
            Record a decision
          </button>
        )}
      </div>
      {deciding !== null && (
        <DecisionForm
          keyResultId={kr.id}
          evidence={deciding ? [deciding] : history[0] ? [history[0].id] : []}
          onDone={() => setDeciding(null)}
        />
      )}
      {items.length === 0 ? (
        <p className="muted">No check-ins yet. Record one weekly: the value, how confident you are, and what changed.</p>
      ) : (
        <ol className="timeline">
          {items.map((item) => (
            <TimelineEntry key={keyOf(item)} item={item} keyResult={kr} questions={questions} onDecide={deciding === null ? setDeciding : undefined} />
          ))}
        </ol>
      )}
    </section>
  );
}

const keyOf = (item: TimelineItem) =>
  item.type === 'check-in' ? `c:${item.checkIn.id}` : item.type === 'signal' ? `s:${item.signal.key}` : `d:${item.decision.id}`;

interface TimelineEntryProps {
  item: TimelineItem;
  keyResult: KeyResult;
  questions: readonly Question[];
  /** Starts a decision citing a check-in as its evidence. */
  onDecide?: (checkInId: string) => void;
}

function TimelineEntry({ item, keyResult: kr, questions, onDecide }: TimelineEntryProps) {
  if (item.type === 'check-in') {
    const c = item.checkIn;
    const value =
      kr.kind === 'milestone' ? (c.value >= 1 ? 'Done' : 'Not done') : kr.kind === 'learning' ? `${c.value} answered` : withUnit(c.value, unitOf(kr));
    const answered = c.answers ? Object.entries(c.answers).map(([id, a]) => `${questions.find((q) => q.id === id)?.text ?? 'an unknown question'}: ${a}`) : [];
    return (
      <li className="timeline__item timeline__item--check-in">
        <span className="timeline__type">Check-in</span> <strong>{value}</strong>
        {c.confidence !== null && (
          <span className="muted">
            {' '}
            · confidence {c.confidence}/10 ({confidenceLevel(c.confidence)})
          </span>
        )}
        {c.note && <span> · {c.note}</span>}
        {answered.length > 0 && <span> · {answered.join('; ')}</span>}
        <span className="muted">
          {' '}
          — {c.author}, {formatWhen(c.at)}
        </span>
        {onDecide && (
          <button
            type="button"
            className="button button--small button--ghost timeline__decide"
            onClick={() => onDecide(c.id)}
            aria-label={`Decide from the check-in of ${formatWhen(c.at)}`}
          >
            Decide…
          </button>
        )}
      </li>
    );
  }
  if (item.type === 'signal') {
    return (
      <li className={`timeline__item timeline__item--signal ${item.closedBy ? 'timeline__item--closed' : ''}`}>
        <span className={`signal-chip signal-chip--${item.signal.kind}`}>{SIGNAL_LABEL[item.signal.kind]}</span> {item.signal.explanation}
        {item.closedBy && <span className="muted"> (closed by the decision to {DECISION_LABEL[item.closedBy.kind].toLowerCase()})</span>}
      </li>
    );
  }
  const d = item.decision;
  return (
    <li className="timeline__item timeline__item--decision">
      <span className="timeline__type">Decision</span> <strong>{DECISION_LABEL[d.kind]}</strong> — {d.rationale}
      <span className="muted">
        {' '}
        — {d.author}, {formatWhen(d.at)}
      </span>
    </li>
  );
}
