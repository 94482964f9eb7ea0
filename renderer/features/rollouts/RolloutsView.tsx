import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addGate, addRolloutPlan, editGate, editStage, setGateStatus, setStageCohorts, setStageDates, setStageStatus } from '../../../shared/commands/rollouts';
import { canGoGenerallyAvailable, gatesOf, livePlans, stagesOf, whatWeCanPromise } from '../../../shared/queries/rollouts';
import { STAGE_KIND_LABELS, STAGE_STATUSES, type ReadinessGate, type RolloutPlan, type Stage, type StageStatus } from '../../../shared/schema/rollouts';
import { liveInitiatives } from '../../../shared/queries/work';
import { selectTrackedKeyResults } from '../../state/selectors';
import { useWorkspace } from '../../state/workspaceSession';
import { CommitOnBlurInput } from '../../ui/CommitOnBlurInput';
import { FormFooter } from '../../ui/FormFooter';
import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { act } from '../../state/act';
import { personDateWords } from '../../ui/format';
import { RolloutTimelineChart } from './RolloutTimelineChart';
import { LazyOptionsSelect } from '../../ui/LazyOptionsSelect';
import { ListFilter, useListFilter } from '../../ui/ListFilter';
import { SHORT_LIST, VirtualList, type ListLayout } from '../../ui/VirtualList';

const STATUS_LABEL: Record<StageStatus, string> = { planned: 'Planned', live: 'Live', paused: 'Paused', 'rolled-back': 'Rolled back' };
const PROMISE_HEADING = {
  'generally-available': 'Available to everyone',
  'in-production': 'Safe to promise: in production with early-access customers',
  paused: 'Paused: promise nothing new',
  'in-development': 'Still in development: no promise',
} as const;

type PlanPromise = ReturnType<typeof whatWeCanPromise>[number];

const PLAN_LIST: ListLayout<RolloutPlan> = {
  keyOf: (plan) => plan.id,
  // Three stages and four gates before it is measured; 14 px apart.
  estimateSize: () => 640,
  gap: 14,
  className: 'rollout-plans',
  wholeUpTo: SHORT_LIST,
};
const textOfPlan = (plan: RolloutPlan) => `${plan.title} ${plan.toggleKey}`;

/** A promise holds no control: each takes focus, and says its plan and state. */
const PROMISE_LIST: ListLayout<PlanPromise> = {
  keyOf: ({ plan }) => plan.id,
  // One line, two when it wraps; 6 px apart (.promise-list in styles.css).
  estimateSize: () => 40,
  gap: 6,
  className: 'promise-list',
  itemLabel: ({ plan, status }) => `${plan.title}: ${PROMISE_HEADING[status.state]}`,
  focusableItems: true,
  wholeUpTo: SHORT_LIST,
};
const renderPromise = ({ plan, status }: PlanPromise) => (
  <div className={`promise promise--${status.state}`}>
    <span className="tag">{PROMISE_HEADING[status.state]}</span> <strong>{plan.title || 'Untitled feature'}</strong> — {status.explanation}
  </div>
);

/**
 * Feature rollout plans: stages behind a release toggle (internal, early
 * access for named cohorts, general availability) and the readiness gates
 * (marketing, docs, support, sales) that must be done before GA; what
 * marketing and sales can promise; a timeline of all plans.
 */
export function RolloutsView() {
  const plansById = useWorkspace((s) => s.rolloutPlans);
  const stagesById = useWorkspace((s) => s.rolloutStages);
  const gatesById = useWorkspace((s) => s.readinessGates);
  const meta = useWorkspace((s) => s.meta);
  const plans = useMemo(() => livePlans(Object.values(plansById)), [plansById]);
  const stages = useMemo(() => Object.values(stagesById), [stagesById]);
  const gates = useMemo(() => Object.values(gatesById), [gatesById]);
  // Hundreds of plans over the years: the cards and the promises near the screen are rendered
  // (ui/VirtualList.tsx), and one filter, over them and the timeline, stands in for find-in-page.
  const filter = useListFilter(plans, textOfPlan);
  const promises = useMemo(() => whatWeCanPromise(filter.shown, stages, personDateWords()), [filter.shown, stages]);
  const stagesByPlan = useMemo(() => new Map(plans.map((plan) => [plan.id, stagesOf(plan.id, stages)])), [plans, stages]);
  const gatesByPlan = useMemo(() => new Map(plans.map((plan) => [plan.id, gatesOf(plan.id, gates)])), [plans, gates]);
  const renderPlan = useCallback(
    (plan: RolloutPlan) => <PlanCard plan={plan} stages={stagesByPlan.get(plan.id) ?? []} gates={gatesByPlan.get(plan.id) ?? []} />,
    [stagesByPlan, gatesByPlan],
  );

  return (
    <section className="rollouts-view" aria-label="Rollouts">
      <p className="muted">
        Deployment is not release: a finished feature goes to loyal or tech-savvy customers first, behind a release toggle, and to everyone once
        marketing, documentation, support and sales are ready.
      </p>
      <AddPlanForm />
      <ListFilter label="Filter rollout plans" filter={filter} total={plans.length} placeholder="Feature or toggle key" />
      {plans.length > 0 && (
        <VirtualList {...PLAN_LIST} items={filter.shown} label="Rollout plans" renderItem={renderPlan} />
      )}
      <section aria-label="What we can promise" className="work-panel">
        <h2 className="section-title">What we can promise</h2>
        {plans.length === 0 ? (
          <p className="muted">No rollout plans yet.</p>
        ) : (
          <VirtualList {...PROMISE_LIST} items={promises} label="Promises" renderItem={renderPromise} />
        )}
      </section>
      {meta && filter.shown.length > 0 && <RolloutTimelineChart plans={filter.shown} stages={stages} gates={gates} cycle={meta} />}
    </section>
  );
}

function AddPlanForm() {
  // Only KRs still tracked: a plan for a closed KR (or one of a closed objective) has nothing left to promise.
  const keyResults = useWorkspace(useShallow(selectTrackedKeyResults));
  const initiatives = useWorkspace((s) => s.initiatives);
  const [title, setTitle] = useState('');
  const [toggleKey, setToggleKey] = useState('');
  const [owner, setOwner] = useState('');
  const [defaultGates, setDefaultGates] = useState(true);
  const form = useFieldErrors(['title', 'toggleKey', 'linkedTo']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [type, id] = owner.split(':');
    const added = form.run(
      (ctx) =>
        addRolloutPlan(ctx, {
          title,
          toggleKey,
          keyResultId: type === 'kr' ? id : null,
          initiativeId: type === 'initiative' ? id : null,
          defaultStages: true,
          defaultGates,
        }),
      'Could not add the rollout plan',
    );
    if (added) {
      setTitle('');
      setToggleKey('');
    }
  };
  return (
    <form className="add-initiative" noValidate onSubmit={submit} aria-label="New rollout plan">
      <div className="row row--wrap">
        <label className="field field--grow">
          <span>Feature</span>
          <input
            type="text"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. Guided setup"
            {...form.field('title')}
            aria-label="Feature of the new rollout plan"
          />
          <FieldError form={form} name="title" />
        </label>
        <label className="field">
          <span>Release toggle key</span>
          <input
            type="text"
            value={toggleKey}
            onChange={(e) => setToggleKey(e.target.value)}
            placeholder="guided-setup"
            {...form.field('toggleKey')}
            aria-label="Release toggle key"
          />
          <FieldError form={form} name="toggleKey" />
        </label>
        <label className="field">
          <span>Belongs to</span>
          {/* Every tracked KR of the workspace (thousands): the options come when the picker is used. */}
          <LazyOptionsSelect
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            {...form.field('linkedTo')}
            aria-label="Key result or initiative of the rollout plan"
            options={(all) => (
              <>
                <option value="">Choose…</option>
                {keyResults
                  .filter((kr) => all || owner === `kr:${kr.id}`)
                  .map((kr) => (
                    <option key={kr.id} value={`kr:${kr.id}`}>
                      Key result: {kr.title || 'Untitled'}
                    </option>
                  ))}
                {liveInitiatives(Object.values(initiatives))
                  .filter((i) => all || owner === `initiative:${i.id}`)
                  .map((i) => (
                    <option key={i.id} value={`initiative:${i.id}`}>
                      Initiative: {i.title || 'Untitled'}
                    </option>
                  ))}
              </>
            )}
          />
          <FieldError form={form} name="linkedTo" />
        </label>
      </div>
      <label className="choice">
        <input type="checkbox" checked={defaultGates} onChange={(e) => setDefaultGates(e.target.checked)} /> Add the usual readiness gates (marketing,
        documentation, support, sales)
      </label>
      <FormFooter submitLabel="Add rollout plan" onCancel={() => setTitle('')} error={form.errors.form} />
    </form>
  );
}

function PlanCard({ plan, stages, gates }: { plan: RolloutPlan; stages: Stage[]; gates: ReadinessGate[] }) {
  const [gateName, setGateName] = useState('');
  const name = plan.title || 'Untitled feature';
  const readiness = canGoGenerallyAvailable(plan.id, gates);
  return (
    <article className="review-card" aria-label={`Rollout plan: ${name}`}>
      <header className="review-card__head">
        <h2 className="review-card__title">{name}</h2>
        {plan.toggleKey && <code className="tag">{plan.toggleKey}</code>}
      </header>
      <ol className="stages" aria-label={`Stages of ${name}`}>
        {stages.map((stage) => (
          <StageRow key={`${stage.id}:${stage.status}`} stage={stage} planName={name} />
        ))}
      </ol>
      <section aria-label={`Readiness gates of ${name}`}>
        <h3 className="details-title">Readiness before general availability</h3>
        <p className="muted">{readiness.explanation}</p>
        <ul className="gates">
          {gates.map((gate) => (
            <li key={gate.id} className="choice">
              <input
                type="checkbox"
                checked={gate.status === 'done'}
                aria-label={`${gate.name} done (${name})`}
                onChange={(e) => act((ctx) => setGateStatus(ctx, gate.id, e.target.checked ? 'done' : 'open'), 'Could not change the gate')}
              />{' '}
              {gate.name}
              <CommitOnBlurInput
                className="gate__field"
                value={gate.owningTeam}
                placeholder="Owning team"
                aria-label={`Owning team of ${gate.name} (${name})`}
                onCommit={(owningTeam) => act((ctx) => editGate(ctx, gate.id, { owningTeam }), 'Could not change the gate')}
              />
              <CommitOnBlurInput
                className="gate__field"
                value={gate.evidence}
                placeholder="Evidence (a link, a note)"
                aria-label={`Evidence for ${gate.name} (${name})`}
                onCommit={(evidence) => act((ctx) => setGateStatus(ctx, gate.id, gate.status, evidence), 'Could not change the gate')}
              />
              {gate.doneBy && gate.status === 'done' && <span className="muted"> · done by {gate.doneBy}</span>}
            </li>
          ))}
        </ul>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (gateName.trim() && act((ctx) => addGate(ctx, plan.id, { name: gateName }), 'Could not add the gate')) setGateName('');
          }}
        >
          <input type="text" value={gateName} onChange={(e) => setGateName(e.target.value)} placeholder="Another gate" aria-label={`New readiness gate for ${name}`} />
          <button type="submit" className="button button--small">
            Add gate
          </button>
        </form>
      </section>
    </article>
  );
}

function StageRow({ stage, planName }: { stage: Stage; planName: string }) {
  const label = `${stage.name} (${planName})`;
  const [status, setStatus] = useState<StageStatus>(stage.status);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const [blocked, setBlocked] = useState(false);
  // A refused GA says which gates are open right here, in the page's flow: it never covers the gates to tick.
  const form = useFieldErrors(['gates', 'reason']);
  const apply = () => {
    const ok = form.run(
      (ctx) => {
        setStageStatus(ctx, stage.id, status, { reason, overrideReason: override });
        return true;
      },
      'Could not change the stage',
    );
    // Refused GA: offer the override, with its reason, next to the stage.
    if (!ok && stage.kind === 'general-availability' && status === 'live') setBlocked(true);
    if (ok) {
      setBlocked(false);
      setReason('');
      setOverride('');
    }
  };
  return (
    <li className="stage" aria-label={`Stage: ${label}`}>
      <div className="row row--wrap">
        <span className="tag">{STAGE_KIND_LABELS[stage.kind]}</span>
        <strong className="stage__name">{stage.name}</strong>
        <span className={`tag stage__status stage__status--${stage.status}`}>{STATUS_LABEL[stage.status]}</span>
        {stage.override && <span className="muted">overridden: {stage.override.reason}</span>}
        <label className="field field--inline">
          <span>Planned</span>
          <input
            type="date"
            value={stage.plannedDate ?? ''}
            aria-label={`Planned date of ${label}`}
            onChange={(e) => act((ctx) => setStageDates(ctx, stage.id, { plannedDate: e.target.value || null }), 'Could not change the date')}
          />
        </label>
        <label className="field field--inline">
          <span>Actual</span>
          <input
            type="date"
            value={stage.actualDate ?? ''}
            aria-label={`Actual date of ${label}`}
            onChange={(e) => act((ctx) => setStageDates(ctx, stage.id, { actualDate: e.target.value || null }), 'Could not change the date')}
          />
        </label>
      </div>
      <label className="field field--inline">
        <span>Audience</span>
        <CommitOnBlurInput
          value={stage.audience}
          placeholder="Who gets it at this stage"
          aria-label={`Audience of ${label}`}
          onCommit={(audience) => act((ctx) => editStage(ctx, stage.id, { audience }), 'Could not change the audience')}
        />
      </label>
      {stage.kind === 'early-access' && (
        <label className="field field--inline">
          <span>Cohorts</span>
          <CommitOnBlurInput
            value={stage.cohorts.join(', ')}
            placeholder="Loyal customers, Tech-savvy customers"
            aria-label={`Cohorts of ${label}`}
            onCommit={(text) => {
              const next = text.split(',').map((c) => c.trim()).filter(Boolean);
              if (next.join(',') !== stage.cohorts.join(',')) act((ctx) => setStageCohorts(ctx, stage.id, next), 'Could not change the cohorts');
            }}
          />
        </label>
      )}
      <div className="row row--wrap">
        <select value={status} onChange={(e) => setStatus(e.target.value as StageStatus)} aria-label={`Status of ${label}`}>
          {STAGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <input
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Why (needed to roll back)"
          {...form.field('reason')}
          aria-label={`Reason for the status of ${label}`}
        />
        {blocked && (
          <input
            type="text"
            value={override}
            onChange={(e) => setOverride(e.target.value)}
            placeholder="Override: why go live anyway"
            {...form.field('gates')}
            aria-label={`Override reason for ${label}`}
          />
        )}
        <button type="button" className="button button--small" onClick={apply} aria-label={`Set status of ${label}`}>
          Set
        </button>
      </div>
      <FieldError form={form} name="reason" />
      <FieldError form={form} name="gates" />
      <FieldError form={form} name="form" />
    </li>
  );
}
