import { useDeferredValue, useMemo, useState } from 'react';
import { deleteJournalEntry, editJournalText, JOURNAL_PROMPTS, linkJournalEntry, restoreJournalEntry, unlinkJournalEntry } from '../../../shared/commands/journal';
import { dueReflection, journalTimeline, searchJournal, type JournalSearchHit, type JournalTimelineItem } from '../../../shared/queries/journal';
import { useClock } from '../../state/clock';
import { selectJournalSnapshot } from '../../state/journal';
import { useToasts } from '../../state/toasts';
import { useWorkspace } from '../../state/workspaceSession';
import { EditableText } from '../../ui/EditableText';
import { act } from '../../state/act';
import { formatDate, formatDay, formatWeek, personDateWords, plural } from '../../ui/format';
import { FORM_ERROR, FieldError, useFieldErrors, type FieldErrors } from '../../ui/fieldErrors';
import { localDateOf } from '../../../shared/dates';
import { NewReflectionForm } from './NewReflectionForm';
import { ShareToTeamDialog } from './ShareToTeamDialog';

const HIT_TYPE: Record<JournalSearchHit['type'], string> = { entry: 'Reflection', checkIn: 'Check-in', keyResult: 'Key result', objective: 'Objective' };

/**
 * A personal journal: dated reflections (weekly by default) answering three
 * prompts, linked to the KRs, check-ins and decisions they are about, in one
 * timeline with the check-ins; searchable; private by construction.
 */
export function JournalView() {
  const snapshot = useWorkspace(selectJournalSnapshot);
  const now = useClock((s) => s.now);
  const [query, setQuery] = useState('');
  const [sharing, setSharing] = useState(false);
  const deferredQuery = useDeferredValue(query);
  const timeline = useMemo(() => journalTimeline(snapshot, personDateWords()), [snapshot]);
  const hits = useMemo(() => searchJournal(snapshot, deferredQuery, personDateWords()), [snapshot, deferredQuery]);
  const due = dueReflection(snapshot, now, 'week');

  return (
    <section className="journal" aria-label="Journal">
      <p className="banner banner--info journal__private" role="note">
        <strong>Private journal.</strong> It stays on this device: it is never synced, never joins a workshop and is not sent to anyone. Use “Share to a team
        workspace…” to copy chosen objectives into a team’s workspace; the journal keeps its own copy.
      </p>

      <div className="row row--wrap journal__actions">
        {due && (
          <p className="journal__due" role="status">
            This week’s reflection (week of {formatDay(due)}) is not written yet.
          </p>
        )}
        <NewReflectionForm today={localDateOf(now)} />
        <button type="button" className="button" onClick={() => setSharing(true)}>
          Share to a team workspace…
        </button>
      </div>

      <label className="field journal__search">
        <span>Search the journal</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Words from reflections, check-in notes, key results…" />
      </label>
      {deferredQuery.trim() !== '' && (
        <section aria-label="Search results" className="journal__results">
          <h2 className="muted small">
            {hits.length === 0 ? 'Nothing matches.' : plural(hits.length, 'match', 'matches')}
          </h2>
          <ul>
            {hits.slice(0, 100).map((hit) => (
              <li key={`${hit.type}:${hit.id}`}>
                <span className="chip">{HIT_TYPE[hit.type]}</span> <strong>{hit.title || 'Untitled'}</strong>
                <div className="muted small">{hit.snippet}</div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <h2 className="journal__heading">Timeline</h2>
      {timeline.length === 0 ? (
        <p className="muted">No reflections or check-ins yet. Write your first reflection, or add personal OKRs in the OKRs tab and check in on them.</p>
      ) : (
        <ol className="journal__timeline" aria-label="Journal timeline">
          {timeline.map((item) => (
            <li key={`${item.type}:${item.id}`}>{item.type === 'entry' ? <EntryCard item={item} /> : <CheckInLine item={item} />}</li>
          ))}
        </ol>
      )}
      {sharing && <ShareToTeamDialog snapshot={snapshot} onClose={() => setSharing(false)} />}
    </section>
  );
}

type EntryItem = Extract<JournalTimelineItem, { type: 'entry' }>;

function removeEntry(id: string, heading: string) {
  act((ctx) => deleteJournalEntry(ctx, id), 'Could not delete the reflection');
  useToasts.getState().push({
    message: `Reflection of ${heading.charAt(0).toLowerCase()}${heading.slice(1)} deleted.`,
    tone: 'info',
    action: { label: 'Restore', run: () => act((ctx) => restoreJournalEntry(ctx, id)) },
  });
}

const PROMPT_FIELDS = [...JOURNAL_PROMPTS.map((p) => p.field), 'links'] as const;
type EntryField = (typeof PROMPT_FIELDS)[number];

function EntryCard({ item }: { item: EntryItem }) {
  const { entry } = item;
  const heading = entry.period === 'week' ? formatWeek(entry.date) : formatDay(entry.date);
  // A refused answer (too long) is shown under its prompt and stays until the text is fixed.
  const form = useFieldErrors<EntryField>(PROMPT_FIELDS);
  return (
    <article className="panel journal-entry" aria-label={`Reflection: ${heading}`}>
      <header className="row journal-entry__header">
        <h3 className="journal-entry__title">{heading}</h3>
        <span className="muted small">by {entry.createdBy}</span>
        <button type="button" className="button button--small button--ghost" onClick={() => removeEntry(entry.id, heading)} aria-label={`Delete the reflection of ${heading}`}>
          Delete
        </button>
      </header>
      {JOURNAL_PROMPTS.map((prompt) => (
        <div key={prompt.field} className="journal-entry__prompt">
          <div className="small journal-entry__label" aria-hidden="true">
            {prompt.label}
          </div>
          <EditableText
            multiline
            label={prompt.label}
            placeholder={prompt.hint}
            value={entry[prompt.field]}
            validation={form.field(prompt.field)}
            onChange={(next, previous) => form.run((ctx) => editJournalText(ctx, entry.id, prompt.field, next, previous), 'Could not save the answer')}
          />
          <FieldError form={form} name={prompt.field} />
        </div>
      ))}
      <EntryLinks item={item} form={form} />
      <FieldError form={form} name={FORM_ERROR} />
    </article>
  );
}

function EntryLinks({ item, form }: { item: EntryItem; form: FieldErrors<EntryField> }) {
  const keyResults = useWorkspace((s) => s.keyResults);
  const objectives = useWorkspace((s) => s.objectives);
  const checkInsByKeyResult = useWorkspace((s) => s.checkInsByKeyResult);
  const decisions = useWorkspace((s) => s.decisions);
  const options = useMemo(() => {
    const linked = new Set(item.links.map((l) => l.id));
    const out: { id: string; label: string }[] = [];
    for (const kr of Object.values(keyResults)) {
      const objective = objectives[kr.objectiveId];
      // Orphaned KRs (objective missing) are shown in the outline, so they can be linked; those in the trash cannot.
      if (kr.deletedAt !== null || (objective && objective.deletedAt !== null)) continue;
      if (!linked.has(kr.id)) out.push({ id: kr.id, label: `Key result: ${kr.title || 'Untitled'}` });
      for (const c of checkInsByKeyResult[kr.id] ?? []) {
        if (!linked.has(c.id)) out.push({ id: c.id, label: `Check-in ${formatDate(c.at)} on ${kr.title || 'Untitled'}` });
      }
    }
    for (const d of Object.values(decisions)) if (!linked.has(d.id)) out.push({ id: d.id, label: `Decision: ${d.kind} — ${d.rationale.slice(0, 60)}` });
    return out;
  }, [item.links, keyResults, objectives, checkInsByKeyResult, decisions]);

  return (
    <div className="journal-entry__links">
      <span className="muted small">Linked to</span>
      {item.links.length === 0 && <span className="muted small">nothing yet</span>}
      <ul className="chips" aria-label="Links">
        {item.links.map((link) => (
          <li key={link.id} className={`chip ${link.missing ? 'chip--missing' : ''}`}>
            {link.title}
            <button type="button" className="chip__remove" aria-label={`Unlink ${link.title}`} onClick={() => act((ctx) => unlinkJournalEntry(ctx, item.entry.id, link.id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {options.length > 0 && (
        <select
          aria-label="Link to a key result, check-in or decision"
          value=""
          {...form.field('links')}
          onChange={(e) => e.target.value && form.run((ctx) => linkJournalEntry(ctx, item.entry.id, e.target.value), 'Could not link')}
        >
          <option value="">Link…</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      )}
      <FieldError form={form} name="links" />
    </div>
  );
}

function CheckInLine({ item }: { item: Extract<JournalTimelineItem, { type: 'checkIn' }> }) {
  const { checkIn } = item;
  return (
    <div className="journal-checkin">
      <span className="chip">Check-in</span> <span className="muted small">{formatDay(item.date)}</span> <strong>{item.title}</strong>
      <span> — {checkIn.value}</span>
      {checkIn.confidence !== null && <span className="muted small"> · confidence {checkIn.confidence}/10</span>}
      {checkIn.note && <div className="muted small">{checkIn.note}</div>}
    </div>
  );
}
