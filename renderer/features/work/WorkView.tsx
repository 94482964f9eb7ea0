import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { formatWeek } from '../../ui/format';
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  addInitiative,
  deleteInitiative,
  editInitiativeText,
  linkInitiative,
  restoreInitiative,
  setInitiativeFocusWeek,
  setInitiativeOwner,
  setInitiativeStatus,
} from '../../../shared/commands/initiatives';
import { isoWeekOf } from '../../../shared/dates';
import { keyResultsWithoutWork, liveInitiatives, unlinkedWork, weeklyFocus } from '../../../shared/queries/work';
import { INITIATIVE_KINDS, INITIATIVE_STATUSES, type InitiativeKind, type InitiativeStatus, type KeyResult } from '../../../shared/schema/types';
import { useClock } from '../../state/clock';
import { selectLiveKeyResults, selectTrackedKeyResults } from '../../state/selectors';
import { offeredTargets } from '../../../shared/queries/tracking';
import { useToasts } from '../../state/toasts';
import { useWorkspace } from '../../state/workspaceSession';
import { EditableText } from '../../ui/EditableText';
import { FormFooter } from '../../ui/FormFooter';
import { toggled } from '../../ui/toggled';
import { act } from '../../state/act';
import { assignOwner, addPersonIfNew } from '../../../shared/commands/people';
import { findPerson } from '../../../shared/queries/people';
import { usePeople } from '../../state/people';
import { OwnerPicker } from '../../ui/OwnerPicker';

const STATUS_LABEL: Record<InitiativeStatus, string> = { planned: 'Planned', active: 'In progress', done: 'Done', dropped: 'Dropped' };
const KIND_LABEL: Record<InitiativeKind, string> = { activity: 'Activity', experiment: 'Experiment', deliverable: 'Deliverable' };

/**
 * Linked work: initiatives (activities, experiments, deliverables) and the KRs
 * they bet on; work that supports no KR and KRs nobody works on; this week's focus.
 */
export function WorkView() {
  const initiativesById = useWorkspace((s) => s.initiatives);
  const keyResults = useWorkspace(useShallow(selectLiveKeyResults));
  // Closed KRs (and those of closed objectives) are done with: not offered, not waiting for work, not a focus.
  const tracked = useWorkspace(useShallow(selectTrackedKeyResults));
  const now = useClock((s) => s.now);
  const week = isoWeekOf(now);
  const initiatives = Object.values(initiativesById);
  const live = liveInitiatives(initiatives);
  const liveIds = new Set(keyResults.map((kr) => kr.id));
  const unlinked = unlinkedWork(initiatives, liveIds);
  const idle = keyResultsWithoutWork(tracked, initiatives);
  const focus = weeklyFocus(tracked, initiatives, week);
  const focusWithoutKeyResult = unlinked.filter((i) => i.focusWeek === week);

  return (
    <section className="work-view" aria-label="Work">
      <p className="muted">
        Initiatives are the team&apos;s bets: the work you do to move key results. They do not count toward progress — the key result is the evidence.
        Link each one to the key results it should move.
      </p>
      <AddInitiativeForm keyResults={tracked} />
      <section aria-label="All work">
        <h2 className="section-title">All work ({live.length})</h2>
        {live.length === 0 ? (
          <p className="empty empty--small">No initiatives yet.</p>
        ) : (
          <ul className="initiative-list">
            {live.map((i) => (
              <InitiativeItem key={i.id} id={i.id} keyResults={keyResults} tracked={tracked} week={week} />
            ))}
          </ul>
        )}
      </section>
      <div className="work-columns">
        <section aria-label="Unlinked work" className="work-panel">
          <h2 className="section-title">Unlinked work ({unlinked.length})</h2>
          {unlinked.length === 0 ? (
            <p className="muted">Every initiative supports a key result.</p>
          ) : (
            <ul>
              {unlinked.map((i) => (
                <li key={i.id}>{i.title || 'Untitled initiative'}</li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Key results without work" className="work-panel">
          <h2 className="section-title">Key results without work ({idle.length})</h2>
          {idle.length === 0 ? (
            <p className="muted">Someone works on every key result.</p>
          ) : (
            <ul>
              {idle.map((kr) => (
                <li key={kr.id}>{kr.title || 'Untitled key result'}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section aria-label="This week's focus" className="work-panel">
        <h2 className="section-title">This week&apos;s focus ({formatWeek(week)})</h2>
        <ul className="focus-list">
          {focus.map(({ keyResult, work }) => (
            <li key={keyResult.id}>
              <strong>{keyResult.title || 'Untitled key result'}</strong>:{' '}
              {work.length ? work.map((i) => i.title || 'Untitled initiative').join(', ') : <span className="muted">nothing this week</span>}
            </li>
          ))}
          {focusWithoutKeyResult.length > 0 && (
            <li>
              <strong>No key result</strong>: {focusWithoutKeyResult.map((i) => i.title || 'Untitled initiative').join(', ')}
            </li>
          )}
        </ul>
      </section>
    </section>
  );
}

function AddInitiativeForm({ keyResults }: { keyResults: KeyResult[] }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<InitiativeKind>('activity');
  const [owner, setOwner] = useState('');
  const people = usePeople();
  const [links, setLinks] = useState<ReadonlySet<string>>(new Set());
  const form = useFieldErrors(['title', 'kind', 'owner', 'keyResults']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return form.fail('title', 'Name the work: what will the team do?');
    const id = form.run((ctx) => {
      const added = addInitiative(ctx, { title, kind, owner, keyResultIds: [...links] });
      // A name typed that the workspace does not know yet becomes one of its people, as for KRs.
      if (owner.trim() && !findPerson(people, owner)) addPersonIfNew(ctx, owner);
      return added;
    }, 'Could not add the initiative');
    if (id) {
      setTitle('');
      setOwner('');
      setLinks(new Set());
    }
  };
  return (
    <form className="add-initiative" noValidate onSubmit={submit} aria-label="New initiative">
      <div className="row row--wrap row--fields">
        <label className="field field--grow">
          <span>Initiative</span>
          <input
            type="text"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. Interview five churned teams"
            {...form.field('title')}
            aria-label="New initiative title"
          />
          <FieldError form={form} name="title" />
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as InitiativeKind)} aria-label="Kind of the new initiative">
            {INITIATIVE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span aria-hidden="true">Owner</span>
          <OwnerPicker label="Owner of the new initiative" value={owner} people={people} onChange={setOwner} />
        </div>
      </div>
      {keyResults.length > 0 && (
        <fieldset className="field links">
          <legend>Supports key results</legend>
          {keyResults.map((kr) => (
            <label key={kr.id} className="choice">
              <input
                type="checkbox"
                checked={links.has(kr.id)}
                onChange={(e) => setLinks(toggled(links, kr.id, e.target.checked))}
              />{' '}
              {kr.title || 'Untitled key result'}
            </label>
          ))}
        </fieldset>
      )}
      <FormFooter submitLabel="Add initiative" onCancel={() => setTitle('')} error={form.errors.form} />
    </form>
  );
}

function InitiativeItem({ id, keyResults, tracked, week }: { id: string; keyResults: KeyResult[]; tracked: KeyResult[]; week: string }) {
  const initiative = useWorkspace((s) => s.initiatives[id]);
  const people = usePeople();
  const [editingLinks, setEditingLinks] = useState(false);
  if (!initiative) return null;
  const name = initiative.title || 'Untitled initiative';
  const linked = keyResults.filter((kr) => initiative.keyResultIds.includes(kr.id));
  const isTracked = (kr: KeyResult) => tracked.includes(kr);
  // Tracked KRs, and the closed ones it is already linked to (so the link shows and can be undone).
  const offered = offeredTargets(keyResults, isTracked, initiative.keyResultIds);
  const inFocus = initiative.focusWeek === week;
  const remove = () => {
    act((ctx) => deleteInitiative(ctx, id), 'Could not delete the initiative');
    useToasts.getState().push({
      message: `Initiative “${name}” deleted.`,
      tone: 'info',
      action: { label: 'Restore', run: () => act((ctx) => restoreInitiative(ctx, id)) },
    });
  };
  return (
    <li className="initiative" aria-label={`Initiative: ${name}`}>
      <div className="initiative__main">
        <span className="tag">{KIND_LABEL[initiative.kind]}</span>
        <EditableText
          className="initiative__title"
          label={`Title of initiative ${name}`}
          value={initiative.title}
          onChange={(next, previous) => act((ctx) => editInitiativeText(ctx, id, 'title', next, previous))}
          presence={{ entityId: id, field: 'title' }}
        />
        <select value={initiative.status} onChange={(e) => act((ctx) => setInitiativeStatus(ctx, id, e.target.value as InitiativeStatus))} aria-label={`Status of ${name}`}>
          {INITIATIVE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <OwnerPicker
          label={`Owner of ${name}`}
          value={initiative.owner}
          people={people}
          onCommit={(owner, isNew) => act((ctx) => assignOwner(ctx, (c, o) => setInitiativeOwner(c, id, o), owner, isNew))}
        />
        <label className="choice">
          <input
            type="checkbox"
            checked={inFocus}
            aria-label={`Focus on ${name} this week`}
            onChange={(e) => act((ctx) => setInitiativeFocusWeek(ctx, id, e.target.checked ? week : null))}
          />{' '}
          Focus this week
        </label>
        <button type="button" className="button button--small button--ghost" onClick={remove} aria-label={`Delete initiative ${name}`}>
          Delete
        </button>
      </div>
      <div className="initiative__links">
        <span className="muted">Supports: </span>
        {linked.length ? linked.map((kr) => `${kr.title || 'Untitled key result'}${isTracked(kr) ? '' : ' (closed)'}`).join(', ') : <span className="muted">no key result</span>}{' '}
        <button type="button" className="button button--small button--ghost" aria-expanded={editingLinks} onClick={() => setEditingLinks(!editingLinks)} aria-label={`Link ${name} to key results`}>
          {editingLinks ? 'Done' : 'Link…'}
        </button>
        {editingLinks && (
          <fieldset className="field links">
            <legend className="visually-hidden">Key results {name} supports</legend>
            {offered.map((kr) => (
              <label key={kr.id} className="choice">
                <input
                  type="checkbox"
                  checked={initiative.keyResultIds.includes(kr.id)}
                  onChange={(e) => act((ctx) => linkInitiative(ctx, id, kr.id, e.target.checked))}
                />{' '}
                {kr.title || 'Untitled key result'}
                {!isTracked(kr) && ' (closed)'}
              </label>
            ))}
          </fieldset>
        )}
      </div>
    </li>
  );
}
