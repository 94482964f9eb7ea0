import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { localContext } from '../../shared/commands/context';
import { deleteObjective } from '../../shared/commands/objectives';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { readWorkspace } from '../../shared/schema/read';
import { openWorkspaceFile, startHarness, type Harness } from './harness';

/*
 * The deleted items of a workspace with a long history render only the rows
 * near the screen (ui/VirtualList.tsx) and each stays reachable: by keyboard
 * and with the panel's filter.
 */

let harness: Harness;
let dir: string;
let file: string;
const DELETED = 150;

beforeAll(async () => {
  harness = await startHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-trash-virtual-'));
  file = path.join(dir, 'trash.cairn');
  const { doc } = generateWorkspace(DELETED + 10, 200, 200);
  const ctx = localContext(doc, 'Ana', () => Date.UTC(2026, 7, 1));
  // Objectives 1 to 150 deleted, 151 to 160 kept.
  for (const o of readWorkspace(doc).objectives.values()) if (Number(/^Objective (\d+):/.exec(o.title)?.[1]) <= DELETED) deleteObjective(ctx, o.id);
  fs.writeFileSync(file, workspaceToFile(doc, 'trash', Date.now()));
});
afterAll(async () => {
  await harness?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openTrash(page: Page) {
  await openWorkspaceFile(page, file);
  // The deleted items come in after the first screen (At a glance marks the open complete).
  await page.waitForFunction(() => performance.getEntriesByName('cairn:workspace-complete').length > 0);
  await page.getByText(/^Deleted items \(\d+\)$/).click();
  await rows(page).first().waitFor();
}

const rows = (page: Page) => page.getByRole('list', { name: 'Deleted items' }).getByRole('listitem');
const positions = (page: Page) => rows(page).evaluateAll((items) => items.map((item) => [Number(item.getAttribute('aria-posinset')), Number(item.getAttribute('aria-setsize'))] as const));

describe('the deleted items of a long history', () => {
  it('holds the rows near the screen and walks past them by Tab', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await openTrash(page);
    const first = await positions(page);
    expect(new Set(first.map(([, of]) => of))).toEqual(new Set([DELETED]));
    expect(first.length).toBeLessThan(40);

    const target = Math.max(...first.map(([at]) => at)) + 3;
    await rows(page).first().getByRole('button', { name: /^Restore / }).focus();
    let reached = 0;
    for (let press = 0; press < 100 && reached < target; press++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => Number(document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-posinset') ?? 0));
    }
    expect(reached).toBe(target);
    expect((await positions(page)).length).toBeLessThan(40);
    expect(errors).toEqual([]);
  });

  it('finds a deleted objective far off screen with the filter, and restores it', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await openTrash(page);
    // All were deleted at the same moment, so their order is the ids': pick one that is not in the page,
    // with a three-digit number, which the filter matches in that objective's title alone.
    const shown = await rows(page).evaluateAll((items) => items.map((item) => item.textContent ?? ''));
    const offScreen = Array.from({ length: DELETED - 99 }, (_, i) => DELETED - i).find((n) => !shown.some((text) => text.includes(`Objective ${n}:`)))!;
    expect(offScreen).toBeGreaterThanOrEqual(100);
    const restore = page.getByRole('button', { name: new RegExp(`^Restore objective Objective ${offScreen}:`) });
    expect(await restore.count()).toBe(0);
    await page.getByLabel('Filter deleted items').fill(`Objective ${offScreen}:`);
    await restore.click();
    await expect.poll(() => restore.count()).toBe(0);
    await page.getByLabel('Filter by text').fill(`Objective ${offScreen}:`);
    await page.getByRole('article', { name: new RegExp(`^Objective: Objective ${offScreen}:`) }).waitFor();
    expect(errors).toEqual([]);
  });
});
