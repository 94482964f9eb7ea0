import { useCallback, useRef, useState, type SyntheticEvent } from 'react';

/**
 * An inline form opened by a control: when it closes (submitted or cancelled)
 * focus goes back to that control, not to the page, so the next action is one
 * Tab away rather than a walk from the top.
 */
export function useInlineForm(): { open: boolean; openFrom: (event: SyntheticEvent<HTMLElement>) => void; close: () => void } {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  const openFrom = useCallback((event: SyntheticEvent<HTMLElement>) => {
    opener.current = event.currentTarget;
    setOpen(true);
  }, []);
  const close = useCallback(() => {
    setOpen(false);
    // After React has removed the form (focus in it would otherwise fall to the body first).
    requestAnimationFrame(() => {
      if (opener.current?.isConnected) opener.current.focus();
    });
  }, []);
  return { open, openFrom, close };
}
