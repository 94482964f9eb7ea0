import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addMilestone, addObjective, checkIn, createWorkspace, progressOf, tabTo } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const OBJECTIVE = 'Make onboarding delightful';
const METRIC = 'Weekly active teams';
const MILESTONE = 'Ship guided setup';

describe('writing and checking in on OKRs in browser mode', () => {
  it('keeps objectives, key results and check-ins across a reload, with the right progress', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Growth team Q3');
    await expect.poll(() => page.getByRole('region', { name: 'Getting started' }).isVisible()).toBe(true);
    await addObjective(page, OBJECTIVE);
    await addMetricKeyResult(page, OBJECTIVE, { title: METRIC, baseline: '10', target: '40', unit: 'teams' });
    await addMilestone(page, OBJECTIVE, MILESTONE);
    await checkIn(page, METRIC, '16', '5', 'First pilot');
    await checkIn(page, METRIC, '22', '6', 'Second pilot');
    await checkIn(page, METRIC, '28', '7', 'Two pilots converted');
    await page.getByRole('button', { name: `Check in on ${MILESTONE}` }).click();
    await page.getByLabel(`${MILESTONE} is done`).check();
    await page.getByRole('button', { name: 'Record check-in' }).click();

    const expectProgress = async () => {
      await expect.poll(() => progressOf(page, `Progress of key result ${METRIC}`).getAttribute('aria-valuenow')).toBe('60');
      await expect.poll(() => progressOf(page, `Progress of key result ${MILESTONE}`).getAttribute('aria-valuenow')).toBe('100');
      await expect.poll(() => progressOf(page, `Progress of objective ${OBJECTIVE}`).getAttribute('aria-valuenow')).toBe('80');
      await expect.poll(() => page.getByLabel(`Current value of ${METRIC}`).textContent()).toBe('28 teams');
    };
    await expectProgress();

    await page.reload();
    await expectProgress();
    await page.getByRole('button', { name: `Details of ${METRIC}` }).click();
    // The timeline reads oldest first; signals and decisions sit between the check-ins.
    const checkIns = page.getByRole('region', { name: `Timeline of ${METRIC}` }).locator('.timeline__item--check-in');
    await expect.poll(() => checkIns.count()).toBe(3);
    expect(await checkIns.last().textContent()).toContain('Two pilots converted');
    expect(await checkIns.last().textContent()).toContain('Ana');
    expect(errors).toEqual([]);
  });

  it('undoes and redoes the user’s own edits with Ctrl+Z and Ctrl+Shift+Z', async () => {
    const { page } = await harness.newPage();
    await createWorkspace(page, 'Undo workspace');
    await addObjective(page, 'Grow revenue');
    const title = page.getByRole('article', { name: 'Objective: Grow revenue' }).getByLabel('Objective title');
    await page.waitForTimeout(600); // a new undo step, not merged with the add
    await title.click();
    await title.press('End');
    await title.pressSequentially(' in Europe');
    await expect.poll(() => title.inputValue()).toBe('Grow revenue in Europe');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByRole('article').first().getByLabel('Objective title').inputValue()).toBe('Grow revenue');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByRole('article').first().getByLabel('Objective title').inputValue()).toBe('Grow revenue in Europe');
    // Undo the objective itself, and bring it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
  });

  it('deletes and restores objectives and key results, and reorders them by keyboard and by drag', async () => {
    const { page } = await harness.newPage();
    await createWorkspace(page, 'Reorder workspace');
    for (const title of ['First', 'Second', 'Third']) await addObjective(page, title);
    const titles = () => page.getByRole('article').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));

    await page.getByRole('button', { name: /^Reorder objective Third/ }).focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(titles).toEqual(['Objective: First', 'Objective: Third', 'Objective: Second']);
    // Focus follows the moved objective, so pressing again keeps moving it.
    await page.keyboard.press('ArrowUp');
    await expect.poll(titles).toEqual(['Objective: Third', 'Objective: First', 'Objective: Second']);

    await page.getByRole('button', { name: /^Reorder objective Second/ }).dragTo(page.getByRole('article', { name: 'Objective: Third' }), {
      targetPosition: { x: 40, y: 5 },
    });
    await expect.poll(titles).toEqual(['Objective: Second', 'Objective: Third', 'Objective: First']);

    await page.getByRole('button', { name: 'Delete objective Third' }).click();
    await expect.poll(titles).toEqual(['Objective: Second', 'Objective: First']);
    await page.getByText('Deleted items (1)').click();
    await page.getByRole('button', { name: 'Restore objective Third' }).click();
    await expect.poll(titles).toEqual(['Objective: Second', 'Objective: Third', 'Objective: First']);

    await addMilestone(page, 'First', 'Alpha');
    await addMilestone(page, 'First', 'Beta');
    await page.getByRole('button', { name: 'Delete key result Alpha' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: 'Key result: Alpha' }).count()).toBe(0);
    await page.getByText('Deleted items (1)').click();
    await page.getByRole('button', { name: 'Restore key result Alpha' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: /^Key result:/ }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      'Key result: Alpha',
      'Key result: Beta',
    ]);
  });

  it('can be used with the keyboard alone', async () => {
    const { page } = await harness.newPage();
    await tabTo(page, 'Your name (signs your check-ins)');
    await page.keyboard.type('Kim');
    await tabTo(page, 'Workspace name');
    await page.keyboard.type('Keyboard team');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Workspace name' }).waitFor();

    await tabTo(page, 'New objective title');
    await page.keyboard.type('Reach every control');
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: 'Objective: Reach every control' }).waitFor();

    await tabTo(page, 'Add key result to Reach every control');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Accessible screens'); // the title field has focus
    await tabTo(page, 'Baseline of the new key result');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('0');
    await tabTo(page, 'Target of the new key result');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Key result: Accessible screens' }).waitFor();

    await tabTo(page, 'Check in on Accessible screens');
    await page.keyboard.press('Enter');
    await page.keyboard.type('3'); // the value field has focus
    await tabTo(page, 'Confidence for Accessible screens (0 to 10)');
    await page.keyboard.type('8');
    await page.keyboard.press('Enter');
    await expect.poll(() => progressOf(page, 'Progress of key result Accessible screens').getAttribute('aria-valuenow')).toBe('25');

    await tabTo(page, /^Reorder objective Reach every control/);
    await tabTo(page, 'Delete objective Reach every control');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
  });
});

describe('themes', () => {
  it('switches between system, light and dark themes and remembers the choice', async () => {
    const { page } = await harness.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await createWorkspace(page, 'Theme workspace');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByRole('button', { name: 'Theme: System' }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(background).not.toBe(light);
    const dark = await background();
    await page.reload();
    await expect.poll(background).toBe(dark);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Theme: Dark' }).click();
    await page.getByRole('menuitemradio', { name: /^System/ }).click(); // back to system, which is now dark
    await expect.poll(() => page.getByRole('button', { name: 'Theme: System' }).count()).toBe(1);
    await expect.poll(background).toBe(dark);
  });
});
