import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
let dir: string;
beforeAll(async () => {
  harness = await startHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-'));
});
afterAll(async () => {
  await harness?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function chooseFile(page: Page, button: string, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(file);
}

describe('importing spreadsheets', () => {
  it('downloads the CSV template, imports it as a new workspace, and refuses a broken sheet without changing anything', async () => {
    const { page, errors } = await harness.newPage();
    await page.getByLabel('Your name (signs your check-ins)').fill('Ana');

    // The template is a real file that imports cleanly.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV template' }).click();
    const template = path.join(dir, 'Team OKRs.csv');
    await (await download).saveAs(template);
    expect(fs.readFileSync(template, 'utf8')).toContain('objective,key result,kind');

    await chooseFile(page, 'Open or import a file…', template);
    await page.getByRole('article', { name: 'Objective: Make onboarding painless' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Workspace name' }).inputValue()).toBe('Team OKRs');
    await expect.poll(() => page.getByRole('listitem', { name: /^Key result: / }).count()).toBe(7);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported “Team OKRs.csv”' }).count()).toBe(1);

    // A sheet with a broken number and an unterminated quote: refused, with the line, and the workspace unchanged.
    const broken = path.join(dir, 'broken.csv');
    fs.writeFileSync(broken, 'objective,key result,kind,baseline,target\r\nMake onboarding painless,Faster setup,metric,ten,5\r\nOther,"Unclosed,metric,1,2\r\n');
    await chooseFile(page, 'Import…', broken);
    const alert = page.getByRole('alert').filter({ hasText: 'broken.csv was not imported' });
    await expect.poll(() => alert.textContent()).toMatch(/line \d+/);
    expect(await page.getByRole('listitem', { name: /^Key result: / }).count()).toBe(7);
    expect(await page.getByRole('listitem', { name: 'Key result: Faster setup' }).count()).toBe(0);

    // A good sheet updates the open workspace.
    const more = path.join(dir, 'more.csv');
    fs.writeFileSync(more, 'objective,key result,kind\r\nMake onboarding painless,Publish the setup checklist,milestone\r\n');
    await chooseFile(page, 'Import…', more);
    await page.getByRole('listitem', { name: 'Key result: Publish the setup checklist' }).waitFor();
    expect(await page.getByRole('article', { name: 'Objective: Make onboarding painless' }).count()).toBe(1);
    if (process.env.CAIRN_SCREENSHOTS) await page.screenshot({ path: `${process.env.CAIRN_SCREENSHOTS}/13-imported.png`, fullPage: true });
    expect(errors.filter((e) => !e.includes('[cairn] Could not import'))).toEqual([]);
  });

  it('still imports when the worker cannot load (the work then runs in the window)', async () => {
    const { page, context } = await harness.newPage();
    let blocked = 0;
    await context.route(/formatsWorker-[^/]*\.js$/, (route) => {
      blocked++;
      return route.abort();
    });
    await page.getByLabel('Your name (signs your check-ins)').fill('Ana');
    const sheet = path.join(dir, 'No worker.csv');
    fs.writeFileSync(sheet, 'objective,key result,kind\r\nShip offline,Works without a worker,milestone\r\n');
    await chooseFile(page, 'Open or import a file…', sheet);
    await page.getByRole('listitem', { name: 'Key result: Works without a worker' }).waitFor();
    expect(blocked).toBeGreaterThan(0);
  });
});
