import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { describeViolations, isBlocking, runAxe } from './axe';

/*
 * The facilitator's session in Chromium: a host and two participants whose
 * laptops' clocks are 5 minutes fast and 5 minutes slow (Date.now skewed
 * before the app's first script). All three must read the same time left on
 * the running stage timer, within half a second: a check of the offset
 * estimate, not of timings. Then the facilitator moves through stages and
 * ends the session; the participants read the words.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const SKEW_MS = 5 * 60_000;
const ENDED = 'The facilitator ended the session. Your edits stay on this laptop and will merge when you meet again.';

async function join(link: string, name: string, skewMs: number): Promise<Page> {
  // bypassCSP: axe is injected as a script tag (as in test/e2e/axe.test.ts).
  const { context, page } = await harness.newPage({ name, bypassCSP: true });
  await context.addInitScript((skew: number) => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + skew;
  }, skewMs);
  // A real load (the invite is a hash link on the page already open, which would not run init scripts again).
  await page.goto('about:blank');
  await page.goto(link);
  // The skew took: this laptop's clock is minutes away from the test's.
  const seen = await page.evaluate(() => Date.now());
  expect(Math.abs(seen - Date.now() - skewMs)).toBeLessThan(10_000);
  await page.getByRole('button', { name: 'Join workshop' }).click();
  return page;
}

/** The time left each page shows, brought to one moment of the test's clock (each read is placed at the middle of its round trip). */
async function readAll(pages: readonly Page[]): Promise<number[]> {
  const reads = await Promise.all(
    pages.map(async (page) => {
      const before = Date.now();
      const shown = await page.getByRole('timer').evaluate((el: HTMLElement) => ({ ms: Number(el.dataset.remainingMs), at: Number(el.dataset.computedAt), now: Date.now() }));
      const after = Date.now();
      // Left at the moment of reading, on that page's own clock (both its times are on it).
      return { left: shown.ms - (shown.now - shown.at), at: (before + after) / 2 };
    }),
  );
  const reference = reads[0]!.at;
  return reads.map((r) => r.left + (r.at - reference));
}

describe('the facilitator’s session', () => {
  it('shows one time left on three laptops whose clocks differ by ±5 minutes, moves through stages and ends for everyone', async () => {
    const host = await harness.newPage({ name: 'Fay', bypassCSP: true });
    const fay = host.page;
    await fay.getByLabel('Workspace name').fill('Offsite');
    await fay.getByLabel('Kind').selectOption('workshop');
    await fay.getByRole('button', { name: 'Create workspace' }).click();
    await fay.getByRole('button', { name: 'Host workshop' }).click();
    const link = await fay.getByLabel('Invite link').inputValue();
    await fay.getByRole('heading', { name: 'Facilitated by Fay' }).waitFor({ timeout: 30_000 });
    await fay.getByRole('button', { name: 'Start the first stage' }).click();
    await fay.getByRole('heading', { name: 'Context and north stars' }).waitFor();

    const ana = await join(link, 'Ana', SKEW_MS);
    const ben = await join(link, 'Ben', -SKEW_MS);
    for (const page of [ana, ben]) await page.getByRole('heading', { name: 'Context and north stars' }).waitFor({ timeout: 60_000 });

    await fay.getByRole('button', { name: 'Start the timer' }).click();
    const pages = [fay, ana, ben];
    // Every page has an offset (participants) and sees the timer running.
    for (const page of pages) await expect.poll(() => page.getByRole('timer').evaluate((el: HTMLElement) => el.dataset.running === 'true' && el.dataset.remainingMs !== ''), { timeout: 30_000 }).toBe(true);
    // A few estimates refine the offset; then read all three at once, several times.
    await fay.waitForTimeout(2500);
    const spreads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const lefts = await readAll(pages);
      spreads.push(Math.max(...lefts) - Math.min(...lefts));
      await fay.waitForTimeout(300);
    }
    const worst = Math.max(...spreads);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/timer-agreement.json', JSON.stringify({ skewsMs: [0, SKEW_MS, -SKEW_MS], spreadsMs: spreads.map(Math.round), worstMs: Math.round(worst) }, null, 2));
    expect(worst).toBeLessThan(500);
    await fay.screenshot({ path: 'test-results/session-host.png' }).catch(() => undefined);
    await ana.screenshot({ path: 'test-results/session-participant.png' }).catch(() => undefined);

    // The panel passes axe (no serious or critical WCAG 2.1 A/AA finding) for the facilitator and a participant.
    for (const [who, page] of [['facilitator', fay], ['participant', ana]] as const) expect(describeViolations(`stage panel (${who})`, (await runAxe(page)).filter(isBlocking))).toEqual([]);
    // Participants see the panel read-only.
    expect(await ana.getByRole('button', { name: 'Next stage' }).count()).toBe(0);
    await fay.getByRole('button', { name: 'Next stage' }).click();
    for (const page of pages) await page.getByRole('heading', { name: 'Draft objectives privately' }).waitFor({ timeout: 30_000 });

    // Attendance: everyone's join is recorded.
    await fay.getByText(/Attendance \(3 here\)/).waitFor({ timeout: 30_000 });

    await fay.getByRole('button', { name: 'End session…' }).click();
    await fay.getByRole('dialog', { name: 'End the session for everyone?' }).getByRole('button', { name: 'End session' }).click();
    for (const page of [ana, ben]) await page.getByRole('alert').filter({ hasText: ENDED }).waitFor({ timeout: 30_000 });
    await ana.screenshot({ path: 'test-results/session-ended.png' }).catch(() => undefined);
    // The notice stays until dismissed.
    await ana.getByRole('button', { name: 'Dismiss' }).click();
    expect(await ana.getByText(ENDED).count()).toBe(0);
    expect(host.errors).toEqual([]);
  });
});
