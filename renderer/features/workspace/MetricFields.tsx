import type { MetricDirection } from '../../../shared/schema/types';
import { readNumber } from '../../ui/locale';
import { NumberField } from '../../ui/NumberField';

export interface MetricDraft {
  direction: MetricDirection;
  baseline: string;
  target: string;
  unit: string;
}

const DIRECTION_LABEL: Record<MetricDirection, string> = {
  increase: 'Increase to a target',
  decrease: 'Decrease to a target',
  stayAbove: 'Stay at or above',
  stayBelow: 'Stay at or below',
};

export function parseMetricDraft(draft: MetricDraft): { ok: true; value: { direction: MetricDirection; baseline: number; target: number; unit: string } } | { ok: false; error: string } {
  const target = readNumber(draft.target);
  const moving = draft.direction === 'increase' || draft.direction === 'decrease';
  const baseline = moving ? readNumber(draft.baseline) : target;
  if (!target.ok) return { ok: false, error: target.reason === 'ambiguous' ? target.message : moving ? 'Enter the target as a number.' : 'Enter the threshold as a number.' };
  if (!baseline.ok) return { ok: false, error: baseline.reason === 'ambiguous' ? baseline.message : 'Enter the baseline (where you start) as a number.' };
  return { ok: true, value: { direction: draft.direction, baseline: baseline.value, target: target.value, unit: draft.unit } };
}

/** Direction, baseline, target and unit of a metric key result. */
export function MetricFields({ draft, onChange, name }: { draft: MetricDraft; onChange: (next: MetricDraft) => void; name: string }) {
  const moving = draft.direction === 'increase' || draft.direction === 'decrease';
  return (
    <div className="row row--wrap">
      <label className="field">
        <span>Direction</span>
        <select value={draft.direction} onChange={(e) => onChange({ ...draft, direction: e.target.value as MetricDirection })} aria-label={`Direction of ${name}`}>
          {(Object.keys(DIRECTION_LABEL) as MetricDirection[]).map((d) => (
            <option key={d} value={d}>
              {DIRECTION_LABEL[d]}
            </option>
          ))}
        </select>
      </label>
      {moving && (
        <NumberField label="Baseline" value={draft.baseline} onChange={(baseline) => onChange({ ...draft, baseline })} aria-label={`Baseline of ${name}`} />
      )}
      <NumberField
        label={moving ? 'Target' : 'Threshold'}
        value={draft.target}
        onChange={(target) => onChange({ ...draft, target })}
        aria-label={`${moving ? 'Target' : 'Threshold'} of ${name}`}
      />
      <label className="field field--number">
        <span>Unit</span>
        <input type="text" value={draft.unit} maxLength={40} placeholder="%, users, ms…" onChange={(e) => onChange({ ...draft, unit: e.target.value })} aria-label={`Unit of ${name}`} />
      </label>
    </div>
  );
}
