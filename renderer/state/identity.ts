import { create } from 'zustand';

const IDENTITY_KEY = 'cairn.identity.v1';

/** The name this device's user signs check-ins and edits with. Local only. */
interface IdentityState {
  name: string;
  setName: (name: string) => void;
}

function readName(): string {
  try {
    return (localStorage.getItem(IDENTITY_KEY) ?? '').slice(0, 80);
  } catch {
    return '';
  }
}

export const useIdentity = create<IdentityState>((set) => ({
  name: readName(),
  setName: (name) => {
    const trimmed = name.slice(0, 80);
    localStorage.setItem(IDENTITY_KEY, trimmed);
    set({ name: trimmed });
  },
}));

/** The name recorded as author: the user's, or a neutral placeholder. */
export function actorName(): string {
  return useIdentity.getState().name.trim() || 'Anonymous';
}
