import { useState, type FormEvent } from 'react';
import { addObjective } from '../../../shared/commands/objectives';
import { act } from './act';

export function AddObjectiveForm() {
  const [title, setTitle] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    const id = act((ctx) => addObjective(ctx, { title: title.trim() }), 'Could not add the objective');
    // Focus stays here, so a team can type objective after objective.
    if (id) setTitle('');
  };
  return (
    <form className="add-objective" onSubmit={submit}>
      <label className="field field--grow">
        <span>New objective</span>
        <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Make onboarding delightful" aria-label="New objective title" />
      </label>
      <button type="submit" className="button button--primary">
        Add objective
      </button>
    </form>
  );
}
