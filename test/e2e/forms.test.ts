import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addObjective, createWorkspace } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const OBJECTIVE = 'Make onboarding delightful';
const KR = 'Weekly active teams';

async function boardWithOneKeyResult(page: Page, unit = 'teams', baseline = '10', target = '40'): Promise<void> {
  await createWorkspace(page, 'Onboarding Q4');
  await addObjective(page, OBJECTIVE);
  await addMetricKeyResult(page, OBJECTIVE, { title: KR, baseline, target, unit });
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes of every visible button and field on the page, but those inside `except`. */
async function controlBoxes(page: Page, except: string): Promise<Box[]> {
  return page.evaluate((skip) => {
    const boxes: { x: number; y: number; width: number; height: number }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')) {
      if (el.closest(skip)) continue;
      const r = el.getBoundingClientRect();
      // The part a person can see: inside the viewport and, for the page's content, inside the frame it scrolls in.
      const frame = el.closest('.app-scroll')?.getBoundingClientRect();
      const top = Math.max(r.top, frame?.top ?? 0, 0);
      const bottom = Math.min(r.bottom, frame?.bottom ?? window.innerHeight, window.innerHeight);
      if (r.width === 0 || bottom <= top) continue;
      boxes.push({ x: r.x, y: top, width: r.width, height: bottom - top });
    }
    return boxes;
  }, except);
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return box;
}

const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '');

describe('forms that guide', () => {
  it('shows a refused target under the target field, linked to it, focused, and clears it as soon as the target changes', async () => {
    const { page } = await harness.newPage();
    await createWorkspace(page, 'Onboarding Q4');
    await addObjective(page, OBJECTIVE);
    await page.getByRole('button', { name: `Add key result to ${OBJECTIVE}` }).click();
    await page.getByLabel('New key result title').fill(KR);
    await page.getByLabel('Baseline of the new key result').fill('40');
    await page.getByLabel('Target of the new key result').fill('10');
    await page.getByRole('button', { name: 'Add key result', exact: true }).click();

    const target = page.getByLabel('Target of the new key result');
    await expect.poll(() => target.getAttribute('aria-invalid')).toBe('true');
    const messageId = await target.getAttribute('aria-describedby');
    const message = page.locator(`[id="${messageId}"]`);
    expect(await message.textContent()).toBe('To increase, the target must be above the baseline.');
    // Right under the field, not somewhere else on the page.
    const [field, under] = [await boxOf(target), await boxOf(message)];
    expect(under.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
    expect(under.y - (field.y + field.height)).toBeLessThan(40);
    expect(await focusedLabel(page)).toBe('Target of the new key result');
    // No toast for a form's own refusal.
    expect(await page.locator('.toast').count()).toBe(0);

    await target.press('0');
    await expect.poll(() => message.count()).toBe(0);
    expect(await target.getAttribute('aria-invalid')).toBe('false');
  });

  it('asks why the target changes before Save, as soon as a published target is edited', async () => {
    const { page } = await harness.newPage();
    await boardWithOneKeyResult(page);
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByLabel('Checkpoint name').fill('Start of Q4');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await page.getByRole('button', { name: `Details of ${KR}` }).click();

    const reason = page.getByLabel(`Why change the target of ${KR}`);
    expect(await reason.count()).toBe(0); // nothing changed yet: nothing to explain
    await page.getByLabel(`Target of ${KR}`).fill('50');
    await reason.waitFor();
    const save = page.getByRole('button', { name: 'Save measure' });
    const [reasonBox, saveBox] = [await boxOf(reason), await boxOf(save)];
    expect(reasonBox.y + reasonBox.height).toBeLessThanOrEqual(saveBox.y);

    await save.click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedLabel(page)).toBe(`Why change the target of ${KR}`);
    expect(await page.locator('.toast').count()).toBe(0);
    await reason.fill('The pilot doubled the audience');
    await save.click();
    await expect.poll(() => page.getByRole('listitem', { name: `Key result: ${KR}` }).textContent()).toContain('Increase from 10 teams to 50 teams');
  });

  it('says a blocked general availability beside the stage, never over the gates to tick', async () => {
    const { page } = await harness.newPage();
    await boardWithOneKeyResult(page);
    await page.getByRole('tab', { name: 'Rollouts' }).click();
    await page.getByLabel('Feature of the new rollout plan').fill('Guided setup');
    // The picker's options arrive when it takes focus (ui/LazyOptionsSelect.tsx).
    await page.getByLabel('Key result or initiative of the rollout plan').focus();
    await page.getByLabel('Key result or initiative of the rollout plan').selectOption({ label: `Key result: ${KR}` });
    await page.getByRole('button', { name: 'Add rollout plan' }).click();
    const plan = page.getByRole('article', { name: 'Rollout plan: Guided setup' });
    const ga = 'General availability (Guided setup)';
    await plan.getByLabel(`Status of ${ga}`, { exact: true }).selectOption('live');
    await plan.getByRole('button', { name: `Set status of ${ga}` }).click();

    const override = plan.getByLabel(`Override reason for ${ga}`);
    await expect.poll(() => override.getAttribute('aria-invalid')).toBe('true');
    const message = page.locator(`[id="${await override.getAttribute('aria-describedby')}"]`);
    expect(await message.textContent()).toContain('General availability cannot go live while 4 readiness gates are open');
    expect(await focusedLabel(page)).toBe(`Override reason for ${ga}`);
    const messageBox = await boxOf(message);
    const gates = plan.getByRole('checkbox', { name: /done \(Guided setup\)$/ });
    expect(await gates.count()).toBe(4);
    for (const gate of await gates.all()) expect(overlaps(messageBox, await boxOf(gate))).toBe(false);
    expect(await page.locator('.toast').count()).toBe(0);
  });

  it('after a check-in, confirms it in a toast that covers no control, puts focus back on Check in, and the toast leaves on navigation', async () => {
    const { page } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await boardWithOneKeyResult(page);
    const checkIn = page.getByRole('button', { name: `Check in on ${KR}` });
    // Value only: open, type, Enter.
    await checkIn.click();
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');

    const toast = page.locator('.toast');
    await expect.poll(() => toast.textContent()).toContain(`Check-in recorded for “${KR}”`);
    await expect.poll(() => focusedLabel(page)).toBe(`Check in on ${KR}`);
    const toastBox = await boxOf(toast);
    const controls = await controlBoxes(page, '.toasts');
    expect(controls.length).toBeGreaterThan(5);
    expect(controls.filter((c) => overlaps(c, toastBox))).toEqual([]);
    if (process.env.CAIRN_SCREENSHOTS) await page.screenshot({ path: `${process.env.CAIRN_SCREENSHOTS}/forms-toast.png` });

    await page.getByRole('tab', { name: 'Signals' }).click();
    await expect.poll(() => toast.count()).toBe(0);
  });

  it('records a check-in with confidence and note from the keyboard, then focus is back on Check in', async () => {
    const { page } = await harness.newPage();
    await boardWithOneKeyResult(page);
    await page.getByRole('button', { name: `Check in on ${KR}` }).click();
    await page.keyboard.type('15');
    await page.keyboard.press('Tab');
    await page.keyboard.type('7');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Two teams onboarded');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('15 teams');
    await expect.poll(() => focusedLabel(page)).toBe(`Check in on ${KR}`);
  });

  it('a cancelled check-in also gives focus back to its Check in button', async () => {
    const { page } = await harness.newPage();
    await boardWithOneKeyResult(page);
    await page.getByRole('button', { name: `Check in on ${KR}` }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedLabel(page)).toBe(`Check in on ${KR}`);
  });

  it('the first Tab stop is a skip link that moves focus to the main content', async () => {
    const { page } = await harness.newPage();
    await boardWithOneKeyResult(page);
    await page.reload();
    await page.getByRole('button', { name: `Check in on ${KR}` }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    // From there the content is next (the cycle, then the views), not the header's toolbar.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null && document.activeElement?.closest('header') === null)).toBe(true);
  });

  it('a de-DE page writes dates and euros as de-DE does', async () => {
    const { page } = await harness.newPage({ locale: 'de-DE' });
    await boardWithOneKeyResult(page, '€', '10000', '12500');
    const row = page.getByRole('listitem', { name: `Key result: ${KR}` });
    expect((await row.textContent())?.replace(/[\u00a0\u202f]/g, ' ')).toContain('Increase from 10.000 € to 12.500 €');
    await page.getByRole('tab', { name: 'Work' }).click();
    const focus = page.getByRole('region', { name: "This week's focus" });
    await expect.poll(() => focus.textContent()).toMatch(/Week of \d{2}\.\d{2}\.\d{4}/);
    expect(await page.getByRole('main').textContent()).not.toMatch(/\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}/);
  });
});
