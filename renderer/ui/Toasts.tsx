import * as Toast from '@radix-ui/react-toast';
import { X } from 'lucide-react';
import { CONFIRMATION_MS, useToasts } from '../state/toasts';

/**
 * The toasts, on Radix's accessible toast (announced, F8 to reach them,
 * paused while hovered or focused). The viewport is a dock in the page's
 * flow below the scrolling content (see App), so a toast never covers a control.
 */
export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <>
      {toasts.map((toast) => (
        <Toast.Root
          key={toast.id}
          className={`toast toast--${toast.tone}`}
          type={toast.tone === 'error' ? 'foreground' : 'background'}
          // A failure is an alert (assistive technology says it at once); a confirmation a status.
          role={toast.tone === 'error' ? 'alert' : 'status'}
          duration={toast.tone === 'error' ? Infinity : CONFIRMATION_MS}
          onOpenChange={(open) => {
            if (!open) dismiss(toast.id);
          }}
        >
          <Toast.Description className="toast__message">{toast.message}</Toast.Description>
          {toast.action && (
            <Toast.Action asChild altText={`${toast.action.label} (${toast.message})`}>
              <button type="button" className="button button--small" onClick={toast.action.run}>
                {toast.action.label}
              </button>
            </Toast.Action>
          )}
          <Toast.Close className="button button--ghost button--small" aria-label="Dismiss message">
            <X size={14} aria-hidden />
          </Toast.Close>
        </Toast.Root>
      ))}
    </>
  );
}
