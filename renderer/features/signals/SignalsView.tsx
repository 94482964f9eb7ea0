import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { setSignalThreshold } from '../../../shared/commands/workspace';
import type { SignalStatus } from '../../../shared/queries/decisions';
import { matchesTerms, searchTerms } from '../../../shared/queries/boardFilter';
import { SIGNAL_THRESHOLD_LIMITS, type SignalThresholds } from '../../../shared/schema/types';
import { useClock } from '../../state/clock';
import { SIGNAL_LABEL, selectWorkspaceSignals } from '../../state/signals';
import { useWorkspace } from '../../state/workspaceSession';
import { CommitOnBlurInput } from '../../ui/CommitOnBlurInput';
import { useAfterFirstPaint } from '../../ui/useAfterFirstPaint';
import { VirtualList } from '../../ui/VirtualList';
import { formatWhen } from '../../ui/format';
import { DECISION_LABEL, DecisionForm } from '../../ui/DecisionForm';

/** A signal's height before it is measured (head, explanation, Decide button). */
const ESTIMATED_SIGNAL_PX = 115;
/** The space between signals (.signal-list in styles.css). */
const SIGNAL_GAP = 8;
const keyOfStatus = (status: SignalStatus) => status.signal.key;
const estimateSignal = () => ESTIMATED_SIGNAL_PX;

/** Every open signal of the workspace, each one decision away from closed; then the closed ones. */
export function SignalsView() {
  const now = useClock((s) => s.now);
  const all = useWorkspace((s) => selectWorkspaceSignals(s, now));
  const keyResults = useWorkspace((s) => s.keyResults);
  const [filter, setFilter] = useState('');
  const [closedOpen, setClosedOpen] = useState(false);
  const { open, closed } = useMemo(() => ({ open: all.filter((s) => !s.closedBy), closed: all.filter((s) => s.closedBy) }), [all]);
  // Thousands of signals in a large workspace: each list renders only what is near the screen
  // (ui/VirtualList.tsx), and this filter stands in for find-in-page, which no longer reaches the rest.
  const matching = useMemo(() => {
    const terms = searchTerms(filter);
    if (terms.length === 0) return null;
    return (status: SignalStatus) => matchesTerms(`${SIGNAL_LABEL[status.signal.kind]} ${keyResults[status.signal.keyResultId]?.title ?? ''} ${status.signal.explanation}`, terms);
  }, [filter, keyResults]);
  const shownOpen = useMemo(() => (matching ? open.filter(matching) : open), [open, matching]);
  const shownClosed = useMemo(() => (matching ? closed.filter(matching) : closed), [closed, matching]);
  const itemLabel = useCallback((status: SignalStatus) => signalName(status, keyResults[status.signal.keyResultId]?.title), [keyResults]);

  useEffect(() => {
    performance.mark('cairn:signals-first');
  }, []);
  // The list is whole once the first screenful is painted: the rest renders as it scrolls into view.
  const painted = useAfterFirstPaint();
  useEffect(() => {
    if (painted) performance.mark('cairn:signals-rendered');
  }, [painted]);

  return (
    <section className="signals-view" aria-label="Signals">
      <p className="muted">
        Signals are changes Cairn detects in your check-ins: behind pace, stale, a confidence drop, high confidence while the number stands still,
        or a breakthrough. Each one asks for a decision — persevere, pivot, stop or escalate — and the decision closes it.
      </p>
      {all.length > 0 && (
        <label className="field field--inline signals-view__filter">
          <span>Filter signals</span>
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="Key result, kind or words" />
          {matching && <span className="muted" role="status">{`${shownOpen.length} open, ${shownClosed.length} closed match`}</span>}
        </label>
      )}
      <section aria-label="Open signals">
        <h2 className="section-title">Open signals ({open.length})</h2>
        {open.length === 0 ? (
          <p className="empty empty--small">No open signals. Check in weekly and Cairn will tell you when a key result changes course.</p>
        ) : (
<SignalList statuses={shownOpen} label="Open signals" itemLabel={itemLabel} />
        )}
      </section>
      {closed.length > 0 && (
        <details className="closed-signals" onToggle={(event) => setClosedOpen(event.currentTarget.open)}>
          <summary>Closed by a decision ({closed.length})</summary>
          {closedOpen && (
<SignalList statuses={shownClosed} label="Closed signals" itemLabel={itemLabel} />
          )}
        </details>
      )}
      <ThresholdSettings />
    </section>
  );
}

const renderSignal = (status: SignalStatus) => <SignalItem status={status} />;

/** Signals as a virtual list: only those near the screen are in the page. */
function SignalList({ statuses, label, itemLabel }: { statuses: readonly SignalStatus[]; label: string; itemLabel: (status: SignalStatus) => string }) {
  return (
    <VirtualList items={statuses} keyOf={keyOfStatus} estimateSize={estimateSignal} gap={SIGNAL_GAP} label={label} className="signal-list" itemLabel={itemLabel} renderItem={renderSignal} />
  );
}

/** "Behind pace: Weekly active teams", what a screen reader hears for a signal. */
const signalName = (status: SignalStatus, title: string | undefined) => `${SIGNAL_LABEL[status.signal.kind]}: ${title || 'Untitled key result'}`;

/** One signal; re-renders only when its status (kept while unchanged) or its KR changes. */
const SignalItem = memo(function SignalItem({ status: { signal, closedBy } }: { status: SignalStatus }) {
  const kr = useWorkspace((s) => s.keyResults[signal.keyResultId]);
  const [deciding, setDeciding] = useState(false);
  const name = kr?.title || 'Untitled key result';
  const evidence = signal.key.split(':')[2];
  return (
    <div className={`panel signal signal--${signal.kind}`}>
      <div className="signal__head">
        <span className={`signal-chip signal-chip--${signal.kind}`}>{SIGNAL_LABEL[signal.kind]}</span>
        <strong>{name}</strong>
        <span className="muted">{formatWhen(signal.at)}</span>
      </div>
      <p className="signal__explanation">{signal.explanation}</p>
      {closedBy ? (
        <p className="muted">
          Closed: {DECISION_LABEL[closedBy.kind]} — {closedBy.rationale} ({closedBy.author}, {formatWhen(closedBy.at)})
        </p>
      ) : deciding ? (
        <DecisionForm
          keyResultId={signal.keyResultId}
          signalKey={signal.key}
          evidence={evidence && evidence !== 'none' ? [evidence] : []}
          onDone={() => setDeciding(false)}
        />
      ) : (
        <button type="button" className="button button--small" onClick={() => setDeciding(true)} aria-label={`Decide on ${SIGNAL_LABEL[signal.kind]}: ${name}`}>
          Decide…
        </button>
      )}
    </div>
  );
});

const THRESHOLD_FIELDS: { name: keyof SignalThresholds; label: string; unit: string }[] = [
  { name: 'behindPacePoints', label: 'Behind pace after falling behind the pace line by more than', unit: 'percentage points' },
  { name: 'checkInRhythmDays', label: 'Stale after no check-in for more than', unit: 'days' },
  { name: 'confidenceDrop', label: 'Confidence drop when confidence falls by at least', unit: 'points' },
  { name: 'divergenceConfidence', label: 'Divergence when confidence is at least', unit: 'of 10' },
  { name: 'divergenceCheckIns', label: '… while the value has not moved for', unit: 'check-ins' },
];

/** The workspace's signal thresholds: shared settings, one per rule. */
function ThresholdSettings() {
  const thresholds = useWorkspace((s) => s.meta?.signalThresholds);
  const form = useFieldErrors(THRESHOLD_FIELDS.map((f) => f.name));
  if (!thresholds) return null;
  return (
    <details className="threshold-settings">
      <summary>Signal settings</summary>
      <p className="muted">Shared with everyone in this workspace.</p>
      {THRESHOLD_FIELDS.map(({ name, label, unit }) => {
        const limits = SIGNAL_THRESHOLD_LIMITS[name];
        return (
          <label key={name} className="field field--inline">
            <span>{label}</span>
            <CommitOnBlurInput
              type="number"
              min={limits.min}
              max={limits.max}
              step={limits.integer ? 1 : 'any'}
              value={String(thresholds[name])}
              {...form.field(name)}
              aria-label={`${label} (${unit})`}
              onCommit={(text) => {
                const value = Number(text);
                if (value !== thresholds[name]) form.run((ctx) => setSignalThreshold(ctx, name, value), 'Could not change the setting');
              }}
            />
            <span className="muted">{unit}</span>
            <FieldError form={form} name={name} />
          </label>
        );
      })}
    </details>
  );
}
