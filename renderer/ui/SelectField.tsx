export interface Choice<V extends string> {
  value: V;
  label: string;
}

interface SelectFieldProps<V extends string> {
  /** The visible label. */
  label: string;
  /** The accessible name, when the visible label alone does not say it ("Team" → "Filter by team"). */
  name?: string;
  /** The chosen value; null for the empty choice. */
  value: V | null;
  choices: readonly Choice<V>[];
  /** The label of the empty choice ("Anyone"), when there is one. */
  none?: string;
  /** Called with the chosen value, or null for the empty choice (or a value that is none of the choices). */
  onChange: (value: V | null) => void;
  className?: string;
}

/** A labelled drop-down of choices; what is picked is read back among them, never cast. */
export function SelectField<V extends string>({ label, name = label, value, choices, none, onChange, className = 'field' }: SelectFieldProps<V>) {
  return (
    <label className={className}>
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(choices.find((c) => c.value === e.target.value)?.value ?? null)} aria-label={name}>
        {none !== undefined && <option value="">{none}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
