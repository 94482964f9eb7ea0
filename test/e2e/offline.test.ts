import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness, type PageOptions } from './harness';
import { addObjective } from './flows';
import { hostTeamWorkspace, joinAndSee } from './workshopFlows';
import { describeViolations, isBlocking, runAxe } from './axe';

/*
 * Issue 15, "the UI tells the truth about the network": a window whose
 * browser goes offline says "Offline", leaves the room (the others stop
 * seeing it) and rejoins by itself with what was typed meanwhile; a window
 * that vanishes is gone from the others' avatars and peer count within
 * seconds. Two contexts per test; about a minute of wall time in all.
 */

/** The truth deadline: what the status and presence say is true within 5 s. */
const TRUTH_DEADLINE_MS = 5_000;
/**
 * Two Chromium contexts and the server share 2 cores with other engineers'
 * runs: a re-render or a poll tick can lag by a second or two under load. The
 * figure is printed; the bound only catches a status that does not follow.
 */
const LOADED_MACHINE_MARGIN_MS = 2_000;
const DEADLINE_ON_A_LOADED_MACHINE_MS = TRUTH_DEADLINE_MS + LOADED_MACHINE_MARGIN_MS;
/** How long to keep watching after the deadline, so a late figure is still measured and reported. */
const MEASURE_UP_TO_MS = 35_000;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const host = (page: Page, title: string) => hostTeamWorkspace(page, title, (p) => addObjective(p, 'Delight teams'));
const join = (link: string, name: string, options: PageOptions = {}) => joinAndSee(harness, link, name, 'Delight teams', options);

const avatars = (page: Page, name: string) => page.getByRole('list', { name: 'People here' }).getByRole('listitem', { name });
const pill = (page: Page) => page.getByRole('status', { name: /^Workshop: / });
const pillName = (page: Page) => pill(page).getAttribute('aria-label');

/** Both see each other, and both pills say they are in sync with the one other. */
async function meet(a: Page, aName: string, b: Page, bName: string): Promise<void> {
  await expect.poll(() => avatars(a, bName).count(), { timeout: 45_000 }).toBe(1);
  await expect.poll(() => avatars(b, aName).count(), { timeout: 45_000 }).toBe(1);
  for (const page of [a, b]) await expect.poll(() => pillName(page), { timeout: 30_000 }).toMatch(/^Workshop: In sync with 1 peer\b/);
}

/** Milliseconds from `since` until `holds` is true (checked every 50 ms), or Infinity once MEASURE_UP_TO_MS have passed. */
async function msUntil(holds: () => Promise<boolean>, since: number): Promise<number> {
  for (;;) {
    if (await holds()) return Date.now() - since;
    if (Date.now() - since > MEASURE_UP_TO_MS) return Infinity;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Watches, from `observer`, `name`'s avatar and the peer count go; prints both delays and checks the deadline. */
async function expectGoneWithinDeadline(what: string, observer: Page, name: string, since: number): Promise<void> {
  const [avatarMs, countMs] = await Promise.all([
    msUntil(async () => (await avatars(observer, name).count()) === 0, since),
    msUntil(async () => !/\b1 peer\b/.test((await pillName(observer)) ?? ''), since),
  ]);
  const figure = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : `more than ${MEASURE_UP_TO_MS / 1000} s`);
  console.log(`[offline e2e] ${what}: ${name}'s avatar gone after ${figure(avatarMs)}, the peer count after ${figure(countMs)} (deadline ${TRUTH_DEADLINE_MS / 1000} s)`);
  expect(Math.max(avatarMs, countMs)).toBeLessThanOrEqual(DEADLINE_ON_A_LOADED_MACHINE_MS);
}

const LAPTOP = { width: 1366, height: 800 };

const titles = (page: Page) => page.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).sort());

describe('the workshop status and presence tell the truth about the network', () => {
  it('a window whose browser goes offline says so, leaves the room, and rejoins with what was typed meanwhile', { timeout: 150_000 }, async () => {
    // A laptop's screen, one in the light theme and one in the dark (the screenshots are looked at).
    // Both also run axe (injected: the app's CSP refuses inline scripts).
    const ana = await harness.newPage({ name: 'Ana', viewport: LAPTOP, colorScheme: 'light', bypassCSP: true });
    const link = await host(ana.page, 'Offsite offline');
    const ben = await join(link, 'Ben', { viewport: LAPTOP, colorScheme: 'dark', bypassCSP: true });
    await meet(ana.page, 'Ana', ben.page, 'Ben');

    // The facilitator's Wi-Fi drops (the other way round from the next test: the host goes, a participant watches).
    const cut = Date.now();
    await ana.context.setOffline(true);
    await expect.poll(() => pillName(ana.page), { timeout: DEADLINE_ON_A_LOADED_MACHINE_MS }).toMatch(/^Workshop: Offline\b/);
    expect(await pill(ana.page).getAttribute('title')).toMatch(/^This computer is offline; your edits are kept and will sync when you reconnect\./);
    // Offline: nobody is shown as here.
    expect(await ana.page.getByRole('list', { name: 'People here' }).count()).toBe(0);
    await expectGoneWithinDeadline('host went offline', ben.page, 'Ana', cut);
    await expect.poll(() => pillName(ben.page), { timeout: DEADLINE_ON_A_LOADED_MACHINE_MS }).toMatch(/^Workshop: Looking for peers\b/);
    const left = (page: Page) => page.getByRole('alert').filter({ hasText: 'The facilitator, Ana, left the workshop.' });
    await expect.poll(() => left(ben.page).count()).toBe(1);
    await ana.page.screenshot({ path: 'test-results/offline-pill-offline-light.png' }).catch(() => undefined);
    await ben.page.screenshot({ path: 'test-results/offline-pill-looking-dark.png' }).catch(() => undefined);
    expect(describeViolations('offline, light', (await runAxe(ana.page)).filter(isBlocking))).toEqual([]);
    expect(describeViolations('looking for peers, dark', (await runAxe(ben.page)).filter(isBlocking))).toEqual([]);

    // Both keep working.
    await addObjective(ana.page, 'Written offline');
    await addObjective(ben.page, 'Written while Ana was away');
    // Nothing flows while offline (playwright's offline does not cut WebRTC on loopback: leaving the room does).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ben.page.getByRole('article', { name: 'Objective: Written offline' }).count()).toBe(0);

    // Back online: the window rejoins the same workshop by itself, and everything typed meets.
    await ana.context.setOffline(false);
    await meet(ana.page, 'Ana', ben.page, 'Ben');
    // Ana is back: "left the workshop" is no longer true, so it is no longer said.
    await expect.poll(() => left(ben.page).count(), { timeout: DEADLINE_ON_A_LOADED_MACHINE_MS }).toBe(0);
    const expected = ['Objective: Delight teams', 'Objective: Written offline', 'Objective: Written while Ana was away'];
    await expect.poll(() => titles(ana.page), { timeout: 30_000 }).toEqual(expected);
    await expect.poll(() => titles(ben.page), { timeout: 30_000 }).toEqual(expected);
    await ana.page.screenshot({ path: 'test-results/offline-pill-in-sync-light.png' }).catch(() => undefined);
    await ben.page.screenshot({ path: 'test-results/offline-pill-in-sync-dark.png' }).catch(() => undefined);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });

  it('a window that closes abruptly is gone from the others’ avatars and peer count within 5 s', { timeout: 150_000 }, async () => {
    const ana = await harness.newPage({ name: 'Ana' });
    const link = await host(ana.page, 'Offsite vanishing');
    const ben = await join(link, 'Ben');
    await meet(ana.page, 'Ana', ben.page, 'Ben');

    // No beforeunload, no goodbye: the laptop is simply gone.
    const gone = Date.now();
    await ben.context.close();
    await expectGoneWithinDeadline('participant window closed', ana.page, 'Ben', gone);
    await expect.poll(() => pillName(ana.page), { timeout: DEADLINE_ON_A_LOADED_MACHINE_MS }).toMatch(/^Workshop: Looking for peers\b/);
    expect(ana.errors).toEqual([]);
  });
});
