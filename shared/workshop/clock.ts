/*
 * Each participant's offset to the facilitator's clock, estimated NTP-style
 * (docs/workshop.md, "Session: one time for the whole room"). Laptops' clocks
 * differ, at times by minutes, so nothing shared is read from a local clock:
 * the timer's deadline is in the facilitator's clock, and every participant
 * computes what is left as deadline − (its own now + offset).
 *
 * One exchange: the participant notes t0 (its clock) and pings; the
 * facilitator answers with t1 (its clock); the answer arrives at t2 (the
 * participant's clock). If the way there and back took as long, the
 * facilitator's clock read t1 when the participant's read (t0 + t2) / 2, so
 * offset = t1 − (t0 + t2) / 2, wrong by at most half the round trip t2 − t0.
 * Of the last few samples the one with the smallest round trip is kept: the
 * least delayed exchange bounds the error best.
 *
 * The exchange rides on awareness (the existing connection's public API): a
 * participant's state holds `clockPing {seq, t0}`, the facilitator's holds
 * `clock {by, pongs: {[clientId]: {seq, t0, t1}}}`.
 */

export interface ClockSample {
  /** Participant's clock when the ping left. */
  t0: number;
  /** Facilitator's clock when it answered. */
  t1: number;
  /** Participant's clock when the answer arrived. */
  t2: number;
}

export function offsetOf(sample: ClockSample): number {
  return sample.t1 - (sample.t0 + sample.t2) / 2;
}

export function roundTripOf(sample: ClockSample): number {
  return sample.t2 - sample.t0;
}

/** How many recent samples the estimate chooses from: enough to ride out a burst of delay, few enough to follow a clock that is reset. */
export const SAMPLE_WINDOW = 8;

export class OffsetEstimator {
  private readonly samples: ClockSample[] = [];

  constructor(private readonly window = SAMPLE_WINDOW) {}

  add(sample: ClockSample): void {
    // A sample whose answer came before its ping (the participant's clock stepped back) says nothing.
    if (!(roundTripOf(sample) >= 0) || !Number.isFinite(sample.t1)) return;
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
  }

  private best(): ClockSample | null {
    let best: ClockSample | null = null;
    for (const s of this.samples) if (!best || roundTripOf(s) < roundTripOf(best)) best = s;
    return best;
  }

  /** The facilitator's clock minus this participant's, ms; null before the first answer. */
  offset(): number | null {
    const best = this.best();
    return best ? offsetOf(best) : null;
  }

  /** The round trip of the sample used: twice the worst error of the offset. */
  roundTrip(): number | null {
    const best = this.best();
    return best ? roundTripOf(best) : null;
  }

  get size(): number {
    return this.samples.length;
  }
}

/** The part of y-protocols' Awareness the exchange uses. */
export interface AwarenessLike {
  readonly clientID: number;
  getStates(): Map<number, { [key: string]: unknown }>;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}

interface Ping {
  seq: number;
  t0: number;
}
interface Pong extends Ping {
  t1: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function pingOf(state: { [key: string]: unknown }): Ping | null {
  const ping = state.clockPing as Partial<Ping> | null | undefined;
  if (!ping || typeof ping !== 'object' || !isNumber(ping.seq) || !isNumber(ping.t0)) return null;
  return { seq: ping.seq, t0: ping.t0 };
}

/**
 * The facilitator's side: answers every participant's newest ping with its own
 * clock. Returns a function that stops answering.
 */
export function serveClock(awareness: AwarenessLike, facilitatorId: string, now: () => number): () => void {
  const answered = new Map<number, number>();
  let pongs: Record<string, Pong> = {};
  const answer = () => {
    let fresh = false;
    const next: Record<string, Pong> = {};
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const ping = pingOf(state);
      if (!ping) return;
      const previous = pongs[String(clientId)];
      if (answered.get(clientId) === ping.seq && previous) {
        next[String(clientId)] = previous;
        return;
      }
      answered.set(clientId, ping.seq);
      next[String(clientId)] = { ...ping, t1: now() };
      fresh = true;
    });
    if (!fresh) return;
    pongs = next;
    awareness.setLocalStateField('clock', { by: facilitatorId, pongs });
  };
  awareness.setLocalStateField('clock', { by: facilitatorId, pongs });
  awareness.on('change', answer);
  answer();
  return () => {
    awareness.off('change', answer);
    awareness.setLocalStateField('clock', null);
  };
}

export interface ClockFollower {
  /** Sends a fresh ping (the caller schedules it every few seconds). */
  ping(): void;
  stop(): void;
}

/**
 * A participant's side: pings, and turns the facilitator's answer (the client
 * whose `clock.by` is `facilitatorId`) into a sample for `estimator`.
 * `onSample` is told after each one.
 */
export function followClock(awareness: AwarenessLike, facilitatorId: () => string | null, now: () => number, estimator: OffsetEstimator, onSample: () => void = () => {}): ClockFollower {
  let seq = 0;
  let outstanding: Ping | null = null;
  const read = () => {
    if (!outstanding) return;
    const wanted = facilitatorId();
    if (!wanted) return;
    for (const state of awareness.getStates().values()) {
      const clock = state.clock as { by?: unknown; pongs?: Record<string, Partial<Pong>> } | null | undefined;
      if (!clock || clock.by !== wanted || typeof clock.pongs !== 'object' || clock.pongs === null) continue;
      const pong = clock.pongs[String(awareness.clientID)];
      if (!pong || pong.seq !== outstanding.seq || pong.t0 !== outstanding.t0 || !isNumber(pong.t1)) continue;
      const t2 = now();
      estimator.add({ t0: outstanding.t0, t1: pong.t1, t2 });
      outstanding = null;
      onSample();
      return;
    }
  };
  awareness.on('change', read);
  return {
    ping() {
      outstanding = { seq: ++seq, t0: now() };
      awareness.setLocalStateField('clockPing', outstanding);
    },
    stop() {
      awareness.off('change', read);
      awareness.setLocalStateField('clockPing', null);
    },
  };
}
