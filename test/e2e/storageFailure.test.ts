import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObjective } from '../../shared/commands/objectives';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { newWorkspace } from '../support/workspace';
import { openWorkspaceFile, startHarness, type Harness } from './harness';

/*
 * A chosen file this browser cannot store (its disk full): the workspace is
 * shown read-only with the reason and what to do, never editable with
 * nothing keeping the edits; once storage works again, Try again makes it
 * editable, and what is typed then is saved.
 */

let harness: Harness;
let dir: string;
let file: string;

beforeAll(async () => {
  harness = await startHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-storage-failure-'));
  file = path.join(dir, 'team.cairn');
  const { doc, ctx } = newWorkspace('Ben', 'diskFull0001');
  addObjective(ctx, { title: 'Grow the community' });
  fs.writeFileSync(file, workspaceToFile(doc, 'e2e', Date.now()));
});
afterAll(async () => {
  await harness?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Before the app's scripts: every row written to a workspace's `updates` store is refused as a full disk refuses it, until `__diskFull` is false. */
function fullDisk(): void {
  const flags = window as unknown as { __diskFull: boolean };
  flags.__diskFull = true;
  for (const method of ['add', 'put'] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (flags.__diskFull && this.name === 'updates') throw new DOMException('The disk is full.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
}

describe('a chosen file this browser cannot store', () => {
  it('opens read-only with the reason and what to do, and becomes editable once storing works again', async () => {
    const { context, page } = await harness.newPage();
    await context.addInitScript(fullDisk);
    await page.reload();
    await openWorkspaceFile(page, file);

    const notice = page.getByRole('alert').filter({ hasText: 'read-only' });
    await expect.poll(() => notice.textContent()).toMatch(/refused to keep this workspace \(QuotaExceededError: The disk is full\.\).*free some disk space.*Try again.*Save a copy/);
    const workspaceName = page.getByRole('textbox', { name: 'Workspace name' });
    const objectiveTitle = page.getByRole('textbox', { name: 'Objective title', exact: true });
    expect(await workspaceName.isDisabled()).toBe(true);
    expect(await objectiveTitle.isDisabled()).toBe(true);
    expect(await page.getByLabel('Cycle start').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: /^Not saved/ }).textContent()).toBe('Not saved: read-only until it can be stored');
    // Keeping it as a file stays possible.
    expect(await notice.getByRole('button', { name: 'Save a copy…' }).isEnabled()).toBe(true);
    // Finding and filtering change nothing stored: they stay usable, and the board answers them.
    const find = page.getByRole('searchbox', { name: 'Filter by text' });
    expect(await find.isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Check-in due this week' }).isEnabled()).toBe(true);
    await find.fill('no such words');
    const noMatch = page.locator('p', { hasText: 'No objective or key result matches these filters.' });
    await noMatch.waitFor();
    const clearFilters = page.getByRole('button', { name: 'Clear filters' });
    expect(await clearFilters.count()).toBe(2);
    for (const button of await clearFilters.all()) expect(await button.isEnabled()).toBe(true);
    await noMatch.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => objectiveTitle.inputValue()).toBe('Grow the community');
    expect(await objectiveTitle.isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'cairn-storage-failure-read-only.png') });

    await page.evaluate(() => ((window as unknown as { __diskFull: boolean }).__diskFull = false));
    await notice.getByRole('button', { name: 'Try again' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await objectiveTitle.isEditable()).toBe(true);
    await objectiveTitle.fill('Grow the community twice');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^(Saving…|Saved in this browser|Not saved)/ }).textContent()).toMatch(/^Saved in this browser/);
    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Objective title', exact: true }).inputValue()).toBe('Grow the community twice');
  }, 60_000);
});
