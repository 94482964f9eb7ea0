import type { InputHTMLAttributes } from 'react';

interface CommitOnBlurInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onBlur' | 'onKeyDown' | 'onChange'> {
  /** The stored value. When it changes (a peer, undo), the field starts again from it. */
  value: string;
  /** Called on blur or Enter with the field's text, when it differs from the stored value. */
  onCommit: (next: string) => void;
}

/**
 * A plain (not co-edited) text field that saves when the person leaves it or
 * presses Enter, not on every keystroke: owners, audiences, thresholds. It is
 * keyed on the stored value, so a change from elsewhere replaces the field
 * rather than being overwritten by what it showed before.
 */
export function CommitOnBlurInput({ value, onCommit, type = 'text', ...rest }: CommitOnBlurInputProps) {
  return (
    <input
      {...rest}
      type={type}
      defaultValue={value}
      key={value}
      onBlur={(e) => {
        if (e.target.value !== value) onCommit(e.target.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
    />
  );
}
