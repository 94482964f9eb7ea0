import type { CheckIn, Decision, KeyResult, Question, SignalThresholds, WorkspaceMeta } from '../schema/types';
import { signalsOf, type Signal } from './signals';

/*
 * A signal is open until a decision answers it. Decisions are immutable
 * records that name the signals (by key) they answer, so two people deciding
 * offline both keep their decision, and either one closes the signal.
 */

export interface SignalStatus {
  signal: Signal;
  /** The earliest decision that answered it, or null while open. */
  closedBy: Decision | null;
}

/** Decisions by the signal keys they answer; the earliest decision wins a key. */
export function decisionsBySignal(decisions: Iterable<Decision>): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const d of decisions) {
    for (const key of d.signalKeys) {
      const known = out.get(key);
      if (!known || d.at < known.at || (d.at === known.at && d.id < known.id)) out.set(key, d);
    }
  }
  return out;
}

function withStatus(signals: readonly Signal[], bySignal: ReadonlyMap<string, Decision>): SignalStatus[] {
  return signals.map((signal) => ({ signal, closedBy: bySignal.get(signal.key) ?? null }));
}

/** Decisions that affect a KR, oldest first. */
export function decisionsOf(keyResultId: string, decisions: Iterable<Decision>): Decision[] {
  const out: Decision[] = [];
  for (const d of decisions) if (d.keyResultIds.includes(keyResultId)) out.push(d);
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

/** What the workspace-wide signal computation needs: plain data, no Y.Doc. */
export interface SignalsInput {
  meta: Pick<WorkspaceMeta, 'cycleStart' | 'cycleEnd' | 'signalThresholds'>;
  /** The tracked KRs (`trackedKeyResults` in tracking.ts: closed ones, and those of closed objectives, raise no signals), in the order the team sees them. */
  keyResults: readonly KeyResult[];
  checkInsByKeyResult: Readonly<Record<string, readonly CheckIn[]>>;
  questionsByKeyResult: Readonly<Record<string, readonly Question[]>>;
  decisions: Iterable<Decision>;
}

/**
 * Every signal of the workspace at `now`, with whether a decision closed it,
 * in the order of the KRs and, within a KR, oldest evidence first.
 */
export function workspaceSignals(input: SignalsInput, now: number, thresholds: SignalThresholds = input.meta.signalThresholds): SignalStatus[] {
  const bySignal = decisionsBySignal(input.decisions);
  const out: SignalStatus[] = [];
  for (const kr of input.keyResults) {
    const signals = signalsOf(kr, input.checkInsByKeyResult[kr.id] ?? [], input.meta, now, thresholds, input.questionsByKeyResult[kr.id] ?? []);
    for (const s of withStatus(signals, bySignal)) out.push(s);
  }
  return out;
}
