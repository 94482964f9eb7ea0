import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { personKey, type WorkspacePerson } from '../../shared/queries/people';
import { holdPendingInput } from '../state/pendingInput';
import { Avatar } from './Avatar';
import './people.css';

interface OwnerPickerProps {
  /** Names the field for assistive technology ("Owner of Signups"). */
  label: string;
  /** The owner's name now ('' for none). */
  value: string;
  /** The workspace's people (renderer/state/people.ts). */
  people: readonly WorkspacePerson[];
  /**
   * Editing a stored owner: called once the person chose someone, pressed
   * Enter or left the field with a different name. `isNew` when the name is
   * none of the workspace's people (the caller adds them).
   */
  onCommit?: (name: string, isNew: boolean) => void;
  /** In a form: the field follows every keystroke and choice; the form's submit saves it. */
  onChange?: (name: string) => void;
  placeholder?: string;
}

type Option = { kind: 'person'; person: WorkspacePerson } | { kind: 'new'; name: string };

const MAX_OPTIONS = 50;

/** Whether a name's key has a word starting with what was typed ("sil" finds Joana Silva, "ana" does not). */
function matchesName(key: string, typed: string): boolean {
  return typed === '' || key.startsWith(typed) || key.includes(` ${typed}`);
}

/** The people matching what was typed, then "Add …" when the name typed is none of them. */
function optionsOf(people: readonly WorkspacePerson[], filter: string, typed: string): Option[] {
  const filterKey = personKey(filter);
  const matching = people.filter((p) => matchesName(p.key, filterKey)).slice(0, MAX_OPTIONS);
  const known = typed === '' || people.some((p) => p.key === personKey(typed));
  return [...matching.map((person): Option => ({ kind: 'person', person })), ...(known ? [] : [{ kind: 'new', name: typed } as const])];
}

/**
 * Picks an owner among the workspace's people: an ARIA combobox (a text field
 * with a listbox popup, focus staying in the field), filtering as one types.
 * A name that is none of them is offered as "Add …", and typing it and
 * confirming adds that person.
 */
export function OwnerPicker({ label, value, people, onCommit, onChange, placeholder = 'Owner' }: OwnerPickerProps) {
  const controlled = onChange !== undefined;
  const [draft, setDraft] = useState(value);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(-1);
  const listId = useId();
  const text = controlled ? value : draft;

  // What was saved last: the stored value reaches the props a frame later (the projection batches).
  const saved = useRef(value);
  useEffect(() => {
    saved.current = value;
  }, [value]);
  // A change from elsewhere (a peer, undo) replaces what the field shows.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }

  const latest = useRef({ text, onCommit, people });
  useLayoutEffect(() => {
    latest.current = { text, onCommit, people };
  });

  const typed = text.replace(/\s+/g, ' ').trim();
  // Built only while the list is open: a board has a picker per objective, and a closed list shows nothing.
  const options: Option[] = open ? optionsOf(people, filter, typed) : [];

  const commit = (name: string) => {
    const clean = name.replace(/\s+/g, ' ').trim();
    const { onCommit: save, people: known } = latest.current;
    if (!save || clean === saved.current) return;
    saved.current = clean;
    save(clean, clean !== '' && !known.some((p) => p.key === personKey(clean)));
  };

  const choose = (option: Option) => {
    const name = option.kind === 'person' ? option.person.name : option.name;
    setOpen(false);
    setActive(-1);
    if (controlled) onChange(name);
    else {
      setDraft(name);
      commit(name);
    }
  };

  const release = useRef<(() => void) | null>(null);
  const letGo = () => {
    release.current?.();
    release.current = null;
  };
  useEffect(() => letGo, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setFilter('');
        setActive(event.key === 'ArrowDown' ? 0 : people.length - 1);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (options.length === 0 ? -1 : (i + step + options.length) % options.length));
    } else if (event.key === 'Enter') {
      const option = open ? options[active] : undefined;
      if (option) {
        event.preventDefault();
        choose(option);
      } else if (!controlled) {
        event.preventDefault();
        setOpen(false);
        commit(draft);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      } else if (!controlled) setDraft(value);
    }
  };

  const activeOption = open ? options[active] : undefined;
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <div className="owner-picker">
      <div className="owner-picker__control">
        {/* Named, with the name on hover: on a card this avatar is how the owner shows. */}
        {typed ? <Avatar name={typed} label={`Owner: ${typed}`} /> : <span className="avatar avatar--empty" aria-hidden="true" />}
        <input
          type="text"
          role="combobox"
          aria-label={label}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeOption ? optionId(active) : undefined}
          autoComplete="off"
          placeholder={placeholder}
          value={text}
          onChange={(e) => {
            const next = e.target.value;
            if (controlled) onChange(next);
            else setDraft(next);
            setFilter(next);
            setOpen(true);
            setActive(-1);
          }}
          onClick={() => {
            if (!open) setFilter('');
            setOpen(!open);
          }}
          onFocus={(e) => {
            const input = e.currentTarget;
            letGo();
            if (!controlled) release.current = holdPendingInput(() => commit(input.value));
          }}
          onBlur={() => {
            letGo();
            setOpen(false);
            if (!controlled) commit(latest.current.text);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id={listId} role="listbox" aria-label={`People for ${label}`} className="owner-picker__list" hidden={!open || options.length === 0}>
        {options.map((option, i) => (
          <li
            key={option.kind === 'person' ? option.person.key : '+new'}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={option.kind === 'new' ? 'owner-picker__option owner-picker__option--new' : 'owner-picker__option'}
            // Keeps focus in the field, so choosing does not first commit what was typed.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(option)}
          >
            {option.kind === 'person' ? (
              <>
                <Avatar name={option.person.name} size="sm" decorative />
                <span>{option.person.name}</span>
              </>
            ) : (
              <span>Add “{option.name}” as a new person</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
