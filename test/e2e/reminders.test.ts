import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderSchedule } from '../../shared/platform';
import { startHarness, type Harness } from './harness';
import { buildSampleWorkspace } from '../../docs/screenshots/sampleWorkspace';

/*
 * Issue 13, reminders in browser mode: no desktop notifications, but the
 * library lists your KRs due for a check-in this week, across workspaces,
 * and each leads to its workspace.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('due this week, in the library', () => {
  it('lists the KRs you own that are due, not a teammate’s, and opens their workspace', async () => {
    const { context, page, errors } = await harness.newPage();
    await context.addInitScript(() => localStorage.setItem('cairn.identity.v1', 'ana souza'));
    await page.reload();
    await importSample(page);
    await page.goto(`${harness.url}#/`);

    // Ana's two: one never checked in (overdue), one checked in last week (due in this one); Ben's and Chloé's are left out.
    const due = page.getByRole('list', { name: 'Your key results due this week' });
    await expect.poll(() => due.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Offline workshop kit shipped Northwind Product — this quarter · overdue since /),
      expect.stringMatching(/^Teams checking in during week one Northwind Product — this quarter · due /),
    ]);
    // Reminders are the desktop app's; here the section says so.
    expect(await page.getByRole('region', { name: 'Reminders' }).innerText()).toMatch(/desktop feature/);

    await due.getByRole('link', { name: 'Offline workshop kit shipped' }).click();
    await page.getByRole('article').first().waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/w\/[\w-]+\?due=week$/);
    expect(errors).toEqual([]);
  });

  it('asks for your name before it can tell which KRs are yours', async () => {
    const { page } = await harness.newPage({ name: null });
    await expect.poll(() => page.getByRole('region', { name: /Due for a check-in this week/ }).innerText()).toMatch(/Add your name above/);
  });
});

/**
 * Stands in for the Electron preload (window.cairn) in the page: records what
 * the renderer hands the shell for reminders and lets the test click a reminder.
 */
function fakeDesktopShell() {
  const log: ReminderSchedule[] = [];
  const target = window as unknown as { cairn: unknown; __reminders: ReminderSchedule[]; __openDue?: (id: string) => void };
  target.__reminders = log;
  target.cairn = {
    kind: 'electron',
    appVersion: 'e2e',
    durable: false,
    saveWorkspace: async () => ({ savedAt: Date.now() }),
    loadWorkspace: async () => null,
    listStoredWorkspaces: async () => [],
    removeWorkspace: async () => {},
    listBackups: async () => [],
    readBackup: async () => new Uint8Array(),
    exportFile: async () => ({ saved: false }),
    exportFiles: async () => ({ saved: 0 }),
    pickFile: async () => (target as unknown as { __nextFile?: unknown }).__nextFile ?? null,
    renderPdf: async () => null,
    hostWorkshop: async () => ({ signaling: [] }),
    setReminders: async (schedule: ReminderSchedule) => void log.push(JSON.parse(JSON.stringify(schedule)) as ReminderSchedule),
    onOpenDue: (listener: (id: string) => void) => {
      target.__openDue = listener;
      return () => {};
    },
    onOpenFile: () => () => {},
    onMenuCommand: () => () => {},
  };
}

/** Opens the README's sample workspace (Ana Souza's, Ben Okafor's and Chloé Martin's KRs, weeks of check-ins) through the app's import. */
async function importSample(page: Page): Promise<string> {
  const sample = buildSampleWorkspace();
  const desktop = await page.evaluate(() => (window as unknown as { cairn?: unknown }).cairn !== undefined);
  if (desktop) {
    await page.evaluate((bytes) => ((window as unknown as { __nextFile: unknown }).__nextFile = { name: 'sample.cairn', bytes: new Uint8Array(bytes) }), [...sample.file]);
    await page.getByRole('button', { name: /Open or import a file/ }).click();
  } else {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Open or import a file/ }).click()]);
    await chooser.setFiles({ name: 'sample.cairn', mimeType: 'application/octet-stream', buffer: Buffer.from(sample.file) });
  }
  await page.getByRole('article').first().waitFor();
  return sample.id;
}

const lastSchedule = (page: Page) => page.evaluate(() => (window as unknown as { __reminders: ReminderSchedule[] }).__reminders.at(-1) ?? null);

describe('reminders in the desktop app (its shell faked in the page)', () => {
  it('are off until turned on, hand the shell your KRs due with the settings, and a clicked reminder opens the workspace', async () => {
    const { context, page, errors } = await harness.newPage();
    await context.addInitScript(fakeDesktopShell);
    await context.addInitScript(() => localStorage.setItem('cairn.identity.v1', 'Ana Souza'));
    await page.reload();
    const workspaceId = await importSample(page);
    await page.goto(`${harness.url}#/`);

    const optIn = page.getByRole('checkbox', { name: 'Remind me when my key results are due for a check-in' });
    expect(await optIn.isChecked()).toBe(false);
    // Whose KRs remind whom is said where one opts in, and read out with the checkbox.
    const rule = await optIn.evaluate((box) => document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(rule).toContain('those without an owner whose objective’s owner is you');
    expect(rule).toContain('A key result nobody owns reminds no one');
    await optIn.check();
    await page.getByLabel('Reminder day').selectOption('Friday');
    await page.getByLabel('Reminder time').fill('10:30');

    await expect.poll(async () => (await lastSchedule(page))?.settings).toEqual({
      enabled: true,
      cadence: 'weekly',
      weekday: 5,
      time: '10:30',
      quietHours: { start: '18:00', end: '08:00' },
    });
    await expect.poll(async () => (await lastSchedule(page))?.due.map((d) => d.title).sort()).toEqual(['Offline workshop kit shipped', 'Teams checking in during week one']);

    // Kept on this device.
    await page.reload();
    expect(await page.getByRole('checkbox', { name: 'Remind me when my key results are due for a check-in' }).isChecked()).toBe(true);

    await page.evaluate((id) => (window as unknown as { __openDue: (id: string) => void }).__openDue(id), workspaceId);
    await page.getByRole('article').first().waitFor();
    expect(new URL(page.url()).hash).toBe(`#/w/${workspaceId}?due=week`);
    expect(errors).toEqual([]);
  });
});
