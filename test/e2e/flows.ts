import type { Page } from 'playwright-core';

/** Reusable user steps, written the way a person reads the screen. */

export async function createWorkspace(page: Page, title: string, user = 'Ana'): Promise<void> {
  await page.getByLabel('Your name (signs your check-ins)').fill(user);
  await page.getByLabel('Workspace name').fill(title);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('textbox', { name: 'Workspace name' }).waitFor();
}

export async function addObjective(page: Page, title: string): Promise<void> {
  await page.getByLabel('New objective title').fill(title);
  await page.getByRole('button', { name: 'Add objective' }).click();
  await page.getByRole('article', { name: `Objective: ${title}` }).waitFor();
}

/**
 * The objective's "new key result" form: opened with its button, or already
 * open (it stays open after each key result, for the next one).
 */
export async function openKeyResultForm(page: Page, objective: string) {
  const form = page.getByRole('form', { name: `New key result for ${objective}` });
  if (!(await form.isVisible())) await page.getByRole('button', { name: `Add key result to ${objective}` }).click();
  return form;
}

export async function addMetricKeyResult(page: Page, objective: string, kr: { title: string; baseline: string; target: string; unit: string }): Promise<void> {
  const form = await openKeyResultForm(page, objective);
  await form.getByLabel('New key result title').fill(kr.title);
  await form.getByLabel('Outcome (metric)').check();
  await form.getByLabel('Baseline of the new key result').fill(kr.baseline);
  await form.getByLabel('Target of the new key result').fill(kr.target);
  await form.getByLabel('Unit of the new key result').fill(kr.unit);
  await form.getByRole('button', { name: 'Add key result', exact: true }).click();
  await page.getByRole('listitem', { name: `Key result: ${kr.title}` }).waitFor();
}

export async function addMilestone(page: Page, objective: string, title: string, owner?: string): Promise<void> {
  const form = await openKeyResultForm(page, objective);
  await form.getByLabel('New key result title').fill(title);
  await form.getByLabel('Milestone').check();
  if (owner !== undefined) await form.getByRole('combobox', { name: 'Owner of the new key result' }).fill(owner);
  await form.getByRole('button', { name: 'Add key result', exact: true }).click();
  await page.getByRole('listitem', { name: `Key result: ${title}` }).waitFor();
}

export async function checkIn(page: Page, kr: string, value: string, confidence: string, note: string): Promise<void> {
  await page.getByRole('button', { name: `Check in on ${kr}` }).click();
  await page.getByLabel(`New value for ${kr}`).fill(value);
  await page.getByLabel(`Confidence for ${kr} (0 to 10)`).fill(confidence);
  await page.getByLabel(`What changed for ${kr}`).fill(note);
  await page.keyboard.press('Enter');
  await page.getByRole('form', { name: `Check in on ${kr}` }).waitFor({ state: 'detached' });
}

export function progressOf(page: Page, label: string) {
  return page.getByRole('progressbar', { name: label });
}

/** Presses Tab until the focused element has the accessible name, proving it is reachable by keyboard. */
export async function tabTo(page: Page, name: string | RegExp, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelledBy = el.getAttribute('aria-label');
      if (labelledBy) return labelledBy;
      const label = (el as HTMLInputElement).labels?.[0]?.textContent;
      return label ?? el.textContent ?? '';
    });
    if (typeof name === 'string' ? focused.trim() === name : name.test(focused)) return;
  }
  throw new Error(`Could not reach "${String(name)}" with the Tab key.`);
}

/** A personal journal, created from the library; it opens on its Journal tab. */
export async function createJournal(page: Page, title: string, user = 'Ana'): Promise<void> {
  await page.getByLabel('Your name (signs your check-ins)').fill(user);
  await page.getByLabel('Workspace name').fill(title);
  await page.getByLabel('Kind').selectOption({ label: 'Personal journal' });
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('tab', { name: 'Journal' }).waitFor();
}

export async function backToLibrary(page: Page): Promise<void> {
  await page.getByRole('link', { name: '← Workspaces' }).click();
  await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
}
