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

describe('a workshop between two teammates, peer to peer', () => {
  it('joins through the invite, co-edits one title, survives going offline, and shows presence', async () => {
    const ana = await harness.newPage();
    await createWorkspace(ana.page, 'Offsite OKRs', 'Ana');
    await addObjective(ana.page, 'Delight teams');
    await ana.page.getByRole('button', { name: 'Share…' }).click();
    await ana.page.getByRole('button', { name: 'Host workshop' }).click();
    const link = await ana.page.getByLabel('Invite link').inputValue();
    expect(link).toContain('#/join/cairn-invite:');
    await ana.page.screenshot({ path: 'test-results/workshop-host.png' }).catch(() => undefined);

    const ben = await harness.newPage();
    await ben.page.getByLabel('Your name (signs your check-ins)').fill('Ben');
    await ben.page.goto(link);
    await ben.page.getByRole('button', { name: 'Join workshop' }).click();
    await ben.page.getByRole('article', { name: 'Objective: Delight teams' }).waitFor({ timeout: 30_000 });

    // Both see each other.
    await expect.poll(() => ana.page.getByRole('list', { name: 'People here' }).getByRole('listitem', { name: 'Ben' }).count(), { timeout: 45_000 }).toBe(1);
    await expect.poll(() => ben.page.getByRole('list', { name: 'People here' }).getByRole('listitem', { name: 'Ana' }).count()).toBe(1);
    await expect.poll(() => ana.page.getByRole('status', { name: /^Workshop: In sync with 1 peer\b/ }).count()).toBe(1);

    // Both type into the same title, each at their own end of it: the edits merge by character.
    const anaTitle = ana.page.getByRole('article').first().getByLabel('Objective title');
    const benTitle = ben.page.getByRole('article').first().getByLabel('Objective title');
    await anaTitle.click();
    await anaTitle.press('Home');
    await benTitle.click();
    await benTitle.press('End');
    await expect.poll(() => ana.page.getByText('Ben is typing', { exact: true }).count()).toBe(1);
    await anaTitle.pressSequentially('Really ', { delay: 20 });
    await expect.poll(() => benTitle.inputValue()).toBe('Really Delight teams');
    await benTitle.press('End');
    await benTitle.pressSequentially(' everywhere', { delay: 20 });
    const merged = 'Really Delight teams everywhere';
    await expect.poll(() => anaTitle.inputValue()).toBe(merged);
    await expect.poll(() => benTitle.inputValue()).toBe(merged);

    // Now at the very same moment, at both ends: each caret stays in its own word.
    await anaTitle.press('Home');
    await benTitle.press('End');
    await Promise.all([anaTitle.pressSequentially('Now ', { delay: 35 }), benTitle.pressSequentially(' today', { delay: 30 })]);
    const together = 'Now Really Delight teams everywhere today';
    await expect.poll(() => anaTitle.inputValue()).toBe(together);
    await expect.poll(() => benTitle.inputValue()).toBe(together);

    // Ben drops off the network, keeps working, and comes back.
    await ben.context.setOffline(true);
    await ben.page.getByLabel('New objective title').fill('Written offline');
    await ben.page.keyboard.press('Enter');
    await ana.page.getByLabel('New objective title').fill('Written while Ben was away');
    await ana.page.keyboard.press('Enter');
    await ben.context.setOffline(false);
    const titles = (page: typeof ana.page) => page.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).sort());
    const expected = ['Objective: Now Really Delight teams everywhere today', 'Objective: Written offline', 'Objective: Written while Ben was away'];
    await expect.poll(() => titles(ana.page), { timeout: 45_000 }).toEqual(expected);
    await expect.poll(() => titles(ben.page), { timeout: 45_000 }).toEqual(expected);
    await ben.page.screenshot({ path: 'test-results/workshop-joined.png' }).catch(() => undefined);
    expect(ana.errors).toEqual([]);
  });
});
