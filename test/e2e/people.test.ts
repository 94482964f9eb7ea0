import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { addMilestone, addObjective, createWorkspace } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const namePrompt = (page: Page) => page.getByRole('dialog', { name: /what is your name\?$/ });

async function giveName(page: Page, name: string): Promise<void> {
  await namePrompt(page).getByLabel('Your name').fill(name);
  await namePrompt(page).getByRole('button', { name: 'Save name' }).click();
  await namePrompt(page).waitFor({ state: 'detached' });
}

describe('a name, asked once per device', () => {
  it('is asked before the first write, never again after a reload, and signs the changes', async () => {
    const { page, errors } = await harness.newPage({ name: null });
    await page.getByLabel('Workspace name').fill('Field team Q1');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => namePrompt(page).getAttribute('aria-labelledby')).toBeTruthy();
    expect(await namePrompt(page).getByRole('heading').textContent()).toBe('Before your first change: what is your name?');
    await giveName(page, 'Priya Natarajan');
    await page.getByRole('textbox', { name: 'Workspace name' }).waitFor();
    await addObjective(page, 'Win the north region');

    await page.reload();
    await page.getByRole('article', { name: 'Objective: Win the north region' }).waitFor();
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByLabel('Checkpoint name').fill('Start of Q1');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await page.getByLabel('New objective title').fill('Open two depots');
    await page.getByLabel('Why add the objective mid-cycle').fill('A partner offered space');
    await page.getByRole('button', { name: 'Add objective' }).click();
    await page.getByRole('article', { name: 'Objective: Open two depots' }).waitFor();
    expect(await namePrompt(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'You: Priya Natarajan' }).count()).toBe(1);

    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = await page.getByRole('tabpanel').textContent();
    expect(changes).toContain('Published by Priya Natarajan');
    expect(changes).toContain('Priya Natarajan,');
    expect(changes).not.toContain('Anonymous');
    expect(errors).toEqual([]);
  });

  it('can be changed from the workspace, and is kept when the library field is emptied', async () => {
    const { page, errors } = await harness.newPage({ name: 'Ana' });
    await createWorkspace(page, 'Rename me', 'Ana');
    await page.getByRole('button', { name: 'You: Ana' }).click();
    await page.getByRole('dialog', { name: 'Your name' }).getByLabel('Your name').fill('Ana Lima');
    await page.getByRole('dialog', { name: 'Your name' }).getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('button', { name: 'You: Ana Lima' }).waitFor();

    await page.getByRole('link', { name: '← Workspaces' }).click();
    await page.getByLabel('Your name (signs your check-ins)').fill('');
    await page.getByLabel('Workspace name').click();
    expect(await page.getByLabel('Your name (signs your check-ins)').inputValue()).toBe('Ana Lima');
    expect(errors).toEqual([]);
  });

  it('is asked when opening an invite, before joining, so the others see who joined', async () => {
    const ana = await harness.newPage({ name: 'Ana' });
    await createWorkspace(ana.page, 'Offsite', 'Ana');
    await addObjective(ana.page, 'Meet every customer');
    await ana.page.getByRole('button', { name: 'Share…' }).click();
    await ana.page.getByRole('button', { name: 'Host workshop' }).click();
    const link = await ana.page.getByLabel('Invite link').inputValue();

    const ben = await harness.newPage({ name: null });
    await ben.page.goto(link);
    await ben.page.getByRole('button', { name: 'Join workshop' }).click();
    expect(await namePrompt(ben.page).getByRole('heading').textContent()).toBe('Before you join: what is your name?');
    // Declining joins nothing.
    await namePrompt(ben.page).getByRole('button', { name: 'Not now' }).click();
    await expect.poll(() => ben.page.getByRole('alert').textContent()).toContain('Tell Cairn your name first');
    expect(await ben.page.getByText('Connecting…').count()).toBe(0);

    await ben.page.getByRole('button', { name: 'Join workshop' }).click();
    await giveName(ben.page, 'Ben Okafor');
    await ben.page.getByRole('article', { name: 'Objective: Meet every customer' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => ana.page.getByRole('list', { name: 'People here' }).getByRole('listitem', { name: 'Ben Okafor' }).count(), { timeout: 45_000 }).toBe(1);
    expect(ana.errors).toEqual([]);
  });
});

describe('owners are people', () => {
  it('the owner picker lists the workspace people, filters as one types, and adds a typed new name', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Platform', 'Ana');
    await addObjective(page, 'Faster builds');
    await addMilestone(page, 'Faster builds', 'Remote cache live');

    const row = page.getByRole('listitem', { name: 'Key result: Remote cache live' });
    await row.getByRole('button', { name: 'Details of Remote cache live' }).click();
    const krOwner = page.getByRole('combobox', { name: 'Owner of Remote cache live' });
    await krOwner.click();
    const krList = page.getByRole('listbox', { name: 'People for Owner of Remote cache live' });
    expect(await krList.getByRole('option').allTextContents()).toEqual(['AAna']);

    // A new name, confirmed from the list, becomes the owner and one of the workspace's people.
    await krOwner.fill('Joana Silva');
    expect(await krList.getByRole('option').allTextContents()).toEqual(['Add “Joana Silva” as a new person']);
    await krOwner.press('ArrowDown');
    expect(await krOwner.getAttribute('aria-activedescendant')).toBe(await krList.getByRole('option').first().getAttribute('id'));
    await krOwner.press('Enter');
    const avatar = row.getByRole('img', { name: 'Owner: Joana Silva' }).first();
    await avatar.waitFor();
    expect(await avatar.textContent()).toBe('JS');
    await avatar.hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('Owner: Joana Silva');

    // Joana stays a person of the workspace once she owns nothing (she was added by hand).
    await krOwner.fill('ana');
    expect(await krList.getByRole('option').allTextContents()).toEqual(['AAna']);
    await krOwner.press('ArrowDown');
    await krOwner.press('Enter');
    await row.locator('.kr__status').getByRole('img', { name: 'Owner: Ana' }).waitFor();

    const objectiveOwner = page.getByRole('combobox', { name: 'Owner of objective Faster builds' });
    await objectiveOwner.fill('jo');
    const objectiveList = page.getByRole('listbox', { name: 'People for Owner of objective Faster builds' });
    expect(await objectiveList.getByRole('option').allTextContents()).toEqual(['JSJoana Silva', 'Add “jo” as a new person']);
    await objectiveList.getByRole('option', { name: 'Joana Silva' }).click();
    const card = page.getByRole('article', { name: 'Objective: Faster builds' });
    await card.getByRole('img', { name: 'Owner: Joana Silva' }).waitFor();
    expect(await objectiveOwner.inputValue()).toBe('Joana Silva');
    expect(errors).toEqual([]);
  });

  it('a new key result picks its owner in the form, and a typed new name is added', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Growth', 'Ana');
    await addObjective(page, 'Grow signups');
    await page.getByRole('button', { name: 'Add key result to Grow signups' }).click();
    await page.getByLabel('New key result title').fill('Referral program live');
    await page.getByLabel('Milestone').check();
    await page.getByRole('combobox', { name: 'Owner of the new key result' }).fill('Chloé Martin');
    await page.getByRole('button', { name: 'Add key result', exact: true }).click();
    const row = page.getByRole('listitem', { name: 'Key result: Referral program live' });
    await row.getByRole('img', { name: 'Owner: Chloé Martin' }).waitFor();

    await page.getByRole('combobox', { name: 'Owner of objective Grow signups' }).fill('ch');
    const options = page.getByRole('listbox', { name: 'People for Owner of objective Grow signups' }).getByRole('option');
    expect(await options.allTextContents()).toEqual(['CMChloé Martin', 'Add “ch” as a new person']);
    expect(errors).toEqual([]);
  });

  it('lists the workspace people in the Teams view, where a name added by hand is renamed (its KRs follow) or removed', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Growth', 'Ana');
    await addObjective(page, 'Grow signups');
    await page.getByRole('button', { name: 'Add key result to Grow signups' }).click();
    await page.getByLabel('New key result title').fill('Referral program live');
    await page.getByLabel('Milestone').check();
    await page.getByRole('combobox', { name: 'Owner of the new key result' }).fill('Chloe Martin');
    await page.getByRole('button', { name: 'Add key result', exact: true }).click();
    const row = page.getByRole('listitem', { name: 'Key result: Referral program live' });
    await row.getByRole('img', { name: 'Owner: Chloe Martin' }).waitFor();

    await page.getByRole('tab', { name: 'Teams' }).click();
    const people = page.getByRole('list', { name: 'People of this workspace' });
    await expect.poll(() => people.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')))).toEqual(
      expect.arrayContaining(['Ana', 'Chloe Martin']),
    );
    const name = page.getByLabel('Name of Chloe Martin');
    await name.fill('Chloé Martin');
    await name.press('Enter');
    await page.getByRole('listitem', { name: 'Chloé Martin' }).waitFor();

    await page.getByRole('tab', { name: 'OKRs' }).click();
    await row.getByRole('img', { name: 'Owner: Chloé Martin' }).waitFor();

    await page.getByRole('tab', { name: 'Teams' }).click();
    await page.getByLabel('Add a person').fill('Dara Osei');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('listitem', { name: 'Dara Osei' }).waitFor();
    await page.getByRole('button', { name: 'Remove Dara Osei' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: 'Dara Osei' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('an initiative picks its owner among the same people, and a typed new name is added for everyone', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Growth', 'Ana');
    await addObjective(page, 'Grow signups');
    await page.getByRole('tab', { name: 'Work' }).click();
    await page.getByLabel('New initiative title').fill('Referral emails');
    await page.getByRole('combobox', { name: 'Owner of the new initiative' }).fill('Dara Osei');
    await page.getByRole('button', { name: 'Add initiative' }).click();
    const owner = page.getByRole('combobox', { name: 'Owner of Referral emails' });
    await expect.poll(() => owner.inputValue()).toBe('Dara Osei');

    // Dara is now one of the workspace's people: offered on the board's pickers too.
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await page.getByRole('combobox', { name: 'Owner of objective Grow signups' }).fill('da');
    const options = page.getByRole('listbox', { name: 'People for Owner of objective Grow signups' }).getByRole('option');
    await expect.poll(() => options.allTextContents()).toContain('DODara Osei');
    expect(errors).toEqual([]);
  });
});
