import { defaultRangeExtractor, useVirtualizer, type Range, type ScrollToOptions } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { useAfterFirstPaint } from './useAfterFirstPaint';

/*
 * A list that renders only the items near the visible part of the page (a
 * virtual list, @tanstack/react-virtual), for the lists that grow with the
 * workspace (the board's objectives, the signals). What a full list gave, the
 * virtual one keeps:
 * - Keyboard: a few items beyond the screen are always rendered, so Tab
 *   reaches the next item, whose focus scrolls it into view and brings the
 *   ones after it; the item that holds focus stays rendered when the page
 *   scrolls away from it (nothing typed is lost, a moved item keeps focus).
 * - Screen readers: each item says its position in the whole list
 *   (aria-posinset / aria-setsize); each list that uses this has a text
 *   filter, in place of find-in-page.
 * - Going to an item (`reveal`): its slot is scrolled into view, which renders it.
 * Heights are measured once an item renders (by the resize observer, after
 * the browser's own layout); until then they are the caller's estimate.
 */

/** Items rendered beyond each end of the visible part. */
const OVERSCAN = 2;

/** The nearest scrolling ancestor (the app scrolls in `.app-scroll`). */
function scrollParentOf(element: HTMLElement | null): HTMLElement | null {
  return element?.closest<HTMLElement>('.app-scroll') ?? (document.scrollingElement as HTMLElement | null);
}

/** How far below the top of the scrolled content the list starts (what is above it: header, summary, filters). */
function offsetWithin(element: HTMLElement, scroller: HTMLElement): number {
  return Math.round(element.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
}

export interface VirtualListProps<T> {
  items: readonly T[];
  /** A stable key per item: it keeps an item's measured height and its focus across changes. */
  keyOf: (item: T) => string;
  /** An item's height before it is measured. */
  estimateSize: (item: T) => number;
  /** The space between items, px (as the list's CSS gap would be). */
  gap: number;
  /** The list's accessible name. */
  label: string;
  className: string;
  /** Each item's accessible name, on its listitem, when it has one. */
  itemLabel?: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  /** Scrolls the item with this key into view (a new object for each request). */
  reveal?: { key: string; align: ScrollToOptions['align'] } | null;
  /** Items rendered beyond each end of the visible part (OVERSCAN unless told): at least 1, so Tab reaches the next item. */
  overscan?: number;
  /**
   * Render the items a scroll brings in a task of their own, after the
   * scroll's frame, rather than inside its scroll event (`flushSync`): for
   * heavy items, so building them and Chromium's style, layout and paint of
   * the frame are not one long task. The overscan covers the frame between.
   */
  renderAfterScroll?: boolean;
}

export function VirtualList<T>({ items, keyOf, estimateSize, gap, label, className, itemLabel, renderItem, reveal, overscan = OVERSCAN, renderAfterScroll = false }: VirtualListProps<T>) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const focusedKey = useRef<string | null>(null);
  const measured = useRef(new Map<string, number>());
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const keyOfRef = useRef(keyOf);
  keyOfRef.current = keyOf;

  // The item holding focus is rendered wherever the page is scrolled.
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const focused = focusedKey.current === null ? -1 : itemsRef.current.findIndex((item) => keyOfRef.current(item) === focusedKey.current);
    if (focused >= 0 && !indexes.includes(focused)) return [...indexes, focused].sort((a, b) => a - b);
    return indexes;
  }, []);

  const estimateAt = (index: number) => {
    const item = items[index];
    return item === undefined ? 0 : estimateSize(item);
  };

  // The first screenful is painted from estimates; measuring (the scroller, the items) starts after that paint,
  // so the first frame costs one layout, not one forced in the middle of React's commit and another to paint.
  const painted = useAfterFirstPaint();
  // Cairn is not built with the React Compiler (nothing memoizes this component automatically), which is what the rule guards.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => (painted ? scrollParentOf(listRef.current) : null),
    estimateSize: estimateAt,
    getItemKey: (index) => {
      const item = items[index];
      return item === undefined ? index : keyOf(item);
    },
    // The first frame shows what fits the screen; the items beyond it (for Tab, and smooth scrolling) follow it.
    overscan: painted ? Math.max(1, overscan) : 0,
    useFlushSync: !renderAfterScroll,
    gap,
    scrollMargin,
    rangeExtractor,
    // Sizes come from the resize observer, after the browser's own layout: measuring as each item mounts would
    // force a layout of the page in the middle of React's commit. Until then, an item is as tall as last measured.
    measureElement: (element, entry) => {
      const key = (element as HTMLElement).dataset.listKey ?? '';
      const size = entry?.borderBoxSize[0]?.blockSize;
      if (size !== undefined) {
        measured.current.set(key, size);
        return size;
      }
      return measured.current.get(key) ?? estimateAt(Number((element as HTMLElement).dataset.index));
    },
    // The first render already knows the window's size, so the first screenful is in the first commit.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });

  // What is above the list changes height (a summary arrives after the first paint, the window is resized).
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

  useEffect(() => {
    if (!reveal) return;
    const index = itemsRef.current.findIndex((item) => keyOfRef.current(item) === reveal.key);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: reveal.align });
  }, [reveal, virtualizer]);

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[data-list-key]');
    focusedKey.current = item?.dataset.listKey ?? null;
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!listRef.current?.contains(event.relatedTarget as Node | null)) focusedKey.current = null;
  };

  return (
    <div
      ref={listRef}
      className={`${className} virtual-list`}
      aria-label={label}
      role="list"
      style={{ height: virtualizer.getTotalSize() }}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      {virtualizer.getVirtualItems().map((virtual) => {
        const item = items[virtual.index]!;
        const key = keyOf(item);
        return (
          <div
            role="listitem"
            key={virtual.key}
            data-index={virtual.index}
            data-list-key={key}
            ref={virtualizer.measureElement}
            aria-label={itemLabel?.(item)}
            aria-posinset={virtual.index + 1}
            aria-setsize={items.length}
            className="virtual-list__item"
            style={{ top: virtual.start - scrollMargin }}
          >
            {renderItem(item)}
          </div>
        );
      })}
    </div>
  );
}
