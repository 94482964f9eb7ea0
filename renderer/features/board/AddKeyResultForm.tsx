import { useRef, useState, type FormEvent } from 'react';
import { addKeyResult, type MetricSettings, type OutputSettings } from '../../../shared/commands/keyResults';
import { KEY_RESULT_KINDS, RISKS, type KeyResultKind, type Risk } from '../../../shared/schema/types';
import { FormFooter } from '../../ui/FormFooter';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { MetricFields, parseMetricDraft, type MetricDraft } from './MetricFields';
import { OutputFields, parseOutputDraft, type OutputDraft } from './OutputFields';
import { KIND_LABEL, RISK_PROMPTS } from './riskPrompts';
import { selectPublished } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { addPersonIfNew } from '../../../shared/commands/people';
import { findPerson } from '../../../shared/queries/people';
import { usePeople } from '../../state/people';
import { OwnerPicker } from '../../ui/OwnerPicker';
import { announce } from '../../state/act';
import { lastRiskFor, rememberRisk } from './rememberedRisk';

/** Splits a list typed one per line, dropping blank lines. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const EMPTY_METRIC: MetricDraft = { direction: 'increase', baseline: '0', target: '', unit: '' };
const EMPTY_OUTPUT: OutputDraft = { target: '', unit: '' };

/**
 * A new key result. The form stays open after each one, empty and focused on
 * the title with the last risk still chosen, so a team writes its three or
 * four KRs in a row; Escape or Done closes it.
 */
export function AddKeyResultForm({ objectiveId, objectiveTitle, onDone }: { objectiveId: string; objectiveTitle: string; onDone: () => void }) {
  const [title, setTitle] = useState('');
  const [risk, setRisk] = useState<Risk | null>(() => lastRiskFor(objectiveId));
  const [kind, setKind] = useState<KeyResultKind>(() => {
    const remembered = lastRiskFor(objectiveId);
    return remembered ? RISK_PROMPTS[remembered].kind : 'metric';
  });
  const [metric, setMetric] = useState<MetricDraft>(EMPTY_METRIC);
  const [output, setOutput] = useState<OutputDraft>(EMPTY_OUTPUT);
  const titleField = useRef<HTMLInputElement>(null);
  const [added, setAdded] = useState(0);
  const [questions, setQuestions] = useState('');
  const [why, setWhy] = useState('');
  const [owner, setOwner] = useState('');
  const people = usePeople();
  const [addedReason, setAddedReason] = useState('');
  const published = useWorkspace((s) => selectPublished(s) !== null);
  // Every refusal is explained under the field it concerns.
  const form = useFieldErrors(['title', 'baseline', 'target', 'questions', 'reason']);

  const chooseRisk = (next: Risk) => {
    setRisk(next);
    rememberRisk(objectiveId, next);
    setKind(RISK_PROMPTS[next].kind); // a suggestion: the kind stays the team's choice
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return form.fail('title', 'Give the key result a title: what will you measure?');
    let metricValue: MetricSettings | undefined;
    let outputValue: OutputSettings | undefined;
    if (kind === 'metric') {
      const parsed = parseMetricDraft(metric);
      if (!parsed.ok) return form.fail(parsed.error.field, parsed.error.message);
      metricValue = parsed.value;
    } else if (kind === 'output') {
      const parsed = parseOutputDraft(output);
      if (!parsed.ok) return form.fail(parsed.error.field, parsed.error.message);
      outputValue = parsed.value;
    } else if (kind === 'learning' && lines(questions).length === 0) {
      return form.fail('questions', 'Write at least one question or hypothesis to answer, one per line.');
    }
    const id = form.run(
      (ctx) => {
        const added = addKeyResult(ctx, objectiveId, { title, kind, owner, risk, why, metric: metricValue, output: outputValue, questions: lines(questions), addedReason });
        // A name typed that the workspace does not know yet becomes one of its people.
        if (owner.trim() && !findPerson(people, owner)) addPersonIfNew(ctx, owner);
        return added;
      },
      'Could not add the key result',
    );
    if (!id) return;
    // Ready for the next one: the risk (and the kind it suggested) stay, the rest is cleared.
    setTitle('');
    setMetric({ ...EMPTY_METRIC, direction: metric.direction });
    setOutput(EMPTY_OUTPUT);
    setQuestions('');
    setWhy('');
    setOwner('');
    form.clear();
    setAdded((n) => n + 1);
    announce(`Key result “${title.trim()}” added. Type the next one, or press Escape when done.`);
    titleField.current?.focus();
  };

  const group = `${objectiveId}`;
  return (
    <form className="add-kr-form" noValidate onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={`New key result for ${objectiveTitle}`}>
      <fieldset className="field risk-choice">
        <legend>Which risk does this key result address?</legend>
        <div className="row row--wrap">
          {RISKS.map((r) => (
            <label key={r} className={`risk-option ${risk === r ? 'risk-option--on' : ''}`}>
              <input type="radio" name={`risk-${group}`} checked={risk === r} onChange={() => chooseRisk(r)} aria-label={`${RISK_PROMPTS[r].label} risk`} />
              <strong>{RISK_PROMPTS[r].label}</strong>
              <span className="muted">{RISK_PROMPTS[r].question}</span>
            </label>
          ))}
        </div>
        {risk && (
          <p className="risk-prompt" role="note">
            {RISK_PROMPTS[risk].prompt} <em>For example: {RISK_PROMPTS[risk].example}</em>
          </p>
        )}
      </fieldset>
      <label className="field field--grow">
        <span>Key result</span>
        <input
          ref={titleField}
          type="text"
          autoFocus
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="e.g. Weekly active teams"
          {...form.field('title')}
          aria-label="New key result title"
        />
        <FieldError form={form} name="title" />
      </label>
      <fieldset className="field kind-choice">
        <legend>Kind</legend>
        {KEY_RESULT_KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name={`kind-${group}`} checked={kind === k} onChange={() => setKind(k)} /> {KIND_LABEL[k]}
          </label>
        ))}
      </fieldset>
      {kind === 'metric' && <MetricFields draft={metric} onChange={setMetric} name="the new key result" form={form} />}
      {kind === 'output' && <OutputFields draft={output} onChange={setOutput} name="the new key result" form={form} />}
      {kind === 'learning' && (
        <label className="field">
          <span>Questions or hypotheses, one per line</span>
          <textarea rows={3} value={questions} onChange={(e) => setQuestions(e.target.value)} {...form.field('questions')} aria-label="Questions of the new key result" />
          <FieldError form={form} name="questions" />
        </label>
      )}
      <label className="field">
        <span>Why this measure?</span>
        <input type="text" value={why} onChange={(e) => setWhy(e.target.value)} aria-label="Why this measure (new key result)" />
      </label>
      <div className="field">
        <span aria-hidden="true">Owner</span>
        <OwnerPicker label="Owner of the new key result" value={owner} people={people} onChange={setOwner} />
      </div>
      {published && (
        <label className="field">
          <span>Why add it mid-cycle?</span>
          <input type="text" value={addedReason} maxLength={2000} onChange={(e) => setAddedReason(e.target.value)} {...form.field('reason')} aria-label="Why add the key result mid-cycle" />
          <FieldError form={form} name="reason" />
        </label>
      )}
      <FormFooter submitLabel="Add key result" onCancel={onDone} cancelLabel={added > 0 ? 'Done' : 'Cancel'} error={form.errors.form} />
    </form>
  );
}
