import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOrdered, orderAtEnd, orderBetween, orderForMove, sortOrdered } from '../../shared/order';

describe('fractional ordering', () => {
  it('puts a key strictly between its neighbours', () => {
    const a = orderBetween(null, null);
    const b = orderBetween(a, null);
    const mid = orderBetween(a, b);
    expect(a < mid && mid < b).toBe(true);
  });

  it('sorts by order then id, the same whatever the input order', () => {
    const items = [
      { id: 'b', order: 'a1' },
      { id: 'a', order: 'a1' },
      { id: 'c', order: 'a0' },
    ];
    expect(sortOrdered(items).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(sortOrdered([...items].reverse()).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(compareOrdered(items[0]!, items[0]!)).toBe(0);
  });

  it('moves an item to any index among the others', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(), fc.nat(), (n, from, to) => {
        let items: { id: string; order: string }[] = [];
        for (let i = 0; i < n; i++) items.push({ id: `i${i}`, order: orderAtEnd(items) });
        const moving = items[from % n]!;
        const target = to % n;
        const order = orderForMove(items, moving.id, target);
        items = items.map((i) => (i.id === moving.id ? { ...i, order } : i));
        expect(sortOrdered(items).findIndex((i) => i.id === moving.id)).toBe(target);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('still places an item when two neighbours share a key (concurrent inserts)', () => {
    const items = [
      { id: 'a', order: 'a0' },
      { id: 'b', order: 'a1' },
      { id: 'c', order: 'a1' },
      { id: 'd', order: 'a2' },
    ];
    const order = orderForMove(items, 'a', 2); // between b and c, which tie
    const sorted = sortOrdered(items.map((i) => (i.id === 'a' ? { ...i, order } : i))).map((i) => i.id);
    expect(sorted.indexOf('a')).toBeGreaterThan(sorted.indexOf('b'));
    expect(sorted.indexOf('a')).toBeLessThan(sorted.indexOf('d'));
  });

  it('treats a malformed key from a peer as an open end instead of failing', () => {
    expect(() => orderBetween('a', 'zzzz')).not.toThrow();
    expect(() => orderBetween('0', null)).not.toThrow();
  });
});
