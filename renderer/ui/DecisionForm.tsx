import { useState, type FormEvent } from 'react';
import { recordDecision } from '../../shared/commands/decisions';
import { DECISION_KINDS, type DecisionKind } from '../../shared/schema/types';
import { FieldError, useFieldErrors } from './fieldErrors';
import { FormFooter } from './FormFooter';
import { toggled } from './toggled';
import { useWorkspace } from '../state/workspaceSession';
import { formatWhen, unitOf, withUnit } from './format';
import { isTracked } from '../../shared/queries/tracking';

export const DECISION_LABEL: Record<DecisionKind, string> = {
  persevere: 'Persevere',
  pivot: 'Pivot',
  stop: 'Stop',
  escalate: 'Escalate',
};

const DECISION_HINT: Record<DecisionKind, string> = {
  persevere: 'keep the course: the plan still holds',
  pivot: 'change the approach, keep the objective',
  stop: 'stop this work or drop the key result',
  escalate: 'ask for help or a decision from outside the team',
};

interface DecisionFormProps {
  /** The KR the decision starts from (always affected, unless the person unticks it). */
  keyResultId: string;
  /** The signal answered, if the decision is taken from one. */
  signalKey?: string;
  /** Check-ins cited as evidence to begin with. */
  evidence?: readonly string[];
  onDone: () => void;
}

/**
 * Persevere, pivot, stop or escalate — with the rationale, the KRs it affects
 * and the check-ins that were the evidence. Taken from a signal, it closes it.
 */
export function DecisionForm({ keyResultId, signalKey, evidence = [], onDone }: DecisionFormProps) {
  const keyResults = useWorkspace((s) => s.keyResults);
  const history = useWorkspace((s) => s.checkInsByKeyResult[keyResultId]);
  const kr = keyResults[keyResultId];
  const name = kr?.title || 'Untitled key result';
  const [kind, setKind] = useState<DecisionKind | null>(null);
  const [rationale, setRationale] = useState('');
  const [affected, setAffected] = useState<ReadonlySet<string>>(new Set([keyResultId]));
  const [cited, setCited] = useState<ReadonlySet<string>>(new Set(evidence));
  const form = useFieldErrors(['kind', 'rationale', 'keyResults']);
  const objectives = useWorkspace((s) => s.objectives);
  // Other KRs it may affect: the tracked ones of the same objective (closed ones are done with).
  const others = Object.values(keyResults).filter((k) => k.id !== keyResultId && k.objectiveId === kr?.objectiveId && isTracked(k, objectives[k.objectiveId]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!kind) return form.fail('kind', 'Choose what you decide: persevere, pivot, stop or escalate.');
    if (!rationale.trim()) return form.fail('rationale', 'Say why, in a line or two: the next person will read it.');
    const id = form.run(
      (ctx) => recordDecision(ctx, { kind, rationale, keyResultIds: [...affected], checkInIds: [...cited], signalKeys: signalKey ? [signalKey] : [] }),
      'Could not record the decision',
    );
    if (id) onDone();
  };

  return (
    <form className="decision-form" noValidate onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={`Decision on ${name}`}>
      <fieldset className="field decision-kinds" {...form.group('kind')}>
        <legend>What do we decide?</legend>
        {DECISION_KINDS.map((k) => (
          <label key={k} className="choice">
            <input type="radio" name={`decision-${keyResultId}-${signalKey ?? ''}`} checked={kind === k} onChange={() => setKind(k)} />
            <strong>{DECISION_LABEL[k]}</strong> <span className="muted">— {DECISION_HINT[k]}</span>
          </label>
        ))}
        <FieldError form={form} name="kind" />
      </fieldset>
      <label className="field">
        <span>Why</span>
        <textarea
          value={rationale}
          rows={2}
          maxLength={10_000}
          onChange={(e) => setRationale(e.target.value)}
          {...form.field('rationale')}
          aria-label="Rationale of the decision"
        />
        <FieldError form={form} name="rationale" />
      </label>
      {others.length > 0 && (
        <fieldset className="field" {...form.group('keyResults')}>
          <legend>Key results it affects</legend>
          <label className="choice">
            <input type="checkbox" checked={affected.has(keyResultId)} onChange={(e) => setAffected(toggled(affected, keyResultId, e.target.checked))} /> {name}
          </label>
          {others.map((k) => (
            <label key={k.id} className="choice">
              <input type="checkbox" checked={affected.has(k.id)} onChange={(e) => setAffected(toggled(affected, k.id, e.target.checked))} />{' '}
              {k.title || 'Untitled key result'}
            </label>
          ))}
          <FieldError form={form} name="keyResults" />
        </fieldset>
      )}
      {history && history.length > 0 && (
        <fieldset className="field">
          <legend>Evidence (check-ins)</legend>
          {history.slice(0, 6).map((c) => (
            <label key={c.id} className="choice">
              <input type="checkbox" checked={cited.has(c.id)} onChange={(e) => setCited(toggled(cited, c.id, e.target.checked))} />{' '}
              {kr ? withUnit(c.value, unitOf(kr)) : c.value} · {formatWhen(c.at)}
              {c.note && <span className="muted"> · {c.note}</span>}
            </label>
          ))}
        </fieldset>
      )}
      <FormFooter submitLabel="Record decision" onCancel={onDone} error={form.errors.form} />
    </form>
  );
}
