import type { MetricDirection } from '../../../shared/schema/types';
import { readNumber } from '../../ui/locale';
import { NumberField } from '../../ui/NumberField';
import type { FieldErrors } from '../../ui/fieldErrors';

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

/** Why a number field of a measure was refused, shown under that field. */
export interface MeasureFieldError {
  field: 'baseline' | 'target';
  message: string;
}

export function parseMetricDraft(
  draft: MetricDraft,
): { ok: true; value: { direction: MetricDirection; baseline: number; target: number; unit: string } } | { ok: false; error: MeasureFieldError } {
  const target = readNumber(draft.target);
  const moving = draft.direction === 'increase' || draft.direction === 'decrease';
  const baseline = moving ? readNumber(draft.baseline) : target;
  if (!target.ok) {
    return { ok: false, error: { field: 'target', message: target.reason === 'ambiguous' ? target.message : moving ? 'Enter the target as a number.' : 'Enter the threshold as a number.' } };
  }
  if (!baseline.ok) return { ok: false, error: { field: 'baseline', message: baseline.reason === 'ambiguous' ? baseline.message : 'Enter the baseline (where you start) as a number.' } };
  return { ok: true, value: { direction: draft.direction, baseline: baseline.value, target: target.value, unit: draft.unit } };
}

/** The number fields of a measure, checked by the form around them (ui/fieldErrors.tsx). */
export type MeasureForm = FieldErrors<MeasureFieldError['field']>;

/** Direction, baseline, target and unit of a metric key result; a refused number is shown under its field. */
export function MetricFields({ draft, onChange, name, form }: { draft: MetricDraft; onChange: (next: MetricDraft) => void; name: string; form: MeasureForm }) {
  const moving = draft.direction === 'increase' || draft.direction === 'decrease';
  return (
    <div className="row row--wrap row--fields">
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
        <NumberField
          label="Baseline"
          value={draft.baseline}
          onChange={(baseline) => onChange({ ...draft, baseline })}
          error={form.errors.baseline ?? null}
          {...form.field('baseline')}
          aria-label={`Baseline of ${name}`}
        />
      )}
      <NumberField
        label={moving ? 'Target' : 'Threshold'}
        value={draft.target}
        onChange={(target) => onChange({ ...draft, target })}
        error={form.errors.target ?? null}
        {...form.field('target')}
        aria-label={`${moving ? 'Target' : 'Threshold'} of ${name}`}
      />
      <label className="field field--number">
        <span>Unit</span>
        <input type="text" value={draft.unit} maxLength={40} placeholder="%, users, ms…" onChange={(e) => onChange({ ...draft, unit: e.target.value })} aria-label={`Unit of ${name}`} />
      </label>
    </div>
  );
}
