import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM_REASON } from '../../electron/server/chromium';
import { REPORT_PDF_PATH } from '../../shared/platform';
import { createPdfEndpoint, defaultPdfPrinterSource, type PdfPrinterSource } from '../../electron/server/pdfEndpoint';
import { PdfTimeoutError, type PdfPrinter } from '../../electron/server/pdfPrinter';
import { startWebServer, type WebServer } from '../../electron/server/webServer';
import { useTempDirs } from './tempDir';

/*
 * Browser mode's PDF endpoint: who may print (this machine, Cairn's own page),
 * what (text/html up to a size), and when (one at a time); what it answers
 * without Chromium. The printer here records what it was given; the real one
 * prints in test/e2e/reportPdf.test.ts.
 */

const tempDir = useTempDirs();
const servers: WebServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function recordingPrinter(): PdfPrinter & { printed: string[] } {
  const printed: string[] = [];
  return { printed, print: async (html) => (printed.push(html), new TextEncoder().encode(`%PDF-1.4 ${html.length}`)) };
}

async function serve(source: PdfPrinterSource | (() => PdfPrinterSource), host = '127.0.0.1'): Promise<WebServer> {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Cairn</title>');
  const server = await startWebServer({ root, host, port: 0, pdf: source });
  servers.push(server);
  return server;
}

interface Post {
  host?: string;
  port: number;
  headers?: http.OutgoingHttpHeaders;
  body?: string | Buffer;
  method?: string;
  /** Sends the body in pieces without a Content-Length. */
  chunked?: boolean;
}

function post({ host = '127.0.0.1', port, headers = {}, body = '<!doctype html><title>Q1</title><h1>Q1</h1>', method = 'POST', chunked = false }: Post) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host, port, path: REPORT_PDF_PATH, method, headers: chunked ? headers : { 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (chunked) {
      const data = Buffer.from(body);
      for (let i = 0; i < data.byteLength; i += 4096) req.write(data.subarray(i, i + 4096));
      req.end();
    } else req.end(body);
  });
}

/** The headers Chromium sends with the export dialog's fetch from the page at `origin`. */
const fromPage = (origin: string) => ({ Origin: origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'text/html; charset=utf-8', Host: origin.replace(/^http:\/\//, '') });
const reasonOf = (res: { body: Buffer }) => (JSON.parse(res.body.toString('utf8')) as { reason: string; error: string });

describe('browser mode: the PDF endpoint', () => {
  it('prints the posted report for Cairn’s own page and answers the PDF', async () => {
    const printer = recordingPrinter();
    const server = await serve({ printer });
    const html = '<!doctype html><title>Q1 — Café</title><h1>Q1 — Café</h1>';
    const res = await post({ port: server.port, headers: fromPage(server.url), body: html });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.toString('latin1')).toMatch(/^%PDF-/);
    expect(printer.printed).toEqual([html]);
  });

  it('accepts the page at localhost as well as at 127.0.0.1', async () => {
    const printer = recordingPrinter();
    const server = await serve({ printer });
    const res = await post({ port: server.port, headers: fromPage(`http://localhost:${server.port}`) });
    expect(res.status).toBe(200);
  });

  it.each([
    ['another site', (url: string) => ({ ...fromPage(url), Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })],
    ['another site that says same-origin', (url: string) => ({ ...fromPage(url), Origin: 'https://evil.example' })],
    ['no Origin (not a browser page)', (url: string) => ({ 'Content-Type': 'text/html', Host: url.replace('http://', '') })],
    ['another port on this machine', (url: string) => ({ ...fromPage(url), Origin: 'http://127.0.0.1:1' })],
    ['a null origin (a sandboxed frame)', (url: string) => ({ ...fromPage(url), Origin: 'null' })],
  ])('refuses a request from %s', async (_, headersFor) => {
    const printer = recordingPrinter();
    const server = await serve({ printer });
    const res = await post({ port: server.port, headers: headersFor(server.url) });
    expect(res.status).toBe(403);
    expect(reasonOf(res).reason).toBe('origin');
    expect(printer.printed).toEqual([]);
  });

  it('refuses a DNS-rebound page: its Host is not a loopback name, even when its Origin matches it', async () => {
    const printer = recordingPrinter();
    const server = await serve({ printer });
    const res = await post({ port: server.port, headers: fromPage(`http://rebound.example:${server.port}`) });
    expect(res.status).toBe(403);
    expect(reasonOf(res).reason).toBe('not-local');
    expect(printer.printed).toEqual([]);
  });

  it('refuses a teammate on the LAN when the server listens there for a workshop', async (context) => {
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!lan) return context.skip('this machine has no LAN address');
    const printer = recordingPrinter();
    const server = await serve({ printer }, '0.0.0.0');
    const origin = `http://${lan.address}:${server.port}`;
    const res = await post({ host: lan.address, port: server.port, headers: fromPage(origin) });
    expect(res.status).toBe(403);
    expect(reasonOf(res).reason).toBe('not-local');
    expect(printer.printed).toEqual([]);
  });

  it('takes only a POST of text/html', async () => {
    const printer = recordingPrinter();
    const server = await serve({ printer });
    expect((await post({ port: server.port, headers: fromPage(server.url), method: 'GET', body: '' })).status).toBe(405);
    const plain = await post({ port: server.port, headers: { ...fromPage(server.url), 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(printer.printed).toEqual([]);
  });

  it('refuses a report over the size limit, whether it announces its length or not', async () => {
    const printer = recordingPrinter();
    const server = http.createServer(createPdfEndpoint({ source: { printer }, maxBytes: 10_000 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      const big = `<p>${'x'.repeat(10_001)}</p>`;
      const announced = await post({ port, headers: fromPage(origin), body: big });
      expect(announced.status).toBe(413);
      expect(reasonOf(announced).error).toMatch(/too large/);
      const streamed = await post({ port, headers: fromPage(origin), body: big, chunked: true });
      expect(streamed.status).toBe(413);
      expect(printer.printed).toEqual([]);
      // Just under the limit prints.
      expect((await post({ port, headers: fromPage(origin), body: 'y'.repeat(10_000), chunked: true })).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('prints one report at a time: a second request while one prints is refused, the next one after it prints', async () => {
    let release = () => {};
    const printed: string[] = [];
    const slow: PdfPrinter = {
      print: (html) =>
        new Promise((resolve) => {
          printed.push(html);
          release = () => resolve(new TextEncoder().encode('%PDF-1.4'));
        }),
    };
    const server = await serve({ printer: slow });
    const first = post({ port: server.port, headers: fromPage(server.url), body: '<p>first' });
    await expect.poll(() => printed.length).toBe(1);
    const second = await post({ port: server.port, headers: fromPage(server.url), body: '<p>second' });
    expect(second.status).toBe(429);
    expect(reasonOf(second).reason).toBe('busy');
    release();
    expect((await first).status).toBe(200);
    const third = post({ port: server.port, headers: fromPage(server.url), body: '<p>third' });
    await expect.poll(() => printed.length).toBe(2);
    release();
    expect((await third).status).toBe(200);
    expect(printed).toEqual(['<p>first', '<p>third']);
  });

  it('says why there is no PDF when this machine has no Chromium', async () => {
    const server = await serve({ unavailable: NO_CHROMIUM_REASON });
    const res = await post({ port: server.port, headers: fromPage(server.url) });
    expect(res.status).toBe(503);
    expect(reasonOf(res)).toEqual({ reason: 'no-chromium', error: `No PDF printer here: ${NO_CHROMIUM_REASON}.` });
  });

  it('looks for Chromium when the first PDF is asked for, not when the server starts, and once', async () => {
    const reads: string[] = [];
    const env = new Proxy<NodeJS.ProcessEnv>({ CHROMIUM_PATH: '/nowhere/chromium' }, { get: (target, key) => (reads.push(String(key)), target[String(key)]) });
    const source = defaultPdfPrinterSource(env);
    const server = await serve(source);
    expect(reads).toEqual([]);
    for (let i = 0; i < 2; i++) expect((await post({ port: server.port, headers: fromPage(server.url) })).status).toBe(503);
    expect(reads).toEqual(['CHROMIUM_PATH']);
  });

  it('answers a print that runs out of time, and a printer that fails, without the server falling over', async () => {
    let failure: Error = new PdfTimeoutError('printing took longer than 120 s');
    const server = await serve({ printer: { print: async () => Promise.reject(failure) } });
    const timedOut = await post({ port: server.port, headers: fromPage(server.url) });
    expect(timedOut.status).toBe(504);
    expect(reasonOf(timedOut).error).toMatch(/longer than 120 s/);
    failure = new Error('renderer crashed');
    const failed = await post({ port: server.port, headers: fromPage(server.url) });
    expect(failed.status).toBe(500);
    expect(reasonOf(failed).reason).toBe('failed');
  });
});

describe('finding Chromium', () => {
  const files = (...present: string[]) => (file: string) => present.includes(file);

  it('takes CHROMIUM_PATH when it names a file, and nothing else when it does not', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, files('/opt/c/chrome', '/usr/bin/chromium'))).toBe('/opt/c/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/opt/missing' }, files('/usr/bin/chromium'))).toBeNull();
  });

  it('finds Debian’s chromium, or one on PATH, or none', () => {
    expect(findChromium({}, files('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(findChromium({ PATH: '/nope:/home/me/bin' }, files('/home/me/bin/chromium-browser'))).toBe('/home/me/bin/chromium-browser');
    expect(findChromium({ PATH: '/nope' }, files())).toBeNull();
  });
});
