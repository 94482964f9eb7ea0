import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addObjective, createWorkspace, progressOf, tabTo } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const OBJECTIVE = 'Grow revenue';
const KR = 'Monthly revenue';

/** A workspace with one $ KR from 10,000 to 40,000, typed the way the locale writes them. */
async function revenueWorkspace(page: Page, baseline: string, target: string): Promise<void> {
  await createWorkspace(page, 'Revenue Q3');
  await addObjective(page, OBJECTIVE);
  await addMetricKeyResult(page, OBJECTIVE, { title: KR, baseline, target, unit: '$' });
}

async function openCheckIn(page: Page, value: string) {
  await page.getByRole('button', { name: `Check in on ${KR}` }).click();
  const field = page.getByLabel(`New value for ${KR}`);
  await field.fill(value);
  return field;
}

describe('numbers are read as people meant them', () => {
  it('en-US: "12,500" reads as twelve thousand five hundred, shown before it is stored and stored as such', async () => {
    const { page, errors } = await harness.newPage({ locale: 'en-US' });
    await revenueWorkspace(page, '10,000', '40,000');
    const form = page.getByRole('form', { name: `Check in on ${KR}` });
    await openCheckIn(page, '12,500');
    await expect.poll(() => form.getByText('Reads as 12,500').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('$12,500');
    // (12,500 − 10,000) / (40,000 − 10,000): the stored value, not 12.5.
    await expect.poll(() => progressOf(page, `Progress of key result ${KR}`).getAttribute('aria-valuenow')).toBe('8');
    expect(errors).toEqual([]);
  });

  it('de-DE: "12,5" reads as twelve and a half', async () => {
    const { page, errors } = await harness.newPage({ locale: 'de-DE' });
    await createWorkspace(page, 'Qualität Q3');
    await addObjective(page, OBJECTIVE);
    await addMetricKeyResult(page, OBJECTIVE, { title: KR, baseline: '10', target: '20', unit: '€' });
    const form = page.getByRole('form', { name: `Check in on ${KR}` });
    await openCheckIn(page, '12,5');
    await expect.poll(() => form.getByText('Reads as 12,5').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('12,50\u00a0€');
    await expect.poll(() => progressOf(page, `Progress of key result ${KR}`).getAttribute('aria-valuenow')).toBe('25');
    expect(errors).toEqual([]);
  });

  it('en-US: an ambiguous "12,5" is refused under the field, saying how it could be read, and nothing is stored', async () => {
    const { page } = await harness.newPage({ locale: 'en-US' });
    await revenueWorkspace(page, '10,000', '40,000');
    const field = await openCheckIn(page, '12,5');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: `Check in on ${KR}` });
    const message = form.getByRole('alert');
    await expect.poll(() => message.textContent()).toContain('“12,5” is ambiguous: it could mean 12.5.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').count()).toBe(1); // under the field, not also in a toast
    expect(await page.getByLabel(`Current value of ${KR}`).textContent()).toBe('$10,000');
  });

  it('en-US: a target that could mean two things is refused under the target field', async () => {
    const { page } = await harness.newPage({ locale: 'en-US' });
    await createWorkspace(page, 'Revenue Q3');
    await addObjective(page, OBJECTIVE);
    await page.getByRole('button', { name: `Add key result to ${OBJECTIVE}` }).click();
    await page.getByLabel('New key result title').fill(KR);
    await page.getByLabel('Baseline of the new key result').fill('10,000');
    const target = page.getByLabel('Target of the new key result');
    await target.fill('40,5');
    await page.getByRole('button', { name: 'Add key result', exact: true }).click();
    const field = page.locator('label', { has: target });
    await expect.poll(() => field.getByRole('alert').textContent()).toContain('“40,5” is ambiguous: it could mean 40.5.');
    expect(await page.getByRole('alert').count()).toBe(1); // said once, where it was typed
    expect(await page.getByRole('listitem', { name: `Key result: ${KR}` }).count()).toBe(0);
    await target.fill('40,000');
    await expect.poll(() => field.getByText('Reads as 40,000').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add key result', exact: true }).click();
    await page.getByRole('listitem', { name: `Key result: ${KR}` }).waitFor();
  });

  it('a correction changes the current value, and the timeline shows the original and the correction', async () => {
    const { page, errors } = await harness.newPage({ locale: 'en-US' });
    await revenueWorkspace(page, '10,000', '40,000');
    await openCheckIn(page, '12.5'); // meant 12,500
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('$12.50');

    await page.getByRole('button', { name: `Details of ${KR}` }).click();
    const timeline = page.getByRole('region', { name: `Timeline of ${KR}` });
    await timeline.getByRole('button', { name: /^Correct the check-in of/ }).waitFor();
    // Reachable by keyboard, by its accessible name.
    await page.getByRole('button', { name: 'Record a decision on Monthly revenue' }).focus();
    await tabTo(page, /^Correct the check-in of/);
    await page.keyboard.press('Enter');
    const correction = timeline.getByRole('form', { name: /^Correct the check-in of/ });
    await correction.getByLabel(/^Corrected value of/).fill('12,500');
    await expect.poll(() => correction.getByText('Reads as 12,500').isVisible()).toBe(true);
    await correction.getByLabel(/^Why correct/).fill('typed a dot for a comma');
    await correction.getByRole('button', { name: 'Save correction' }).click();
    await correction.waitFor({ state: 'detached' });

    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('$12,500');
    await expect.poll(() => progressOf(page, `Progress of key result ${KR}`).getAttribute('aria-valuenow')).toBe('8');
    const entry = timeline.locator('.timeline__item--check-in');
    await expect.poll(() => entry.count()).toBe(1);
    const text = await entry.textContent();
    expect(text).toContain('$12,500');
    expect(text).toContain('recorded as $12.50');
    expect(text).toMatch(/corrected by Ana on .+: \$12\.50 → \$12,500 — typed a dot for a comma/);
    expect(errors).toEqual([]);
  });

  it('a withdrawn check-in no longer counts and stays in the timeline, struck out', async () => {
    const { page } = await harness.newPage({ locale: 'en-US' });
    await revenueWorkspace(page, '10,000', '40,000');
    await openCheckIn(page, '15,000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('$15,000');
    await page.getByRole('button', { name: `Details of ${KR}` }).click();
    const timeline = page.getByRole('region', { name: `Timeline of ${KR}` });
    await timeline.getByRole('button', { name: /^Withdraw the check-in of/ }).click();
    await timeline.getByLabel(/^Why withdraw/).fill('another team’s figure');
    await timeline.getByRole('button', { name: 'Withdraw check-in' }).click();
    await expect.poll(() => page.getByLabel(`Current value of ${KR}`).textContent()).toBe('$10,000');
    await expect.poll(() => timeline.locator('.timeline__item--withdrawn').textContent()).toMatch(/withdrawn by Ana on .+ — another team’s figure/);
  });
});
