import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addObjective, createWorkspace } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('alignment across teams', () => {
  it('builds the tree from a north star to team objectives, records a dependency and offers to merge duplicate work', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Company Q4');
    await addObjective(page, 'Become the easiest OKR tool to start with');
    await addObjective(page, 'Reduce onboarding time for new customers');
    await addObjective(page, 'Cut customer onboarding time');

    await page.getByRole('tab', { name: 'Teams' }).click();
    for (const team of ['Growth', 'Platform']) {
      await page.getByLabel('New team name').fill(team);
      await page.getByRole('button', { name: 'Add team' }).click();
      await expect.poll(() => page.getByRole('region', { name: 'Teams', exact: true }).textContent()).toContain(team);
    }
    await page.getByRole('checkbox', { name: 'North star' }).first().check();
    await page.getByLabel('Team of Reduce onboarding time for new customers').selectOption({ label: 'Growth' });
    await page.getByLabel('Team of Cut customer onboarding time').selectOption({ label: 'Platform' });
    // The picker's options arrive when it takes focus (AlignmentView's ParentPicker).
    await page.getByLabel('Reduce onboarding time for new customers aligns to').focus();
    await page.getByLabel('Reduce onboarding time for new customers aligns to').selectOption({ label: 'Objective: Become the easiest OKR tool to start with' });

    const tree = page.getByRole('region', { name: 'Alignment tree' });
    await expect.poll(() => tree.locator('.alignment-tree').textContent()).toBe("North star Become the easiest OKR tool to start withGrowth Reduce onboarding time for new customers");
    await expect.poll(() => tree.getByRole('list', { name: 'Not under a north star' }).textContent()).toContain('Cut customer onboarding time — not aligned yet');

    // The two teams' look-alike objectives are offered as an overlap; aligning one under the other answers it.
    await page.getByRole('button', { name: 'Look for overlaps between teams' }).click();
    const overlap = page.getByRole('listitem', { name: /^Overlap:/ });
    await expect.poll(() => overlap.count()).toBe(1);
    await overlap.getByRole('button', { name: /^Align/ }).click();
    await expect.poll(() => page.getByRole('listitem', { name: /^Overlap:/ }).count()).toBe(0);

    // A dependency between teams is its own record.
    await page.getByLabel('Team that needs it').selectOption({ label: 'Growth' });
    await page.getByLabel('What is needed').fill('Single sign-on for trial workspaces');
    await page.getByLabel('Team it is needed from').selectOption({ label: 'Platform' });
    await page.getByLabel('Needed by').fill('2020-01-31');
    await page.getByRole('button', { name: 'Add dependency' }).click();
    const dependency = page.getByRole('listitem', { name: 'Dependency: Single sign-on for trial workspaces' });
    await expect.poll(() => dependency.textContent()).toMatch(/Growth needs Single sign-on for trial workspaces from Platform by Jan 31, 2020.*days overdue/);
    if (process.env.CAIRN_SCREENSHOTS) await page.screenshot({ path: `${process.env.CAIRN_SCREENSHOTS}/10-teams.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('combines another team’s workspace file into this one and finds the work both teams duplicate', async () => {
    const { page, errors } = await harness.newPage();
    // The Platform team's workspace, saved as a file.
    await createWorkspace(page, 'Platform Q4', 'Pia');
    await addObjective(page, 'Cut customer onboarding time');
    await page.getByRole('tab', { name: 'Teams' }).click();
    await page.getByLabel('New team name').fill('Platform');
    await page.getByRole('button', { name: 'Add team' }).click();
    await page.getByLabel('Team of Cut customer onboarding time').selectOption({ label: 'Platform' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save a copy…' }).click()]);
    const platformFile = await download.path();

    // The Growth team's workspace combines it in.
    await page.getByRole('link', { name: '← Workspaces' }).click();
    await page.getByLabel('Workspace name').fill('Growth Q4');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('textbox', { name: 'Workspace name' }).waitFor();
    await addObjective(page, 'Reduce onboarding time for new customers');
    await page.getByRole('tab', { name: 'Teams' }).click();
    await page.getByLabel('New team name').fill('Growth');
    await page.getByRole('button', { name: 'Add team' }).click();
    await page.getByLabel('Team of Reduce onboarding time for new customers').selectOption({ label: 'Growth' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: "Combine another team's workspace…" }).click()]);
    await chooser.setFiles(platformFile);
    await expect.poll(() => page.locator('.toasts').textContent()).toContain('Combined “Platform Q4”: 1 objective and 0 key results copied in');
    await expect.poll(() => page.getByRole('listitem', { name: /^Overlap:/ }).count()).toBe(1);
    expect(await page.getByRole('listitem', { name: /^Overlap:/ }).textContent()).toContain('Cut customer onboarding time');
    expect(await page.getByRole('textbox', { name: 'Workspace name' }).inputValue()).toBe('Growth Q4');
    expect(errors).toEqual([]);
  });
});
