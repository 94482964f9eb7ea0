import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { findChromium } from '../../electron/server/chromium';
import { startWebServer, type WebServer } from '../../electron/server/webServer';

/*
 * End-to-end harness: the built renderer served by Cairn's own browser-mode
 * server, driven in Debian's Chromium through playwright-core. Each test gets
 * a fresh browser context, i.e. a fresh IndexedDB and localStorage.
 */

const ROOT = path.resolve(__dirname, '../..');

/** The Chromium the tests drive: the one browser mode prints with (electron/server/chromium.ts), or a clear failure. */
export function chromiumPath(): string {
  const found = findChromium(process.env);
  if (!found) throw new Error('Chromium not found: install Debian chromium (apt-get install -y chromium) or set CHROMIUM_PATH.');
  return found;
}

export interface Harness {
  browser: Browser;
  server: WebServer;
  url: string;
  /**
   * A fresh context and page; `options` (a `locale`, say) override the
   * defaults. The device already has a name (`name`, 'Ana' by default), so
   * the name prompt stays away; `name: null` is a device never asked.
   */
  newPage(options?: PageOptions): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export type PageOptions = BrowserContextOptions & { name?: string | null };

/** Where the renderer keeps the device's name (renderer/state/identity.ts). */
const IDENTITY_KEY = 'cairn.identity.v1';

export async function startHarness(): Promise<Harness> {
  const root = path.join(ROOT, 'dist/renderer');
  if (!existsSync(path.join(root, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  }
  const server = await startWebServer({ root, port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Plain host candidates, as the Electron app uses on a LAN (mDNS names need multicast).
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    server,
    url: server.url,
    async newPage({ name = 'Ana', ...options } = {}) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...options });
      contexts.push(context);
      if (name !== null) {
        // Before the app's first script, on every page of the context; a name set in the app since is kept.
        await context.addInitScript(
          ([key, value]) => {
            if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
          },
          [IDENTITY_KEY, name] as const,
        );
      }
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('favicon')) errors.push(message.text());
      });
      await page.goto(server.url);
      return { context, page, errors };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

/** Opens a `.cairn` file as a person does (Open or import a file…), and waits for its first objective. */
export async function openWorkspaceFile(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open or import a file…' }).click();
  await (await chooser).setFiles(file);
  await page.getByRole('article').first().waitFor();
}
