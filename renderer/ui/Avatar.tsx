import { colourOfName, initialsOf } from '../../shared/queries/people';
import './people.css';

/*
 * Initials need a grapheme segmenter and the colour a hash: a board draws the
 * same few names on a thousand rows, so each name's are worked out once. A
 * name typed letter by letter adds a few; the cache starts over past a bound.
 */
const MAX_NAMES = 500;
const faces = new Map<string, { initials: string; colour: string }>();
function faceOf(name: string): { initials: string; colour: string } {
  let face = faces.get(name);
  if (!face) {
    if (faces.size >= MAX_NAMES) faces.clear();
    face = { initials: initialsOf(name), colour: colourOfName(name) };
    faces.set(name, face);
  }
  return face;
}

interface AvatarProps {
  /** The person's name: their initials and colour come from it (shared/queries/people.ts). */
  name: string;
  /** What assistive technology and the hover tooltip say; the name by default ("Owner: Ana"). */
  label?: string;
  /** A colour given by someone else (a workshop peer's own); by default the name's. */
  colour?: string;
  size?: 'sm' | 'md';
  /** Beside the name written out: hidden from assistive technology, which reads the name already. */
  decorative?: boolean;
}

/** A person as initials in a coloured circle, named on hover and to screen readers. */
export function Avatar({ name, label = name, colour, size = 'md', decorative = false }: AvatarProps) {
  const className = size === 'sm' ? 'avatar avatar--sm' : 'avatar';
  const face = faceOf(name);
  const background = colour ?? face.colour;
  if (decorative) {
    return (
      <span className={className} style={{ background }} aria-hidden="true">
        {face.initials}
      </span>
    );
  }
  return (
    <span className={className} style={{ background }} role="img" aria-label={label} title={label}>
      <span aria-hidden="true">{face.initials}</span>
    </span>
  );
}
