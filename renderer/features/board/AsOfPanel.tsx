import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { objectiveProgressOf } from '../../../shared/queries/progress';
import { signalsOf } from '../../../shared/queries/signals';
import { addDays, endOfDay } from '../../../shared/dates';
import { keyResultAsOf, questionsAsOf } from '../../../shared/queries/timeline';
import type { CheckIn, KeyResult, Question } from '../../../shared/schema/types';
import { useClock } from '../../state/clock';
import { selectAllQuestionsOf, selectKeyResultIdsOf } from '../../state/selectors';
import { SIGNAL_LABEL } from '../../state/signals';
import { useWorkspace } from '../../state/workspaceSession';
import { formatDay, formatNumber, unitOf, withUnit } from '../../ui/format';
import { TrendChart } from './TrendChart';

const DAY_MS = 86_400_000;
const percent = (ratio: number | null) => (ratio === null ? 'unknown' : `${Math.round(ratio * 100)}%`);

/**
 * The KR's trend over the cycle, and an "as of" slider that shows the KR and
 * its objective as they stood on any past date.
 */
export function AsOfPanel({ keyResult: kr, history, questions }: { keyResult: KeyResult; history: readonly CheckIn[]; questions: readonly Question[] }) {
  const meta = useWorkspace((s) => s.meta);
  const now = useClock((s) => s.now);
  const siblingIds = useWorkspace(useShallow(selectKeyResultIdsOf(kr.objectiveId)));
  const allQuestions = useWorkspace(selectAllQuestionsOf(kr.id));
  const [day, setDay] = useState<string | null>(null);
  const objectiveAsOf = useWorkspace((s) => {
    if (day === null) return null;
    const at = endOfDay(day);
    return objectiveProgressOf(
      siblingIds.map((id) => {
        const sibling = s.keyResults[id];
        // A KR added after the date was not part of the objective then.
        if (!sibling || sibling.createdAt > at) return null;
        return keyResultAsOf(sibling, s.checkInsByKeyResult[id] ?? [], selectAllQuestionsOf(id)(s), at).progress.ratio;
      }),
    );
  });
  if (!meta) return null;
  const name = kr.title || 'Untitled key result';
  const start = Date.parse(`${meta.cycleStart}T00:00:00Z`);
  const lastDay = Math.max(0, Math.round((Date.parse(`${meta.cycleEnd}T00:00:00Z`) - start) / DAY_MS));
  const todayIndex = Math.min(lastDay, Math.max(0, Math.floor((now - start) / DAY_MS)));
  const index = day === null ? todayIndex : Math.round((Date.parse(`${day}T00:00:00Z`) - start) / DAY_MS);
  const at = day === null ? now : endOfDay(day);
  const state = keyResultAsOf(kr, history, allQuestions, at);
  const asked = questionsAsOf(allQuestions, at);
  const signals = day === null ? [] : signalsOf(kr, history, meta, at, meta.signalThresholds, asked);
  const value =
    state.progress.current === null
      ? 'no value yet'
      : kr.kind === 'milestone'
        ? state.progress.current >= 1
          ? 'done'
          : 'not done'
        : kr.kind === 'learning'
          ? `${formatNumber(state.progress.current)} of ${asked.length} questions answered`
          : withUnit(state.progress.current, unitOf(kr));

  return (
    <section className="as-of" aria-label={`Trend of ${name}`}>
      <TrendChart keyResult={kr} history={history} questionCount={questions.length} cycleStart={meta.cycleStart} cycleEnd={meta.cycleEnd} asOf={day === null ? null : at} />
      <div className="row row--wrap as-of__controls">
        <label className="field field--grow">
          <span>As of {day === null ? 'today' : formatDay(day)}</span>
          <input
            type="range"
            min={0}
            max={lastDay}
            step={1}
            value={index}
            aria-label={`As of date for ${name}`}
            aria-valuetext={day === null ? 'today' : formatDay(day)}
            onChange={(e) => {
              const next = Number(e.target.value);
              setDay(next >= todayIndex && todayIndex < lastDay ? null : addDays(meta.cycleStart, next));
            }}
          />
        </label>
        {day !== null && (
          <button type="button" className="button button--small button--ghost" onClick={() => setDay(null)}>
            Back to today
          </button>
        )}
      </div>
      {day !== null && (
        <p className="as-of__summary" role="status" aria-label={`${name} as of ${formatDay(day)}`}>
          On {formatDay(day)}: {value}, progress {percent(state.progress.ratio)}
          {state.latest?.confidence != null && `, confidence ${state.latest.confidence}/10`}; objective progress {percent(objectiveAsOf)}.
          {signals.length > 0 && ` Signals then: ${signals.map((s) => SIGNAL_LABEL[s.kind]).join(', ')}.`}
        </p>
      )}
    </section>
  );
}
