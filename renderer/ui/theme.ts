import { create } from 'zustand';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
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
  choose: (choice: ThemeChoice) => void;
  /** The next choice in order (the menu command "Toggle theme"). */
  cycle: () => void;
}

/** Light and dark themes are CSS variables; "system" follows the OS setting. */
export const useTheme = create<ThemeState>((set, get) => {
  apply(readTheme());
  const choose = (next: ThemeChoice) => {
    localStorage.setItem(THEME_KEY, next);
    apply(next);
    set({ choice: next });
  };
  return {
    choice: readTheme(),
    choose,
    cycle: () => choose(THEME_CHOICES[(THEME_CHOICES.indexOf(get().choice) + 1) % THEME_CHOICES.length]!),
  };
});
