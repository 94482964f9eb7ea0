import { decisionsBySignal, type SignalStatus } from '../../shared/queries/decisions';
import { compareSignalsByEvidence, signalsOf, type Signal } from '../../shared/queries/signals';
import { standingChangesAt } from '../../shared/queries/timeBoundary';
import { isTracked } from '../../shared/queries/tracking';
import type { CheckIn, Decision, KeyResult, Question, WorkspaceMeta } from '../../shared/schema/types';
import { selectQuestionsByKeyResult, selectTrackedKeyResults } from './selectors';
import type { Projection } from './projection';

/*
 * Signals of the open workspace. Every KR row and the Signals tab ask on every
 * store change (a keystroke in a title is one), so the answers are cached in
 * two steps:
 *  - an "inputs" generation: the store fields signals are computed from
 *    (check-ins, questions, decisions, meta) and the clock. While none of them
 *    changed, a KR whose record is the same gets its cached answer at once;
 *  - per KR, its signals are kept on the identity of its record, check-ins,
 *    questions, cycle and thresholds, so a check-in recomputes one KR, not all.
 * Answers keep their identity while unchanged, so components that compare
 * them (shallowly or by reference) skip their re-render.
 */

interface Inputs {
  checkInsByKeyResult: Projection['checkInsByKeyResult'];
  questions: Projection['questions'];
  decisions: Projection['decisions'];
  meta: WorkspaceMeta | null;
  now: number;
}
let inputs: Inputs | null = null;

/** The current generation: a new object whenever an input of the signals changes. */
function inputsOf(state: Projection, now: number): Inputs {
  if (
    !inputs ||
    inputs.checkInsByKeyResult !== state.checkInsByKeyResult ||
    inputs.questions !== state.questions ||
    inputs.decisions !== state.decisions ||
    inputs.meta !== state.meta ||
    inputs.now !== now
  ) {
    inputs = { checkInsByKeyResult: state.checkInsByKeyResult, questions: state.questions, decisions: state.decisions, meta: state.meta, now };
  }
  return inputs;
}

interface Cached {
  generation: Inputs;
  history: readonly CheckIn[];
  questions: readonly Question[] | undefined;
  cycleStart: string;
  cycleEnd: string;
  thresholds: WorkspaceMeta['signalThresholds'];
  now: number;
  /** The effective "now" the signals were computed at, and the first moment time alone may change them (timeBoundary.ts). */
  from: number;
  until: number;
  signals: Signal[];
  /** Derived from `signals` and the decisions by signal they were made with. */
  open: { bySignal: ReadonlyMap<string, Decision>; value: Signal[] } | null;
  statuses: { bySignal: ReadonlyMap<string, Decision>; value: SignalStatus[] } | null;
}
const perKeyResult = new WeakMap<KeyResult, Cached>();
const NO_CHECK_INS: readonly CheckIn[] = [];
const NO_SIGNALS: Signal[] = [];
const NO_STATUSES: SignalStatus[] = [];

function cachedFor(kr: KeyResult, state: Projection, now: number): Cached | null {
  const meta = state.meta;
  if (!meta) return null;
  const generation = inputsOf(state, now);
  const cached = perKeyResult.get(kr);
  if (cached?.generation === generation) return cached;

  const history = state.checkInsByKeyResult[kr.id] ?? NO_CHECK_INS; // stable, or the cache never hits
  const questions = selectQuestionsByKeyResult(state)[kr.id];
  // Computed from the same check-ins, questions, cycle and thresholds (only the clock may have moved).
  const sameSources =
    cached !== undefined &&
    cached.history === history &&
    cached.questions === questions &&
    cached.cycleStart === meta.cycleStart &&
    cached.cycleEnd === meta.cycleEnd &&
    cached.thresholds === meta.signalThresholds;
  if (sameSources && cached.now === now) {
    cached.generation = generation;
    return cached;
  }
  // The clock ticks once a minute; a check-in made since (or on a peer whose
  // clock runs ahead) is evidence all the same, so "now" is never before it.
  const at = Math.max(now, history[0]?.at ?? 0);
  // Only the clock moved, and not past the KR's next time boundary: the same signals, a stale one dated from the new "now".
  const carried = sameSources && at >= cached.from && at < cached.until;
  const signals = carried ? staleDatedAt(cached.signals, at) : sameAsBefore(cached?.signals, signalsOf(kr, history, meta, at, meta.signalThresholds, questions ?? []));
  const kept = cached?.signals === signals;
  const next: Cached = {
    generation,
    history,
    questions,
    cycleStart: meta.cycleStart,
    cycleEnd: meta.cycleEnd,
    thresholds: meta.signalThresholds,
    now,
    from: carried ? cached.from : at,
    until: carried ? cached.until : standingChangesAt(kr, history, questions ?? [], meta, at),
    signals,
    open: kept ? cached.open : null,
    statuses: kept ? cached.statuses : null,
  };
  perKeyResult.set(kr, next);
  return next;
}

/** `signals` with their stale signal (whose `at` is "now": docs/schema.md) dated `at`, in their order; themselves when there is none. */
function staleDatedAt(signals: Signal[], at: number): Signal[] {
  if (!signals.some((s) => s.kind === 'stale' && s.at !== at)) return signals;
  return signals.map((s) => (s.kind === 'stale' ? { ...s, at } : s)).sort(compareSignalsByEvidence);
}

/**
 * `next`, with the signals that did not change (most of them when only the
 * clock moved) replaced by the previous objects; `previous` itself when none
 * changed. Their views then need no re-render.
 */
function sameAsBefore(previous: Signal[] | undefined, next: Signal[]): Signal[] {
  if (!previous?.length) return next;
  const byKey = new Map(previous.map((s) => [s.key, s]));
  let unchanged = previous.length === next.length;
  const merged = next.map((signal, i) => {
    const before = byKey.get(signal.key);
    const same = before !== undefined && before.kind === signal.kind && before.explanation === signal.explanation && before.at === signal.at;
    if (!same || previous[i] !== before) unchanged = false;
    return same ? before : signal;
  });
  return unchanged ? previous : merged;
}

let bySignalMemo: { decisions: unknown; map: Map<string, Decision> } | null = null;
export function selectDecisionsBySignal(state: Projection): Map<string, Decision> {
  if (bySignalMemo?.decisions !== state.decisions) bySignalMemo = { decisions: state.decisions, map: decisionsBySignal(Object.values(state.decisions)) };
  return bySignalMemo.map;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The KR's signals with their status; the previous array while no status changed. */
function statusesOf(cached: Cached, state: Projection): SignalStatus[] {
  const bySignal = selectDecisionsBySignal(state);
  if (cached.statuses?.bySignal === bySignal) return cached.statuses.value;
  const previous = cached.statuses?.value;
  const unchanged = previous && previous.every(({ signal, closedBy }) => closedBy === (bySignal.get(signal.key) ?? null));
  const value = unchanged ? previous : cached.signals.map((signal) => ({ signal, closedBy: bySignal.get(signal.key) ?? null }));
  cached.statuses = { bySignal, value };
  return value;
}


let allMemo: { objectives: unknown; keyResultRecords: unknown; keyResults: readonly KeyResult[]; generation: Inputs; result: SignalStatus[] } | null = null;
/**
 * Every signal of the tracked KRs (closed ones, and those of closed
 * objectives, raise none), in outline order, with its status. Editing an
 * objective (its title, say) changes `objectives` but not the tracked KRs nor
 * their order: the previous answer is kept, same identity, nothing recomputed.
 */
export function selectWorkspaceSignals(state: Projection, now: number): SignalStatus[] {
  if (!state.meta) return NO_STATUSES;
  const generation = inputsOf(state, now);
  if (allMemo?.generation === generation) {
    if (allMemo.objectives === state.objectives && allMemo.keyResultRecords === state.keyResults) return allMemo.result;
    if (sameItems(selectTrackedKeyResults(state), allMemo.keyResults)) {
      allMemo.objectives = state.objectives;
      allMemo.keyResultRecords = state.keyResults;
      return allMemo.result;
    }
  }
  const keyResults = selectTrackedKeyResults(state);
  const result: SignalStatus[] = [];
  for (const kr of keyResults) {
    const cached = cachedFor(kr, state, now);
    if (cached) for (const status of statusesOf(cached, state)) result.push(status);
  }
  allMemo = { objectives: state.objectives, keyResultRecords: state.keyResults, keyResults, generation, result };
  return result;
}

/** The open signals of one KR (the same array while they stay the same); none once it, or its objective, is closed. */
export function openSignalsOf(kr: KeyResult, state: Projection, now: number): Signal[] {
  if (!isTracked(kr, state.objectives[kr.objectiveId])) return NO_SIGNALS;
  const cached = cachedFor(kr, state, now);
  if (!cached) return NO_SIGNALS;
  const bySignal = selectDecisionsBySignal(state);
  if (cached.open?.bySignal === bySignal) return cached.open.value;
  const open = cached.signals.filter((s) => !bySignal.has(s.key));
  const previous = cached.open?.value;
  const value = previous && sameItems(previous, open) ? previous : open.length ? open : NO_SIGNALS;
  cached.open = { bySignal, value };
  return value;
}

/**
 * The open signals of the tracked KRs, counted: the Signals tab's count, which
 * the tab bar asks for on every store change. Kept per KR, so a check-in (or a
 * question answered) recounts the KRs whose check-ins (questions) changed and
 * adjusts the sum: finding them compares each KR's list to the last one's by
 * identity, and reads no other KR. A change to what KRs are tracked, to the
 * decisions, the cycle or the clock counts them all again.
 */
interface OpenCount {
  meta: WorkspaceMeta;
  now: number;
  keyResults: readonly KeyResult[];
  bySignal: ReadonlyMap<string, Decision>;
  checkInsByKeyResult: Projection['checkInsByKeyResult'];
  questions: ReturnType<typeof selectQuestionsByKeyResult>;
  /** Each tracked KR by id, with its open signals as last counted. */
  perKeyResult: Map<string, { kr: KeyResult; open: number }>;
  total: number;
}
let openCount: OpenCount | null = null;

/** The ids whose entry is another object in `next` than in `previous` (added and removed ones too). */
function changedIds<T>(previous: Readonly<Record<string, T>>, next: Readonly<Record<string, T>>): string[] {
  if (previous === next) return [];
  const changed: string[] = [];
  for (const id in next) if (next[id] !== previous[id]) changed.push(id);
  for (const id in previous) if (!(id in next)) changed.push(id);
  return changed;
}

export function selectOpenSignalCount(state: Projection, now: number): number {
  const meta = state.meta;
  if (!meta) return 0;
  const keyResults = selectTrackedKeyResults(state);
  const bySignal = selectDecisionsBySignal(state);
  const questions = selectQuestionsByKeyResult(state);
  const memo = openCount;
  if (memo && memo.meta === meta && memo.now === now && memo.keyResults === keyResults && memo.bySignal === bySignal) {
    for (const id of new Set([...changedIds(memo.checkInsByKeyResult, state.checkInsByKeyResult), ...changedIds(memo.questions, questions)])) {
      const entry = memo.perKeyResult.get(id);
      if (!entry) continue; // not a tracked KR: raises nothing
      const open = openSignalsOf(entry.kr, state, now).length;
      memo.total += open - entry.open;
      entry.open = open;
    }
    memo.checkInsByKeyResult = state.checkInsByKeyResult;
    memo.questions = questions;
    return memo.total;
  }
  const perKeyResult = new Map<string, { kr: KeyResult; open: number }>();
  let total = 0;
  for (const kr of keyResults) {
    const open = openSignalsOf(kr, state, now).length;
    perKeyResult.set(kr.id, { kr, open });
    total += open;
  }
  openCount = { meta, now, keyResults, bySignal, checkInsByKeyResult: state.checkInsByKeyResult, questions, perKeyResult, total };
  return total;
}

export const SIGNAL_LABEL: Record<Signal['kind'], string> = {
  'behind-pace': 'Behind pace',
  stale: 'Stale',
  'confidence-drop': 'Confidence drop',
  divergence: 'Divergence',
  breakthrough: 'Breakthrough',
};
