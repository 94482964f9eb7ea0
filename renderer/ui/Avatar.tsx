import { initialsOf } from '../../shared/queries/people';
import { usePersonColour } from '../state/people';
import { Tooltip } from './Tooltip';
import './people.css';

/*
 * Initials need a grapheme segmenter: a board draws the same few names on a
 * thousand rows, so each name's are worked out once. A name typed letter by
 * letter adds a few; the cache starts over past a bound.
 */
const MAX_NAMES = 500;
const initialsByName = new Map<string, string>();
function initialsOfName(name: string): string {
  let initials = initialsByName.get(name);
  if (initials === undefined) {
    if (initialsByName.size >= MAX_NAMES) initialsByName.clear();
    initials = initialsOf(name);
    initialsByName.set(name, initials);
  }
  return initials;
}

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

/** A person as initials in a coloured circle, named on hover (a tooltip built on first hover) and to screen readers. */
export function Avatar({ name, label = name, colour, size = 'md', decorative = false }: AvatarProps) {
  const className = size === 'sm' ? 'avatar avatar--sm' : 'avatar';
  // The person's colour in this workspace (distinct among its people), unless given.
  const own = usePersonColour(name);
  const background = colour ?? own;
  const initials = initialsOfName(name);
  if (decorative) {
    return (
      <span className={className} style={{ background }} aria-hidden="true">
        {initials}
      </span>
    );
  }
  return (
    <Tooltip content={label} side="top">
      <span className={className} style={{ background }} role="img" aria-label={label}>
        <span aria-hidden="true">{initials}</span>
      </span>
    </Tooltip>
  );
}
