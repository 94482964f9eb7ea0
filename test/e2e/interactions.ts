import type { Page } from 'playwright-core';

/*
 * Counts what a person does with the mouse and keyboard, for the "how many
 * interactions does it take" figures: trusted clicks, and key presses that are
 * not typing a character (Enter, Tab, Escape, arrows…; modifiers alone are not
 * counted). Typing text is free: the count is about steps, not about words.
 */

const MODIFIERS = ['Shift', 'Control', 'Alt', 'Meta'];

export async function startCountingInteractions(page: Page): Promise<void> {
  await page.evaluate((modifiers) => {
    const counts = { clicks: 0, keys: 0 };
    Object.assign(window, { __cairnInteractions: counts });
    document.addEventListener('click', (e) => e.isTrusted && e.detail > 0 && counts.clicks++, true);
    document.addEventListener('keydown', (e) => e.isTrusted && e.key.length > 1 && !modifiers.includes(e.key) && counts.keys++, true);
  }, MODIFIERS);
}

export async function countedInteractions(page: Page): Promise<{ clicks: number; keys: number; total: number }> {
  const counts = await page.evaluate(() => (window as unknown as { __cairnInteractions: { clicks: number; keys: number } }).__cairnInteractions);
  return { ...counts, total: counts.clicks + counts.keys };
}
