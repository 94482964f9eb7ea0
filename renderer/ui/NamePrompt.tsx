import { useEffect, useState, type FormEvent } from 'react';
import { answerNamePrompt, askForName, useIdentity, type NamePromptReason } from '../state/identity';
import { Avatar } from './Avatar';
import { Dialog } from './Dialog';
import './people.css';

const TITLES: Record<NamePromptReason, string> = {
  'first-write': 'Before your first change: what is your name?',
  join: 'Before you join: what is your name?',
  change: 'Your name',
};

/**
 * Asks for the device's name (renderer/state/identity.ts) whenever a write,
 * a join or the person asks for it. Rendered once, by the app shell.
 */
export function NamePrompt() {
  const reason = useIdentity((s) => s.prompt);
  if (!reason) return null;
  return <NameDialog reason={reason} />;
}

function NameDialog({ reason }: { reason: NamePromptReason }) {
  const current = useIdentity((s) => s.name);
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);

  // Focus goes back where it was (the button that asked for a write, the join form) once answered.
  const [before] = useState(() => document.activeElement);
  useEffect(() => {
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [before]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError('Type your name: Cairn signs your changes with it.');
    answerNamePrompt(name);
  };

  return (
    <Dialog
      title={TITLES[reason]}
      className="name-prompt"
      onClose={() => {
        // Closed without saving (Escape, "Not now"): the waiting write or join is not made.
        if (useIdentity.getState().prompt) answerNamePrompt(null);
      }}
      footer={(close) => (
        <>
          <button type="button" className="button" onClick={close}>
            {reason === 'change' ? 'Cancel' : 'Not now'}
          </button>
          <button type="submit" form="name-prompt-form" className="button button--primary">
            Save name
          </button>
        </>
      )}
    >
      <form id="name-prompt-form" onSubmit={save}>
        <p className="muted small">
          Cairn signs your check-ins, changes and decisions with it, and shows it to the others in a workshop. It stays on this device; you can change it
          any time.
        </p>
        <label className="field">
          <span>Your name</span>
          <input
            type="text"
            value={name}
            autoFocus
            autoComplete="name"
            maxLength={80}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'name-prompt-error' : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </label>
        {error && (
          <p id="name-prompt-error" className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** "You: Ana": who this device signs as, and where to change it. */
export function YouButton() {
  const name = useIdentity((s) => s.name);
  return (
    <button type="button" className="button button--ghost you-button" aria-haspopup="dialog" onClick={() => void askForName('change')}>
      {name ? <Avatar name={name} size="sm" decorative /> : null}
      <span>{name ? `You: ${name}` : 'Set your name'}</span>
    </button>
  );
}
