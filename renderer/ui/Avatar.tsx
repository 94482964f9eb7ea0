import { colourOfName, initialsOf } from '../../shared/queries/people';
import './people.css';

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
  const background = colour ?? colourOfName(name);
  if (decorative) {
    return (
      <span className={className} style={{ background }} aria-hidden="true">
        {initialsOf(name)}
      </span>
    );
  }
  return (
    <span className={className} style={{ background }} role="img" aria-label={label} title={label}>
      <span aria-hidden="true">{initialsOf(name)}</span>
    </span>
  );
}
