import { useEffect, useLayoutEffect, useRef, type InputHTMLAttributes } from 'react';
import { holdPendingInput } from '../state/pendingInput';

interface CommitOnBlurInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onBlur' | 'onFocus' | 'onKeyDown' | 'onChange'> {
  /** The stored value. When it changes (a peer, undo), the field starts again from it. */
  value: string;
  /** Called on blur or Enter with the field's text, when it differs from the stored value. */
  onCommit: (next: string) => void;
}

/**
 * A plain (not co-edited) text field that saves when the person leaves it or
 * presses Enter, not on every keystroke: owners, audiences, thresholds. It is
 * keyed on the stored value, so a change from elsewhere replaces the field
 * rather than being overwritten by what it showed before. While focused it
 * also saves when the page goes away (see state/pendingInput).
 */
export function CommitOnBlurInput({ value, onCommit, type = 'text', ...rest }: CommitOnBlurInputProps) {
  const latest = useRef({ value, onCommit });
  useLayoutEffect(() => {
    latest.current = { value, onCommit };
  });
  const release = useRef<(() => void) | null>(null);
  const letGo = () => {
    release.current?.();
    release.current = null;
  };
  useEffect(() => letGo, []);

  const commit = (input: HTMLInputElement) => {
    if (input.value === latest.current.value) return;
    latest.current.onCommit(input.value);
    // Saved once: a blur after a save on page hide must not save it again.
    latest.current = { ...latest.current, value: input.value };
  };

  return (
    <input
      {...rest}
      type={type}
      defaultValue={value}
      key={value}
      onFocus={(e) => {
        const input = e.currentTarget;
        letGo();
        release.current = holdPendingInput(() => commit(input));
      }}
      onBlur={(e) => {
        letGo();
        commit(e.currentTarget);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
    />
  );
}
