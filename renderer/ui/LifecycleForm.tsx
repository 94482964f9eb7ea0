import { useState, type FormEvent } from 'react';
import { changeObjectiveLifecycle, setKeyResultStatus } from '../../shared/commands/lifecycle';
import { CLOSED_AS, CLOSINGS_NEEDING_REASON, type ClosedAs, type Commitment, type KeyResult, type LifecycleStatus, type Objective } from '../../shared/schema/types';
import { statusLabel } from '../../shared/queries/tracking';
import { FormFooter } from './FormFooter';
import { FieldError, useFieldErrors } from './fieldErrors';

/** The choices of the status select: draft, active, and each way of closing. */
const CHOICES: { value: string; label: string }[] = [
  { value: 'draft', label: 'Draft' },
  { value: 'active', label: 'Active' },
  ...CLOSED_AS.map((c) => ({ value: `closed:${c}`, label: statusLabel('closed', c) })),
];

const toChoice = (status: LifecycleStatus, closedAs: ClosedAs | null) => (status === 'closed' ? `closed:${closedAs ?? 'achieved'}` : status);
const fromChoice = (choice: string): { status: LifecycleStatus; closedAs: ClosedAs | null } =>
  choice.startsWith('closed:') ? { status: 'closed', closedAs: choice.slice(7) as ClosedAs } : { status: choice as LifecycleStatus, closedAs: null };

interface LifecycleFormProps {
  /** An objective (with its commitment) or a key result. */
  entity: { type: 'objective'; value: Objective } | { type: 'keyResult'; value: KeyResult };
  onDone: () => void;
}

/**
 * Change the status (draft → active → closed as achieved, missed, modified,
 * deferred or dropped) and, for an objective, the commitment. Changes of
 * plan ask why; everything is recorded in the change log.
 */
export function LifecycleForm({ entity, onDone }: LifecycleFormProps) {
  const { value } = entity;
  const noun = entity.type === 'objective' ? 'objective' : 'key result';
  const name = value.title || `Untitled ${noun}`;
  const [choice, setChoice] = useState(toChoice(value.status, value.closedAs));
  const [commitment, setCommitment] = useState<Commitment>(entity.type === 'objective' ? entity.value.commitment : 'committed');
  const [reason, setReason] = useState('');
  const form = useFieldErrors(['status', 'reason']);
  const next = fromChoice(choice);
  const needsReason =
    (next.closedAs !== null && CLOSINGS_NEEDING_REASON.includes(next.closedAs)) ||
    (value.status === 'closed' && next.status !== 'closed') ||
    (entity.type === 'objective' && commitment !== entity.value.commitment);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needsReason && !reason.trim()) return form.fail('reason', 'Say why: the change is recorded with its reason, for the team and whoever it reports to.');
    const ok = form.run((ctx) => {
      if (entity.type === 'objective') {
        changeObjectiveLifecycle(ctx, entity.value.id, { ...next, commitment, reason });
      } else {
        setKeyResultStatus(ctx, entity.value.id, { ...next, reason });
      }
      return true;
    }, `Could not change the ${noun}`);
    if (ok) onDone();
  };

  return (
    <form className="lifecycle-form" noValidate onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={`Status of ${name}`}>
      <div className="row row--wrap">
        {entity.type === 'objective' && (
          <fieldset className="field kind-choice">
            <legend>Commitment</legend>
            {(['committed', 'aspirational'] as const).map((c) => (
              <label key={c}>
                <input type="radio" name={`commitment-${value.id}`} checked={commitment === c} onChange={() => setCommitment(c)} /> {c === 'committed' ? 'Committed' : 'Aspirational'}
              </label>
            ))}
          </fieldset>
        )}
        <label className="field">
          <span>Status</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value)} {...form.field('status')} aria-label={`New status of ${name}`}>
            {CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <FieldError form={form} name="status" />
        </label>
        <label className="field field--grow">
          <span>Why{needsReason ? ' (required)' : ''}</span>
          <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} {...form.field('reason')} aria-label={`Why (${name})`} />
          <FieldError form={form} name="reason" />
        </label>
      </div>
      <FormFooter submitLabel="Save" onCancel={onDone} error={form.errors.form} />
    </form>
  );
}
