import * as RadixTooltip from '@radix-ui/react-tooltip';
import { cloneElement, useEffect, useId, useLayoutEffect, useState, type FocusEvent, type PointerEvent, type ReactElement, type ReactNode } from 'react';
import { useTooltipOpen } from './tooltipOpen';

/** The props the tooltip adds to its trigger (composed with the trigger's own handlers). */
interface TriggerProps {
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  'data-tooltip-trigger'?: string;
}

const HOVER_DELAY_MS = 400;

/** Tooltips whose trigger is being pressed: the focus a press gives is not a reason to rebuild it under the click. */
const pressed = new Set<string>();

/** The pending arming of each tooltip whose trigger a pointer rests on, by tooltip id. */
const resting = new Map<string, ReturnType<typeof setTimeout>>();
function stopResting(id: string): void {
  clearTimeout(resting.get(id));
  resting.delete(id);
}

/**
 * A short hint on hover and keyboard focus (Radix UI's Tooltip: shown after a
 * delay, dismissed by Escape, announced as the trigger's description). The
 * trigger is the one child. Each tooltip carries its own provider, so any
 * component can use one. A scroll of the page does not close it
 * (./tooltipOpen.ts).
 *
 * A board has a grip and an owner avatar per objective and per KR: each
 * starts as its plain child and becomes a Radix trigger only when a pointer
 * rests on it for the hover delay or keyboard focus reaches it, so opening
 * the board does not build a thousand tooltips (as HealthBadge does).
 * Becoming a trigger rebuilds the element, so it never happens while a click
 * is under way: a mouse press cancels the pending arming, a click's focus is
 * not armed on, and a touch has no hover.
 */
export function Tooltip({ content, side = 'bottom', children }: { content: ReactNode; side?: 'top' | 'bottom' | 'left' | 'right'; children: ReactElement<TriggerProps> }) {
  const [armedBy, setArmedBy] = useState<'pointer' | 'focus' | null>(null);
  const id = useId();
  useEffect(() => () => stopResting(id), [id]);
  // Arming swaps the child for the trigger's: give focus back to the new one (its focus opens the tooltip).
  useLayoutEffect(() => {
    if (armedBy === 'focus') document.querySelector<HTMLElement>(`[data-tooltip-trigger="${CSS.escape(id)}"]`)?.focus();
  }, [armedBy, id]);
  const own = children.props;
  if (armedBy) {
    return (
      <ArmedTooltip content={content} side={side} openAtOnce={armedBy === 'pointer'}>
        {cloneElement(children, { 'data-tooltip-trigger': id })}
      </ArmedTooltip>
    );
  }
  return cloneElement(children, {
    'data-tooltip-trigger': id,
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      own.onPointerEnter?.(event);
      if (event.pointerType === 'touch') return;
      stopResting(id);
      resting.set(id, setTimeout(() => setArmedBy('pointer'), HOVER_DELAY_MS));
    },
    onPointerLeave: (event: PointerEvent<HTMLElement>) => {
      own.onPointerLeave?.(event);
      stopResting(id);
    },
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      own.onPointerDown?.(event);
      stopResting(id);
      pressed.add(id);
      // Until the click that follows this press is dispatched.
      window.addEventListener('click', () => setTimeout(() => pressed.delete(id), 0), { once: true, capture: true });
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      own.onFocus?.(event);
      if (!pressed.has(id)) setArmedBy('focus');
    },
  });
}

function ArmedTooltip({
  content,
  side,
  openAtOnce,
  children,
}: {
  content: ReactNode;
  side: 'top' | 'bottom' | 'left' | 'right';
  /** Armed by a pointer that already rested for the hover delay: open now. */
  openAtOnce: boolean;
  children: ReactElement;
}) {
  const state = useTooltipOpen(openAtOnce);
  return (
    <RadixTooltip.Provider delayDuration={HOVER_DELAY_MS} skipDelayDuration={200}>
      <RadixTooltip.Root open={state.open} onOpenChange={state.onOpenChange}>
        <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
        <RadixTooltip.Portal>
          <RadixTooltip.Content className="tooltip" side={side} sideOffset={6} collisionPadding={8}>
            {content}
            <RadixTooltip.Arrow className="tooltip__arrow" />
          </RadixTooltip.Content>
        </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}
