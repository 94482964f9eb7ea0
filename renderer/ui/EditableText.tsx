import { useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactElement } from 'react';
import { changedSpan } from '../../shared/text';
import { setEditing } from '../state/workshopSession';
import { noteOwnEditing } from '../state/follow';
import { announce } from '../state/act';
import { sharedFieldNote, typingText, useFieldEditors, type FieldKey } from './fieldPresence';
import type { FieldProps } from './fieldErrors';

interface EditableTextProps {
  value: string;
  /** The new value, and what the field showed before this edit. */
  onChange: (next: string, previous: string) => void;
  label: string;
  placeholder?: string;
  multiline?: boolean;
  /**
   * One line of text that wraps to show all of it (a title): a textarea that
   * grows with its text, where Enter does not start a new line.
   */
  wrap?: boolean;
  className?: string;
  /** Called on Enter in a single-line field (after the value is committed). */
  onEnter?: () => void;
  autoFocus?: boolean;
  /**
   * This field in a workshop: the others see that this person edits it, and
   * this person sees (outline, name tag, a note before typing) who else does.
   */
  presence?: FieldKey;
  /** Inline validation (useFieldErrors().field(name)): the field is linked to its message and marked invalid. */
  validation?: FieldProps;
}

/**
 * An always-editable text field bound to a co-edited Y.Text through commands.
 * The field keeps its own draft while the store catches up (one animation
 * frame later), and when the value changes underneath (undo, a remote peer)
 * it adopts it while keeping the caret where the user's text still is.
 */
export function EditableText({ value, onChange, label, placeholder, multiline, wrap, className, onEnter, autoFocus, presence, validation }: EditableTextProps) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  const editors = useFieldEditors(presence);
  const tagId = useId();
  const noteId = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const sent = useRef(value);

  // A layout effect, not a passive one: the value must be adopted in the same
  // task it arrived in, before the next keystroke could be handled against it.
  useLayoutEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    const el = ref.current;
    if (el && document.activeElement === el && el.value !== value) {
      // Someone else changed the text while this person types in it. Change the
      // field in place, as one replaced range, diffed against what the field
      // shows: the browser moves the caret and selection with the text
      // ('preserve'), and React, finding the field already equal to the new
      // value, leaves it (and the caret) alone. Replacing the whole value
      // would put the caret at the end.
      const { start, endBefore, endAfter } = changedSpan(el.value, value);
      el.setRangeText(value.slice(start, endAfter), start, endBefore, 'preserve');
    }
    setDraft(value);
  }, [value]);

  const change = (next: string) => {
    const previous = draft;
    setDraft(next);
    sent.current = next;
    onChange(next, previous);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!multiline && event.key === 'Enter' && (onEnter || wrap)) {
      event.preventDefault();
      onEnter?.();
    }
    if (event.key === 'Escape') (event.target as HTMLElement).blur();
  };

  const common = {
    ...validation,
    ref,
    value: draft,
    'aria-label': label,
    placeholder,
    className: `editable ${wrap ? 'editable--wrap' : ''} ${className ?? ''}`,
    onKeyDown,
    autoFocus,
    spellCheck: true,
    onFocus: presence
      ? () => {
          setFocused(true);
          setEditing(presence.entityId, presence.field);
          noteOwnEditing();
          // Told before the first keystroke, not after the letters are mixed.
          if (editors.length > 0) announce(sharedFieldNote(editors.map((e) => e.name)));
        }
      : undefined,
    onBlur: presence
      ? () => {
          setFocused(false);
          setEditing(null);
        }
      : undefined,
    // Both the validation message and who else edits here describe the field.
    'aria-describedby':
      [validation?.['aria-describedby'], editors.length > 0 ? (focused ? `${tagId} ${noteId}` : tagId) : undefined].filter(Boolean).join(' ') || undefined,
    // Marks co-edited text: Ctrl+Z here is the workspace's undo, not the field's.
    'data-cotext': '',
  };
  let field: ReactElement;
  if (wrap) {
    // A pasted line break would make a title two lines: it reads as a space.
    field = <textarea {...common} rows={1} onChange={(e) => change(e.target.value.replace(/\r?\n/g, ' '))} />;
  } else {
    field = multiline ? (
      <textarea {...common} rows={1} onChange={(e) => change(e.target.value)} />
    ) : (
      <input {...common} type="text" onChange={(e) => change(e.target.value)} />
    );
  }
  if (!presence) return field;
  // The wrapper is there whether or not anyone else is here: adding it later would remount the field and drop the caret.
  const names = editors.map((e) => e.name);
  const first = editors[0];
  return (
    <span
      className={`field-presence ${first ? 'field-presence--shared' : ''}`}
      style={first ? ({ '--presence-colour': first.color } as CSSProperties) : undefined}
      data-field={`${presence.entityId}:${presence.field}`}
    >
      {field}
      {first && (
        // Hidden from the reading order (it would join a heading's name); the field is described by it instead.
        <span id={tagId} className="field-presence__tag" aria-hidden="true" style={{ background: first.color }}>
          {typingText(names)}
        </span>
      )}
      {first && focused && (
        <span id={noteId} className="field-presence__note">
          {sharedFieldNote(names)}
        </span>
      )}
    </span>
  );
}
