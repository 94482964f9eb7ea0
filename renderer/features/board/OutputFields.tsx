import type { ReactNode } from 'react';
import type { OutputSettings } from '../../../shared/commands/keyResults';
import { readNumber } from '../../ui/locale';
import { NumberField } from '../../ui/NumberField';
import type { MeasureFieldError, MeasureForm } from './MetricFields';

export interface OutputDraft {
  target: string;
  unit: string;
}

export function parseOutputDraft(draft: OutputDraft): { ok: true; value: OutputSettings } | { ok: false; error: MeasureFieldError } {
  const target = readNumber(draft.target);
  if (!target.ok && target.reason === 'ambiguous') return { ok: false, error: { field: 'target', message: target.message } };
  if (!target.ok || target.value <= 0) return { ok: false, error: { field: 'target', message: 'Enter how many deliverables you expect, above zero.' } };
  return { ok: true, value: { target: target.value, unit: draft.unit } };
}

interface OutputFieldsProps {
  draft: OutputDraft;
  onChange: (next: OutputDraft) => void;
  name: string;
  /** Only the count, without its unit or a row around it. */
  targetOnly?: boolean;
  /** Put after the fields, in the same row (a save button). */
  children?: ReactNode;
  /** The form around it: a refused count is shown under its field. */
  form: MeasureForm;
}

/** Target count and unit of an output key result. */
export function OutputFields({ draft, onChange, name, targetOnly, children, form }: OutputFieldsProps) {
  const target = (
    <NumberField
      label="Deliverables"
      value={draft.target}
      onChange={(target) => onChange({ ...draft, target })}
      error={form.errors.target ?? null}
      {...form.field('target')}
      aria-label={`Target count of ${name}`}
    />
  );
  if (targetOnly) return target;
  return (
    <div className="row row--wrap row--fields">
      {target}
      <label className="field field--number">
        <span>Unit</span>
        <input
          type="text"
          value={draft.unit}
          maxLength={40}
          placeholder="connectors, releases…"
          onChange={(e) => onChange({ ...draft, unit: e.target.value })}
          aria-label={`Unit of ${name}`}
        />
      </label>
      {children}
    </div>
  );
}
