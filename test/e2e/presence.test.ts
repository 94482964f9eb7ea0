import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startHarness, type Harness, type PageOptions } from './harness';
import { addMilestone, addObjective } from './flows';
import { hostTeamWorkspace, joinAndSee } from './workshopFlows';
import { describeViolations, isBlocking, runAxe } from './axe';

/*
 * Issue 14, presence: three laptops in one room. The participants follow the
 * facilitator's view, stop following, are brought back once; the field
 * another person edits says so on the field itself; and when the facilitator
 * stops sharing or leaves, the others are told in words.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const host = (page: Page, title: string) =>
  hostTeamWorkspace(page, title, async (p) => {
    await addObjective(p, 'Delight teams');
    await addObjective(p, 'Grow revenue');
    await addMilestone(p, 'Grow revenue', 'Ship pricing page');
  });
const join = (link: string, name: string, options: PageOptions = {}) => joinAndSee(harness, link, name, 'Delight teams', options);

const selectedTab = (page: Page) => page.getByRole('tab', { selected: true }).textContent();

/** The words assistive technology reads as the field's description. */
const describedBy = (field: Locator) =>
  field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

describe('presence in a workshop: follow the facilitator, field presence, the host leaving', () => {
  it('follows, stops following, is brought here, shows who types in which field, and says when the host stops sharing', async () => {
    const ana = await harness.newPage({ name: 'Ana' });
    const link = await host(ana.page, 'Offsite presence');
    const ben = await join(link, 'Ben');
    // Cy's page also runs axe (injected: the app's CSP refuses inline scripts).
    const cy = await join(link, 'Cy', { bypassCSP: true });
    for (const p of [ana.page, ben.page, cy.page]) {
      await expect.poll(() => p.getByRole('list', { name: 'People here' }).getByRole('listitem').count(), { timeout: 45_000 }).toBe(2);
    }

    // Following is on by default for participants.
    await expect.poll(() => ben.page.getByRole('group', { name: 'Following Ana' }).count()).toBe(1);
    await expect.poll(() => cy.page.getByRole('group', { name: 'Following Ana' }).count()).toBe(1);
    expect(await ana.page.getByRole('group', { name: /^Following/ }).count()).toBe(0);

    // The facilitator changes the tab: both follow.
    await ana.page.getByRole('tab', { name: 'Teams' }).click();
    await expect.poll(() => selectedTab(ben.page)).toBe('Teams');
    await expect.poll(() => selectedTab(cy.page)).toBe('Teams');
    expect(ben.page.url()).toContain('tab=teams');

    // Back to the board, at a key result of the second objective: the followers' row opens.
    await ana.page.getByRole('tab', { name: 'OKRs' }).click();
    await ana.page.getByRole('listitem', { name: 'Key result: Ship pricing page' }).getByRole('button', { name: 'Details of Ship pricing page' }).click();
    await expect.poll(() => selectedTab(ben.page)).toBe('OKRs');
    await expect.poll(() => ben.page.getByRole('button', { name: 'Hide details of Ship pricing page' }).count()).toBe(1);
    await expect.poll(() => cy.page.getByRole('button', { name: 'Hide details of Ship pricing page' }).count()).toBe(1);
    await ben.page.screenshot({ path: 'test-results/presence-following.png' }).catch(() => undefined);

    // Cy stops following: one click; the chip offers to follow again.
    await cy.page.getByRole('button', { name: 'Stop following Ana' }).click();
    await cy.page.getByRole('button', { name: 'Follow Ana' }).waitFor();
    await ana.page.getByRole('tab', { name: 'Changes' }).click();
    await expect.poll(() => selectedTab(ben.page)).toBe('Changes');
    // Ben moved, so Ana's view went out; Cy was not moved.
    expect(await selectedTab(cy.page)).toBe('OKRs');

    // "Bring everyone here" moves Cy once, says who did it, and leaves Cy not following.
    await ana.page.getByRole('button', { name: 'Bring everyone here' }).click();
    await expect.poll(() => selectedTab(cy.page)).toBe('Changes');
    await expect.poll(() => cy.page.getByText('Ana brought everyone here').count()).toBe(1);
    expect(await cy.page.getByRole('button', { name: 'Follow Ana' }).count()).toBe(1);

    // Ben goes somewhere himself: that ends following too.
    await ben.page.getByRole('tab', { name: 'OKRs' }).click();
    await ben.page.getByRole('button', { name: 'Follow Ana' }).waitFor();
    await ana.page.getByRole('tab', { name: 'Teams' }).click();
    await ana.page.getByRole('tab', { name: 'OKRs' }).click();
    await cy.page.getByRole('tab', { name: 'OKRs' }).click();

    // Field presence: Ana is in the description of "Delight teams"; the others see it on that field, named.
    const field = (page: Page, label: string) => page.getByRole('article', { name: 'Objective: Delight teams' }).getByLabel(label, { exact: true });
    await field(ana.page, 'Objective description').click();
    await expect.poll(() => describedBy(field(ben.page, 'Objective description'))).toBe('Ana is typing');
    await expect.poll(() => describedBy(field(cy.page, 'Objective description'))).toBe('Ana is typing');
    // Only on that field: not on the same objective's title.
    expect(await describedBy(field(ben.page, 'Objective title'))).toBe('');
    expect(await ben.page.getByRole('article', { name: 'Objective: Delight teams' }).getByText('Ana is typing').count()).toBe(1);

    // Ben focuses that field: he is told before he types.
    await field(ben.page, 'Objective description').click();
    await expect.poll(() => ben.page.getByRole('article', { name: 'Objective: Delight teams' }).getByText(/^Ana is typing in this field too/).count()).toBe(1);
    await expect.poll(() => ben.page.locator('#announcer').textContent()).toMatch(/^Ana is typing in this field too/);
    // And Ana now sees Ben on her field.
    await expect.poll(() => describedBy(field(ana.page, 'Objective description'))).toMatch(/^Ben is typing/);
    // Cy sees both names on the one field.
    await expect.poll(() => describedBy(field(cy.page, 'Objective description'))).toMatch(/^(Ana and Ben|Ben and Ana) are typing$/);
    await cy.page.screenshot({ path: 'test-results/presence-field.png' }).catch(() => undefined);
    // The chip, the name tags and the note pass axe (no serious or critical finding).
    expect(describeViolations('field presence', (await runAxe(cy.page)).filter(isBlocking))).toEqual([]);

    // The facilitator stops sharing: the others read it in words, and it stays until dismissed.
    await ana.page.getByRole('button', { name: 'Stop sharing' }).click();
    const words = 'The facilitator, Ana, stopped sharing. Your edits stay on this laptop and will merge when you meet again.';
    for (const p of [ben.page, cy.page]) {
      await expect.poll(() => p.getByRole('alert').filter({ hasText: words }).count(), { timeout: 20_000 }).toBe(1);
    }
    await cy.page.screenshot({ path: 'test-results/presence-stopped-sharing.png' }).catch(() => undefined);
    expect(describeViolations('session notice', (await runAxe(cy.page)).filter(isBlocking))).toEqual([]);
    await ben.page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await ben.page.getByRole('alert').filter({ hasText: words }).count()).toBe(0);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });

  it('tells the participants when the facilitator’s window closes', async () => {
    const ana = await harness.newPage({ name: 'Ana' });
    const link = await host(ana.page, 'Offsite closing');
    const ben = await join(link, 'Ben');
    const cy = await join(link, 'Cy');
    await expect.poll(() => ben.page.getByRole('group', { name: 'Following Ana' }).count(), { timeout: 45_000 }).toBe(1);
    await expect.poll(() => cy.page.getByRole('group', { name: 'Following Ana' }).count(), { timeout: 45_000 }).toBe(1);
    await ana.page.close({ runBeforeUnload: true });
    const words = 'The facilitator, Ana, left the workshop. Your edits stay on this laptop and will merge when you meet again.';
    // A clean close sends the removal at once; a vanished laptop times out (30 s): either is "left".
    for (const p of [ben.page, cy.page]) {
      await expect.poll(() => p.getByRole('alert').filter({ hasText: words }).count(), { timeout: 45_000 }).toBe(1);
    }
    // Nobody left to follow.
    expect(await ben.page.getByRole('group', { name: 'Following Ana' }).count()).toBe(0);
    expect(ben.errors).toEqual([]);
  });
});
