import { useEffect, type RefObject } from 'react';

/**
 * Keeps the page's scroll padding at the height of a sticky header, so that
 * whatever is scrolled into view (a card the At a glance panel goes to, a
 * field that receives focus by Tab) comes to rest below the header instead of
 * under it. The page scrolls in `.app-scroll`.
 */
export function useScrollPaddingFor(header: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = header.current;
    const scroller = element?.closest<HTMLElement>('.app-scroll');
    if (!element || !scroller) return;
    const observer = new ResizeObserver(() => {
      // A little room below the header, so the next card's edge shows.
      scroller.style.scrollPaddingTop = `${Math.ceil(element.getBoundingClientRect().height) + 8}px`;
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      scroller.style.scrollPaddingTop = '';
    };
  }, [header]);
}
