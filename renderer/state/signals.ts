import { decisionsBySignal, withStatus, type SignalStatus } from '../../shared/queries/decisions';
import { signalsOf, type Signal } from '../../shared/queries/signals';
import type { CheckIn, Decision, KeyResult, Question, SignalThresholds } from '../../shared/schema/types';
import { selectOutline, selectQuestionsByKeyResult } from './selectors';
import type { WorkspaceState } from './workspaceSession';

/*
 * Signals of the open workspace. Each KR's signals are cached on the identity
 * of what they are computed from (its record, check-ins and questions, the
 * cycle and thresholds, the clock), so a check-in recomputes one KR, not all.
 */

interface Cached {
  history: readonly CheckIn[];
  questions: readonly Question[] | undefined;
  cycle: string;
  thresholds: SignalThresholds;
  now: number;
  signals: Signal[];
}
const perKeyResult = new WeakMap<KeyResult, Cached>();
const NO_CHECK_INS: readonly CheckIn[] = [];

function signalsFor(kr: KeyResult, state: WorkspaceState, now: number): Signal[] {
  const meta = state.meta;
  if (!meta) return [];
  const history = state.checkInsByKeyResult[kr.id] ?? NO_CHECK_INS; // stable, or the cache never hits
  const questions = selectQuestionsByKeyResult(state)[kr.id];
  const cycle = `${meta.cycleStart}/${meta.cycleEnd}`;
  const cached = perKeyResult.get(kr);
  if (cached && cached.history === history && cached.questions === questions && cached.cycle === cycle && cached.thresholds === meta.signalThresholds && cached.now === now) {
    return cached.signals;
  }
  // The clock ticks once a minute; a check-in made since (or on a peer whose
  // clock runs ahead) is evidence all the same, so "now" is never before it.
  const at = Math.max(now, history[0]?.at ?? 0);
  const signals = signalsOf(kr, history, meta, at, meta.signalThresholds, questions ?? []);
  perKeyResult.set(kr, { history, questions, cycle, thresholds: meta.signalThresholds, now, signals });
  return signals;
}

let bySignalMemo: { decisions: unknown; map: Map<string, Decision> } | null = null;
function selectDecisionsBySignal(state: WorkspaceState): Map<string, Decision> {
  if (bySignalMemo?.decisions !== state.decisions) bySignalMemo = { decisions: state.decisions, map: decisionsBySignal(Object.values(state.decisions)) };
  return bySignalMemo.map;
}

let allMemo: { inputs: unknown[]; result: SignalStatus[] } | null = null;
/** Every signal of the live KRs, in outline order, with its status. */
export function selectWorkspaceSignals(state: WorkspaceState, now: number): SignalStatus[] {
  const inputs = [state.objectives, state.keyResults, state.checkInsByKeyResult, state.questions, state.decisions, state.meta, now];
  if (allMemo && allMemo.inputs.every((value, i) => value === inputs[i])) return allMemo.result;
  const bySignal = selectDecisionsBySignal(state);
  const result: SignalStatus[] = [];
  for (const { keyResults } of selectOutline(state).objectives) {
    for (const kr of keyResults) for (const status of withStatus(signalsFor(kr, state, now), bySignal)) result.push(status);
  }
  allMemo = { inputs, result };
  return result;
}

/** The open signals of one KR. */
export function openSignalsOf(kr: KeyResult, state: WorkspaceState, now: number): Signal[] {
  const bySignal = selectDecisionsBySignal(state);
  return signalsFor(kr, state, now).filter((s) => !bySignal.has(s.key));
}

export const SIGNAL_LABEL: Record<Signal['kind'], string> = {
  'behind-pace': 'Behind pace',
  stale: 'Stale',
  'confidence-drop': 'Confidence drop',
  divergence: 'Divergence',
  breakthrough: 'Breakthrough',
};
