import fs from 'node:fs';
import type { Download, Page } from 'playwright-core';
import Papa from 'papaparse';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { addMetricKeyResult, addObjective, checkIn, createWorkspace } from './flows';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const shot = async (page: Page, name: string) => {
  if (process.env.CAIRN_SCREENSHOTS) await page.screenshot({ path: `${process.env.CAIRN_SCREENSHOTS}/${name}.png`, fullPage: true });
};

async function backToLibrary(page: Page) {
  await page.getByRole('link', { name: '← Workspaces' }).click();
  await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
}

async function createJournal(page: Page, title: string) {
  await page.getByLabel('Workspace name').fill(title);
  await page.getByLabel('Kind').selectOption({ label: 'Personal journal' });
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('tab', { name: 'Journal' }).waitFor();
}

const text = async (download: Download) => fs.readFileSync((await download.path())!, 'utf8');

describe('a private journal shared into a team workspace, then the team workspace exported', () => {
  it('writes reflections, links and searches them, shares one objective, and exports HTML and CSV through the dialog', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Platform Q4');
    await addObjective(page, 'Make deploys boring');
    await backToLibrary(page);

    // The journal: private, reflections first.
    await createJournal(page, 'My PM journal');
    await expect.poll(() => page.getByRole('note').textContent()).toContain('Private journal.');
    expect(await page.getByRole('button', { name: 'Share…' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'reflection' }).textContent()).toContain('is not written yet');

    // Personal OKRs and a check-in, in the journal's OKRs tab.
    await page.getByRole('tab', { name: 'OKRs' }).click();
    await addObjective(page, 'Grow my team’s skills, “fast”');
    await addMetricKeyResult(page, 'Grow my team’s skills, “fast”', { title: 'Pairing sessions per week', baseline: '0', target: '6', unit: 'sessions' });
    await checkIn(page, 'Pairing sessions per week', '2', '7', 'Started Tuesday pairing; Zoë joined');

    await page.getByRole('tab', { name: 'Journal' }).click();
    await page.getByRole('button', { name: 'Write a reflection' }).click();
    const entry = page.getByRole('article', { name: /^Reflection: Week of/ });
    await entry.getByRole('textbox', { name: 'What moved?' }).fill('Pairing took off after the retro');
    await entry.getByRole('textbox', { name: 'What did I learn?' }).fill('People want structure, not more meetings');
    await entry.getByRole('combobox', { name: 'Link to a key result, check-in or decision' }).selectOption({ label: 'Key result: Pairing sessions per week' });
    await expect.poll(() => entry.getByRole('list', { name: 'Links' }).textContent()).toContain('Pairing sessions per week');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'reflection' }).count()).toBe(0);
    // The timeline holds the reflection and the check-in.
    await expect.poll(() => page.getByRole('list', { name: 'Journal timeline' }).getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('list', { name: 'Journal timeline' }).textContent()).toContain('Zoë joined');

    // Search is accent- and case-insensitive, across reflections, notes and titles.
    await page.getByRole('searchbox', { name: 'Search the journal' }).fill('ZOE');
    await expect.poll(() => page.getByRole('region', { name: 'Search results' }).textContent()).toContain('Started Tuesday pairing');
    await page.getByRole('searchbox', { name: 'Search the journal' }).fill('structure meetings');
    await expect.poll(() => page.getByRole('region', { name: 'Search results' }).textContent()).toContain('Reflection');
    await shot(page, '10-journal');

    // Deleting a reflection can be taken back.
    await entry.getByRole('button', { name: /^Delete the reflection of/ }).click();
    await expect.poll(() => entry.count()).toBe(0);
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => entry.getByRole('textbox', { name: 'What moved?' }).inputValue()).toBe('Pairing took off after the retro');

    // Share the objective into the team workspace.
    await page.getByRole('button', { name: 'Share to a team workspace…' }).click();
    const share = page.getByRole('dialog', { name: 'Share to a team workspace' });
    await share.getByLabel('Team workspace').selectOption({ label: 'Platform Q4' });
    await share.getByRole('checkbox', { name: 'Grow my team’s skills, “fast”' }).check();
    // Check-ins (with their notes) are shared only when asked.
    expect(await share.getByRole('checkbox', { name: /Include their check-ins/ }).isChecked()).toBe(false);
    await share.getByRole('checkbox', { name: /Include their check-ins/ }).check();
    await shot(page, '11-share-dialog');
    await share.getByRole('button', { name: 'Share 1 objective' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Shared 1 objective' }).count()).toBe(1);
    await share.waitFor({ state: 'detached' });

    // The team workspace now holds the copy; the journal's reflections did not travel.
    await backToLibrary(page);
    await page.getByRole('link', { name: /Platform Q4/ }).first().click();
    await page.getByRole('article', { name: 'Objective: Grow my team’s skills, “fast”' }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('Pairing took off');
    await expect.poll(() => page.getByRole('listitem', { name: 'Key result: Pairing sessions per week' }).count()).toBe(1);

    // The facilitator hosts a workshop; what the room adds is "what changed in this session".
    await page.getByRole('button', { name: 'Share…' }).click();
    await page.getByRole('button', { name: 'Host workshop' }).click();
    await page.getByLabel('Invite link').waitFor();
    await addObjective(page, 'Agreed in the room');

    // Export through the dialog: HTML report and CSV (the defaults).
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Export/ });
    await expect.poll(() => dialog.getByRole('checkbox', { name: /What changed in this session/ }).isChecked()).toBe(true);
    await expect.poll(() => dialog.getByRole('checkbox', { name: /HTML report/ }).isChecked()).toBe(true);
    await expect.poll(() => dialog.getByRole('checkbox', { name: /CSV/ }).isChecked()).toBe(true);
    const preview = page.frameLocator('iframe[title="Report preview"]');
    await expect.poll(() => preview.locator('body').textContent(), { timeout: 20_000 }).toContain('Grow my team’s skills, “fast”');
    const session = preview.locator('section', { has: preview.getByRole('heading', { name: 'What changed in this session' }) });
    await expect.poll(() => session.textContent()).toContain('Agreed in the room');
    expect(await session.textContent()).not.toContain('Make deploys boring');
    await shot(page, '12-export-dialog');

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await dialog.getByRole('button', { name: 'Save 2 formats' }).click();
    await expect.poll(() => downloads.length, { timeout: 20_000 }).toBe(3);
    await dialog.waitFor({ state: 'detached' });
    const byName = new Map(downloads.map((d) => [d.suggestedFilename(), d]));
    expect([...byName.keys()].sort()).toEqual(['Platform Q4 check-ins.csv', 'Platform Q4 key results.csv', 'Platform Q4 report.html']);

    const html = await text(byName.get('Platform Q4 report.html')!);
    const window = new Window();
    const parsed = new window.DOMParser().parseFromString(html, 'text/html');
    const headings = [...parsed.querySelectorAll('h2, h3')].map((h) => h.textContent ?? '');
    expect(headings.some((h) => h.includes('Make deploys boring'))).toBe(true);
    expect(headings.some((h) => h.includes('Grow my team’s skills, “fast”'))).toBe(true);
    expect(headings).toContain('What changed in this session');
    expect(parsed.querySelectorAll('script').length).toBe(0);
    await window.happyDOM.close();

    const krs = Papa.parse<Record<string, string>>((await text(byName.get('Platform Q4 key results.csv')!)).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(krs.errors).toEqual([]);
    expect(krs.data).toHaveLength(1); // "Agreed in the room" has no key results yet
    expect(krs.data[0]).toMatchObject({ objective: 'Grow my team’s skills, “fast”', 'key result': 'Pairing sessions per week', baseline: '0', target: '6', current: '2' });
    const checkIns = Papa.parse<Record<string, string>>((await text(byName.get('Platform Q4 check-ins.csv')!)).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(checkIns.data.map((row) => row.note)).toEqual(['Started Tuesday pairing; Zoë joined']);
    expect(errors).toEqual([]);
  });
});
