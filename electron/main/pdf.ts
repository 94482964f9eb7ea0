import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { PDF_PRINT_OPTIONS } from '../../shared/format/pdfPage';
import { toUint8Array } from '../common/bytes';

/*
 * PDF export: the renderer builds the self-contained HTML report; the main
 * process prints it with Chromium's own PDF printer. The report is loaded in
 * a hidden window with JavaScript off and no preload, in a session of its own
 * that lets it load nothing but itself and data: URLs (the renderer is
 * untrusted: its HTML must not read local files into the PDF or reach the
 * network), from a temporary file (a data: URL would hit Chromium's 2 MB URL
 * limit on large workspaces). The page (A4, the report's print stylesheet, the
 * footer with the title and page numbers) is the one browser mode prints too:
 * shared/format/pdfPage.ts.
 */

/** The printer's own session: nothing it loads shares storage with the app, and its requests are filtered. */
export const PDF_PARTITION = 'cairn-pdf';

export interface PdfDependencies {
  /** The session of PDF_PARTITION (Electron's session.fromPartition). */
  session: Pick<Session, 'webRequest'>;
  createWindow: (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadFile' | 'destroy' | 'isDestroyed'> & {
    webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
  };
  tempDir?: string;
}

/** The hidden printer window: nothing but static HTML and CSS ever runs in it. */
export const PDF_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 794,
  height: 1123,
  webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false, partition: PDF_PARTITION },
};

let queue: Promise<unknown> = Promise.resolve();

/** One report at a time: each print gets the printer session's request filter to itself. */
export function renderHtmlToPdf(deps: PdfDependencies, html: string): Promise<Uint8Array> {
  const next = queue.then(() => renderNow(deps, html));
  queue = next.catch(() => undefined);
  return next;
}

/** The report may load itself and data: URLs, nothing else: not local files, not the network. */
function isAllowedReportRequest(url: string, reportUrl: string): boolean {
  return url === reportUrl || url.startsWith('data:');
}

async function renderNow(deps: PdfDependencies, html: string): Promise<Uint8Array> {
  const dir = await fsp.mkdtemp(path.join(deps.tempDir ?? os.tmpdir(), 'cairn-report-'));
  const file = path.join(dir, 'report.html');
  const reportUrl = pathToFileURL(file).href;
  deps.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedReportRequest(details.url, reportUrl) }));
  const win = deps.createWindow(PDF_WINDOW_OPTIONS);
  try {
    await fsp.writeFile(file, html, 'utf8');
    await win.loadFile(file);
    const pdf = await win.webContents.printToPDF({ ...PDF_PRINT_OPTIONS, pageSize: 'A4' });
    return toUint8Array(pdf);
  } finally {
    deps.session.webRequest.onBeforeRequest(null);
    if (!win.isDestroyed()) win.destroy();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
