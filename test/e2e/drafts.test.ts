import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';

/*
 * Private drafting in a workshop, in the real UI with three laptops: two
 * draft privately, the facilitator's laptop cannot find their text anywhere
 * (its DOM, its IndexedDB copy of the workspace) until the reveal; then all
 * three see the drafts with their authors, and the facilitator merges two
 * and adopts the result as an objective. (The areas are mounted in a
 * temporary "Drafts" tab until the session part's StageArea renders them.)
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

/** Every value of every IndexedDB database of the page's origin whose name starts with cairn-workspace-, as text. */
function workspaceStorageText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith('cairn-workspace-')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const value of values) out.push(value instanceof Uint8Array ? new TextDecoder().decode(value) : JSON.stringify(value));
      }
      db.close();
    }
    return out.join('\n');
  });
}

async function openDraftsTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Drafts' }).click();
}

describe('private drafts in a workshop', () => {
  it('two people draft privately, the third laptop sees nothing until the reveal; the facilitator merges two and adopts one', async () => {
    const fay = await harness.newPage({ name: 'Fay' });
    await fay.page.getByLabel('Workspace name').fill('Offsite drafts');
    await fay.page.getByLabel('Kind').selectOption('workshop');
    await fay.page.getByRole('button', { name: 'Create workspace' }).click();
    await fay.page.getByRole('textbox', { name: 'Workspace name' }).waitFor();
    // A workshop opens with its invite panel.
    await fay.page.getByRole('button', { name: 'Host workshop' }).click();
    const link = await fay.page.getByLabel('Invite link').inputValue();

    const people = [];
    for (const name of ['Ana', 'Ben']) {
      const joined = await harness.newPage({ name });
      await joined.page.goto(link);
      await joined.page.getByRole('button', { name: 'Join workshop' }).click();
      await joined.page.getByRole('tab', { name: 'Drafts' }).waitFor({ timeout: 30_000 });
      people.push(joined);
    }
    const [ana, ben] = people as [(typeof people)[number], (typeof people)[number]];
    await expect.poll(() => fay.page.getByRole('status', { name: /^Workshop: In sync · 2 peers/ }).count(), { timeout: 60_000 }).toBe(1);

    await openDraftsTab(fay.page);
    await fay.page.getByRole('button', { name: 'Open drafting' }).click();
    for (const [person, text] of [
      [ana, ANA_DRAFT],
      [ben, BEN_DRAFT],
    ] as const) {
      await openDraftsTab(person.page);
      await person.page.getByText('Only you can see these until the facilitator reveals them.').waitFor({ timeout: 30_000 });
      await person.page.getByLabel('A new objective').fill(text);
      await person.page.getByRole('button', { name: 'Add draft' }).click();
      await person.page.getByRole('list', { name: 'Your private drafts' }).getByRole('textbox', { name: 'Your draft' }).first().waitFor();
    }
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

    await fay.page.getByRole('button', { name: 'Reveal drafts' }).click();
    for (const page of [fay.page, ana.page, ben.page]) {
      const candidates = page.getByRole('list', { name: 'Candidates' });
      await candidates.getByText(ANA_DRAFT).waitFor({ timeout: 30_000 });
      await candidates.getByText(BEN_DRAFT).waitFor({ timeout: 30_000 });
      await candidates.getByText('Ana', { exact: true }).waitFor();
      await candidates.getByText('Ben', { exact: true }).waitFor();
    }
    await fay.page.screenshot({ path: 'test-results/drafts-revealed.png' }).catch(() => undefined);

    await fay.page.getByRole('checkbox', { name: `Select “${ANA_DRAFT}”` }).check();
    await fay.page.getByRole('checkbox', { name: `Select “${BEN_DRAFT}”` }).check();
    await fay.page.getByRole('button', { name: 'Merge selected (2)' }).click();
    await fay.page.getByLabel('Text of the merged candidate').fill('Lead the mid-market');
    await fay.page.getByRole('button', { name: 'Merge', exact: true }).click();
    const merged = fay.page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').filter({ hasText: 'Lead the mid-market' });
    await merged.getByText('Merged from 2 drafts').waitFor();
    await merged.getByRole('button', { name: 'Adopt as objective' }).click();
    await merged.getByText('adopted as an objective', { exact: false }).waitFor();

    for (const page of [fay.page, ana.page]) {
      await page.getByRole('tab', { name: 'OKRs' }).click();
      await page.getByRole('article', { name: 'Objective: Lead the mid-market' }).waitFor({ timeout: 30_000 });
    }
    expect(fay.errors).toEqual([]);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
