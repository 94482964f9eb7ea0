import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { largeWorkspace, listItems, renderedItems, scrollPage, tabTo } from './largeWorkspace';

/*
 * The Signals view of a large workspace renders only the signals near the
 * screen (ui/VirtualList.tsx, as the board does) and still lets a person reach
 * every one: by keyboard, by scrolling, and with the filter that stands in for
 * find-in-page.
 */

const DAY_MS = 86_400_000;
// The cycle around today, so key results fall behind pace and go stale: hundreds of open signals.
const workspace = largeWorkspace('signals', () => {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  return generateWorkspace(40, 400, 1_200, 1, { timeline: { start: today - 60 * DAY_MS, cycleDays: 91, checkInDays: 60 }, allKinds: true }).doc;
});

async function openSignals() {
  const opened = await workspace.open();
  await opened.page.getByRole('tab', { name: /^Signals/ }).click();
  await openItems(opened.page).first().waitFor();
  return opened;
}

const openItems = (page: Page) => listItems(page, 'Open signals');
/** Position and name of every open signal in the page now. */
const renderedSignals = (page: Page) => renderedItems(page, 'Open signals');

describe('the Signals view of a large workspace', () => {
  it('holds a screenful of signals, each saying its place in the whole list', async () => {
    const { page, errors } = await openSignals();
    const first = await renderedSignals(page);
    const total = first[0]!.of;
    expect(total).toBeGreaterThan(100);
    expect(first[0]!.at).toBe(1);
    expect(first.length).toBeGreaterThan(1);
    expect(first.length).toBeLessThan(20);
    expect(new Set(first.map((s) => s.of))).toEqual(new Set([total]));
    expect(errors).toEqual([]);
  });

  it('walks by Tab from one signal to the next, past the first screen', async () => {
    const { page, errors } = await openSignals();
    const target = Math.max(...(await renderedSignals(page)).map((s) => s.at)) + 3;
    await openItems(page).first().getByRole('button', { name: /^Decide on / }).focus();
    const { reached, top } = await tabTo(page, 'Open signals', target, 200);
    expect(reached).toBe(target);
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(800);
    expect((await renderedSignals(page)).length).toBeLessThan(20);
    expect(errors).toEqual([]);
  });

  it('finds a signal far off screen with the filter', async () => {
    const { page, errors } = await openSignals();
    const shown = new Set((await renderedSignals(page)).map((s) => s.name));
    // The last signal: scrolled to, named, then the page goes back to the top.
    await scrollPage(page, 'bottom');
    await expect.poll(async () => Math.max(...(await renderedSignals(page)).map((s) => s.at))).toBe((await renderedSignals(page))[0]!.of);
    const last = (await renderedSignals(page)).at(-1)!.name;
    expect(shown.has(last)).toBe(false);
    await scrollPage(page, 'top');

    const title = last.replace(/^[^:]+: /, '');
    await page.getByLabel('Filter signals').fill(title);
    await expect.poll(async () => (await renderedSignals(page)).map((s) => s.name)).toContain(last);
    const matches = await renderedSignals(page);
    expect(matches.every((s) => s.name.includes(title))).toBe(true);
    expect(matches[0]!.of).toBe(matches.length);
    expect(errors).toEqual([]);
  });
});
