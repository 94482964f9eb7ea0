import { useEffect, useId, useState, type ReactNode } from 'react';

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
 * A modal dialog, open while it is rendered: shown with showModal (focus
 * moves in, the page behind is inert), named by its heading, closed by the
 * footer's buttons or Escape.
 */
export function Dialog({ title, className, busy = false, onClose, footer, children }: DialogProps) {
  // The element in state, not a ref: the footer's `close` is handed out while rendering.
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    if (dialog && !dialog.open) dialog.showModal();
  }, [dialog]);

  const close = () => {
    dialog?.close();
    onClose();
  };

  return (
    <dialog ref={setDialog} className={className ? `dialog ${className}` : 'dialog'} aria-labelledby={titleId} onCancel={(e) => (busy ? e.preventDefault() : onClose())}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <footer className="dialog__footer">{footer(close)}</footer>
    </dialog>
  );
}
