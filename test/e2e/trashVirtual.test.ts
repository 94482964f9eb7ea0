import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { localContext } from '../../shared/commands/context';
import { deleteObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import { largeWorkspace, listItems, tabTo } from './largeWorkspace';

/*
 * The deleted items of a workspace with a long history render only the rows
 * near the screen (ui/VirtualList.tsx) and each stays reachable: by keyboard
 * and with the panel's filter.
 */

const DELETED = 150;
const workspace = largeWorkspace('trash', () => {
  const { doc } = generateWorkspace(DELETED + 10, 200, 200);
  const ctx = localContext(doc, 'Ana', () => Date.UTC(2026, 7, 1));
  // Objectives 1 to 150 deleted, 151 to 160 kept.
  for (const o of readWorkspace(doc).objectives.values()) if (Number(/^Objective (\d+):/.exec(o.title)?.[1]) <= DELETED) deleteObjective(ctx, o.id);
  return doc;
});

async function openTrash() {
  const opened = await workspace.open();
  const { page } = opened;
  // The deleted items come in after the first screen (At a glance marks the open complete).
  await page.waitForFunction(() => performance.getEntriesByName('cairn:workspace-complete').length > 0);
  // By keyboard, not a click: under load the board above measures its cards while the pointer is on its way and
  // the summary moves under it, so a click could miss it (the panel was found closed, never built); what is
  // tested here is the list once the panel is open.
  const summary = page.getByText(/^Deleted items \(\d+\)$/);
  await summary.focus();
  await page.keyboard.press('Enter');
  await rows(page).first().waitFor();
  return opened;
}

const rows = (page: Page) => listItems(page, 'Deleted items');
const positions = (page: Page) => rows(page).evaluateAll((items) => items.map((item) => [Number(item.getAttribute('aria-posinset')), Number(item.getAttribute('aria-setsize'))] as const));

describe('the deleted items of a long history', () => {
  it('holds the rows near the screen and walks past them by Tab', async () => {
    const { page, errors } = await openTrash();
    const first = await positions(page);
    expect(new Set(first.map(([, of]) => of))).toEqual(new Set([DELETED]));
    expect(first.length).toBeLessThan(40);

    const target = Math.max(...first.map(([at]) => at)) + 3;
    await rows(page).first().getByRole('button', { name: /^Restore / }).focus();
    const { reached } = await tabTo(page, 'Deleted items', target, 100);
    expect(reached).toBe(target);
    expect((await positions(page)).length).toBeLessThan(40);
    expect(errors).toEqual([]);
  });

  it('renders the focused row’s neighbours before any scroll: Tab never leaves the list early', async () => {
    const { page, errors } = await openTrash();
    const last = Math.max(...(await positions(page)).map(([at]) => at));
    // Focus reaches the last row in the page without scrolling it into view: as on a busy machine, where the
    // scroll that focus causes has not been rendered yet when the next Tab comes (nothing brings rows in).
    await page.evaluate((at) => {
      const row = document.querySelector(`[role="list"][aria-label="Deleted items"] > [aria-posinset="${at}"]`);
      row?.querySelector('button')?.focus({ preventScroll: true });
    }, last);
    await expect.poll(() => positions(page).then((rendered) => rendered.map(([at]) => at))).toContain(last + 1);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => Number(document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-posinset') ?? 0));
    expect(focused).toBe(last + 1);
    expect(errors).toEqual([]);
  });

  it('finds a deleted objective far off screen with the filter, and restores it', async () => {
    const { page, errors } = await openTrash();
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
