import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { hostWorkshop, joinWorkshop, moveTo, SYNC_TIMEOUT, waitForPeers, workspaceStorageText, writeDraft } from './workshopFlows';

/*
 * Private drafting in a workshop, in the real UI with three laptops: two
 * draft privately, the facilitator's laptop cannot find their text anywhere
 * (its DOM, its IndexedDB copy of the workspace) until the reveal; then all
 * three see the drafts with their authors, and the facilitator merges two
 * and adopts the result as an objective. The areas are reached the way
 * people reach them: the facilitator hosts a workshop, starts the session and
 * moves the room to the drafting stage, then to "Reveal and cluster".
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const ANA_DRAFT = 'Win the mid-market qx7-ana';
const BEN_DRAFT = 'Grow mid-market revenue qx7-ben';

describe('private drafts in a workshop', () => {
  it('two people draft privately, the third laptop sees nothing until the reveal; the facilitator merges two and adopts one', async () => {
    const fay = await harness.newPage({ name: 'Fay' });
    const link = await hostWorkshop(fay.page, 'Offsite drafts', 'Fay');
    const ana = await joinWorkshop(harness, link, 'Ana');
    const ben = await joinWorkshop(harness, link, 'Ben');
    await waitForPeers(fay.page, 2);
    const room = [fay.page, ana.page, ben.page];
    await moveTo(fay.page, 'Context and north stars', room);
    await moveTo(fay.page, 'Draft objectives privately', room);

    // Before the facilitator opens drafting, a participant is told to wait.
    await ana.page.getByText('Drafting opens when the facilitator starts it.').waitFor();
    await fay.page.getByRole('button', { name: 'Open drafting' }).click();
    await writeDraft(ana.page, 'A new objective', ANA_DRAFT);
    await writeDraft(ben.page, 'A new objective', BEN_DRAFT);
    await ana.page.screenshot({ path: 'test-results/drafts-private.png' }).catch(() => undefined);

    // Give any leak time to arrive, then look everywhere on the facilitator's laptop.
    await fay.page.waitForTimeout(1500);
    for (const marker of ['qx7-ana', 'qx7-ben']) {
      expect(await fay.page.content()).not.toContain(marker);
      expect(await workspaceStorageText(fay.page)).not.toContain(marker);
    }
    // Nor does either drafter see the other's.
    expect(await ben.page.content()).not.toContain('qx7-ana');
    expect(await ana.page.content()).not.toContain('qx7-ben');

    // The facilitator reveals from the drafting stage; the room reads the drafts there, then clusters them in the next stage.
    await fay.page.getByRole('button', { name: 'Reveal drafts' }).click();
    for (const page of room) {
      const candidates = page.getByRole('list', { name: 'Candidates' });
      await candidates.getByText(ANA_DRAFT).waitFor({ timeout: SYNC_TIMEOUT });
      await candidates.getByText(BEN_DRAFT).waitFor({ timeout: SYNC_TIMEOUT });
      await candidates.getByText('Ana', { exact: true }).waitFor();
      await candidates.getByText('Ben', { exact: true }).waitFor();
    }
    await fay.page.screenshot({ path: 'test-results/drafts-revealed.png' }).catch(() => undefined);
    await moveTo(fay.page, 'Reveal and cluster', room);

    await fay.page.getByRole('checkbox', { name: `Select “${ANA_DRAFT}”` }).check();
    await fay.page.getByRole('checkbox', { name: `Select “${BEN_DRAFT}”` }).check();
    await fay.page.getByRole('button', { name: 'Merge selected (2)' }).click();
    await fay.page.getByLabel('Text of the merged candidate').fill('Lead the mid-market');
    await fay.page.getByRole('button', { name: 'Merge', exact: true }).click();
    const merged = fay.page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').filter({ hasText: 'Lead the mid-market' });
    await merged.getByText('Merged from 2 drafts').waitFor();
    await merged.getByRole('button', { name: 'Adopt as objective' }).click();
    await merged.getByText('adopted as an objective', { exact: false }).waitFor();

    for (const page of room) await page.getByRole('article', { name: 'Objective: Lead the mid-market' }).waitFor({ timeout: SYNC_TIMEOUT });
    expect(fay.errors).toEqual([]);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  }, 240_000);
});
