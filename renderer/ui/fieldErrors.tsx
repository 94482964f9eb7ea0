import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CommandContext } from '../../shared/commands/context';
import { attempt } from '../state/act';
import { reportError } from '../state/toasts';

/** The key of a form's own message: a refusal that names none of its fields. */
export const FORM_ERROR = 'form';

type Messages<F extends string> = Partial<Record<F | typeof FORM_ERROR, string>>;

/** What a field spreads on its input: linked to its message, marked invalid, cleared as soon as it changes. */
export interface FieldProps {
  'data-field': string;
  /** Which form the field belongs to: focus goes to the first invalid field of this form. */
  'data-form-id': string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
  onInput: () => void;
}

/** The same for a group of choices (a fieldset of radios or checkboxes), where aria-invalid does not belong. */
export type GroupProps = Omit<FieldProps, 'aria-invalid'> & { 'data-invalid': boolean };

export interface FieldErrors<F extends string> {
  errors: Messages<F>;
  /** Refuses the form with a message under `field`; returns false, for `return form.fail(…)`. */
  fail: (field: F | typeof FORM_ERROR, message: string) => false;
  clear: (field?: F | typeof FORM_ERROR) => void;
  /**
   * Runs a command; a refusal goes under the field it names (CommandError.field),
   * or to the form's own message when this form has no such field.
   */
  run: <T>(command: (ctx: CommandContext) => T, what?: string) => T | undefined;
  field: (name: F) => FieldProps;
  group: (name: F) => GroupProps;
  errorId: (name: F | typeof FORM_ERROR) => string;
}

const FOCUSABLE = 'input:not([type=hidden]), select, textarea, button';

/**
 * Inline validation for one form: each message sits under its field, is
 * linked to it (aria-describedby, aria-invalid), takes focus to the first
 * invalid field, and clears as soon as that field changes.
 */
export function useFieldErrors<F extends string>(fields: readonly F[]): FieldErrors<F> {
  const [errors, setErrors] = useState<Messages<F>>({});
  const focusPending = useRef(false);
  const prefix = useId();

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    // The first in the page's order, so focus lands where the eye starts reading.
    const invalid = document.querySelector<HTMLElement>(`[data-form-id="${CSS.escape(prefix)}"]:is([aria-invalid="true"], [data-invalid="true"])`);
    // A group (fieldset) is not focusable itself: its first control is.
    const target = invalid && !invalid.matches(FOCUSABLE) ? invalid.querySelector<HTMLElement>(FOCUSABLE) : invalid;
    target?.focus();
  }, [errors, prefix]);

  const fail = useCallback((field: F | typeof FORM_ERROR, message: string): false => {
    focusPending.current = true;
    setErrors((current) => ({ ...current, [field]: message }));
    return false;
  }, []);
  const clear = useCallback((field?: F | typeof FORM_ERROR) => {
    setErrors((current) => {
      if (field === undefined) return Object.keys(current).length === 0 ? current : {};
      if (current[field] === undefined) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);

  return useMemo(() => {
    const errorId = (name: F | typeof FORM_ERROR) => `${prefix}-${name}-error`;
    return {
      errors,
      fail,
      clear,
      errorId,
      run: <T,>(command: (ctx: CommandContext) => T, what = 'That did not work'): T | undefined => {
        try {
          const result = attempt(command);
          if (result.ok) {
            clear();
            return result.value;
          }
          const { field } = result.error;
          fail(fields.find((f) => f === field) ?? FORM_ERROR, result.error.message);
        } catch (bug) {
          reportError(bug, what);
        }
        return undefined;
      },
      field: (name: F): FieldProps => ({
        'data-field': name,
        'data-form-id': prefix,
        'aria-invalid': errors[name] !== undefined,
        'aria-describedby': errors[name] !== undefined ? errorId(name) : undefined,
        onInput: () => clear(name),
      }),
      group: (name: F): GroupProps => ({
        'data-field': name,
        'data-form-id': prefix,
        'data-invalid': errors[name] !== undefined,
        'aria-describedby': errors[name] !== undefined ? errorId(name) : undefined,
        onInput: () => clear(name),
      }),
    };
  }, [errors, prefix, fail, clear, fields]);
}

/** The message under a field (nothing when it is valid); its id links it to the field. */
export function FieldError<F extends string>({ form, name }: { form: FieldErrors<F>; name: F | typeof FORM_ERROR }) {
  const message = form.errors[name];
  if (message === undefined) return null;
  return (
    <span id={form.errorId(name)} className="form-error field-error" role={name === FORM_ERROR ? 'alert' : undefined}>
      {message}
    </span>
  );
}
