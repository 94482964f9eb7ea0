import { useState, type FormEvent } from 'react';
import { addKeyResult, type MetricSettings } from '../../../shared/commands/keyResults';
import type { KeyResultKind } from '../../../shared/schema/types';
import { FormFooter } from '../../ui/FormFooter';
import { act } from './act';
import { MetricFields, parseMetricDraft, type MetricDraft } from './MetricFields';

export function AddKeyResultForm({ objectiveId, objectiveTitle, onDone }: { objectiveId: string; objectiveTitle: string; onDone: () => void }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<KeyResultKind>('metric');
  const [metric, setMetric] = useState<MetricDraft>({ direction: 'increase', baseline: '0', target: '', unit: '' });
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setError('Give the key result a title: what will you measure?');
    let metricValue: MetricSettings | undefined;
    if (kind === 'metric') {
      const parsed = parseMetricDraft(metric);
      if (!parsed.ok) return setError(parsed.error);
      metricValue = parsed.value;
    }
    const id = act((ctx) => addKeyResult(ctx, objectiveId, { title, kind, owner, metric: metricValue }), 'Could not add the key result');
    if (id) onDone();
  };

  return (
    <form className="add-kr-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={`New key result for ${objectiveTitle}`}>
      <label className="field field--grow">
        <span>Key result</span>
        <input type="text" autoFocus value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Weekly active teams" aria-label="New key result title" />
      </label>
      <fieldset className="field kind-choice">
        <legend>Kind</legend>
        <label>
          <input type="radio" name={`kind-${objectiveId}`} checked={kind === 'metric'} onChange={() => setKind('metric')} /> Metric
        </label>
        <label>
          <input type="radio" name={`kind-${objectiveId}`} checked={kind === 'milestone'} onChange={() => setKind('milestone')} /> Milestone
        </label>
      </fieldset>
      {kind === 'metric' && <MetricFields draft={metric} onChange={setMetric} name="the new key result" />}
      <label className="field">
        <span>Owner</span>
        <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} aria-label="Owner of the new key result" />
      </label>
      <FormFooter submitLabel="Add key result" onCancel={onDone} error={error} />
    </form>
  );
}
