interface TimeFieldProps {
  /** The visible label, and the accessible name when `name` is not given. */
  label: string;
  /** The accessible name, when the visible label alone does not say it ("to" → "Quiet hours to"). */
  name?: string;
  /** "HH:MM", 24-hour. */
  value: string;
  onChange: (value: string) => void;
}

/** A time of day that is never left empty: clearing the field keeps the last time (a browser's clear button would). */
export function TimeField({ label, name = label, value, onChange }: TimeFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="time" aria-label={name} value={value} required onChange={(e) => e.target.value && onChange(e.target.value)} />
    </label>
  );
}
