import * as RadixTooltip from '@radix-ui/react-tooltip';
import { cloneElement, useEffect, useId, useLayoutEffect, useState, type FocusEvent, type PointerEvent, type ReactElement, type ReactNode } from 'react';
import { useTooltipOpen } from './tooltipOpen';

/** The props the tooltip adds to its trigger (composed with the trigger's own handlers). */
interface TriggerProps {
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  'data-tooltip-trigger'?: string;
}

const HOVER_DELAY_MS = 400;

/**
 * A short hint on hover and keyboard focus (Radix UI's Tooltip: shown after a
 * delay, dismissed by Escape, announced as the trigger's description). The
 * trigger is the one child. Each tooltip carries its own provider, so any
 * component can use one. A scroll of the page does not close it
 * (./tooltipOpen.ts).
 *
 * A board has a grip and an owner avatar per objective and per KR: each
 * starts as its plain child and becomes a Radix trigger the first time a
 * pointer enters it or it takes focus, so opening the board does not build a
 * thousand tooltips (as HealthBadge does).
 */
export function Tooltip({ content, side = 'bottom', children }: { content: ReactNode; side?: 'top' | 'bottom' | 'left' | 'right'; children: ReactElement<TriggerProps> }) {
  const [armedBy, setArmedBy] = useState<'pointer' | 'focus' | null>(null);
  const [pointerInside, setPointerInside] = useState(false);
  const id = useId();
  // Arming swaps the child for the trigger's: give focus back to the new one (its focus opens the tooltip).
  useLayoutEffect(() => {
    if (armedBy === 'focus') document.querySelector<HTMLElement>(`[data-tooltip-trigger="${CSS.escape(id)}"]`)?.focus();
  }, [armedBy, id]);
  const own = children.props;
  const trigger = cloneElement(children, {
    'data-tooltip-trigger': id,
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      own.onPointerEnter?.(event);
      setPointerInside(true);
      if (!armedBy) setArmedBy('pointer');
    },
    onPointerLeave: (event: PointerEvent<HTMLElement>) => {
      own.onPointerLeave?.(event);
      setPointerInside(false);
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      own.onFocus?.(event);
      if (!armedBy) setArmedBy('focus');
    },
  });
  if (!armedBy) return trigger;
  return (
    <ArmedTooltip content={content} side={side} openSoon={armedBy === 'pointer' && pointerInside}>
      {trigger}
    </ArmedTooltip>
  );
}

function ArmedTooltip({
  content,
  side,
  openSoon,
  children,
}: {
  content: ReactNode;
  side: 'top' | 'bottom' | 'left' | 'right';
  /** Armed by a pointer that entered before Radix listened and is still there: open after the hover delay. */
  openSoon: boolean;
  children: ReactElement;
}) {
  const state = useTooltipOpen(false);
  const { onOpenChange } = state;
  useEffect(() => {
    if (!openSoon) return;
    const timer = setTimeout(() => onOpenChange(true), HOVER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [openSoon, onOpenChange]);
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
