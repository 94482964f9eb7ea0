import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addMilestone, addObjective, createWorkspace } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('commitments that can change', () => {
  it('publishes the OKRs, drops an objective with a reason and shows it, with a mid-cycle addition, in what changed', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Platform Q4');
    await addObjective(page, 'Migrate every team to SSO');
    await addMilestone(page, 'Migrate every team to SSO', 'Okta connector live');

    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByLabel('Checkpoint name').fill('Start of Q4');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'What changed since publishing' }).textContent()).toContain('Nothing changed since publishing.');

    // Dropping asks why.
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await page.getByRole('button', { name: 'Status and commitment of Migrate every team to SSO' }).click();
    const form = page.getByRole('form', { name: 'Status of Migrate every team to SSO' });
    await form.getByLabel('New status of Migrate every team to SSO').selectOption('closed:abandoned');
    await form.getByRole('button', { name: 'Save' }).click();
    // Under the reason field, linked to it.
    await expect.poll(() => form.getByLabel('Why (Migrate every team to SSO)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('Say why');
    await form.getByLabel('Why (Migrate every team to SSO)').fill('Security team takes over SSO next quarter');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('article', { name: 'Objective: Migrate every team to SSO' }).textContent()).toContain('Closed: dropped');

    // An objective added after publishing says why.
    await page.getByLabel('New objective title').fill('Cut build times in half');
    await page.getByLabel('Why add the objective mid-cycle').fill('CI costs doubled in October');
    await page.getByRole('button', { name: 'Add objective' }).click();
    await page.getByRole('article', { name: 'Objective: Cut build times in half' }).waitFor();

    await page.getByRole('tab', { name: 'Changes' }).click();
    const changed = page.getByRole('region', { name: 'What changed since publishing' });
    await expect.poll(() => changed.getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      'Dropped: Migrate every team to SSO',
      'Added mid-cycle: Cut build times in half',
    ]);
    expect(await changed.getByRole('listitem').first().textContent()).toContain('Why: Security team takes over SSO next quarter');
    expect(await changed.getByRole('listitem').last().textContent()).toContain('Why: CI costs doubled in October');
    if (process.env.CAIRN_SCREENSHOTS) await page.screenshot({ path: `${process.env.CAIRN_SCREENSHOTS}/8-changes.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
