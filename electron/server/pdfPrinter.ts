import type { Browser } from 'playwright-core';
import { PDF_PRINT_OPTIONS } from '../../shared/format/pdfPage';

/*
 * Browser mode's PDF printer: the report printed by Chromium's own printer
 * (playwright-core's `page.pdf`, the engine behind Electron's printToPDF),
 * with the same options as Electron (shared/format/pdfPage.ts). A browser is
 * launched for each report and closed after it: printing is rare, and an idle
 * Chromium would hold a hundred megabytes for nothing.
 *
 * The report is untrusted HTML (anything a workspace's text holds): it is
 * printed with JavaScript off, served to the printer at an address of its
 * own, and every other request the page makes (files, the network, this
 * server) is refused; data: URLs never leave the page. Like Electron's
 * printer (electron/main/pdf.ts) it loads nothing but itself.
 */

export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
}

/** Where the printer's page believes the report comes from: a name that resolves nowhere, answered by the route below. */
const REPORT_URL = 'http://report.cairn.invalid/';
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export class PdfTimeoutError extends Error {}

export function chromiumPdfPrinter(executablePath: string, options: { timeoutMs: number }): PdfPrinter {
  return {
    async print(html) {
      // Loaded when first used: browser mode starts without it, and the bundle keeps it external.
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath, timeout: options.timeoutMs, args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PdfTimeoutError(`printing took longer than ${Math.round(options.timeoutMs / 1000)} s`)), options.timeoutMs);
      });
      try {
        return await Promise.race([printIn(browser, html), timedOut]);
      } finally {
        clearTimeout(timer);
        // Closing the browser also stops a print that ran out of time.
        await browser.close();
      }
    },
  };
}

async function printIn(browser: Browser, html: string): Promise<Uint8Array> {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', acceptDownloads: false });
  await context.route('**/*', (route) =>
    route.request().url() === REPORT_URL
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': REPORT_CSP }, body: html })
      : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  await page.goto(REPORT_URL, { waitUntil: 'load' });
  const pdf = await page.pdf({ ...PDF_PRINT_OPTIONS, format: 'A4' });
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
