import { useId, useState, type InputHTMLAttributes } from 'react';
import { formatExactly, readNumber } from './locale';

interface NumberFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'inputMode'> {
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** An error from the form (a refused submit); otherwise the field explains a refusal once the person leaves it. */
  error?: string | null;
  className?: string;
}

/**
 * A number typed in the person's locale. While they type it shows how Cairn
 * reads it ("Reads as 12,500"), so a misread is seen before it is stored;
 * what cannot be read is explained under the field.
 */
export function NumberField({ label, value, onChange, error = null, className = 'field field--number', ...input }: NumberFieldProps) {
  const [left, setLeft] = useState(false);
  const hintId = useId();
  const reading = readNumber(value);
  // Only where a misread is possible: a separator or a sign, not plain digits.
  const hint = reading.ok && /\D/.test(value.trim()) ? `Reads as ${formatExactly(reading.value)}` : null;
  const shown = error ?? (left && !reading.ok && reading.reason !== 'empty' ? reading.message : null);
  return (
    <label className={className}>
      <span>{label}</span>
      <input
        {...input}
        type="text"
        inputMode="decimal"
        value={value}
        onChange={(e) => {
          setLeft(false);
          onChange(e.target.value);
        }}
        onBlur={() => setLeft(true)}
        aria-invalid={shown !== null}
        aria-describedby={hint || shown ? hintId : undefined}
      />
      {shown ? (
        <span id={hintId} className="form-error field-error" role="alert">
          {shown}
        </span>
      ) : (
        hint && (
          <span id={hintId} className="number-hint" aria-live="polite">
            {hint}
          </span>
        )
      )}
    </label>
  );
}
