import * as RadixTooltip from '@radix-ui/react-tooltip';
import { cloneElement, useId, useLayoutEffect, useState, type FocusEvent, type PointerEvent, type ReactElement, type ReactNode } from 'react';

/** The props the tooltip adds to its trigger (composed with the trigger's own handlers). */
interface TriggerProps {
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  'data-tooltip-trigger'?: string;
}

/**
 * A short hint on hover and keyboard focus (Radix UI's Tooltip: shown after a
 * delay, dismissed by Escape, announced as the trigger's description). The
 * trigger is the one child, which must be focusable (a button).
 * Each tooltip carries its own provider, so any component can use one.
 *
 * A board has a reorder grip per objective and per KR: each starts as its
 * plain child and becomes a Radix trigger the first time a pointer enters it
 * or it takes focus, so opening the board does not build a thousand tooltips
 * (as HealthBadge does).
 */
export function Tooltip({ content, side = 'bottom', children }: { content: ReactNode; side?: 'top' | 'bottom' | 'left' | 'right'; children: ReactElement<TriggerProps> }) {
  const [armedBy, setArmedBy] = useState<'pointer' | 'focus' | null>(null);
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
      if (!armedBy) setArmedBy('pointer');
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      own.onFocus?.(event);
      if (!armedBy) setArmedBy('focus');
    },
  });
  if (!armedBy) return trigger;
  return (
    <RadixTooltip.Provider delayDuration={400} skipDelayDuration={200}>
      <RadixTooltip.Root>
        <RadixTooltip.Trigger asChild>{trigger}</RadixTooltip.Trigger>
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
