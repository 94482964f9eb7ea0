import { confidenceLevel } from '../../shared/queries/progress';
import { readConfidence } from './confidenceInput';
import { FieldError, type FieldErrors } from './fieldErrors';

interface ConfidenceFieldProps<F extends string> {
  value: string;
  onChange: (text: string) => void;
  /** The accessible name: which check-in it is the confidence of. */
  label: string;
  /** The form's inline errors, and the name of this field in it. */
  form: FieldErrors<F>;
  name: F;
}

/** Confidence 0–10 of a check-in (recording or correcting one), with the level it reads as ("· high"). */
export function ConfidenceField<F extends string>({ value, onChange, label, form, name }: ConfidenceFieldProps<F>) {
  const reading = readConfidence(value);
  return (
    <label className="field">
      <span>
        Confidence 0–10
        {reading.ok && reading.value !== null && ` · ${confidenceLevel(reading.value)}`}
      </span>
      <input type="number" min={0} max={10} step={1} value={value} onChange={(e) => onChange(e.target.value)} {...form.field(name)} aria-label={label} />
      <FieldError form={form} name={name} />
    </label>
  );
}
