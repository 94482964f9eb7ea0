import { defaultRangeExtractor, useVirtualizer, type Range, type ScrollToOptions } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { useAfterFirstPaint } from './useAfterFirstPaint';

/*
 * A list that renders only the items near the visible part of the page (a
 * virtual list, @tanstack/react-virtual), for the lists that grow with the
 * workspace (the board's objectives, the signals, the decision log, the
 * alignment rows, the rollout plans, the library, a key result's timeline). What a full list gave, the
 * virtual one keeps:
 * - Keyboard: the item that holds focus and one on each side of it are
 *   always rendered, so Tab (Shift+Tab) reaches the next (previous) item
 *   whatever the scroll, whose focus scrolls it into view and brings the
 *   ones after it; a few items beyond the screen are rendered too (overscan);
 *   the focused item stays rendered when the page scrolls away from it
 *   (nothing typed is lost, a moved item keeps focus).
 * - Screen readers: each item says its position in the whole list
 *   (aria-posinset / aria-setsize), and a tree shown as a flat list each
 *   row's depth (aria-level, `itemAttributes`); each list that uses this has
 *   a text filter, in place of find-in-page.
 * - Going to an item (`reveal`): its slot is scrolled into view, which renders it.
 * The rendered items lie in the page's flow, so the browser places each at
 * its real height in the frame that paints it: measuring (by the resize
 * observer, after the browser's own layout) corrects only the virtualizer's
 * sizes, and moves nothing on screen; an item that comes in above the screen
 * is made up for by the virtualizer (the browser's scroll anchoring is off in
 * the list, or both would). Until measured, an item not rendered counts as
 * the caller's estimate, in the space left before, between and after the
 * rendered ones.
 * - Building what a scroll brings in (`progressive`, the board): the items
 *   that enter the page while it scrolls are built as they reach the screen,
 *   and beyond the screen one a render; the others are placeholders of their
 *   size (the last measured, else the estimate) until the next frames fill
 *   them, one a frame, so a scroll step's task builds what is on screen and
 *   one more, not every item the overscan brings. A placeholder holds
 *   no control (focus cannot land in one), and the focused item and its
 *   neighbours are never placeholders, so Tab still reaches the next item; it
 *   keeps its place in the list (position, set size) and says its name.
 */

const NONE: ReadonlySet<string> = new Set();

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

/**
 * What a list may add to an item's listitem element, beside what the list
 * itself sets: only these are read, so a caller cannot undo what the virtual
 * list relies on. The list's own are `never` here, as a returned object
 * literal is not checked for extra properties.
 */
export interface ItemAttributes {
  /** The item's depth in a tree shown as a flat list, from 1 (ARIA 1.2 allows aria-level on a listitem). */
  'aria-level'?: number;
  role?: never;
  'aria-posinset'?: never;
  'aria-setsize'?: never;
  key?: never;
  style?: never;
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
  /** Attributes of an item's listitem element, when it has some (a tree's row, its aria-level). */
  itemAttributes?: (item: T) => ItemAttributes;
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
  /**
   * Each item takes focus itself (Tab walks the items), for lists whose items
   * hold no control: with most of the list out of the page, a screen reader's
   * reading cursor no longer reaches them, focus does.
   */
  focusableItems?: boolean;
  /**
   * A list this long or shorter is rendered whole (a timeline of a few
   * check-ins, a small library): as before it was virtual, every item is in
   * the page for find-in-page and a screen reader's reading cursor.
   */
  wholeUpTo?: number;
  /**
   * The items a scroll brings in are built one a render (those on screen
   * always), the others shown meanwhile as placeholders of their size and
   * filled one a frame: for heavy items, of which a scroll step brings several.
   */
  progressive?: boolean;
  /** A placeholder's accessible name (`progressive`), as the item's own would say it. */
  placeholderLabel?: (item: T) => string;
}

/** With `progressive`, how many items not yet built a render builds beyond those on screen. */
const BUILT_PER_RENDER = 1;

/** What the lists other than the board render whole: about a screenful of short items, a few screens of tall ones. */
export const SHORT_LIST = 30;

/** How a list lays out and names its items, apart from which items and how each renders: one constant per list. */
export type ListLayout<T> = Pick<VirtualListProps<T>, 'keyOf' | 'estimateSize' | 'gap' | 'className' | 'itemLabel' | 'itemAttributes' | 'focusableItems' | 'wholeUpTo'>;

export function VirtualList<T>({ items, keyOf, estimateSize, gap, label, className, itemLabel, itemAttributes, renderItem, reveal, overscan = OVERSCAN, renderAfterScroll = false, focusableItems = false, wholeUpTo = 0, progressive = false, placeholderLabel }: VirtualListProps<T>) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // A ref, and a version bumped only when focus reaches an item whose neighbours are not all rendered: that renders
  // them at once, in the focus event's own commit, while Tab from one rendered item to the next re-renders nothing.
  const focusedKey = useRef<string | null>(null);
  const [focusVersion, focusMovedOffRange] = useReducer((version: number) => version + 1, 0);
  const measured = useRef(new Map<string, number>());
  // The keys rendered in full, and as placeholders, at the last commit (`progressive`).
  const built = useRef(new Set<string>());
  const waiting = useRef(new Set<string>());
  const [, fillNext] = useReducer((version: number) => version + 1, 0);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const keyOfRef = useRef(keyOf);
  keyOfRef.current = keyOf;

  // The item holding focus, and one on each side of it, are rendered wherever the page is scrolled: Tab and
  // Shift+Tab always find the next item in the page, even when a busy machine has not yet rendered the scroll
  // that focus caused (the overscan alone relies on that scroll's frame).
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const key = focusedKey.current;
    const focused = key === null ? -1 : itemsRef.current.findIndex((item) => keyOfRef.current(item) === key);
    if (focused < 0) return indexes;
    const around = [focused - 1, focused, focused + 1].filter((index) => index >= 0 && index < range.count && !indexes.includes(index));
    return around.length === 0 ? indexes : [...indexes, ...around].sort((a, b) => a - b);
    // The version is what tells the virtualizer (which memoizes the range by this function) that focus moved off it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusVersion]);

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
    overscan: items.length <= wholeUpTo ? items.length : painted ? Math.max(1, overscan) : 0,
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
    // This list's own item: focus inside a list nested in an item (a timeline in a card) keeps the outer item.
    let item = (event.target as HTMLElement).closest<HTMLElement>('[data-list-key]');
    while (item && item.parentElement !== listRef.current) item = item.parentElement?.closest<HTMLElement>('[data-list-key]') ?? null;
    const key = item?.dataset.listKey ?? null;
    if (key === focusedKey.current) return;
    focusedKey.current = key;
    const index = Number(item?.dataset.index ?? -1);
    // A placeholder (`progressive`) holds no control: Tab would pass it by, so a neighbour waiting as one is built now.
    const rendered = new Set(virtualizer.getVirtualItems().filter((virtual) => !waiting.current.has(String(virtual.key))).map((virtual) => virtual.index));
    const around = [index - 1, index, index + 1].filter((at) => at >= 0 && at < items.length);
    if (key !== null && !around.every((at) => rendered.has(at))) focusMovedOffRange();
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    // The item that had focus stays rendered until the range next changes: nothing to render now.
    if (!listRef.current?.contains(event.relatedTarget as Node | null)) focusedKey.current = null;
  };

  /**
   * Which of the items to render are placeholders: those not built at the last commit, beyond the ones on screen, the
   * focused one and its neighbours, and the BUILT_PER_RENDER others nearest the screen (the next card below a jump's
   * screen is in the page at once, as before). Only while the page scrolls (or
   * placeholders are waiting): a list that opens, is filtered or grows renders its items whole, as before.
   */
  function placeholderKeys(rendered: { index: number; key: string }[]): ReadonlySet<string> {
    const onScreen = virtualizer.range;
    const focusedKey_ = focusedKey.current;
    const focused = focusedKey_ === null ? -1 : rendered.find((item) => item.key === focusedKey_)?.index ?? itemsRef.current.findIndex((item) => keyOf(item) === focusedKey_);
    const distance = (index: number) => (onScreen === null ? 0 : index < onScreen.startIndex ? onScreen.startIndex - index : index > onScreen.endIndex ? index - onScreen.endIndex : 0);
    const fresh = rendered.filter(({ key }) => !built.current.has(key));
    const mustBuild = fresh.filter(({ index }) => distance(index) === 0 || (focused >= 0 && Math.abs(index - focused) <= 1));
    const mayWait = fresh.filter((item) => !mustBuild.includes(item) && (virtualizer.isScrolling || waiting.current.has(item.key)));
    if (mayWait.length === 0) return NONE;
    mayWait.sort((a, b) => distance(a.index) - distance(b.index));
    return new Set(mayWait.slice(BUILT_PER_RENDER).map(({ key }) => key));
  }

  // The rendered items lie in the page's own flow, one after another: the browser places each at its real height
  // in the frame it is painted, so an item measured later moves nothing (an item scrolled into view stays under the
  // pointer) and what follows the list follows its last item once that is in the page. Only the space of the items
  // not rendered is given, from the virtualizer's sizes: before the first rendered item and between two runs (the
  // focused item far from the screen), as that item's top margin, and after the last, as the list's bottom padding.
  const virtualItems = virtualizer.getVirtualItems();
  const placeholders = progressive ? placeholderKeys(virtualItems.map((virtual) => ({ index: virtual.index, key: String(virtual.key) }))) : NONE;
  // What this commit built and left waiting; a waiting item is filled in a render of its own after the next frame.
  useLayoutEffect(() => {
    if (!progressive) return;
    built.current = new Set(virtualItems.map((virtual) => String(virtual.key)).filter((key) => !placeholders.has(key)));
    waiting.current = new Set(placeholders);
    if (placeholders.size === 0) return;
    const frame = requestAnimationFrame(fillNext);
    return () => cancelAnimationFrame(frame);
  });
  const lastEnd = virtualItems.at(-1)?.end ?? scrollMargin;
  let previousEnd = scrollMargin;
  return (
    <div
      ref={listRef}
      className={`${className} virtual-list`}
      aria-label={label}
      role="list"
      style={{ paddingBottom: Math.max(0, virtualizer.getTotalSize() - (lastEnd - scrollMargin)) }}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      {virtualItems.map((virtual) => {
        const item = items[virtual.index]!;
        const key = keyOf(item);
        const marginTop = virtual.start - previousEnd;
        previousEnd = virtual.end;
        // What an item says of its place in the list, the same whether it is built or waits as a placeholder.
        const place = {
          role: 'listitem',
          'data-index': virtual.index,
          'data-list-key': key,
          'aria-level': itemAttributes?.(item)['aria-level'],
          'aria-posinset': virtual.index + 1,
          'aria-setsize': items.length,
        };
        if (placeholders.has(String(virtual.key))) {
          // Its size as the virtualizer counts it, so filling it in moves nothing the virtualizer does not expect;
          // not measured (the item's own height is, once it is built).
          return (
            <div
              key={virtual.key}
              {...place}
              data-placeholder=""
              aria-label={placeholderLabel?.(item) ?? itemLabel?.(item)}
              aria-busy="true"
              className="virtual-list__item virtual-list__item--placeholder"
              style={{ marginTop, height: virtual.size }}
            />
          );
        }
        return (
          <div
            key={virtual.key}
            {...place}
            ref={virtualizer.measureElement}
            aria-label={itemLabel?.(item)}
            tabIndex={focusableItems ? 0 : undefined}
            className="virtual-list__item"
            style={{ marginTop }}
          >
            {renderItem(item)}
          </div>
        );
      })}
    </div>
  );
}
