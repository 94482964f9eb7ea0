import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { recordCheckIn } from '../../../shared/commands/checkIns';
import type { KeyResult } from '../../../shared/schema/types';
import { FormFooter } from '../../ui/FormFooter';
import { act } from './act';

interface CheckInFormProps {
  keyResult: KeyResult;
  lastConfidence: number | null;
  onDone: () => void;
}

/** Value, confidence, one line of "what changed": Enter records, Escape cancels. */
export function CheckInForm({ keyResult, lastConfidence, onDone }: CheckInFormProps) {
  const name = keyResult.title || 'Untitled key result';
  const [value, setValue] = useState('');
  const [done, setDone] = useState(false);
  const [confidence, setConfidence] = useState(lastConfidence === null ? '' : String(lastConfidence));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const numeric = keyResult.kind === 'milestone' ? (done ? 1 : 0) : Number(value.replace(',', '.'));
    if (keyResult.kind === 'metric' && (value.trim() === '' || !Number.isFinite(numeric))) {
      setError('Enter the new value as a number.');
      return;
    }
    const conf = confidence.trim() === '' ? null : Number(confidence);
    if (conf !== null && !(Number.isInteger(conf) && conf >= 0 && conf <= 10)) {
      setError('Confidence is a whole number from 0 to 10 (or leave it empty).');
      return;
    }
    const id = act((ctx) => recordCheckIn(ctx, keyResult.id, { value: numeric, confidence: conf, note }), 'Could not record the check-in');
    if (id) onDone();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  };

  return (
    <form className="checkin-form" onSubmit={submit} onKeyDown={onKeyDown} aria-label={`Check in on ${name}`}>
      {keyResult.kind === 'metric' ? (
        <label className="field">
          <span>New value{keyResult.unit ? ` (${keyResult.unit})` : ''}</span>
          <input
            type="text"
            inputMode="decimal"
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-label={`New value for ${name}`}
            aria-invalid={error !== null}
          />
        </label>
      ) : (
        <label className="field field--inline">
          <input type="checkbox" autoFocus checked={done} onChange={(e) => setDone(e.target.checked)} aria-label={`${name} is done`} />
          <span>Done</span>
        </label>
      )}
      <label className="field">
        <span>Confidence 0–10</span>
        <input
          type="number"
          min={0}
          max={10}
          step={1}
          value={confidence}
          onChange={(e) => setConfidence(e.target.value)}
          aria-label={`Confidence for ${name} (0 to 10)`}
        />
      </label>
      <label className="field field--grow">
        <span>What changed?</span>
        <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} aria-label={`What changed for ${name}`} />
      </label>
      <FormFooter submitLabel="Record check-in" onCancel={onDone} error={error} />
    </form>
  );
}
