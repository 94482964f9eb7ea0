import { useCallback, useMemo, useState } from 'react';
import { checkInEntries, revisionSteps, type CheckInEntry } from '../../../shared/queries/checkInHistory';
import { confidenceLevel } from '../../../shared/queries/progress';
import { timelineOf, type TimelineItem } from '../../../shared/queries/timeline';
import { isTracked } from '../../../shared/queries/tracking';
import type { CheckIn, KeyResult, Objective, Question } from '../../../shared/schema/types';
import { useClock } from '../../state/clock';
import { useIdentity } from '../../state/identity';
import { selectAllQuestionsOf } from '../../state/selectors';
import { SIGNAL_LABEL } from '../../state/signals';
import { useWorkspace } from '../../state/workspaceSession';
import { DECISION_LABEL, DecisionForm } from '../../ui/DecisionForm';
import { CorrectCheckInForm, WithdrawCheckInForm } from './CheckInRevisionForm';
import { formatWhen, plural, unitOf, withUnit } from '../../ui/format';
import { ListFilter, useListFilter } from '../../ui/ListFilter';
import { SHORT_LIST, VirtualList, type ListLayout } from '../../ui/VirtualList';

const NO_RECORDS: readonly CheckIn[] = [];

/** What the timeline lists: the shared timeline's items, and the withdrawn check-ins, which no longer count but stay visible. */
type DisplayItem = TimelineItem | { type: 'withdrawn'; at: number; entry: CheckInEntry };


/** Which check-in is being corrected or withdrawn, if any. */
type Revising = { checkInId: string; mode: 'correct' | 'withdraw' } | null;

/** Check-ins, the signals they raised and the decisions taken, oldest first. */
export function KeyResultTimeline({ keyResult: kr, objective, history }: { keyResult: KeyResult; objective: Objective | undefined; history: readonly CheckIn[] }) {
  // Deleted questions too: the past is shown with the questions it had.
  const questions = useWorkspace(selectAllQuestionsOf(kr.id));
  const meta = useWorkspace((s) => s.meta);
  const decisions = useWorkspace((s) => s.decisions);
  const now = useClock((s) => s.now);
  const records = useWorkspace((s) => s.checkInRecordsByKeyResult[kr.id] ?? NO_RECORDS);
  // The same name commands sign with (renderer/state/identity.ts): only the author may correct.
  const me = useIdentity((s) => s.name);
  const [revising, setRevising] = useState<Revising>(null);
  const entries = useMemo(() => new Map(checkInEntries(records).map((e) => [e.original.id, e])), [records]);
  // null: no form; '' : a decision on the KR; a check-in id: a decision citing that check-in.
  const [deciding, setDeciding] = useState<string | null>(null);
  const items = useMemo(() => {
    if (!meta) return [];
    const all = Object.values(decisions);
    // As for signals: the minute clock must not hide a check-in or decision made since it last ticked.
    const latest = Math.max(now, history[0]?.at ?? 0, ...all.filter((d) => d.keyResultIds.includes(kr.id)).map((d) => d.at));
    const shown: DisplayItem[] = timelineOf({ keyResult: kr, history, questions, decisions: all, meta, thresholds: meta.signalThresholds, tracked: isTracked(kr, objective) }, latest);
    const withdrawn: DisplayItem[] = [...entries.values()].filter((e) => e.withdrawn).map((entry) => ({ type: 'withdrawn', at: entry.original.at, entry }));
    // A stable sort keeps the timeline's own order among equal times.
    return withdrawn.length ? [...shown, ...withdrawn].sort((a, b) => a.at - b.at) : shown;
  }, [kr, objective, history, questions, decisions, meta, now, entries]);
  const name = kr.title || 'Untitled key result';
  const checkIns = items.filter((i) => i.type === 'check-in').length;
  // Years of weekly check-ins: the entries near the screen are rendered (ui/VirtualList.tsx), the filter finds the rest.
  const filter = useListFilter(items, textOfEntry);
  const renderEntry = useCallback(
    (item: DisplayItem) =>
      item.type === 'withdrawn' ? (
        <WithdrawnEntry
          entry={item.entry}
          keyResult={kr}
          mine={item.entry.original.author === me}
          correcting={revising?.checkInId === item.entry.original.id && revising.mode === 'correct'}
          onCorrect={(on) => setRevising(on ? { checkInId: item.entry.original.id, mode: 'correct' } : null)}
        />
      ) : item.type === 'check-in' ? (
        <CheckInEntry
          checkIn={item.checkIn}
          entry={entries.get(item.checkIn.id)}
          keyResult={kr}
          questions={questions}
          mine={item.checkIn.author === me}
          revising={revising?.checkInId === item.checkIn.id ? revising.mode : null}
          onRevise={(mode) => setRevising(mode ? { checkInId: item.checkIn.id, mode } : null)}
          onDecide={deciding === null ? setDeciding : undefined}
        />
      ) : (
        <TimelineEntry item={item} />
      ),
    [kr, me, revising, entries, questions, deciding],
  );
  return (
    <section aria-label={`Timeline of ${name}`}>
      <div className="row">
        <h3 className="details-title">
          Timeline ({plural(checkIns, 'check-in')})
        </h3>
        {deciding === null && (
          <button type="button" className="button button--small" onClick={() => setDeciding('')} aria-label={`Record a decision on ${name}`}>
            Record a decision
          </button>
        )}
      </div>
      {deciding !== null && (
        <DecisionForm
          keyResultId={kr.id}
          evidence={deciding ? [deciding] : history[0] ? [history[0].id] : []}
          onDone={() => setDeciding(null)}
        />
      )}
      {items.length === 0 ? (
        <p className="muted">No check-ins yet. Record one weekly: the value, how confident you are, and what changed.</p>
      ) : (
        <>
          <ListFilter label="Filter the timeline" filter={filter} total={items.length} placeholder="Value, note, who or date" />
          <VirtualList {...ENTRY_LIST} items={filter.shown} label={`Timeline entries of ${name}`} renderItem={renderEntry} />
        </>
      )}
    </section>
  );
}

const displayKeyOf = (item: DisplayItem) =>
  item.type === 'withdrawn'
    ? `w:${item.entry.original.id}`
    : item.type === 'check-in'
      ? `c:${item.checkIn.id}`
      : item.type === 'signal'
        ? `s:${item.signal.key}`
        : `d:${item.decision.id}`;

const ENTRY_LIST: ListLayout<DisplayItem> = {
  keyOf: displayKeyOf,
  // One line, two when it wraps; the entries touch, the timeline's line runs through them (.timeline in styles.css).
  estimateSize: () => 36,
  gap: 0,
  className: 'timeline',
  // Signals and decisions hold no control: each entry takes focus, so Tab never skips past the rendered ones.
  focusableItems: true,
  wholeUpTo: SHORT_LIST,
};

/** The words the timeline's filter looks in: what the entry says, and when. */
function textOfEntry(item: DisplayItem): string {
  const when = formatWhen(item.at);
  if (item.type === 'withdrawn') return `withdrawn ${item.entry.effective.value} ${item.entry.effective.note} ${item.entry.effective.author} ${when}`;
  if (item.type === 'check-in') return `check-in ${item.checkIn.value} ${item.checkIn.note} ${item.checkIn.author} ${when}`;
  if (item.type === 'signal') return `${SIGNAL_LABEL[item.signal.kind]} ${item.signal.explanation} ${when}`;
  return `decision ${DECISION_LABEL[item.decision.kind]} ${item.decision.rationale} ${item.decision.author} ${when}`;
}

function valueOf(kr: KeyResult, value: number): string {
  return kr.kind === 'milestone' ? (value >= 1 ? 'Done' : 'Not done') : kr.kind === 'learning' ? `${value} answered` : withUnit(value, unitOf(kr));
}

/** "12.5 $ → 12,500 $; confidence 6 → 7; note changed": what one correction changed. */
function changeOf(kr: KeyResult, before: Pick<CheckIn, 'value' | 'confidence' | 'note'>, after: CheckIn): string {
  const parts: string[] = [];
  if (before.value !== after.value) parts.push(`${valueOf(kr, before.value)} → ${valueOf(kr, after.value)}`);
  if (before.confidence !== after.confidence) parts.push(`confidence ${before.confidence ?? '—'} → ${after.confidence ?? '—'}`);
  if (before.note !== after.note) parts.push(after.note ? `note “${after.note}”` : 'note removed');
  return parts.join('; ');
}

/** The corrections and the withdrawal of a check-in, oldest first. */
function RevisionLines({ entry, keyResult: kr }: { entry: CheckInEntry | undefined; keyResult: KeyResult }) {
  if (!entry?.revisions.length) return null;
  return (
    <ul className="timeline__revisions" aria-label={`Corrections of the check-in of ${formatWhen(entry.original.at)}`}>
      {revisionSteps(entry).map(({ revision, before }) => (
        <li key={revision.id}>
          {revision.withdrawn ? `withdrawn by ${revision.author} on ${formatWhen(revision.at)}` : `corrected by ${revision.author} on ${formatWhen(revision.at)}: ${changeOf(kr, before, revision)}`}
          {revision.reason ? ` — ${revision.reason}` : ''}
        </li>
      ))}
    </ul>
  );
}

interface CheckInEntryProps {
  checkIn: CheckIn;
  entry: CheckInEntry | undefined;
  keyResult: KeyResult;
  questions: readonly Question[];
  /** This person recorded it, so may correct or withdraw it. */
  mine: boolean;
  revising: 'correct' | 'withdraw' | null;
  onRevise: (mode: 'correct' | 'withdraw' | null) => void;
  /** Starts a decision citing a check-in as its evidence. */
  onDecide?: (checkInId: string) => void;
}

function CheckInEntry({ checkIn: c, entry, keyResult: kr, questions, mine, revising, onRevise, onDecide }: CheckInEntryProps) {
  const when = formatWhen(c.at);
  const answered = c.answers ? Object.entries(c.answers).map(([id, a]) => `${questions.find((q) => q.id === id)?.text ?? 'an unknown question'}: ${a}`) : [];
  const corrected = entry !== undefined && entry.revisions.length > 0;
  return (
    <div className="timeline__item timeline__item--check-in">
      <span className="timeline__type">{corrected ? 'Check-in (corrected)' : 'Check-in'}</span> <strong>{valueOf(kr, c.value)}</strong>
      {c.confidence !== null && (
        <span className="muted">
          {' '}
          · confidence {c.confidence}/10 ({confidenceLevel(c.confidence)})
        </span>
      )}
      {c.note && <span> · {c.note}</span>}
      {answered.length > 0 && <span> · {answered.join('; ')}</span>}
      <span className="muted">
        {' '}
        — {c.author}, {when}
      </span>
      {corrected && entry && <span className="muted"> · recorded as {valueOf(kr, entry.original.value)}</span>}
      {onDecide && (
        <button type="button" className="button button--small button--ghost timeline__decide" onClick={() => onDecide(c.id)} aria-label={`Decide from the check-in of ${when}`}>
          Decide…
        </button>
      )}
      {mine && revising === null && (
        <>
          {kr.kind !== 'learning' && (
            <button type="button" className="button button--small button--ghost" onClick={() => onRevise('correct')} aria-label={`Correct the check-in of ${when}`}>
              Correct…
            </button>
          )}
          <button type="button" className="button button--small button--ghost" onClick={() => onRevise('withdraw')} aria-label={`Withdraw the check-in of ${when}`}>
            Withdraw…
          </button>
        </>
      )}
      <RevisionLines entry={entry} keyResult={kr} />
      {revising === 'correct' && <CorrectCheckInForm keyResult={kr} checkIn={c} onDone={() => onRevise(null)} />}
      {revising === 'withdraw' && <WithdrawCheckInForm checkIn={c} onDone={() => onRevise(null)} />}
    </div>
  );
}

/**
 * A check-in that does not count: withdrawn (struck out, with who withdrew it
 * and why), or one whose stored value could not be read, which its author can
 * correct.
 */
function WithdrawnEntry({
  entry,
  keyResult: kr,
  mine,
  correcting,
  onCorrect,
}: {
  entry: CheckInEntry;
  keyResult: KeyResult;
  mine: boolean;
  correcting: boolean;
  onCorrect: (on: boolean) => void;
}) {
  const c = entry.effective;
  const when = formatWhen(c.at);
  return (
    <div className="timeline__item timeline__item--withdrawn">
      {entry.unreadable ? (
        <>
          <span className="timeline__type">Check-in with an unreadable value</span>{' '}
          <span className="muted">(it does not count; see the problems listed above)</span>
        </>
      ) : (
        <>
          <span className="timeline__type">Withdrawn check-in</span> <s>{valueOf(kr, c.value)}</s>
        </>
      )}
      <span className="muted">
        {' '}
        — {c.author || 'unknown author'}, {when}
      </span>
      {entry.unreadable && mine && kr.kind !== 'learning' && !correcting && (
        <button type="button" className="button button--small button--ghost" onClick={() => onCorrect(true)} aria-label={`Correct the check-in of ${when}`}>
          Correct…
        </button>
      )}
      <RevisionLines entry={entry} keyResult={kr} />
      {correcting && <CorrectCheckInForm keyResult={kr} checkIn={entry.original} onDone={() => onCorrect(false)} />}
    </div>
  );
}

function TimelineEntry({ item }: { item: Exclude<TimelineItem, { type: 'check-in' }> }) {
  if (item.type === 'signal') {
    return (
      <div className={`timeline__item timeline__item--signal ${item.closedBy ? 'timeline__item--closed' : ''}`}>
        <span className={`signal-chip signal-chip--${item.signal.kind}`}>{SIGNAL_LABEL[item.signal.kind]}</span> {item.signal.explanation}
        {item.closedBy && <span className="muted"> (closed by the decision to {DECISION_LABEL[item.closedBy.kind].toLowerCase()})</span>}
      </div>
    );
  }
  const d = item.decision;
  return (
    <div className="timeline__item timeline__item--decision">
      <span className="timeline__type">Decision</span> <strong>{DECISION_LABEL[d.kind]}</strong> — {d.rationale}
      <span className="muted">
        {' '}
        — {d.author}, {formatWhen(d.at)}
      </span>
    </div>
  );
}
