import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { memo, useEffect, useMemo, useState } from 'react';
import { setSignalThreshold } from '../../../shared/commands/workspace';
import type { SignalStatus } from '../../../shared/queries/decisions';
import { SIGNAL_THRESHOLD_LIMITS, type SignalThresholds } from '../../../shared/schema/types';
import { useClock } from '../../state/clock';
import { SIGNAL_LABEL, selectWorkspaceSignals } from '../../state/signals';
import { useWorkspace } from '../../state/workspaceSession';
import { CommitOnBlurInput } from '../../ui/CommitOnBlurInput';
import { useProgressiveCount } from '../../ui/useProgressiveCount';
import { formatWhen } from '../../ui/format';
import { DECISION_LABEL, DecisionForm } from '../../ui/DecisionForm';

/** Signals rendered with the view (a tall screenful: each is about 115 px high), then per chunk between tasks. */
const FIRST_SIGNALS = 12;
const SIGNALS_PER_CHUNK = 20;

/** Every open signal of the workspace, each one decision away from closed; then the closed ones. */
export function SignalsView() {
  const now = useClock((s) => s.now);
  const all = useWorkspace((s) => selectWorkspaceSignals(s, now));
  const { open, closed } = useMemo(() => ({ open: all.filter((s) => !s.closedBy), closed: all.filter((s) => s.closedBy) }), [all]);
  // Hundreds of signals would block the page for a quarter of a second: the
  // first screenful renders at once, the rest (open, then closed) follow in
  // chunks. All of them end up in the page, for find-in-page and screen readers.
  const rendered = useProgressiveCount(all.length, FIRST_SIGNALS, SIGNALS_PER_CHUNK);
  const closedRendered = Math.max(0, rendered - open.length);
  useEffect(() => {
    performance.mark('cairn:signals-first');
  }, []);
  const complete = rendered >= all.length;
  useEffect(() => {
    if (complete) performance.mark('cairn:signals-rendered');
  }, [complete]);

  return (
    <section className="signals-view" aria-label="Signals">
      <p className="muted">
        Signals are changes Cairn detects in your check-ins: behind pace, stale, a confidence drop, high confidence while the number stands still,
        or a breakthrough. Each one asks for a decision — persevere, pivot, stop or escalate — and the decision closes it.
      </p>
      <section aria-label="Open signals">
        <h2 className="section-title">Open signals ({open.length})</h2>
        {open.length === 0 ? (
          <p className="empty empty--small">No open signals. Check in weekly and Cairn will tell you when a key result changes course.</p>
        ) : (
          <ul className="signal-list">
            {open.slice(0, rendered).map((status) => (
              <SignalItem key={status.signal.key} status={status} />
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 && (
        <details className="closed-signals">
          <summary>Closed by a decision ({closed.length})</summary>
          <ul className="signal-list" aria-label="Closed signals">
            {closed.slice(0, closedRendered).map((status) => (
              <SignalItem key={status.signal.key} status={status} />
            ))}
          </ul>
        </details>
      )}
      <ThresholdSettings />
    </section>
  );
}

/** One signal; re-renders only when its status (kept while unchanged) or its KR changes. */
const SignalItem = memo(function SignalItem({ status: { signal, closedBy } }: { status: SignalStatus }) {
  const kr = useWorkspace((s) => s.keyResults[signal.keyResultId]);
  const [deciding, setDeciding] = useState(false);
  const name = kr?.title || 'Untitled key result';
  const evidence = signal.key.split(':')[2];
  return (
    <li className={`panel signal signal--${signal.kind} signal--offscreen-lazy`} aria-label={`${SIGNAL_LABEL[signal.kind]}: ${name}`}>
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
    </li>
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
