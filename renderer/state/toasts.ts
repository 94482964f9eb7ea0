import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: Toast[];
  push: (toast: Omit<Toast, 'id'>) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

/** Short messages at the edge of the screen: confirmations with an undo, and errors. */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push: (toast) => {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { ...toast, id }] });
    setTimeout(() => get().dismiss(id), toast.tone === 'error' ? 10_000 : 6_000);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export function reportError(error: unknown, context: string): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[cairn] ${context}:`, error);
  useToasts.getState().push({ message: `${context}: ${message}`, tone: 'error' });
}
