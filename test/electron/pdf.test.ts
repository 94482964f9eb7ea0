import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { PDF_WINDOW_OPTIONS, renderHtmlToPdf, type PdfDependencies } from '../../electron/pdf';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();

/** A fake BrowserWindow that records what it loaded and "prints" the file it was given. */
function fakeWindow(options: { failPrint?: boolean } = {}) {
  const state = { loaded: '', html: '', destroyed: false, options: null as unknown };
  const createWindow: PdfDependencies['createWindow'] = (windowOptions) => {
    state.options = windowOptions;
    return {
      loadFile: vi.fn(async (file: string) => {
        state.loaded = file;
        state.html = fs.readFileSync(file, 'utf8');
      }),
      destroy: () => void (state.destroyed = true),
      isDestroyed: () => state.destroyed,
      webContents: {
        printToPDF: vi.fn(async () => {
          if (options.failPrint) throw new Error('printer on fire');
          return Buffer.from(`%PDF-1.7 ${state.html.length}`);
        }),
      },
    } as unknown as ReturnType<PdfDependencies['createWindow']>;
  };
  return { state, createWindow };
}

describe('PDF export (main process)', () => {
  it('prints the report from a temporary file in a hidden window without JavaScript, then cleans up', async () => {
    const dir = tempDir();
    const { state, createWindow } = fakeWindow();
    const html = '<!doctype html><h1>Q1 — Résumé</h1>';
    const pdf = await renderHtmlToPdf({ createWindow, tempDir: dir }, html);

    expect(new TextDecoder().decode(pdf)).toBe(`%PDF-1.7 ${html.length}`);
    expect(state.html).toBe(html);
    expect(state.options).toBe(PDF_WINDOW_OPTIONS);
    expect(PDF_WINDOW_OPTIONS.show).toBe(false);
    expect(PDF_WINDOW_OPTIONS.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(PDF_WINDOW_OPTIONS.webPreferences?.preload).toBeUndefined();
    expect(state.destroyed).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('destroys the window and removes the file when printing fails', async () => {
    const dir = tempDir();
    const { state, createWindow } = fakeWindow({ failPrint: true });
    await expect(renderHtmlToPdf({ createWindow, tempDir: dir }, '<p>x')).rejects.toThrow(/printer on fire/);
    expect(state.destroyed).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
