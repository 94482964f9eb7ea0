import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { correctCheckIn, withdrawCheckIn } from '../../../shared/commands/checkIns';
import type { CheckIn, KeyResult } from '../../../shared/schema/types';
import { FormFooter } from '../../ui/FormFooter';
import { formatExactly, readNumber } from '../../ui/locale';
import { NumberField } from '../../ui/NumberField';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { ConfidenceField } from '../../ui/ConfidenceField';
import { readConfidence } from '../../ui/confidenceInput';
import { formatWhen } from '../../ui/format';

interface RevisionFormProps {
  keyResult: KeyResult;
  /** The check-in as it counts now (its latest correction applied). */
  checkIn: CheckIn;
  onDone: () => void;
}

const cancelOnEscape = (onDone: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    onDone();
  }
};

/** Corrects one's own check-in: a new record that supersedes it; the original stays in the history. */
export function CorrectCheckInForm({ keyResult: kr, checkIn, onDone }: RevisionFormProps) {
  const when = formatWhen(checkIn.at);
  const milestone = kr.kind === 'milestone';
  const [value, setValue] = useState(formatExactly(checkIn.value));
  const [done, setDone] = useState(checkIn.value >= 1);
  const [confidence, setConfidence] = useState(checkIn.confidence === null ? '' : String(checkIn.confidence));
  const [note, setNote] = useState(checkIn.note);
  const [reason, setReason] = useState('');
  const form = useFieldErrors(['value', 'confidence', 'note', 'reason']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let numeric = done ? 1 : 0;
    if (!milestone) {
      const reading = readNumber(value);
      if (!reading.ok) return form.fail('value', reading.reason === 'empty' ? 'Enter the corrected value as a number.' : reading.message);
      numeric = reading.value;
    }
    const conf = readConfidence(confidence);
    if (!conf.ok) return form.fail('confidence', conf.message);
    const id = form.run((ctx) => correctCheckIn(ctx, checkIn.id, { value: numeric, confidence: conf.value, note, reason }), 'Could not correct the check-in');
    if (id) onDone();
  };

  return (
    <form className="checkin-form revision-form" noValidate onSubmit={submit} onKeyDown={cancelOnEscape(onDone)} aria-label={`Correct the check-in of ${when}`}>
      {milestone ? (
        <label className="field field--inline">
          <input type="checkbox" autoFocus checked={done} onChange={(e) => setDone(e.target.checked)} aria-label={`Corrected: done (check-in of ${when})`} />
          <span>Done</span>
        </label>
      ) : (
        <NumberField
          className="field"
          label="Corrected value"
          autoFocus
          value={value}
          onChange={setValue}
          error={form.errors.value ?? null}
          {...form.field('value')}
          aria-label={`Corrected value of the check-in of ${when}`}
        />
      )}
      <ConfidenceField
        value={confidence}
        onChange={setConfidence}
        form={form}
        name="confidence"
        label={`Corrected confidence (0 to 10) of the check-in of ${when}`}
      />
      <label className="field field--grow">
        <span>What changed?</span>
        <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} {...form.field('note')} aria-label={`Corrected note of the check-in of ${when}`} />
        <FieldError form={form} name="note" />
      </label>
      <label className="field field--grow">
        <span>Why correct it? (optional)</span>
        <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} {...form.field('reason')} aria-label={`Why correct the check-in of ${when}`} />
        <FieldError form={form} name="reason" />
      </label>
      <FormFooter submitLabel="Save correction" onCancel={onDone} error={form.errors.form} />
    </form>
  );
}

/** Withdraws one's own check-in, with the reason: it stays in the history, marked, and no longer counts. */
export function WithdrawCheckInForm({ checkIn, onDone }: Omit<RevisionFormProps, 'keyResult'>) {
  const when = formatWhen(checkIn.at);
  const [reason, setReason] = useState('');
  const form = useFieldErrors(['reason']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return form.fail('reason', 'Say why you withdraw this check-in (a duplicate, the wrong key result…).');
    const id = form.run((ctx) => withdrawCheckIn(ctx, checkIn.id, reason), 'Could not withdraw the check-in');
    if (id) onDone();
  };
  return (
    <form className="checkin-form revision-form" noValidate onSubmit={submit} onKeyDown={cancelOnEscape(onDone)} aria-label={`Withdraw the check-in of ${when}`}>
      <label className="field field--grow">
        <span>Why withdraw it?</span>
        <input
          type="text"
          autoFocus
          value={reason}
          maxLength={2000}
          onChange={(e) => setReason(e.target.value)}
          {...form.field('reason')}
          aria-label={`Why withdraw the check-in of ${when}`}
        />
        <FieldError form={form} name="reason" />
      </label>
      <FormFooter submitLabel="Withdraw check-in" onCancel={onDone} error={form.errors.form} />
    </form>
  );
}
