import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { followClock, OffsetEstimator, offsetOf, serveClock } from '../../shared/workshop/clock';
import { remainingMs, startTimer, idleTimer, MINUTE_MS } from '../../shared/workshop/timer';
import { seededRandom } from '../support/random';

const MIN5 = 5 * MINUTE_MS;

describe('offset estimation (NTP-style)', () => {
  it('finds a ±5 minute skew within half the best round trip, despite asymmetric delays', () => {
    const random = seededRandom(14);
    for (const skew of [MIN5, -MIN5, 0, 1234]) {
      const estimator = new OffsetEstimator();
      // Real time t; the participant's clock reads t − skew, the facilitator's t (offset = +skew).
      let t = 1_800_000_000_000;
      for (let i = 0; i < 20; i++) {
        // Out and back take different times (Wi-Fi): 5–400 ms one way, 5–40 ms the other.
        const there = 5 + random.int(396);
        const back = 5 + random.int(36);
        const t0 = t - skew;
        const t1 = t + there;
        const t2 = t + there + back - skew;
        estimator.add({ t0, t1, t2 });
        t += 2000;
      }
      const error = Math.abs(estimator.offset()! - skew);
      expect(error).toBeLessThanOrEqual(estimator.roundTrip()! / 2);
      // The least delayed of the last 8 exchanges is a few tens of ms: far inside half a second.
      expect(error).toBeLessThan(250);
    }
  });

  it('ignores a sample whose answer came before its ping, and keeps only the last few', () => {
    const estimator = new OffsetEstimator(2);
    estimator.add({ t0: 100, t1: 5000, t2: 50 });
    expect(estimator.offset()).toBeNull();
    estimator.add({ t0: 0, t1: 1000, t2: 10 }); // round trip 10
    estimator.add({ t0: 0, t1: 2000, t2: 100 });
    estimator.add({ t0: 0, t1: 3000, t2: 200 }); // the 10 ms sample has left the window
    expect(estimator.offset()).toBe(offsetOf({ t0: 0, t1: 2000, t2: 100 }));
  });
});

/** Two awareness instances wired through their public update encoding, delivery deferred so delays can be simulated. */
function linkedAwareness(): { host: Awareness; guest: Awareness; deliver: (from: 'host' | 'guest') => void } {
  const host = new Awareness(new Y.Doc());
  const guest = new Awareness(new Y.Doc());
  const pending = { host: [] as Uint8Array[], guest: [] as Uint8Array[] };
  host.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin !== 'remote') pending.host.push(encodeAwarenessUpdate(host, [...added, ...updated, ...removed]));
  });
  guest.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin !== 'remote') pending.guest.push(encodeAwarenessUpdate(guest, [...added, ...updated, ...removed]));
  });
  return {
    host,
    guest,
    deliver(from) {
      const to = from === 'host' ? guest : host;
      for (const update of pending[from].splice(0)) applyAwarenessUpdate(to, update, 'remote');
    },
  };
}

describe('the clock exchange over awareness', () => {
  it('gives a participant whose clock is 5 minutes fast the facilitator’s remaining time', () => {
    let real = 1_800_000_000_000;
    const facilitatorNow = () => real;
    const skewedNow = () => real + MIN5;
    const { host, guest, deliver } = linkedAwareness();
    const estimator = new OffsetEstimator();
    const stopServing = serveClock(host, 'fay', facilitatorNow);
    const follower = followClock(guest, () => 'fay', skewedNow, estimator);
    deliver('host');
    for (let i = 0; i < 5; i++) {
      follower.ping();
      real += 120; // on its way
      deliver('guest');
      real += 30; // the answer is quicker
      deliver('host');
      real += 2000;
    }
    expect(estimator.size).toBe(5);
    const timer = startTimer(idleTimer(MIN5), facilitatorNow());
    real += 42_000;
    const seenByHost = remainingMs(timer, facilitatorNow());
    const seenByGuest = remainingMs(timer, skewedNow() + estimator.offset()!);
    expect(Math.abs(seenByHost - seenByGuest)).toBeLessThan(100);
    follower.stop();
    stopServing();
  });
});
