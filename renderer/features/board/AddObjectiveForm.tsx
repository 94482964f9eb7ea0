import { useState, type FormEvent } from 'react';
import { addObjective } from '../../../shared/commands/objectives';
import { act } from '../../state/act';
import { selectPublished } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';

export function AddObjectiveForm() {
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const published = useWorkspace((s) => selectPublished(s) !== null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    const id = act((ctx) => addObjective(ctx, { title: title.trim(), addedReason: reason }), 'Could not add the objective');
    // Focus stays here, so a team can type objective after objective.
    if (id) {
      setTitle('');
      setReason('');
    }
  };
  return (
    <form className="add-objective" onSubmit={submit}>
      <label className="field field--grow">
        <span>New objective</span>
        <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Make onboarding delightful" aria-label="New objective title" />
      </label>
      {published && (
        <label className="field">
          <span>Why add it mid-cycle?</span>
          <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} aria-label="Why add the objective mid-cycle" />
        </label>
      )}
      <button type="submit" className="button button--primary">
        Add objective
      </button>
    </form>
  );
}
