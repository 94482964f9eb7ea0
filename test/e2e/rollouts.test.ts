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

const FEATURE = 'Guided setup';

describe('feature rollout plans with release toggles', () => {
  it('blocks general availability until the readiness gates are done, then shows it in the promise view and the timeline', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Onboarding Q4');
    await addObjective(page, 'Make onboarding delightful');
    await addMetricKeyResult(page, 'Make onboarding delightful', { title: 'Weekly active teams', baseline: '10', target: '40', unit: 'teams' });

    await page.getByRole('tab', { name: 'Rollouts' }).click();
    await page.getByLabel('Feature of the new rollout plan').fill(FEATURE);
    await page.getByLabel('Release toggle key').fill('guided-setup');
    // The picker's options arrive when it takes focus (ui/LazyOptionsSelect.tsx).
    await page.getByLabel('Key result or initiative of the rollout plan').focus();
    await page.getByLabel('Key result or initiative of the rollout plan').selectOption({ label: 'Key result: Weekly active teams' });
    await page.getByLabel('Add the usual readiness gates').uncheck();
    await page.getByRole('button', { name: 'Add rollout plan' }).click();
    const plan = page.getByRole('article', { name: `Rollout plan: ${FEATURE}` });
    await expect.poll(() => plan.getByRole('listitem', { name: /^Stage:/ }).count()).toBe(3);

    // Early access for named cohorts, live.
    const early = `Early access (${FEATURE})`;
    await plan.getByLabel(`Cohorts of ${early}`).fill('Loyal customers, Tech-savvy customers');
    await plan.getByLabel(`Cohorts of ${early}`).press('Enter');
    await plan.getByLabel(`Audience of ${early}`).fill('Customers who asked for it in the beta forum');
    await plan.getByLabel(`Audience of ${early}`).press('Enter');
    await plan.getByLabel(`Status of ${early}`, { exact: true }).selectOption('live');
    await plan.getByRole('button', { name: `Set status of ${early}` }).click();
    const promises = page.getByRole('region', { name: 'What we can promise' });
    await expect.poll(() => promises.getByRole('listitem').first().textContent()).toContain('In production with Loyal customers, Tech-savvy customers');
    expect(await plan.getByLabel(`Audience of ${early}`).inputValue()).toBe('Customers who asked for it in the beta forum');

    // Two gates; GA is refused while they are open.
    for (const gate of ['Marketing announcement', 'Support trained']) {
      await plan.getByLabel(`New readiness gate for ${FEATURE}`).fill(gate);
      await plan.getByRole('button', { name: 'Add gate' }).click();
      await plan.getByLabel(`${gate} done (${FEATURE})`).waitFor();
    }
    const ga = `General availability (${FEATURE})`;
    await plan.getByLabel(`Status of ${ga}`, { exact: true }).selectOption('live');
    await plan.getByRole('button', { name: `Set status of ${ga}` }).click();
    // Said in the stage, beside the override, not in a toast over the gates.
    await expect.poll(() => plan.getByRole('listitem', { name: `Stage: ${ga}` }).textContent()).toContain('General availability cannot go live while 2 readiness gates are open (Marketing announcement, Support trained)');
    expect(await plan.getByRole('listitem', { name: `Stage: ${ga}` }).textContent()).toContain('Planned');

    // Complete the gates; now it goes live.
    await plan.getByLabel(`Marketing announcement done (${FEATURE})`).check();
    await plan.getByLabel(`Support trained done (${FEATURE})`).check();
    await expect.poll(() => plan.textContent()).toContain('All 2 readiness gates are done.');
    await plan.getByLabel(`Status of ${ga}`, { exact: true }).selectOption('live');
    await plan.getByRole('button', { name: `Set status of ${ga}` }).click();
    await expect.poll(() => plan.getByRole('listitem', { name: `Stage: ${ga}` }).textContent()).toContain('Live');

    await expect.poll(() => promises.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Available to everyone')]);
    const timeline = page.getByRole('img', { name: /^Rollout timeline/ });
    expect(await timeline.getAttribute('aria-label')).toContain(`${FEATURE}, 2 stages dated`);
    expect(await page.locator(`g[data-plan="${FEATURE}"] rect`).count()).toBe(2);
    expect(await page.locator(`g[data-plan="${FEATURE}"] path`).count()).toBe(2);
    if (process.env.CAIRN_SCREENSHOTS) await page.screenshot({ path: `${process.env.CAIRN_SCREENSHOTS}/9-rollouts.png`, fullPage: true });
    // The refusal is logged with its cause; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('General availability cannot go live'))).toEqual([]);
  });
});
