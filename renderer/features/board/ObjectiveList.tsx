import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import type { BoardEntry } from '../../../shared/queries/boardFilter';
import { useBoardReveal } from '../../state/boardReveal';
import { useAfterFirstPaint } from '../../ui/useAfterFirstPaint';

/*
 * A list of objective cards that renders only the cards near the visible part
 * of the page (a virtual list, @tanstack/react-virtual): a board of 200
 * objectives and 1,000 key results builds a screenful of cards when it opens,
 * not 40,000 elements. What a full list gave, the virtual one keeps:
 * - Keyboard: a few cards beyond the screen are always rendered, so Tab
 *   reaches the next card, whose focus scrolls it into view and brings the
 *   ones after it; the card that holds focus stays rendered when the page
 *   scrolls away from it (nothing typed is lost, a moved card keeps focus).
 * - Screen readers: each item says its position in the whole list
 *   (aria-posinset / aria-setsize); the board's filter finds any objective or
 *   key result by text, in place of find-in-page.
 * - Going to a card (At a glance, following the facilitator): through
 *   state/boardReveal.ts, which scrolls the card's slot into view first.
 * Heights are measured once a card renders; until then they are estimated
 * from the card's key result count.
 */

/** Cards rendered beyond each end of the visible part. */
const OVERSCAN = 2;
/** The gap between cards (.objectives in styles.css). */
const GAP = 14;

/** A card's height before it is measured: its header and fields, and a compact row per key result. */
const estimateAt = (entries: readonly BoardEntry[], index: number) => 150 + 46 * (entries[index]?.keyResultIds.length ?? 0);

/** The nearest scrolling ancestor (the app scrolls in `.app-scroll`). */
function scrollParentOf(element: HTMLElement | null): HTMLElement | null {
  return element?.closest<HTMLElement>('.app-scroll') ?? (document.scrollingElement as HTMLElement | null);
}

/** How far below the top of the scrolled content the list starts (what is above it: header, summary, filters). */
function offsetWithin(element: HTMLElement, scroller: HTMLElement): number {
  return Math.round(element.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
}

export function ObjectiveList({ entries, label, renderCard }: { entries: BoardEntry[]; label: string; renderCard: (entry: BoardEntry) => ReactNode }) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const focusedId = useRef<string | null>(null);
  const measured = useRef(new Map<string, number>());
  const entriesRef = useRef(entries);
  entriesRef.current = entries;

  // The card holding focus is rendered wherever the page is scrolled.
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const focused = focusedId.current === null ? -1 : entriesRef.current.findIndex((e) => e.objectiveId === focusedId.current);
    if (focused >= 0 && !indexes.includes(focused)) return [...indexes, focused].sort((a, b) => a - b);
    return indexes;
  }, []);

  // The first screenful is painted from estimates; measuring (the scroller, the cards) starts after that paint,
  // so the first frame costs one layout, not one forced in the middle of React's commit and another to paint.
  const painted = useAfterFirstPaint();
  // Cairn is not built with the React Compiler (nothing memoizes this component automatically), which is what the rule guards.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => (painted ? scrollParentOf(listRef.current) : null),
    estimateSize: (index) => estimateAt(entries, index),
    getItemKey: (index) => entries[index]?.objectiveId ?? index,
    // The first frame shows what fits the screen; the cards beyond it (for Tab, and smooth scrolling) follow it.
    overscan: painted ? OVERSCAN : 0,
    gap: GAP,
    scrollMargin,
    rangeExtractor,
    // Sizes come from the resize observer, after the browser's own layout: measuring as each card mounts would
    // force a layout of the page in the middle of React's commit. Until then, a card is as tall as last measured.
    measureElement: (element, entry) => {
      const key = (element as HTMLElement).dataset.listKey ?? '';
      const size = entry?.borderBoxSize[0]?.blockSize;
      if (size !== undefined) {
        measured.current.set(key, size);
        return size;
      }
      return measured.current.get(key) ?? estimateAt(entries, Number((element as HTMLElement).dataset.index));
    },
    // The first render already knows the window's size, so the first screenful is in the first commit.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });

  // What is above the list changes height (the summary arrives after the first paint, the window is resized).
  useLayoutEffect(() => {
    const list = listRef.current;
    const scroller = scrollParentOf(list);
    if (!painted || !list || !scroller) return;
    const update = () => setScrollMargin(offsetWithin(list, scroller));
    update();
    const observer = new ResizeObserver(update);
    for (let node = list.parentElement; node && node !== scroller; node = node.parentElement) observer.observe(node);
    return () => observer.disconnect();
  }, [painted]);

  const request = useBoardReveal((s) => s.request);
  useEffect(() => {
    if (!request) return;
    const index = entriesRef.current.findIndex((e) => e.objectiveId === request.objectiveId);
    // The card's slot is scrolled into view; state/boardReveal.ts then scrolls to the rendered element itself.
    if (index >= 0) virtualizer.scrollToIndex(index, { align: request.block === 'nearest' ? 'auto' : request.block });
  }, [request, virtualizer]);

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const card = (event.target as HTMLElement).closest<HTMLElement>('[data-list-key]');
    focusedId.current = card?.dataset.listKey ?? null;
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!listRef.current?.contains(event.relatedTarget as Node | null)) focusedId.current = null;
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={listRef}
      className="objectives objectives--virtual"
      aria-label={label}
      role="list"
      style={{ height: virtualizer.getTotalSize() }}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      {items.map((item) => {
        const entry = entries[item.index]!;
        return (
          <div
            role="listitem"
            key={item.key}
            data-index={item.index}
            data-list-key={entry.objectiveId}
            ref={virtualizer.measureElement}
            aria-posinset={item.index + 1}
            aria-setsize={entries.length}
            className="objectives__item"
            style={{ top: item.start - scrollMargin }}
          >
            {renderCard(entry)}
          </div>
        );
      })}
    </div>
  );
}
