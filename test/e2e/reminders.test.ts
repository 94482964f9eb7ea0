import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addObjective, createWorkspace } from './flows';

/*
 * Issue 13, reminders in browser mode: no desktop notifications, but the
 * library lists your KRs due for a check-in this week, across workspaces,
 * and each leads to its workspace.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('due this week, in the library', () => {
  it('lists the KRs you own that are due, not a teammate’s, and opens their workspace', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Growth Q3', 'Ana');
    await addObjective(page, 'Teams adopt Cairn');
    await addMetricKeyResult(page, 'Teams adopt Cairn', { title: 'Weekly active teams', baseline: '10', target: '40', unit: 'teams' });
    await addMetricKeyResult(page, 'Teams adopt Cairn', { title: 'Guides published', baseline: '0', target: '6', unit: 'guides' });
    await page.getByRole('button', { name: 'Details of Guides published' }).click();
    await page.getByLabel('Owner of Guides published').fill('Ben');
    await page.getByLabel('Owner of Guides published').press('Tab');

    await page.getByRole('link', { name: /Workspaces/ }).or(page.getByRole('button', { name: /Workspaces/ })).first().click();
    // Added today and never checked in: due a check-in rhythm (a week) from now.
    const due = page.getByRole('list', { name: 'Your key results due this week' });
    await expect.poll(() => due.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^Weekly active teams Growth Q3 · due /)]);
    // Reminders are the desktop app's; here the section says so.
    expect(await page.getByRole('region', { name: 'Reminders' }).innerText()).toMatch(/desktop feature/);

    await due.getByRole('link', { name: 'Weekly active teams' }).click();
    await page.getByRole('article', { name: 'Objective: Teams adopt Cairn' }).waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/w\/[\w-]+\?due=week$/);
    expect(errors).toEqual([]);
  });

  it('asks for your name before it can tell which KRs are yours', async () => {
    const { page } = await harness.newPage();
    await expect.poll(() => page.getByRole('region', { name: /Due for a check-in this week/ }).innerText()).toMatch(/Add your name above/);
  });
});
