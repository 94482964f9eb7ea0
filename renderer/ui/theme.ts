import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'cairn.theme.v1';

function readTheme(): ThemeChoice {
  const saved = localStorage.getItem(THEME_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

function apply(choice: ThemeChoice) {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

interface ThemeState {
  choice: ThemeChoice;
  cycle: () => void;
}

/** Light and dark themes are CSS variables; "system" follows the OS setting. */
export const useTheme = create<ThemeState>((set, get) => {
  apply(readTheme());
  return {
    choice: readTheme(),
    cycle: () => {
      const order: ThemeChoice[] = ['system', 'light', 'dark'];
      const next = order[(order.indexOf(get().choice) + 1) % order.length]!;
      localStorage.setItem(THEME_KEY, next);
      apply(next);
      set({ choice: next });
    },
  };
});
