import { useState } from 'react';
import { initialsOf } from '../../shared/queries/people';
import { usePersonColour } from '../state/people';
import { Tooltip } from './Tooltip';
import './people.css';

interface AvatarProps {
  /** The person's name: their initials and colour come from it (shared/queries/people.ts). */
  name: string;
  /** What assistive technology and the hover tooltip (renderer/ui/Tooltip.tsx) say; the name by default ("Owner: Ana"). */
  label?: string;
  /** A colour given by someone else (a workshop peer's own); by default the person's in the open workspace. */
  colour?: string;
  size?: 'sm' | 'md';
  /** Beside the name written out: hidden from assistive technology, which reads the name already. */
  decorative?: boolean;
}

/** A person as initials in a coloured circle, named on hover and to screen readers. */
export function Avatar({ name, label = name, colour, size = 'md', decorative = false }: AvatarProps) {
  const className = size === 'sm' ? 'avatar avatar--sm' : 'avatar';
  // The person's colour in this workspace (distinct among its people), unless given.
  const own = usePersonColour(name);
  const background = colour ?? own;
  if (decorative) {
    return (
      <span className={className} style={{ background }} aria-hidden="true">
        {initialsOf(name)}
      </span>
    );
  }
  return <NamedAvatar className={className} background={background} initials={initialsOf(name)} label={label} />;
}

/*
 * A board lists an avatar per key result: each is a plain element until a
 * pointer first rests on it, then becomes the trigger of its tooltip (already
 * open), so opening the board builds no tooltips. Screen readers read the
 * label from the start.
 */
function NamedAvatar({ className, background, initials, label }: { className: string; background: string; initials: string; label: string }) {
  const [armed, setArmed] = useState(false);
  const avatar = (
    <span className={className} style={{ background }} role="img" aria-label={label} onPointerEnter={armed ? undefined : () => setArmed(true)}>
      <span aria-hidden="true">{initials}</span>
    </span>
  );
  if (!armed) return avatar;
  return (
    <Tooltip content={label} side="top" initiallyOpen>
      {avatar}
    </Tooltip>
  );
}
