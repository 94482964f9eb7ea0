import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';
import { useTooltipOpen } from './tooltipOpen';

/**
 * A short hint on hover and keyboard focus (Radix UI's Tooltip: shown after a
 * delay, dismissed by Escape, announced as the trigger's description). The
 * trigger is the one child, which must take a ref and be focusable (a button).
 * Each tooltip carries its own provider, so any component can use one. A
 * scroll of the page does not close it (./tooltipOpen.ts).
 */
export function Tooltip({
  content,
  side = 'bottom',
  initiallyOpen = false,
  children,
}: {
  content: ReactNode;
  side?: 'top' | 'bottom' | 'left' | 'right';
  /** Open from the start: a trigger built when the pointer already rests on it. */
  initiallyOpen?: boolean;
  children: ReactElement;
}) {
  const state = useTooltipOpen(initiallyOpen);
  return (
    <RadixTooltip.Provider delayDuration={400} skipDelayDuration={200}>
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
