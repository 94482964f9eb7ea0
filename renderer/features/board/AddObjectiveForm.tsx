import { useState, type FormEvent } from 'react';
import { addObjective } from '../../../shared/commands/objectives';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { selectPublished } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';

export function AddObjectiveForm() {
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const published = useWorkspace((s) => selectPublished(s) !== null);
  const form = useFieldErrors(['title', 'reason']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return form.fail('title', 'Name the objective: where do you want to go?');
    const id = form.run((ctx) => addObjective(ctx, { title: title.trim(), addedReason: reason }), 'Could not add the objective');
    // Focus stays here, so a team can type objective after objective.
    if (id) {
      setTitle('');
      setReason('');
    }
  };
  return (
    <form className="add-objective" noValidate onSubmit={submit}>
      <label className="field field--grow">
        <span>New objective</span>
        <input
          type="text"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="e.g. Make onboarding delightful"
          {...form.field('title')}
          aria-label="New objective title"
        />
        <FieldError form={form} name="title" />
      </label>
      {published && (
        <label className="field">
          <span>Why add it mid-cycle?</span>
          <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} {...form.field('reason')} aria-label="Why add the objective mid-cycle" />
          <FieldError form={form} name="reason" />
        </label>
      )}
      <button type="submit" className="button button--primary">
        Add objective
      </button>
      <FieldError form={form} name="form" />
    </form>
  );
}
