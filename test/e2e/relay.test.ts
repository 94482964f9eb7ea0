import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startRelayProcess, type Running } from '../relay/relayProcesses';
import { connectClient, until } from '../relay/relayClient';
import { addMetricKeyResult, addObjective, checkIn, createWorkspace } from './flows';
import { startHarness, type Harness } from './harness';
import { describeViolations, isBlocking, runAxe } from './axe';

/*
 * The app through a relay, in Chromium: a real `cairn relay` process started
 * here on a free port with a temporary data directory, tokens from
 * `cairn relay token`. Two people who are never online at the same time see
 * each other's check-ins; a wrong token is refused in words; edits made while
 * the relay is down reach it once it is back.
 */

const repo = path.resolve(__dirname, '..', '..');
const KR = 'Forum members';
let harness: Harness;
let relay: Running & { url: string };
let dataDir: string;

function relayToken(workspaceId: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', path.join(repo, 'electron', 'cli', 'main.ts'), 'relay', 'token', workspaceId, '--data', dataDir], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

const workspaceIdOf = (page: Page) => /#\/w\/([^?]+)/.exec(page.url())?.[1] ?? '';
const relayPill = (page: Page) => page.getByRole('status', { name: /^Relay: / });
const currentValue = (page: Page) => page.getByLabel(`Current value of ${KR}`);

/** Waits until the relay holds every change of this window (the pill says it confirmed them). */
async function confirmedByRelay(page: Page): Promise<void> {
  await expect.poll(() => relayPill(page).getAttribute('aria-label')).toMatch(/^Relay: confirmed /);
}

async function openShare(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Share…' }).click();
}

async function connectToRelay(page: Page, url: string, token: string): Promise<void> {
  await page.getByLabel('Relay address').fill(url);
  await page.getByLabel(/Token for this workspace|New token for this workspace/).fill(token);
  await page.getByRole('button', { name: /Connect to relay|Change relay/ }).click();
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-relay-'));
  relay = await startRelayProcess({ dataDir });
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
  await relay?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the app through a relay', () => {
  it('brings two people’s check-ins together though they are never online at the same time', async () => {
    // Ana sets up the relay for her workspace and checks in.
    const ana = await harness.newPage({ name: 'Ana' });
    await createWorkspace(ana.page, 'Growth Q3', 'Ana');
    await addObjective(ana.page, 'Grow the forum');
    await addMetricKeyResult(ana.page, 'Grow the forum', { title: KR, baseline: '0', target: '500', unit: 'members' });
    const workspaceId = workspaceIdOf(ana.page);
    await openShare(ana.page);
    await expect.poll(() => ana.page.getByText('The relay’s operator can read this workspace.').count()).toBeGreaterThan(0);
    await connectToRelay(ana.page, relay.url, relayToken(workspaceId));
    await confirmedByRelay(ana.page);
    await checkIn(ana.page, KR, '120', '7', 'Launch post went out');
    await confirmedByRelay(ana.page);
    const link = await ana.page.getByLabel('Relay invite link').inputValue();
    // Ana goes away: her browser keeps what it stored, nothing of her is online.
    const anaStorage = await ana.context.storageState({ indexedDB: true });
    await ana.context.close();

    // Ben joins from Ana's invite (it carries the relay), sees her check-in, checks in, and leaves.
    const ben = await harness.newPage({ name: 'Ben' });
    await ben.page.goto(link);
    await ben.page.getByRole('button', { name: 'Join workshop' }).click();
    // Before anything is sent, Ben sees whose machine the relay is and that its operator reads the workspace.
    const notice = ben.page.getByRole('group', { name: /joins through the relay at/ });
    await expect.poll(() => notice.textContent()).toContain(`the relay at ${new URL(relay.url).host}. The relay’s operator can read this workspace.`);
    await ben.page.screenshot({ path: path.join(os.tmpdir(), 'cairn-relay-join-notice.png') });
    await notice.getByRole('button', { name: 'Join through this relay' }).click();
    await expect.poll(() => currentValue(ben.page).textContent()).toContain('120');
    await checkIn(ben.page, KR, '180', '6', 'Meetup signups');
    await confirmedByRelay(ben.page);
    await ben.context.close();

    // Ana comes back and sees Ben's check-in.
    // bypassCSP lets axe's script in (below); Ana's first window and Ben's ran under the app's CSP, relay included.
    const anaAgain = await harness.browser.newContext({ viewport: { width: 1200, height: 900 }, storageState: anaStorage, bypassCSP: true });
    const page = await anaAgain.newPage();
    await page.goto(`${harness.url}#/w/${workspaceId}`);
    await expect.poll(() => currentValue(page).textContent()).toContain('180');
    await expect.poll(() => relayPill(page).getAttribute('aria-label')).toMatch(/Live: relay\. .*The relay’s operator can read this workspace\./);
    await page.screenshot({ path: path.join(os.tmpdir(), 'cairn-relay-status.png') });

    // Edits made while the relay is down reach it when it is back.
    const port = relay.port;
    await relay.stop();
    await expect.poll(() => relayPill(page).getAttribute('aria-label')).toMatch(/^Relay: offline/);
    await checkIn(page, KR, '210', '7', 'Written while the relay was down');
    relay = await startRelayProcess({ dataDir, port });
    await confirmedByRelay(page);
    const observer = connectClient(relay.url, workspaceId, relayToken(workspaceId), new Y.Doc());
    try {
      await until(() => observer.confirmed() && observer.doc.getMap('checkIns').size === 3, 'the relay holding all three check-ins');
    } finally {
      observer.close();
    }

    // A wrong token is refused in words.
    await openShare(page);
    await page.screenshot({ path: path.join(os.tmpdir(), 'cairn-relay-settings.png'), fullPage: true });
    // The relay's settings and pill, connected: nothing serious for assistive technology. (The check-in's
    // passing message is dismissed first: the toasts' list is another part's, and not what is checked here.)
    for (const button of await page.getByRole('button', { name: 'Dismiss message' }).all()) await button.click().catch(() => undefined);
    expect(describeViolations('the relay settings', (await runAxe(page)).filter(isBlocking))).toEqual([]);
    await connectToRelay(page, relay.url, 'x'.repeat(43));
    await page.getByRole('alert').filter({ hasText: 'The relay refused this workspace’s token' }).waitFor();
    await expect.poll(() => relayPill(page).getAttribute('aria-label')).toMatch(/^Relay: refused/);
    await anaAgain.close();
  });
});
