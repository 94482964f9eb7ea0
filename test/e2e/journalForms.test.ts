import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addObjective, backToLibrary, createJournal, createWorkspace } from './flows';

/*
 * The journal's forms guide like the board's: a refusal sits under the field
 * it is about, is linked to it (aria-describedby, aria-invalid), and clears as
 * soon as the input is fixed; no toast.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return box;
}

/** The message `described` points to with aria-describedby, checked to sit just under `field` (the control itself, or a group's last choice). */
async function messageUnder(page: Page, described: Locator, field: Locator = described): Promise<Locator> {
  await expect.poll(() => described.getAttribute('aria-describedby')).toBeTruthy();
  const message = page.locator(`[id="${await described.getAttribute('aria-describedby')}"]`);
  const [box, under] = [await boxOf(field), await boxOf(message)];
  expect(under.y).toBeGreaterThanOrEqual(box.y + box.height - 1);
  expect(under.y - (box.y + box.height)).toBeLessThan(40);
  return message;
}

const toasts = (page: Page) => page.locator('.toast').count();

describe('journal forms that guide', () => {
  it('refuses a reflection without a day under the day field, and writes the week of the day chosen', async () => {
    const { page, errors } = await harness.newPage({ locale: 'en-GB' });
    await createJournal(page, 'My PM journal');
    const form = page.getByRole('form', { name: 'New reflection' });
    const day = form.getByLabel('Day the reflection is for');

    await day.fill('');
    await form.getByRole('button', { name: 'Write a reflection' }).click();
    await expect.poll(() => day.getAttribute('aria-invalid')).toBe('true');
    const message = await messageUnder(page, day);
    expect(await message.textContent()).toBe('Choose the day this reflection is for.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Day the reflection is for');
    expect(await toasts(page)).toBe(0);

    // Fixed: the message goes at once, before anything is submitted.
    await day.fill('2026-11-04');
    await expect.poll(() => message.count()).toBe(0);
    expect(await day.getAttribute('aria-invalid')).toBe('false');
    await form.getByRole('button', { name: 'Write a reflection' }).click();
    // Its week, in the person's locale (en-GB), never an ISO date.
    await page.getByRole('article', { name: 'Reflection: Week of 2 Nov 2026' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a refused answer under its prompt, and clears it as soon as the answer is short enough', async () => {
    const { page, errors } = await harness.newPage();
    await createJournal(page, 'My PM journal');
    await page.getByRole('button', { name: 'Write a reflection' }).click();
    const moved = page.getByRole('article', { name: /^Reflection: Week of/ }).getByRole('textbox', { name: 'What moved?' });

    await moved.fill('x'.repeat(100_001));
    await expect.poll(() => moved.getAttribute('aria-invalid')).toBe('true');
    const message = await messageUnder(page, moved);
    expect(await message.textContent()).toBe('The answer to “What moved?” is too long: 1 character over the 100,000 allowed.');
    expect(await toasts(page)).toBe(0);

    await moved.press('End');
    await moved.press('Backspace');
    await expect.poll(() => message.count()).toBe(0);
    expect(await moved.getAttribute('aria-invalid')).toBe('false');
    expect(await moved.getAttribute('aria-describedby')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('asks for an objective to share next to the list, and clears it when one is chosen', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Platform Q4');
    await backToLibrary(page);
    await createJournal(page, 'My PM journal');
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await addObjective(page, 'Grow my team’s skills');
    await page.getByRole('tab', { name: 'Journal' }).click();

    await page.getByRole('button', { name: 'Share to a team workspace…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share to a team workspace' });
    await dialog.getByRole('button', { name: /^Share/ }).click();
    const list = dialog.getByRole('group', { name: 'Objectives to share' });
    await expect.poll(() => list.getAttribute('data-invalid')).toBe('true');
    const message = await messageUnder(page, list, list.getByRole('checkbox').last());
    expect(await message.textContent()).toBe('Choose at least one objective to share.');
    // Focus goes to the list's first choice.
    expect(await page.evaluate(() => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent)).toBe('Objectives to share');
    expect(await toasts(page)).toBe(0);

    await list.getByRole('checkbox', { name: 'Grow my team’s skills' }).check();
    await expect.poll(() => message.count()).toBe(0);
    expect(await list.getAttribute('data-invalid')).toBe('false');
    expect(errors).toEqual([]);
  });
});
