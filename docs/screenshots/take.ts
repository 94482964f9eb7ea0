import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer } from '../../electron/server/webServer';
import { currentToken, openRelayData, startRelay } from '../../electron/relay/relayServer';
import { chromiumPath } from '../../test/e2e/harness';
import { buildSampleWorkspace } from './sampleWorkspace';

/*
 * `npm run screenshots`: the README's pictures, taken from the real app in
 * browser mode (run `npm run build` first; this script builds nothing).
 * It opens a sample workspace through the app's own import, then shoots the
 * library, the board, a KR's details, a workshop with two people, the
 * workspace connected to a relay (one started here, on loopback) and the
 * report, each in light and dark, at 1366×800, into docs/screenshots/.
 * Elements are found by role and label, the way people and the e2e tests
 * find them, so the script survives changes of layout and style.
 */

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'docs/screenshots');
const RENDERER = path.join(ROOT, 'dist/renderer');
const VIEWPORT = { width: 1366, height: 800 };
const THEMES = ['light', 'dark'] as const;
/** How long two peers may take to find each other before the workshop shot shows the share panel alone. */
const PEERS_TIMEOUT_MS = 25_000;

async function newPerson(browser: Browser, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light' });
  // The device's name, as the library's "Your name" field stores it: no prompt stands in front of the shots.
  await context.addInitScript((who) => {
    if (!localStorage.getItem('cairn.identity.v1')) localStorage.setItem('cairn.identity.v1', who);
  }, name);
  return { context, page: await context.newPage() };
}

/** Lets fonts, the theme's transition and charts settle before a shot. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
  await page.waitForTimeout(150);
}

/** Messages ("Opened …") fade by themselves; a picture should not wait for them. */
async function dismissMessages(page: Page): Promise<void> {
  for (const button of await page.getByRole('button', { name: 'Dismiss message' }).all()) await button.click().catch(() => undefined);
}

/** One picture per theme: `<name>-light.png` and `<name>-dark.png`. The page's theme follows the system setting. */
async function shoot(page: Page, name: string): Promise<void> {
  await dismissMessages(page);
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await settle(page);
    const file = path.join(OUT, `${name}-${theme}.png`);
    await page.screenshot({ path: file });
    console.log(`  ${path.relative(ROOT, file)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function importWorkspace(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Open or import a file/ }).click()]);
  await chooser.setFiles(file);
  await page.getByRole('article').first().waitFor({ timeout: 30_000 });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(RENDERER, 'index.html'))) {
    console.error('npm run screenshots needs the built app: run `npm run build` first.');
    process.exit(2);
  }
  const started = performance.now();
  const sample = buildSampleWorkspace();
  const temp = path.join(os.tmpdir(), `cairn-screenshots-${process.pid}`);
  mkdirSync(temp, { recursive: true });
  const samplePath = path.join(temp, 'Northwind Product.cairn');
  writeFileSync(samplePath, sample.file);

  const server = await startWebServer({ root: RENDERER, port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-features=WebRtcHideLocalIpsWithMdns', '--hide-scrollbars'],
  });
  try {
    const ana = await newPerson(browser, 'Ana Souza');
    const page = ana.page;
    await page.goto(server.url);
    await importWorkspace(page, samplePath);
    const workspaceUrl = page.url();

    // The library: your workspaces, and your KRs due for a check-in this week.
    await page.goto(`${server.url}#/`);
    await page.getByRole('list', { name: 'Workspaces' }).waitFor();
    await page.getByRole('heading', { name: /Due for a check-in this week/ }).waitFor();
    await page.getByRole('list', { name: 'Your key results due this week' }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    await shoot(page, 'library');

    // The board.
    await page.goto(workspaceUrl);
    await page.getByRole('article').first().waitFor();
    await shoot(page, 'board');

    // A KR's details: its chart over the cycle and its timeline.
    await page.getByRole('button', { name: `Details of ${sample.featuredKeyResult}` }).click();
    const row = page.getByRole('listitem', { name: `Key result: ${sample.featuredKeyResult}` });
    // The trend chart (the row's other images are avatars and icons, named "Owner: …").
    const chart = row.locator('svg.trend');
    await chart.waitFor();
    // The chart, with as much of the details above it as fits (the page scrolls inside the app's frame).
    await chart.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shoot(page, 'key-result');
    await page.getByRole('button', { name: `Hide details of ${sample.featuredKeyResult}` }).click();
    await page.evaluate(() => document.querySelector('.app-scroll')?.scrollTo(0, 0));

    // A workshop: hosted here, joined by a teammate in a second browser profile through the local signaling relay.
    await page.getByRole('button', { name: 'Share…' }).click();
    await page.getByRole('button', { name: 'Host workshop' }).click();
    const invite = await page.getByLabel('Invite link').inputValue();
    const ben = await newPerson(browser, 'Ben Okafor');
    await ben.page.goto(invite);
    await ben.page.getByRole('button', { name: 'Join workshop' }).click();
    const joined = await page
      .getByRole('list', { name: 'People here' })
      .getByRole('listitem', { name: 'Ben Okafor' })
      .waitFor({ timeout: PEERS_TIMEOUT_MS })
      .then(
        () => true,
        () => false,
      );
    if (!joined) console.warn('  (the second peer did not connect in time: the workshop shot shows the share panel only)');
    await page.evaluate(() => document.querySelector('.app-scroll')?.scrollTo(0, 0));
    await shoot(page, 'workshop');
    await ben.context.close();

    // The same workspace also on a relay: its settings (the operator notice) and the relay's pill beside the room's.
    mkdirSync(path.join(temp, 'relay'), { recursive: true });
    const relay = await startRelay({ dataDir: path.join(temp, 'relay'), host: '127.0.0.1', port: 0 });
    try {
      const workspaceId = /#\/w\/([^?]+)/.exec(workspaceUrl)?.[1] ?? '';
      const { store, secret } = openRelayData(path.join(temp, 'relay'));
      const token = currentToken(store, secret, workspaceId);
      store.close();
      await page.getByLabel('Relay address').fill(`ws://127.0.0.1:${relay.port}`);
      await page.getByLabel('Token for this workspace').fill(token);
      await page.getByRole('button', { name: 'Connect to relay' }).click();
      await page.getByRole('status', { name: /^Relay: confirmed/ }).waitFor({ timeout: 20_000 });
      // Taller, from the top: the toolbar's pills and the whole share panel with its relay section in one picture.
      await page.setViewportSize({ width: VIEWPORT.width, height: 1240 });
      await page.evaluate(() => document.querySelector('.app-scroll')?.scrollTo(0, 0));
      await shoot(page, 'relay');
      await page.setViewportSize(VIEWPORT);
      await page.getByRole('button', { name: 'Disconnect from relay' }).click();
    } finally {
      await relay.close();
    }

    // The report, as the export dialog previews it.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.frameLocator('iframe[title="Report preview"]').locator('h1, h2').first().waitFor({ timeout: 20_000 });
    await shoot(page, 'report');
    await ana.context.close();
  } finally {
    await browser.close();
    await server.close();
    rmSync(temp, { recursive: true, force: true });
  }
  console.log(`Screenshots taken in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
