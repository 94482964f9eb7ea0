import { useState } from 'react';
import { makeMilestone, setMetric } from '../../../shared/commands/keyResults';
import { confidenceLevel } from '../../../shared/queries/progress';
import type { CheckIn, KeyResult } from '../../../shared/schema/types';
import { EditableText } from '../../ui/EditableText';
import { act } from './act';
import { formatWhen, withUnit } from './format';
import { MetricFields, parseMetricDraft, type MetricDraft } from './MetricFields';

interface KeyResultDetailsProps {
  keyResult: KeyResult;
  history: readonly CheckIn[];
  onDescription: (next: string, previous: string) => void;
  onOwner: (owner: string) => void;
}

export function KeyResultDetails({ keyResult: kr, history, onDescription, onOwner }: KeyResultDetailsProps) {
  const name = kr.title || 'Untitled key result';
  const [draft, setDraft] = useState<MetricDraft>(
    kr.kind === 'metric'
      ? { direction: kr.direction, baseline: String(kr.baseline), target: String(kr.target), unit: kr.unit }
      : { direction: 'increase', baseline: '0', target: '', unit: '' },
  );
  const [error, setError] = useState<string | null>(null);

  const saveMetric = () => {
    const parsed = parseMetricDraft(draft);
    if (!parsed.ok) return setError(parsed.error);
    setError(null);
    act((ctx) => setMetric(ctx, kr.id, parsed.value), 'Could not change the measure');
  };

  return (
    <div className="kr-details">
      <EditableText label={`Description of ${name}`} placeholder="Why this measure? How is it counted?" multiline value={kr.description} onChange={onDescription} />
      <label className="field">
        <span>Owner</span>
        <input
          type="text"
          defaultValue={kr.owner}
          key={kr.owner}
          aria-label={`Owner of ${name}`}
          onBlur={(e) => e.target.value !== kr.owner && onOwner(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
      </label>
      <fieldset className="measure">
        <legend>Measure</legend>
        {kr.kind === 'metric' ? (
          <>
            <MetricFields draft={draft} onChange={setDraft} name={name} />
            <div className="row">
              <button type="button" className="button button--small" onClick={saveMetric}>
                Save measure
              </button>
              <button type="button" className="button button--small button--ghost" onClick={() => act((ctx) => makeMilestone(ctx, kr.id))}>
                Make it a milestone
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="muted">A milestone is done or not. To track a number instead, set a target:</p>
            <MetricFields draft={draft} onChange={setDraft} name={name} />
            <button type="button" className="button button--small" onClick={saveMetric}>
              Make it a metric
            </button>
          </>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
      <section aria-label={`Check-in history of ${name}`}>
        <h4 className="details-title">Check-ins ({history.length})</h4>
        {history.length === 0 ? (
          <p className="muted">No check-ins yet. Record one weekly: the value, how confident you are, and what changed.</p>
        ) : (
          <ol className="history">
            {history.map((c) => (
              <li key={c.id}>
                <strong>{kr.kind === 'milestone' ? (c.value >= 1 ? 'Done' : 'Not done') : withUnit(c.value, kr.kind === 'metric' ? kr.unit : '')}</strong>
                {c.confidence !== null && (
                  <span className="muted">
                    {' '}
                    · confidence {c.confidence}/10 ({confidenceLevel(c.confidence)})
                  </span>
                )}
                {c.note && <span> · {c.note}</span>}
                <span className="muted">
                  {' '}
                  — {c.author}, {formatWhen(c.at)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
