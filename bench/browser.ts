import { chromium, type Page } from 'playwright-core';
import { startWebServer } from '../electron/server/webServer';
import { chromiumPath } from '../test/e2e/harness';

/**
 * Browser mode for the benchmarks: the built renderer served by Cairn's own
 * server in Debian's Chromium, with a `.cairn` file imported the way a user
 * does it (into IndexedDB). `run` gets the page with the workspace open.
 */
export async function withImportedWorkspace<T>(root: string, filePath: string, run: (page: Page, importMs: number) => Promise<T>): Promise<T> {
  const server = await startWebServer({ root, port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // bypassCSP only so measuring scripts can be evaluated or injected; the app itself is unchanged.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    // A device that has a name: importing asks for one first (renderer/state/identity.ts), which is not what is measured.
    await context.addInitScript(() => {
      if (!localStorage.getItem('cairn.identity.v1')) localStorage.setItem('cairn.identity.v1', 'Bench');
    });
    const page = await context.newPage();
    await page.goto(server.url);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open or import a file…' }).click()]);
    const importStarted = performance.now();
    await chooser.setFiles(filePath);
    await page.getByRole('article').first().waitFor({ timeout: 120_000 });
    return await run(page, performance.now() - importStarted);
  } finally {
    await browser.close();
    await server.close();
  }
}
