import { useTheme } from './theme';

const LABEL = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;
const GLYPH = { system: '◐', light: '☀', dark: '☾' } as const;

export function ThemeToggle() {
  const { choice, cycle } = useTheme();
  return (
    <button type="button" className="button button--ghost" onClick={cycle} aria-label={`Theme: ${LABEL[choice]} (change)`} title={LABEL[choice]}>
      <span aria-hidden="true">{GLYPH[choice]}</span>
    </button>
  );
}
