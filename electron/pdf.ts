import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { toUint8Array } from './bytes';

/*
 * PDF export: the renderer builds the self-contained HTML report; the main
 * process prints it with Chromium's own PDF printer. The report is loaded in
 * a hidden window with JavaScript off and no preload, from a temporary file
 * (a data: URL would hit Chromium's 2 MB URL limit on large workspaces).
 */

export interface PdfDependencies {
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
  webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
};

export async function renderHtmlToPdf(deps: PdfDependencies, html: string): Promise<Uint8Array> {
  const dir = await fsp.mkdtemp(path.join(deps.tempDir ?? os.tmpdir(), 'cairn-report-'));
  const file = path.join(dir, 'report.html');
  const win = deps.createWindow(PDF_WINDOW_OPTIONS);
  try {
    await fsp.writeFile(file, html, 'utf8');
    await win.loadFile(file);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true });
    return toUint8Array(pdf);
  } finally {
    if (!win.isDestroyed()) win.destroy();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
