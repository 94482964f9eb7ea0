import * as Tooltip from '@radix-ui/react-tooltip';
import { CircleCheck, OctagonX, TriangleAlert, type SpriteIcon } from '../../ui/icons';
import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { HEALTH_LABEL, type Health, type HealthVerdict } from '../../../shared/queries/health';
import { useTooltipOpen } from '../../ui/tooltipOpen';
import './health.css';

/*
 * A health badge: its label in words and an icon as well as a colour (never
 * colour alone), the reasons on hover and on keyboard focus (a Radix tooltip,
 * read out as the badge's description). The rule: docs/health.md.
 */

export const HEALTH_ICON: Record<Health, SpriteIcon> = { 'on-track': CircleCheck, 'at-risk': TriangleAlert, 'off-track': OctagonX };

export function HealthIcon({ health }: { health: Health }) {
  const Icon = HEALTH_ICON[health];
  return <Icon className="health-icon" aria-hidden="true" size={14} strokeWidth={2.25} />;
}

interface HealthBadgeProps {
  verdict: HealthVerdict;
  /** What it is the health of, for its accessible name: "Health of <subject>: At risk". */
  subject: string;
}

/*
 * A board holds a thousand badges: each starts as a plain button, and becomes
 * a Radix tooltip trigger (already open) the first time a pointer rests on it
 * or it takes focus, so opening the board does not build a thousand tooltips.
 */
export function HealthBadge({ verdict, subject }: HealthBadgeProps) {
  const [armedBy, setArmedBy] = useState<'pointer' | 'focus' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // Arming swaps the button for the trigger's: give focus back to the new one (its focus opens the tooltip).
  useLayoutEffect(() => {
    if (armedBy === 'focus') button.current?.focus();
  }, [armedBy]);
  const { health, reasons } = verdict;
  if (health === null) return null;
  const label = HEALTH_LABEL[health];
  const badge = (
    <button
      ref={button}
      type="button"
      className={`health-badge health-badge--${health}`}
      aria-label={`Health of ${subject}: ${label}`}
      onPointerEnter={armedBy ? undefined : () => setArmedBy('pointer')}
      onFocus={armedBy ? undefined : () => setArmedBy('focus')}
    >
      <HealthIcon health={health} />
      {label}
    </button>
  );
  if (!armedBy) return badge;
  return (
    <ArmedTooltip initiallyOpen={armedBy === 'pointer'} reasons={reasons}>
      {badge}
    </ArmedTooltip>
  );
}

/** The badge once armed: its reasons in a tooltip that a scroll of the page does not close (renderer/ui/tooltipOpen.ts). */
function ArmedTooltip({ initiallyOpen, reasons, children }: { initiallyOpen: boolean; reasons: readonly string[]; children: ReactElement }) {
  const state = useTooltipOpen(initiallyOpen);
  return (
    <Tooltip.Provider delayDuration={250}>
      <Tooltip.Root open={state.open} onOpenChange={state.onOpenChange}>
        <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content className="health-tooltip" side="bottom" align="start" sideOffset={4} collisionPadding={8}>
            <HealthReasons reasons={reasons} />
            <Tooltip.Arrow className="health-tooltip__arrow" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}

/** The reasons, one sentence each, worst first. */
export function HealthReasons({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 1) return <p className="health-reasons">{reasons[0]}</p>;
  return (
    <ul className="health-reasons">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}
