import { useCallback, useState } from 'react';

/*
 * Radix's tooltip closes itself when any ancestor of its trigger scrolls. In
 * Cairn the page scrolls inside `.app-scroll`, so a hint closed the moment
 * keyboard focus scrolled its trigger into view, or whenever the board's
 * frame moved under a resting pointer. The trigger is still focused or under
 * the pointer then, and the hint follows it (Radix repositions on scroll):
 * a close asked for while a scroll event is being handled is refused. Escape,
 * blur, pointer leave and a click still close it.
 */

let scrolling = false;
let listening = false;

/** Notes scroll events before any tooltip's own listener (registered later, when it opens) sees them. */
function listenForScrolls(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener(
    'scroll',
    () => {
      scrolling = true;
      // Until this round of scroll events is handled: every listener of this one runs first.
      setTimeout(() => {
        scrolling = false;
      }, 0);
    },
    { capture: true, passive: true },
  );
}

/** A tooltip's open state (Radix Root's `open` and `onOpenChange`) that a scroll does not close. */
export function useTooltipOpen(initiallyOpen = false): { open: boolean; onOpenChange: (open: boolean) => void } {
  listenForScrolls();
  const [open, setOpen] = useState(initiallyOpen);
  const onOpenChange = useCallback((next: boolean) => {
    if (!next && scrolling) return;
    setOpen(next);
  }, []);
  return { open, onOpenChange };
}
