import { useState } from 'react';
import { makeLearning, makeMilestone, setKeyResultRisk, setMetric, setOutput } from '../../../shared/commands/keyResults';
import { addQuestions, deleteQuestion, editQuestion } from '../../../shared/commands/questions';
import { RISKS, type CheckIn, type KeyResult, type Objective, type Question, type Risk } from '../../../shared/schema/types';
import { keyResultStatus, keyResultStatusLabel } from '../../../shared/queries/tracking';
import { CommitOnBlurInput } from '../../ui/CommitOnBlurInput';
import { OwnerPicker } from '../../ui/OwnerPicker';
import { usePeople } from '../../state/people';
import { EditableText } from '../../ui/EditableText';
import { formatExactly } from '../../ui/locale';
import { act } from '../../state/act';
import { editKeyResultText } from '../../../shared/commands/keyResults';
import { MetricFields, parseMetricDraft, type MetricDraft } from './MetricFields';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { OutputFields, parseOutputDraft, type OutputDraft } from './OutputFields';
import { KIND_LABEL, RISK_PROMPTS } from './riskPrompts';
import { KeyResultTimeline } from './KeyResultTimeline';
import { AsOfPanel } from './AsOfPanel';
import { selectPublished } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { LifecycleForm } from '../../ui/LifecycleForm';
import { HEALTH_LABEL, type HealthVerdict } from '../../../shared/queries/health';
import { HealthIcon, HealthReasons } from './HealthBadge';

interface KeyResultDetailsProps {
  keyResult: KeyResult;
  /** Its objective: a KR of a closed objective reads as closed with it. */
  objective: Objective | undefined;
  /** Its health (renderer/state/health.ts), shown with its reasons. */
  health: HealthVerdict;
  history: readonly CheckIn[];
  questions: readonly Question[];
  onDescription: (next: string, previous: string) => void;
  /** `isNew` when the name is none of the workspace's people yet. */
  onOwner: (owner: string, isNew: boolean) => void;
}

export function KeyResultDetails({ keyResult: kr, objective, health, history, questions, onDescription, onOwner }: KeyResultDetailsProps) {
  const name = kr.title || 'Untitled key result';
  const people = usePeople();
  return (
    <div className="kr-details">
      <KeyResultHealth name={name} verdict={health} />
      <div className="row row--wrap">
        <label className="field">
          <span>Risk</span>
          <select
            value={kr.risk ?? ''}
            aria-label={`Risk of ${name}`}
            onChange={(e) => act((ctx) => setKeyResultRisk(ctx, kr.id, (e.target.value || null) as Risk | null))}
          >
            <option value="">Not named</option>
            {RISKS.map((r) => (
              <option key={r} value={r}>
                {RISK_PROMPTS[r].label} — {RISK_PROMPTS[r].question}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span aria-hidden="true">Owner</span>
          <OwnerPicker label={`Owner of ${name}`} value={kr.owner} people={people} onCommit={onOwner} />
        </div>
      </div>
      <EditableText
        label={`Why this measure: ${name}`}
        placeholder="Why this measure? What would it tell us?"
        multiline
        value={kr.why}
        onChange={(next, previous) => act((ctx) => editKeyResultText(ctx, kr.id, 'why', next, previous))}
        presence={{ entityId: kr.id, field: 'why' }}
      />
      <EditableText label={`Description of ${name}`} placeholder="How is it counted? Where does the number come from?" multiline value={kr.description} onChange={onDescription} presence={{ entityId: kr.id, field: 'description' }} />
      {/* Keyed by the stored measure: when a peer changes it, the form starts again from the new values instead of writing old ones back. */}
      <MeasureEditor key={measureKey(kr)} keyResult={kr} questions={questions} />
      <KeyResultStatus keyResult={kr} objective={objective} />
      <AsOfPanel keyResult={kr} history={history} questions={questions} />
      <KeyResultTimeline keyResult={kr} objective={objective} history={history} />
    </div>
  );
}

/** Why the KR has its health, in words (the same reasons as the badge's tooltip). */
function KeyResultHealth({ name, verdict }: { name: string; verdict: HealthVerdict }) {
  if (verdict.health === null) return null;
  return (
    <section className="kr-health" aria-label={`Health of ${name}`}>
      <div className="kr-health__title">
        <span className={`health-badge health-badge--${verdict.health}`}>
          <HealthIcon health={verdict.health} />
          {HEALTH_LABEL[verdict.health]}
        </span>
        <span className="muted">Why</span>
      </div>
      <HealthReasons reasons={verdict.reasons} />
    </section>
  );
}

/** The KR's status (drop, defer, close), changed with a reason. */
function KeyResultStatus({ keyResult: kr, objective }: { keyResult: KeyResult; objective: Objective | undefined }) {
  const [open, setOpen] = useState(false);
  const name = kr.title || 'Untitled key result';
  return open ? (
    <LifecycleForm entity={{ type: 'keyResult', value: kr }} onDone={() => setOpen(false)} />
  ) : (
    <div className="row">
      <span className="muted">Status: {keyResultStatusLabel(keyResultStatus(kr, objective))}</span>
      <button type="button" className="button button--small button--ghost" onClick={() => setOpen(true)} aria-label={`Drop, defer or close ${name}…`}>
        Drop, defer or close…
      </button>
    </div>
  );
}

const measureKey = (kr: KeyResult) =>
  kr.kind === 'metric' ? `metric:${kr.direction}:${kr.baseline}:${kr.target}:${kr.unit}` : kr.kind === 'output' ? `output:${kr.target}:${kr.unit}` : kr.kind;

/** The KR's kind and its settings: a metric's target, an output's count, a learning KR's questions. */
function MeasureEditor({ keyResult: kr, questions }: { keyResult: KeyResult; questions: readonly Question[] }) {
  const name = kr.title || 'Untitled key result';
  const [storedMetric] = useState<MetricDraft>(() =>
    kr.kind === 'metric'
      ? { direction: kr.direction, baseline: formatExactly(kr.baseline), target: formatExactly(kr.target), unit: kr.unit }
      : { direction: 'increase', baseline: '0', target: '', unit: '' },
  );
  const [storedCount] = useState<OutputDraft>(() => (kr.kind === 'output' ? { target: formatExactly(kr.target), unit: kr.unit } : { target: '', unit: '' }));
  const [draft, setDraft] = useState<MetricDraft>(storedMetric);
  const [count, setCount] = useState<OutputDraft>(storedCount);
  const [newQuestion, setNewQuestion] = useState('');
  const [reason, setReason] = useState('');
  const published = useWorkspace((s) => selectPublished(s) !== null);
  const form = useFieldErrors(['baseline', 'target', 'reason']);
  const metricChanged = (Object.keys(draft) as (keyof MetricDraft)[]).some((k) => draft[k] !== storedMetric[k]);
  const countChanged = count.target !== storedCount.target || count.unit !== storedCount.unit;
  // Asked for before Save, as soon as the edit makes it a change of plan (or a kind switch was refused for want of it).
  const needsReason = published && (metricChanged || countChanged || form.errors.reason !== undefined);

  const saveMetric = () => {
    const parsed = parseMetricDraft(draft);
    if (!parsed.ok) return form.fail(parsed.error.field, parsed.error.message);
    form.run((ctx) => setMetric(ctx, kr.id, parsed.value, reason), 'Could not change the measure');
  };
  const saveOutput = () => {
    const parsed = parseOutputDraft(count);
    if (!parsed.ok) return form.fail(parsed.error.field, parsed.error.message);
    form.run((ctx) => setOutput(ctx, kr.id, parsed.value, reason), 'Could not change the measure');
  };
  const reasonField = needsReason && (
    <label className="field">
      <span>Why change the target? (the OKRs are published: the change is recorded)</span>
      <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} {...form.field('reason')} aria-label={`Why change the target of ${name}`} />
      <FieldError form={form} name="reason" />
    </label>
  );
  const addQuestion = () => {
    if (!newQuestion.trim()) return;
    if (act((ctx) => addQuestions(ctx, kr.id, [newQuestion]), 'Could not add the question')) setNewQuestion('');
  };

  return (
    <fieldset className="measure">
      <legend>Measure: {KIND_LABEL[kr.kind]}</legend>
      {(kr.kind === 'metric' || kr.kind === 'output') && (
        <>
          {kr.kind === 'metric' ? (
            <MetricFields draft={draft} onChange={setDraft} name={name} form={form} />
          ) : (
            <OutputFields draft={count} onChange={setCount} name={name} form={form} />
          )}
          {reasonField}
          <button type="button" className="button button--small" onClick={kr.kind === 'metric' ? saveMetric : saveOutput}>
            Save measure
          </button>
        </>
      )}
      {kr.kind === 'learning' && (
        <div className="questions">
          <ol aria-label={`Questions of ${name}`}>
            {questions.map((q, i) => (
              <li key={q.id} className="row">
                <CommitOnBlurInput
                  value={q.text}
                  aria-label={`Question ${i + 1} of ${name}`}
                  onCommit={(text) => text.trim() && act((ctx) => editQuestion(ctx, q.id, text))}
                />
                <button type="button" className="button button--small button--ghost" onClick={() => act((ctx) => deleteQuestion(ctx, q.id))} aria-label={`Remove question ${i + 1} of ${name}`}>
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <div className="row">
            <input
              type="text"
              value={newQuestion}
              placeholder="Another question or hypothesis"
              aria-label={`New question for ${name}`}
              onChange={(e) => setNewQuestion(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addQuestion();
                }
              }}
            />
            <button type="button" className="button button--small" onClick={addQuestion}>
              Add question
            </button>
          </div>
        </div>
      )}
      {kr.kind === 'milestone' && <p className="muted">A milestone is done or not.</p>}
      {(kr.kind === 'learning' || kr.kind === 'milestone') && reasonField}
      <div className="row row--wrap kind-switch">
        <span className="muted">Change kind (check-ins stay):</span>
        {kr.kind !== 'metric' && (
          <button type="button" className="button button--small button--ghost" onClick={saveMetric} title="Uses the target below">
            Make it a metric
          </button>
        )}
        {kr.kind !== 'output' && (
          <button type="button" className="button button--small button--ghost" onClick={saveOutput}>
            Make it an output
          </button>
        )}
        {kr.kind !== 'learning' && (
          <button type="button" className="button button--small button--ghost" onClick={() => form.run((ctx) => makeLearning(ctx, kr.id), 'Could not change the kind')}>
            Make it a learning key result
          </button>
        )}
        {kr.kind !== 'milestone' && (
          <button type="button" className="button button--small button--ghost" onClick={() => form.run((ctx) => makeMilestone(ctx, kr.id), 'Could not change the kind')}>
            Make it a milestone
          </button>
        )}
      </div>
      {kr.kind !== 'metric' && (
        <details>
          <summary>Metric settings</summary>
          <MetricFields draft={draft} onChange={setDraft} name={name} form={form} />
        </details>
      )}
      {kr.kind !== 'output' && (
        <details>
          <summary>Output settings</summary>
          <OutputFields draft={count} onChange={setCount} name={name} targetOnly form={form} />
        </details>
      )}
      {form.errors.form && (
        <p className="form-error" role="alert">
          {form.errors.form}
        </p>
      )}
    </fieldset>
  );
}
