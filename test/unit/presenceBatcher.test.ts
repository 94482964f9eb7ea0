import { describe, expect, it } from 'vitest';
import { PresenceBatcher, type BatchClock } from '../../shared/sync/room/presenceBatcher';

/* Relayed presence is coalesced per link and flushed at most every interval (shared/sync/room/presenceBatcher.ts). */

function fakeClock() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 1;
  const clock: BatchClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      timers.push({ at: now + ms, run, id: next });
      return next++;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.run();
    }
    now = until;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('presence batcher', () => {
  it('the first change after a quiet spell goes at once; later ones wait for the interval, coalesced', () => {
    const { clock, advance } = fakeClock();
    const sent: { links: string[]; clients: number[]; at: number }[] = [];
    const batcher = new PresenceBatcher<string>((links, clients) => sent.push({ links, clients, at: clock.now() }), clock, 250);
    batcher.queue([1], ['x', 'y']);
    advance(0);
    expect(sent).toEqual([{ links: ['x', 'y'], clients: [1], at: 0 }]);
    advance(10);
    batcher.queue([2], ['x', 'y']);
    batcher.queue([3, 2], ['x']);
    batcher.queue([1], ['y']);
    advance(100);
    expect(sent).toHaveLength(1);
    advance(140);
    expect(sent.slice(1)).toEqual([
      { links: ['x'], clients: [2, 3], at: 250 },
      { links: ['y'], clients: [1, 2], at: 250 },
    ]);
  });

  it('links with the same clients queued share one send; a dropped link gets nothing', () => {
    const { clock, advance } = fakeClock();
    const sent: { links: string[]; clients: number[] }[] = [];
    const batcher = new PresenceBatcher<string>((links, clients) => sent.push({ links, clients }), clock, 250);
    batcher.queue([5, 4], ['a', 'b', 'c']);
    batcher.drop('b');
    advance(0);
    expect(sent).toEqual([{ links: ['a', 'c'], clients: [4, 5] }]);
  });

  it('a thousand renewals in a second are at most five sends per link', () => {
    const { clock, advance } = fakeClock();
    let sends = 0;
    const batcher = new PresenceBatcher<string>((links) => (sends += links.length), clock, 250);
    for (let i = 0; i < 1000; i++) {
      batcher.queue([i % 30], ['a']);
      advance(1);
    }
    advance(250);
    expect(sends).toBeLessThanOrEqual(5);
    batcher.destroy();
  });

  it('destroy cancels what is queued', () => {
    const { clock, advance, pending } = fakeClock();
    let sends = 0;
    const batcher = new PresenceBatcher<string>(() => sends++, clock, 250);
    batcher.queue([1], ['a']);
    batcher.destroy();
    expect(pending()).toBe(0);
    advance(1000);
    expect(sends).toBe(0);
  });
});
