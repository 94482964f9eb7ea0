import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addObjective, checkIn, createWorkspace } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const OBJECTIVE = 'Grow activation';
const KRS = { onTrack: 'Signups', atRisk: 'Activation rate', offTrack: 'Churned teams won back', quiet: 'Weekly active teams' } as const;
const SHOTS = process.env.CAIRN_SCREENSHOTS; // a folder, to look at the screens while developing
const DAY = 86_400_000;

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/**
 * A workspace two thirds into its cycle with a KR in each health: on pace
 * with high confidence, 17 points behind, far behind with low confidence,
 * and one nobody checked in on for ten days (stale, its check-in overdue).
 * The page's clock is Playwright's, so ten days pass in a moment.
 */
async function workspaceInEachHealth(page: Page, start: number) {
  await createWorkspace(page, 'Activation Q1');
  await page.getByLabel('Cycle end').fill(isoDay(start + 40 * DAY));
  await page.getByLabel('Cycle start').fill(isoDay(start - 50 * DAY));
  await expect.poll(() => page.getByLabel('Cycle start').inputValue()).toBe(isoDay(start - 50 * DAY));
  await addObjective(page, OBJECTIVE);
  for (const title of Object.values(KRS)) await addMetricKeyResult(page, OBJECTIVE, { title, baseline: '0', target: '100', unit: 'teams' });
  await checkIn(page, KRS.quiet, '60', '8', 'Before the holidays');
  await page.clock.fastForward(10 * DAY);
  await checkIn(page, KRS.onTrack, '75', '8', 'On pace');
  await checkIn(page, KRS.atRisk, '50', '8', 'Slower than hoped');
  await checkIn(page, KRS.offTrack, '10', '2', 'Nobody answers');
}

describe('at a glance', () => {
  it('counts KRs by health, explains each health on hover and focus, and links to what is due this week', async () => {
    const { page, errors } = await harness.newPage({ viewport: { width: 1366, height: 800 } });
    const start = Date.now();
    await page.clock.install({ time: start });
    await page.reload();
    await workspaceInEachHealth(page, start);

    const panel = page.getByRole('region', { name: 'At a glance' });
    const counts = panel.getByRole('list', { name: 'Key results by health' });
    await expect.poll(() => counts.textContent()).toBe('1 off track2 at risk1 on track');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'glance-light-1366');

    // Hovering a badge shows its reason in words, with the numbers.
    const offTrack = page.getByRole('button', { name: `Health of ${KRS.offTrack}: Off track` });
    await offTrack.hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('Confidence 2/10 (low)');
    await expect.poll(() => page.getByRole('tooltip').textContent()).toMatch(/10% done with \d+% of the cycle gone, \d+ points behind the pace line\./);
    await shot(page, 'glance-tooltip-hover');
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');

    // Focusing one by keyboard does too.
    const quiet = page.getByRole('button', { name: `Health of ${KRS.quiet}: At risk` });
    await quiet.focus();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('No check-in for 10 days (the team checks in every 7).');
    await page.keyboard.press('Escape');

    // The KR whose rhythm passed says so on its row; the others say when they are due.
    await expect.poll(() => page.getByRole('listitem', { name: `Key result: ${KRS.quiet}` }).textContent()).toContain('Overdue since');
    await expect.poll(() => page.getByRole('listitem', { name: `Key result: ${KRS.onTrack}` }).textContent()).toContain('Next check-in due');

    // The details give the same reasons.
    await page.getByRole('button', { name: `Details of ${KRS.atRisk}` }).click();
    await expect.poll(() => page.getByRole('region', { name: `Health of ${KRS.atRisk}` }).textContent()).toMatch(/50% done with \d+% of the cycle gone, 1\d points behind the pace line\./);
    await page.getByRole('region', { name: `Health of ${KRS.atRisk}` }).scrollIntoViewIfNeeded();
    await shot(page, 'glance-details');

    // The objective reads at risk (one of four KRs off track), and its chip in the panel says so.
    expect(await page.getByRole('button', { name: `Health of ${OBJECTIVE}: At risk` }).count()).toBe(1);
    const chip = panel.getByRole('button', { name: new RegExp(`^${OBJECTIVE} \\d+% At risk$`) });
    expect(await chip.count()).toBe(1);
    // The chip takes you to the objective's card.
    await chip.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Objective: ${OBJECTIVE}`);

    // "Due this week" is one click away: the board's URL filter.
    const due = panel.getByRole('link', { name: /due this week/ });
    expect(await due.textContent()).toBe('1 due this week (1 overdue)');
    await due.click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/w\/[\w-]+\?due=week$/);
    await page.getByRole('region', { name: 'At a glance' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('reads in the dark theme and on a wide screen', async () => {
    if (!SHOTS) return; // screenshots only, for a person to look at
    const { page } = await harness.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    const start = Date.now();
    await page.clock.install({ time: start });
    await page.reload();
    await workspaceInEachHealth(page, start);
    await page.getByRole('button', { name: `Health of ${KRS.atRisk}: At risk` }).hover();
    await page.getByRole('tooltip').waitFor();
    await shot(page, 'glance-dark-1920');
  });
});

describe('health reasons in the person’s locale', () => {
  it('writes the day of the confidence behind a health as the person’s locale does, as the report does in its own', async () => {
    const { page, errors } = await harness.newPage({ locale: 'de-DE' });
    await createWorkspace(page, 'Aktivierung');
    await addObjective(page, OBJECTIVE);
    await addMetricKeyResult(page, OBJECTIVE, { title: KRS.offTrack, baseline: '0', target: '100', unit: 'teams' });
    await checkIn(page, KRS.offTrack, '10', '2', 'Nobody answers');
    const today = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.now());
    await page.getByRole('button', { name: new RegExp(`^Health of ${KRS.offTrack}: `) }).hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain(`Confidence 2/10 (low) on ${today}.`);
    expect(errors).toEqual([]);
  });
});
