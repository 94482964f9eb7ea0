import { describe, expect, it } from 'vitest';
import { PresenceBatcher, groupBySameClients, type BatchClock } from '../../shared/sync/room/presenceBatcher';

/* Relayed presence is coalesced per link and flushed at most every interval (shared/sync/room/presenceBatcher.ts). */

/** What a flush handed over: per link, its clients in ascending order. */
function perLink(pending: ReadonlyMap<string, ReadonlySet<number>>): Record<string, number[]> {
  return Object.fromEntries([...pending].map(([link, clients]) => [link, [...clients].sort((a, b) => a - b)]));
}

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
  it('the first change after a quiet spell goes at once; later ones wait for the interval, coalesced per link', () => {
    const { clock, advance } = fakeClock();
    const flushed: { links: Record<string, number[]>; at: number }[] = [];
    const batcher = new PresenceBatcher<string>((pending) => flushed.push({ links: perLink(pending), at: clock.now() }), clock, 250);
    batcher.queue([1], ['x', 'y']);
    advance(0);
    expect(flushed).toEqual([{ links: { x: [1], y: [1] }, at: 0 }]);
    advance(10);
    batcher.queue([2], ['x', 'y']);
    batcher.queue([3, 2], ['x']);
    batcher.queue([1], ['y']);
    advance(100);
    expect(flushed).toHaveLength(1);
    advance(140);
    expect(flushed.slice(1)).toEqual([{ links: { x: [2, 3], y: [1, 2] }, at: 250 }]);
  });

  it('a dropped link gets nothing; a flush with nothing queued hands over nothing', () => {
    const { clock, advance } = fakeClock();
    const flushed: Record<string, number[]>[] = [];
    const batcher = new PresenceBatcher<string>((pending) => flushed.push(perLink(pending)), clock, 250);
    batcher.queue([5, 4], ['a', 'b', 'c']);
    batcher.drop('b');
    advance(0);
    batcher.flush();
    expect(flushed).toEqual([{ a: [4, 5], c: [4, 5] }]);
  });

  it('links that are to get the same clients form one group (one message to encode); none for a link with no clients', () => {
    const groups = groupBySameClients(
      new Map<string, number[]>([
        ['a', [5, 4]],
        ['b', [7]],
        ['c', [4, 5]],
        ['d', []],
      ]),
    );
    expect(groups).toEqual([
      { clients: [4, 5], links: ['a', 'c'] },
      { clients: [7], links: ['b'] },
    ]);
  });

  it('a thousand renewals in a second are at most five sends per link', () => {
    const { clock, advance } = fakeClock();
    let sends = 0;
    const batcher = new PresenceBatcher<string>((pending) => (sends += pending.size), clock, 250);
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
