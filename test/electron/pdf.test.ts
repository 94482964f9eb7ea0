import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { pathToFileURL } from 'node:url';
import { PDF_PARTITION, PDF_WINDOW_OPTIONS, renderHtmlToPdf, type PdfDependencies } from '../../electron/main/pdf';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();

type Filter = ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | null;

/** A fake printer session that keeps the request filter it was given. */
function fakeSession() {
  const state = { filter: null as Filter, installs: 0 };
  const session = {
    webRequest: {
      onBeforeRequest: (filter: Filter) => {
        state.filter = filter;
        if (filter) state.installs++;
      },
    },
  } as unknown as PdfDependencies['session'];
  /** What the installed filter decides for a URL. */
  const allows = (url: string) => {
    let cancel = true;
    state.filter?.({ url }, (response) => (cancel = response.cancel));
    return !cancel;
  };
  return { state, session, allows };
}

/** A fake BrowserWindow that records what it loaded and "prints" the file it was given. */
function fakeWindow(options: { failPrint?: boolean; onLoad?: (file: string) => void } = {}) {
  const state = { loaded: '', html: '', destroyed: false, options: null as unknown };
  const createWindow: PdfDependencies['createWindow'] = (windowOptions) => {
    state.options = windowOptions;
    return {
      loadFile: vi.fn(async (file: string) => {
        state.loaded = file;
        state.html = fs.readFileSync(file, 'utf8');
        options.onLoad?.(file);
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
    const pdf = await renderHtmlToPdf({ createWindow, tempDir: dir, session: fakeSession().session }, html);

    expect(new TextDecoder().decode(pdf)).toBe(`%PDF-1.7 ${html.length}`);
    expect(state.html).toBe(html);
    expect(state.options).toBe(PDF_WINDOW_OPTIONS);
    expect(PDF_WINDOW_OPTIONS.show).toBe(false);
    expect(PDF_WINDOW_OPTIONS.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(PDF_WINDOW_OPTIONS.webPreferences?.preload).toBeUndefined();
    expect(state.destroyed).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('prints A4 with the report stylesheet\'s page and its footer (the @page margin boxes), not Chromium\'s header and footer templates', async () => {
    let asked: unknown = null;
    const createWindow: PdfDependencies['createWindow'] = () =>
      ({
        loadFile: async () => {},
        destroy: () => {},
        isDestroyed: () => false,
        webContents: {
          printToPDF: async (options: unknown) => {
            asked = options;
            return Buffer.from('%PDF');
          },
        },
      }) as unknown as ReturnType<PdfDependencies['createWindow']>;
    await renderHtmlToPdf({ createWindow, tempDir: tempDir(), session: fakeSession().session }, '<title>Q1</title><p>x');
    expect(asked).toMatchObject({ pageSize: 'A4', preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
  });

  it('destroys the window and removes the file when printing fails', async () => {
    const dir = tempDir();
    const { state, createWindow } = fakeWindow({ failPrint: true });
    await expect(renderHtmlToPdf({ createWindow, tempDir: dir, session: fakeSession().session }, '<p>x')).rejects.toThrow(/printer on fire/);
    expect(state.destroyed).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('lets the report load only itself and data: URLs while it prints, in a session of its own', async () => {
    const printer = fakeSession();
    const seen: Record<string, boolean> = {};
    const { createWindow } = fakeWindow({
      onLoad: (file) => {
        seen.itself = printer.allows(pathToFileURL(file).href);
        seen.dataUrl = printer.allows('data:image/png;base64,AAAA');
        seen.localFile = printer.allows('file:///etc/passwd');
        seen.web = printer.allows('https://tracker.example/pixel.gif');
        seen.app = printer.allows('app://cairn/index.html');
      },
    });
    await renderHtmlToPdf({ createWindow, tempDir: tempDir(), session: printer.session }, '<img src="file:///etc/passwd">');
    expect(seen).toEqual({ itself: true, dataUrl: true, localFile: false, web: false, app: false });
    expect(printer.state.filter).toBeNull();
    expect(PDF_WINDOW_OPTIONS.webPreferences?.partition).toBe(PDF_PARTITION);
  });

  it('prints one report at a time', async () => {
    const printer = fakeSession();
    let printing = 0;
    let overlapped = false;
    const createWindow: PdfDependencies['createWindow'] = () =>
      ({
        loadFile: async () => {},
        destroy: () => {},
        isDestroyed: () => false,
        webContents: {
          printToPDF: async () => {
            printing++;
            if (printing > 1) overlapped = true;
            await new Promise((r) => setTimeout(r, 20));
            printing--;
            return Buffer.from('%PDF');
          },
        },
      }) as unknown as ReturnType<PdfDependencies['createWindow']>;
    await Promise.all([1, 2, 3].map(() => renderHtmlToPdf({ createWindow, tempDir: tempDir(), session: printer.session }, '<p>x')));
    expect(overlapped).toBe(false);
    expect(printer.state.installs).toBe(3);
  });
});
