import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

interface DialogProps {
  /** The heading, which also names the dialog. */
  title: ReactNode;
  /** Added to the dialog's class (`dialog`): its size and layout. */
  className?: string;
  /** While true, Escape does not close the dialog (a save or a share is running). */
  busy?: boolean;
  /** Called when the dialog closes: by `close`, or by Escape. */
  onClose: () => void;
  /** The buttons at the bottom; `close` closes the dialog. */
  footer: (close: () => void) => ReactNode;
  children?: ReactNode;
}

/**
 * A modal dialog, open while it is rendered, on Radix UI's Dialog: focus
 * moves in and stays in, the page behind is hidden from assistive technology,
 * focus returns to what opened it; named by its heading, closed by the
 * footer's buttons or Escape. A click outside does not close it: a half-made
 * export or share is not lost to a stray click.
 */
export function Dialog({ title, className, busy = false, onClose, footer, children }: DialogProps) {
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && !busy && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog__overlay" />
        {/* No description element: the dialog's content speaks for itself. */}
        <RadixDialog.Content
          className={className ? `dialog ${className}` : 'dialog'}
          aria-describedby={undefined}
          onEscapeKeyDown={(event) => busy && event.preventDefault()}
          onPointerDownOutside={(event) => event.preventDefault()}
          onInteractOutside={(event) => event.preventDefault()}
        >
          <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
          {children}
          <footer className="dialog__footer">{footer(onClose)}</footer>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
