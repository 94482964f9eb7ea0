import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check, Monitor, Moon, Sun } from 'lucide-react';
import { THEME_CHOICES, useTheme, type ThemeChoice } from './theme';

const LABEL: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICON: Record<ThemeChoice, typeof Sun> = { system: Monitor, light: Sun, dark: Moon };

/** The theme, named in words ("Theme: Dark"), chosen from a menu (Radix UI's DropdownMenu: arrow keys, Escape, focus back). */
export function ThemeToggle() {
  const { choice, choose } = useTheme();
  const Icon = ICON[choice];
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="button button--ghost">
          <Icon className="button__icon" aria-hidden="true" size={16} />
          Theme: {LABEL[choice]}
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.RadioGroup value={choice} onValueChange={(value) => choose(THEME_CHOICES.find((c) => c === value) ?? 'system')}>
            {THEME_CHOICES.map((c) => {
              const ItemIcon = ICON[c];
              return (
                <DropdownMenu.RadioItem key={c} value={c} className="menu__item">
                  <ItemIcon aria-hidden="true" size={16} />
                  {c === 'system' ? 'System (follow the computer)' : LABEL[c]}
                  <DropdownMenu.ItemIndicator className="menu__indicator">
                    <Check aria-hidden="true" size={16} />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
