import { useState, type FormEvent } from 'react';
import { addJournalEntry } from '../../../shared/commands/journal';
import { JOURNAL_PERIODS, type JournalPeriod } from '../../../shared/schema/types';
import { FORM_ERROR, FieldError, useFieldErrors } from '../../ui/fieldErrors';

const PERIOD_LABEL: Record<JournalPeriod, string> = { week: 'A week', day: 'A day' };
const FIELDS = ['period', 'date'] as const;

/**
 * Starts a reflection: this week's by default, or the week (or day) of any
 * date, so a missed week can still be written. A refusal sits under the field
 * it is about, like the board's forms.
 */
export function NewReflectionForm({ today }: { today: string }) {
  const [period, setPeriod] = useState<JournalPeriod>('week');
  // null: the person has not picked a day, so it follows today (the page may stay open past midnight).
  const [picked, setPicked] = useState<string | null>(null);
  const form = useFieldErrors(FIELDS);
  const date = picked ?? today;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.run((ctx) => addJournalEntry(ctx, { period, date }), 'Could not add the reflection') !== undefined) setPicked(null);
  };

  return (
    <form className="journal__new" aria-label="New reflection" noValidate onSubmit={submit}>
      <label className="field">
        <span>Period</span>
        <select value={period} {...form.field('period')} onChange={(e) => setPeriod(JOURNAL_PERIODS.find((p) => p === e.target.value) ?? 'week')} aria-label="Reflection period">
          {JOURNAL_PERIODS.map((p) => (
            <option key={p} value={p}>
              {PERIOD_LABEL[p]}
            </option>
          ))}
        </select>
        <FieldError form={form} name="period" />
      </label>
      <label className="field">
        <span>{period === 'week' ? 'Week of' : 'Day'}</span>
        <input type="date" value={date} max={today} {...form.field('date')} onChange={(e) => setPicked(e.target.value)} aria-label="Day the reflection is for" />
        <FieldError form={form} name="date" />
      </label>
      <button type="submit" className="button button--primary">
        Write a reflection
      </button>
      <FieldError form={form} name={FORM_ERROR} />
    </form>
  );
}
