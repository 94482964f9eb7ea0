import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Tooltip } from './Tooltip';

type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label' | 'children'> & {
  /** The accessible name, also shown as the tooltip. */
  label: string;
  /** A decorative icon (lucide-react), hidden from assistive technology. */
  icon: ReactNode;
  /** More than the name in the tooltip (a shortcut, say); the name when omitted. */
  hint?: string;
};

/** A button showing only an icon: named for assistive technology, explained by a tooltip for everyone. */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ label, icon, hint, className, ...rest }, ref) {
  return (
    <Tooltip content={hint ?? label}>
      <button ref={ref} type="button" {...rest} aria-label={label} className={`button button--icon ${className ?? 'button--ghost'}`}>
        <span className="button__icon" aria-hidden="true">
          {icon}
        </span>
      </button>
    </Tooltip>
  );
});
