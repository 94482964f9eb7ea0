import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { workspaceToFile } from '../../shared/format/workspaceFile';
import { openWorkspaceFile, startHarness, type Harness } from './harness';

/*
 * The Signals view of a large workspace renders only the signals near the
 * screen (ui/VirtualList.tsx, as the board does) and still lets a person reach
 * every one: by keyboard, by scrolling, and with the filter that stands in for
 * find-in-page.
 */

let harness: Harness;
let dir: string;
let file: string;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  harness = await startHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-signals-virtual-'));
  file = path.join(dir, 'signals.cairn');
  // The cycle around today, so key results fall behind pace and go stale: hundreds of open signals.
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const generated = generateWorkspace(40, 400, 1_200, 1, { timeline: { start: today - 60 * DAY_MS, cycleDays: 91, checkInDays: 60 }, allKinds: true });
  fs.writeFileSync(file, workspaceToFile(generated.doc, 'signals', Date.now()));
});
afterAll(async () => {
  await harness?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openSignals(page: Page) {
  await openWorkspaceFile(page, file);
  await page.getByRole('tab', { name: /^Signals/ }).click();
  await page.getByRole('list', { name: 'Open signals' }).getByRole('listitem').first().waitFor();
}

const openItems = (page: Page) => page.getByRole('list', { name: 'Open signals' }).getByRole('listitem');

/** Position and name of every open signal in the page now. */
function renderedSignals(page: Page): Promise<{ at: number; of: number; name: string }[]> {
  return openItems(page).evaluateAll((items) =>
    items.map((item) => ({ at: Number(item.getAttribute('aria-posinset')), of: Number(item.getAttribute('aria-setsize')), name: item.getAttribute('aria-label') ?? '' })),
  );
}

describe('the Signals view of a large workspace', () => {
  it('holds a screenful of signals, each saying its place in the whole list', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await openSignals(page);
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
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await openSignals(page);
    const target = Math.max(...(await renderedSignals(page)).map((s) => s.at)) + 3;
    await openItems(page).first().getByRole('button', { name: /^Decide on / }).focus();
    let reached = 0;
    for (let press = 0; press < 200 && reached < target; press++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => Number(document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-posinset') ?? 0));
    }
    expect(reached).toBe(target);
    const top = await page.evaluate(() => document.activeElement!.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(800);
    expect((await renderedSignals(page)).length).toBeLessThan(20);
    expect(errors).toEqual([]);
  });

  it('finds a signal far off screen with the filter', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    await openSignals(page);
    const shown = new Set((await renderedSignals(page)).map((s) => s.name));
    // The last signal: scrolled to, named, then the page goes back to the top.
    await page.evaluate(() => document.querySelector('.app-scroll')!.scrollTo(0, document.querySelector('.app-scroll')!.scrollHeight));
    await expect.poll(async () => Math.max(...(await renderedSignals(page)).map((s) => s.at))).toBe((await renderedSignals(page))[0]!.of);
    const last = (await renderedSignals(page)).at(-1)!.name;
    expect(shown.has(last)).toBe(false);
    await page.evaluate(() => document.querySelector('.app-scroll')!.scrollTo(0, 0));

    const title = last.replace(/^[^:]+: /, '');
    await page.getByLabel('Filter signals').fill(title);
    await expect.poll(async () => (await renderedSignals(page)).map((s) => s.name)).toContain(last);
    const matches = await renderedSignals(page);
    expect(matches.every((s) => s.name.includes(title))).toBe(true);
    expect(matches[0]!.of).toBe(matches.length);
    expect(errors).toEqual([]);
  });
});
