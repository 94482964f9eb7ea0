import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  /** `info` confirms a finished action and leaves by itself; `error` (a failure that belongs to no field) stays until dismissed. */
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
  /** The route (hash) it was shown on: leaving that route makes it stale. */
  route: string;
}

interface ToastState {
  toasts: Toast[];
  push: (toast: Omit<Toast, 'id' | 'route'>) => void;
  dismiss: (id: number) => void;
  /** Another tab of the view makes every message stale. */
  clear: () => void;
  /** Another route makes the messages of the others stale (not one just shown for the route navigated to). */
  leaveOtherRoutes: () => void;
}

let nextId = 1;
const currentRoute = () => (typeof window === 'undefined' ? '' : window.location.hash);

/** How long a confirmation stays; Radix pauses the timer while it is hovered or focused. */
export const CONFIRMATION_MS = 5_000;

/**
 * Short messages in the dock below the page: confirmations of finished
 * actions (with Undo where it applies), and failures that belong to no form
 * field (a form's own refusals are shown under its fields: ui/fieldErrors.tsx).
 */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  // A new confirmation replaces the last one (it is what the person just did); failures stay until dismissed.
  push: (toast) => {
    const kept = toast.tone === 'info' ? get().toasts.filter((t) => t.tone !== 'info') : get().toasts;
    set({ toasts: [...kept.slice(-2), { ...toast, id: nextId++, route: currentRoute() }] });
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  clear: () => {
    if (get().toasts.length > 0) set({ toasts: [] });
  },
  leaveOtherRoutes: () => {
    const route = currentRoute();
    if (get().toasts.some((t) => t.route !== route)) set({ toasts: get().toasts.filter((t) => t.route === route) });
  },
}));

export function reportError(error: unknown, context: string): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[cairn] ${context}:`, error);
  useToasts.getState().push({ message: `${context}: ${message}`, tone: 'error' });
}
