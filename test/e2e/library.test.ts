import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
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

const workspaceNames = (page: Page) =>
  page.getByRole('list', { name: 'Workspaces' }).getByRole('link').allTextContents();

describe('the workspace library', () => {
  it('creates, renames, duplicates, deletes and restores workspaces', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Platform team');
    await addObjective(page, 'Fast builds');
    await page.getByRole('link', { name: '← Workspaces' }).click();
    await expect.poll(() => workspaceNames(page)).toEqual(['Platform team']);

    await page.getByRole('button', { name: 'Rename workspace Platform team' }).click();
    await page.getByLabel('New name for Platform team').fill('Platform team Q3');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => workspaceNames(page)).toEqual(['Platform team Q3']);

    await page.getByRole('button', { name: 'Duplicate workspace Platform team Q3' }).click();
    await expect.poll(async () => (await workspaceNames(page)).sort()).toEqual(['Platform team Q3', 'Platform team Q3 (copy)']);
    await page.getByRole('link', { name: 'Platform team Q3 (copy)' }).click();
    await page.getByRole('article', { name: 'Objective: Fast builds' }).waitFor();
    await page.getByRole('link', { name: '← Workspaces' }).click();

    await page.getByRole('button', { name: 'Delete workspace Platform team Q3 (copy)' }).click();
    await expect.poll(() => workspaceNames(page)).toEqual(['Platform team Q3']);
    const deleted = page.getByRole('list', { name: 'Recently deleted workspaces' });
    await expect.poll(() => deleted.textContent()).toContain('Platform team Q3 (copy)');
    await page.getByRole('button', { name: 'Restore workspace Platform team Q3 (copy)' }).click();
    await expect.poll(async () => (await workspaceNames(page)).sort()).toEqual(['Platform team Q3', 'Platform team Q3 (copy)']);

    await page.reload();
    await expect.poll(async () => (await workspaceNames(page)).sort()).toEqual(['Platform team Q3', 'Platform team Q3 (copy)']);
    expect(errors).toEqual([]);
  });
});

describe('.cairn files in browser mode', () => {
  it('saves a copy as a download that another browser opens, and merges it back', async () => {
    const alice = await harness.newPage();
    await createWorkspace(alice.page, 'Shared on a USB stick', 'Alice');
    await addObjective(alice.page, 'Written by Alice');
    const [download] = await Promise.all([alice.page.waitForEvent('download'), alice.page.getByRole('button', { name: 'Save a copy…' }).click()]);
    expect(download.suggestedFilename()).toBe('Shared on a USB stick.cairn');
    const file = await download.path();

    const bob = await harness.newPage();
    const [chooser] = await Promise.all([bob.page.waitForEvent('filechooser'), bob.page.getByRole('button', { name: 'Open or import a file…' }).click()]);
    await chooser.setFiles(file);
    await bob.page.getByRole('article', { name: 'Objective: Written by Alice' }).waitFor();
    await bob.page.getByLabel('New objective title').fill('Added by Bob');
    await bob.page.keyboard.press('Enter');
    await bob.page.getByRole('article', { name: 'Objective: Added by Bob' }).waitFor();
    const [bobDownload] = await Promise.all([bob.page.waitForEvent('download'), bob.page.getByRole('button', { name: 'Save a copy…' }).click()]);

    // Alice opens Bob's copy of the same workspace: it merges instead of making a second one.
    await alice.page.getByRole('link', { name: '← Workspaces' }).click();
    const [aliceChooser] = await Promise.all([
      alice.page.waitForEvent('filechooser'),
      alice.page.getByRole('button', { name: 'Open or import a file…' }).click(),
    ]);
    await aliceChooser.setFiles(await bobDownload.path());
    await alice.page.getByRole('article', { name: 'Objective: Added by Bob' }).waitFor();
    await expect.poll(() => alice.page.getByRole('article').count()).toBe(2);
    await alice.page.getByRole('link', { name: '← Workspaces' }).click();
    await expect.poll(() => workspaceNames(alice.page)).toEqual(['Shared on a USB stick']);
  });

  it('refuses a damaged file with a clear message and changes nothing', async () => {
    const { page } = await harness.newPage();
    await createWorkspace(page, 'Keep me intact');
    await addObjective(page, 'Already here');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save a copy…' }).click()]);
    const bytes = await readFile(await download.path());
    const truncated = bytes.subarray(0, Math.floor(bytes.length / 2));

    await page.getByRole('link', { name: '← Workspaces' }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open or import a file…' }).click()]);
    await chooser.setFiles({ name: 'broken.cairn', mimeType: 'application/octet-stream', buffer: Buffer.from(truncated) });
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Could not open “broken.cairn”: The file is incomplete/);

    const [again] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open or import a file…' }).click()]);
    await again.setFiles({ name: 'notes.cairn', mimeType: 'text/plain', buffer: Buffer.from('just some text') });
    await expect.poll(() => page.getByRole('alert').last().textContent()).toMatch(/not a Cairn workspace file/);

    await expect.poll(() => workspaceNames(page)).toEqual(['Keep me intact']);
    await page.getByRole('link', { name: 'Keep me intact' }).click();
    await page.getByRole('article', { name: 'Objective: Already here' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(1);
  });
});
