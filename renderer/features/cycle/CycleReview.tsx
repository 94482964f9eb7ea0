import { FieldError, useFieldErrors } from '../../ui/fieldErrors';
import { useState, type FormEvent } from 'react';
import { recordRetrospective, scoreKeyResult } from '../../../shared/commands/cycle';
import { CommandError } from '../../../shared/commands/context';
import { quarterOf } from '../../../shared/commands/workspace';
import { addDays, utcDateOf } from '../../../shared/dates';
import { NEXT_LABEL, formatScore, latestRetrospectives, latestScores, objectiveScore, suggestedScore } from '../../../shared/queries/scoring';
import { readWorkspace } from '../../../shared/schema/read';
import { OBJECTIVE_NEXT, type KeyResult, type Objective, type ObjectiveNext } from '../../../shared/schema/types';
import { goToWorkspace } from '../../state/navigation';
import { useLibrary } from '../../state/libraryStore';
import { memoOn, progressFor, selectOutline, selectQuestionsOf } from '../../state/selectors';
import { reportError } from '../../state/toasts';
import { runCommand, useWorkspace, type WorkspaceState } from '../../state/workspaceSession';
import { toggled } from '../../ui/toggled';
import { formatWhen } from '../../ui/format';
import { formatExactly, readNumber } from '../../ui/locale';
import { NumberField } from '../../ui/NumberField';

// Memoized on the record map's identity: a selector must return the same value for the same state.
const scoresOf = memoOn((scores: WorkspaceState['scores']) => latestScores(Object.values(scores)));
const retrosOf = memoOn((retros: WorkspaceState['retrospectives']) => latestRetrospectives(Object.values(retros)));

/**
 * End of cycle: score each KR (suggested from its progress, editable with a
 * note), a short retrospective per objective, and the next cycle started
 * from the objectives the team carries forward.
 */
export function CycleReview() {
  const outline = useWorkspace(selectOutline);
  const scoreOf = useWorkspace((s) => scoresOf(s.scores));
  const retroOf = useWorkspace((s) => retrosOf(s.retrospectives));
  return (
    <section className="cycle-review" aria-label="Cycle review">
      <p className="muted">
        Score each key result from 0.0 to 1.0 — Cairn suggests one from its progress; change it when the number does not tell the whole story,
        and say why. Then write what the team learned from each objective, and whether it carries forward.
      </p>
      {outline.objectives.map(({ objective, keyResults }) => (
        <article key={objective.id} className="review-card" aria-label={`Review of ${objective.title || 'Untitled objective'}`}>
          <ObjectiveHeader objective={objective} scores={keyResults.map((kr) => scoreOf.get(kr.id)?.score ?? null)} />
          <ul className="review-krs">
            {keyResults.map((kr) => (
              // Keyed by the latest score: a teammate's newer score resets the form rather than being silently superseded.
              <ScoreRow key={`${kr.id}:${scoreOf.get(kr.id)?.id ?? ''}`} keyResult={kr} latest={scoreOf.get(kr.id) ?? null} />
            ))}
          </ul>
          <RetrospectiveForm key={retroOf.get(objective.id)?.id ?? ''} objective={objective} latest={retroOf.get(objective.id) ?? null} />
        </article>
      ))}
      <NextCycleForm retros={retroOf} />
    </section>
  );
}

function ObjectiveHeader({ objective, scores }: { objective: Objective; scores: (number | null)[] }) {
  const { score, explanation } = objectiveScore(scores);
  return (
    <header className="review-card__head">
      <h2 className="review-card__title">{objective.title || 'Untitled objective'}</h2>
      <span className="review-score" aria-label={`Score of objective ${objective.title}`}>
        {score === null ? '—' : score.toFixed(2)}
      </span>
      <span className="muted">{explanation}</span>
    </header>
  );
}

function ScoreRow({ keyResult: kr, latest }: { keyResult: KeyResult; latest: { score: number; note: string; author: string; at: number } | null }) {
  const history = useWorkspace((s) => s.checkInsByKeyResult[kr.id]);
  const questions = useWorkspace(selectQuestionsOf(kr.id));
  const suggested = suggestedScore(progressFor(kr, history ?? [], questions));
  const [score, setScore] = useState(latest ? formatExactly(latest.score) : suggested === null ? '' : formatExactly(suggested));
  const [note, setNote] = useState(latest?.note ?? '');
  const form = useFieldErrors(['score', 'note']);
  const name = kr.title || 'Untitled key result';
  const save = (event: FormEvent) => {
    event.preventDefault();
    const reading = readNumber(score);
    if (!reading.ok && reading.reason === 'ambiguous') return form.fail('score', reading.message);
    const value = reading.ok ? reading.value : NaN;
    if (!Number.isFinite(value) || value < 0 || value > 1) return form.fail('score', `A score is a number from ${formatExactly(0)} to ${formatExactly(1)}, such as ${formatExactly(0.7)}.`);
    if (suggested !== null && Math.abs(value - suggested) > 0.001 && !note.trim()) return form.fail('note', `Say why the score differs from the suggested ${suggested.toFixed(1)}.`);
    form.run((ctx) => scoreKeyResult(ctx, kr.id, { score: value, note, suggested }), 'Could not save the score');
  };
  return (
    <li className="review-kr">
      <form className="row row--wrap" noValidate onSubmit={save} aria-label={`Score of ${name}`}>
        <span className="review-kr__title">{name}</span>
        <span className="muted">suggested {suggested === null ? '—' : suggested.toFixed(1)}</span>
        <NumberField label="Score" value={score} onChange={setScore} error={form.errors.score ?? null} {...form.field('score')} aria-label={`Score for ${name} (0.0 to 1.0)`} />
        <label className="field field--grow">
          <span>Note</span>
          <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} {...form.field('note')} aria-label={`Score note for ${name}`} />
          <FieldError form={form} name="note" />
        </label>
        <button type="submit" className="button button--small" aria-label={`Save score for ${name}`}>
          Save
        </button>
      </form>
      {latest && (
        <p className="muted review-kr__saved">
          Scored {formatScore(latest.score)} by {latest.author}, {formatWhen(latest.at)}
        </p>
      )}
      <FieldError form={form} name="form" />
    </li>
  );
}

function RetrospectiveForm({ objective, latest }: { objective: Objective; latest: { learned: string; next: ObjectiveNext; reason: string; author: string; at: number } | null }) {
  const name = objective.title || 'Untitled objective';
  const [learned, setLearned] = useState(latest?.learned ?? '');
  const [next, setNext] = useState<ObjectiveNext>(latest?.next ?? 'carry-forward');
  const [reason, setReason] = useState(latest?.reason ?? '');
  const form = useFieldErrors(['learned', 'reason']);
  const save = (event: FormEvent) => {
    event.preventDefault();
    form.run((ctx) => recordRetrospective(ctx, objective.id, { learned, next, reason }), 'Could not save the retrospective');
  };
  return (
    <form className="retro" noValidate onSubmit={save} aria-label={`Retrospective of ${name}`}>
      <label className="field">
        <span>What we learned</span>
        <textarea rows={2} value={learned} onChange={(e) => setLearned(e.target.value)} {...form.field('learned')} aria-label={`What we learned from ${name}`} />
        <FieldError form={form} name="learned" />
      </label>
      <div className="row row--wrap">
        <fieldset className="field kind-choice">
          <legend>Next cycle</legend>
          {OBJECTIVE_NEXT.map((n) => (
            <label key={n}>
              <input type="radio" name={`next-${objective.id}`} checked={next === n} onChange={() => setNext(n)} /> {NEXT_LABEL[n]}
            </label>
          ))}
        </fieldset>
        <label className="field field--grow">
          <span>Why</span>
          <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} {...form.field('reason')} aria-label={`Why (${name})`} />
          <FieldError form={form} name="reason" />
        </label>
        <button type="submit" className="button button--small">
          Save retrospective
        </button>
      </div>
      <FieldError form={form} name="form" />
      {latest && (
        <p className="muted">
          Saved by {latest.author}, {formatWhen(latest.at)}: {NEXT_LABEL[latest.next]}.
        </p>
      )}
    </form>
  );
}

function NextCycleForm({ retros }: { retros: Map<string, { next: ObjectiveNext }> }) {
  const meta = useWorkspace((s) => s.meta);
  const outline = useWorkspace(selectOutline);
  // The day after this cycle ends, and the quarter it falls in (that day on the local calendar).
  const dayAfter = meta ? addDays(meta.cycleEnd, 1) : utcDateOf(new Date().getTime());
  const quarter = quarterOf(new Date(`${dayAfter}T00:00:00`));
  const [title, setTitle] = useState(`${meta?.title ?? 'Workspace'} — next cycle`);
  const [start, setStart] = useState(dayAfter);
  const [end, setEnd] = useState(quarter.cycleEnd);
  const [picked, setPicked] = useState<ReadonlySet<string> | null>(null);
  const [busy, setBusy] = useState(false);
  const defaults = new Set(
    outline.objectives.flatMap(({ objective, keyResults }) =>
      (retros.get(objective.id)?.next ?? 'carry-forward') === 'carry-forward' ? [objective.id, ...keyResults.map((k) => k.id)] : [],
    ),
  );
  const chosen = picked ?? defaults;
  const toggle = (ids: string[], on: boolean) => setPicked(ids.reduce((set, id) => toggled(set, id, on), chosen));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const snapshot = runCommand((ctx) => readWorkspace(ctx.doc));
      const id = await useLibrary.getState().startNextCycle(snapshot, {
        title,
        cycleStart: start,
        cycleEnd: end,
        objectiveIds: outline.objectives.map((o) => o.objective.id).filter((id) => chosen.has(id)),
        keyResultIds: [...chosen],
      });
      goToWorkspace(id);
    } catch (error) {
      if (!(error instanceof CommandError)) console.error(error);
      reportError(error, 'Could not start the next cycle');
      setBusy(false);
    }
  };
  return (
    <form className="next-cycle" onSubmit={(e) => void submit(e)} aria-label="Start the next cycle">
      <h2 className="section-title">Start the next cycle</h2>
      <p className="muted">Carries the chosen objectives and key results into a new workspace, without their check-ins. This workspace stays as it is.</p>
      <div className="row row--wrap">
        <label className="field field--grow">
          <span>Name</span>
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Name of the next cycle's workspace" />
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={start} onChange={(e) => setStart(e.target.value)} aria-label="Next cycle starts" />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={end} onChange={(e) => setEnd(e.target.value)} aria-label="Next cycle ends" />
        </label>
      </div>
      <fieldset className="field links">
        <legend>Carry forward</legend>
        {outline.objectives.map(({ objective, keyResults }) => (
          <div key={objective.id}>
            <label className="choice">
              <input type="checkbox" checked={chosen.has(objective.id)} onChange={(e) => toggle([objective.id, ...keyResults.map((k) => k.id)], e.target.checked)} />{' '}
              <strong>{objective.title || 'Untitled objective'}</strong>
            </label>
            {keyResults.map((kr) => (
              <label key={kr.id} className="choice choice--nested">
                <input type="checkbox" disabled={!chosen.has(objective.id)} checked={chosen.has(kr.id)} onChange={(e) => toggle([kr.id], e.target.checked)} />{' '}
                {kr.title || 'Untitled key result'}
              </label>
            ))}
          </div>
        ))}
      </fieldset>
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy}>
          Start the next cycle
        </button>
      </div>
    </form>
  );
}
