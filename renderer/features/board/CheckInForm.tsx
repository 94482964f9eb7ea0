import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { recordCheckIn } from '../../../shared/commands/checkIns';
import { answersOf } from '../../../shared/queries/progress';
import { ANSWERS, type Answer, type CheckIn, type KeyResult, type Question } from '../../../shared/schema/types';
import { FormFooter } from '../../ui/FormFooter';
import { readNumber } from '../../ui/locale';
import { NumberField } from '../../ui/NumberField';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { ConfidenceField } from '../../ui/ConfidenceField';
import { readConfidence } from '../../ui/confidenceInput';

interface CheckInFormProps {
  keyResult: KeyResult;
  lastConfidence: number | null;
  /** Learning KRs: the questions to answer and the history their answers come from. */
  questions: readonly Question[];
  history: readonly CheckIn[];
  /** Called once the check-in is recorded (true) or the form cancelled (false). */
  onDone: (recorded: boolean) => void;
}

const ANSWER_LABEL: Record<Answer, string> = { open: 'Open', validated: 'Validated', invalidated: 'Invalidated' };

/** Value, confidence, one line of "what changed": Enter records, Escape cancels. */
export function CheckInForm({ keyResult, lastConfidence, questions, history, onDone }: CheckInFormProps) {
  const name = keyResult.title || 'Untitled key result';
  const [standing] = useState(() => answersOf(questions, history));
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => Object.fromEntries(standing));
  const [value, setValue] = useState('');
  const [done, setDone] = useState(false);
  const [confidence, setConfidence] = useState(lastConfidence === null ? '' : String(lastConfidence));
  const [note, setNote] = useState('');
  const form = useFieldErrors(['value', 'confidence', 'note']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let numeric = keyResult.kind === 'milestone' ? (done ? 1 : 0) : 0;
    if (keyResult.kind === 'metric' || keyResult.kind === 'output') {
      const reading = readNumber(value);
      // Under the field, not in a toast: the person fixes the number where they typed it.
      if (!reading.ok) return form.fail('value', reading.reason === 'empty' ? 'Enter the new value as a number.' : reading.message);
      numeric = reading.value;
    }
    const conf = readConfidence(confidence);
    if (!conf.ok) return form.fail('confidence', conf.message);
    // Only questions that still exist: a teammate may have deleted one while this form was open.
    const live = new Set(questions.map((q) => q.id));
    const changed = Object.fromEntries(Object.entries(answers).filter(([q, a]) => live.has(q) && standing.get(q) !== a));
    const id = form.run((ctx) => recordCheckIn(ctx, keyResult.id, { value: numeric, confidence: conf.value, note, answers: changed }), 'Could not record the check-in');
    if (id) onDone(true);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone(false);
    }
  };

  return (
    <form className="checkin-form" noValidate onSubmit={submit} onKeyDown={onKeyDown} aria-label={`Check in on ${name}`}>
      {keyResult.kind === 'learning' ? (
        <fieldset className="field answers">
          <legend>What did you learn?</legend>
          {questions.length === 0 && <p className="muted">This key result has no questions yet: add them in its details.</p>}
          {questions.map((q) => (
            <label key={q.id} className="field field--inline">
              <span>{q.text}</span>
              <select value={answers[q.id] ?? 'open'} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value as Answer })} aria-label={`Answer to “${q.text}”`}>
                {ANSWERS.map((a) => (
                  <option key={a} value={a}>
                    {ANSWER_LABEL[a]}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      ) : keyResult.kind === 'metric' || keyResult.kind === 'output' ? (
        <NumberField
          className="field"
          label={`${keyResult.kind === 'output' ? 'Delivered so far' : 'New value'}${keyResult.unit ? ` (${keyResult.unit})` : ''}`}
          autoFocus
          value={value}
          onChange={setValue}
          error={form.errors.value ?? null}
          {...form.field('value')}
          aria-label={`New value for ${name}`}
        />
      ) : (
        <label className="field field--inline">
          <input type="checkbox" autoFocus checked={done} onChange={(e) => setDone(e.target.checked)} aria-label={`${name} is done`} />
          <span>Done</span>
        </label>
      )}
      <ConfidenceField value={confidence} onChange={setConfidence} form={form} name="confidence" label={`Confidence for ${name} (0 to 10)`} />
      <label className="field field--grow">
        <span>What changed?</span>
        <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} {...form.field('note')} aria-label={`What changed for ${name}`} />
        <FieldError form={form} name="note" />
      </label>
      <FormFooter submitLabel="Record check-in" onCancel={() => onDone(false)} error={form.errors.form} />
    </form>
  );
}
