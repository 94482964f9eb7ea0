import * as Tooltip from '@radix-ui/react-tooltip';
import { CircleCheck, OctagonX, TriangleAlert, type LucideIcon } from 'lucide-react';
import { HEALTH_LABEL, type Health, type HealthVerdict } from '../../../shared/queries/health';
import './health.css';

/*
 * A health badge: its label in words and an icon as well as a colour (never
 * colour alone), the reasons on hover and on keyboard focus (a Radix tooltip,
 * read out as the badge's description). The rule: docs/health.md.
 */

export const HEALTH_ICON: Record<Health, LucideIcon> = { 'on-track': CircleCheck, 'at-risk': TriangleAlert, 'off-track': OctagonX };

export function HealthIcon({ health }: { health: Health }) {
  const Icon = HEALTH_ICON[health];
  return <Icon className="health-icon" aria-hidden="true" size={14} strokeWidth={2.25} />;
}

interface HealthBadgeProps {
  verdict: HealthVerdict;
  /** What it is the health of, for its accessible name: "Health of <subject>: At risk". */
  subject: string;
}

export function HealthBadge({ verdict, subject }: HealthBadgeProps) {
  const { health, reasons } = verdict;
  if (health === null) return null;
  const label = HEALTH_LABEL[health];
  return (
    <Tooltip.Provider delayDuration={250}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button type="button" className={`health-badge health-badge--${health}`} aria-label={`Health of ${subject}: ${label}`}>
            <HealthIcon health={health} />
            {label}
          </button>
        </Tooltip.Trigger>
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
