import type http from 'node:http';
import { findChromium, NO_CHROMIUM_REASON } from './chromium';
import { chromiumPdfPrinter, PdfTimeoutError, type PdfPrinter } from './pdfPrinter';
import { MAX_REPORT_HTML_BYTES } from '../common/limits';

/*
 * Browser mode's "PDF" export: the page posts the report's HTML here and
 * downloads the PDF Chromium prints from it (./pdfPrinter.ts). Only Cairn's
 * own page on this machine may ask — the server may listen on the LAN for
 * workshops, and a PDF printer is a browser a request can drive:
 *  - the peer must be loopback, and the Host header a loopback name (a DNS
 *    rebinding page would name its own host);
 *  - the Origin must be this server's own (every browser sends Origin on a
 *    POST; a page elsewhere cannot forge it, and a cross-origin POST of
 *    text/html needs a preflight this server never grants);
 *  - the body is text/html of at most MAX_REPORT_HTML_BYTES (the limit the
 *    Electron IPC handler applies), printed within PDF_TIMEOUT_MS, one at a
 *    time (a second request while one prints is refused, not queued).
 * Refusals answer JSON { error, reason } for the export dialog to show.
 */

export const PDF_TIMEOUT_MS = 120_000;

type PdfRefusal = 'method' | 'not-local' | 'origin' | 'content-type' | 'too-large' | 'busy' | 'no-chromium' | 'timeout' | 'failed';

/** A refusal as the client gets it: the status, a reason it can branch on, a sentence for the person. */
interface Refusal {
  status: number;
  reason: PdfRefusal;
  error: string;
  headers?: http.OutgoingHttpHeaders;
}

/** A printer, or why there is none (then the dialog prints with the browser's print dialog). */
export type PdfPrinterSource = { printer: PdfPrinter } | { unavailable: string };

export interface PdfEndpointOptions {
  /** The printer, or a function that finds it when the first PDF is asked for. */
  source: PdfPrinterSource | (() => PdfPrinterSource);
  maxBytes?: number;
}

/**
 * This machine's Chromium, looked for when the first PDF is asked for (not
 * when the web server starts: most sessions print nothing); the printer
 * launches it per report.
 */
export function defaultPdfPrinterSource(env: NodeJS.ProcessEnv): () => PdfPrinterSource {
  let found: PdfPrinterSource | undefined;
  return () => {
    if (!found) {
      const executable = findChromium(env);
      found = executable ? { printer: chromiumPdfPrinter(executable, { timeoutMs: PDF_TIMEOUT_MS }) } : { unavailable: NO_CHROMIUM_REASON };
    }
    return found;
  };
}

const isLoopbackAddress = (address: string | undefined) => !!address && (/^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address) || address === '::1');
const isLoopbackHost = (host: string | undefined) => !!host && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host);

function refuse(res: http.ServerResponse, { status, reason, error, headers = {} }: Refusal): void {
  const body = JSON.stringify({ error, reason });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Why this request may not print, or null when it may. */
function checkRequest(req: http.IncomingMessage): Refusal | null {
  if (req.method !== 'POST') return { status: 405, reason: 'method', error: 'PDF printing takes a POST of the report.', headers: { Allow: 'POST' } };
  if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
    return { status: 403, reason: 'not-local', error: 'PDF printing is offered only to Cairn on this machine.' };
  }
  const fetchSite = req.headers['sec-fetch-site'];
  if (req.headers.origin !== `http://${req.headers.host}` || (fetchSite !== undefined && fetchSite !== 'same-origin')) {
    return { status: 403, reason: 'origin', error: 'PDF printing is offered only to Cairn’s own page.' };
  }
  if (!/^text\/html(;|$)/i.test(req.headers['content-type'] ?? '')) return { status: 415, reason: 'content-type', error: 'PDF printing takes the report as text/html.' };
  return null;
}

/** The body, or null once it passes `max` bytes (the rest is read and dropped, so the refusal reaches the client). */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= max) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size <= max ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

export function createPdfEndpoint(options: PdfEndpointOptions): http.RequestListener {
  const max = options.maxBytes ?? MAX_REPORT_HTML_BYTES;
  const tooLarge = `The report is larger than ${Math.round(max / 1_000_000)} MB, too large to print here.`;
  const tooLargeRefusal: Refusal = { status: 413, reason: 'too-large', error: tooLarge };
  const sourceNow = () => (typeof options.source === 'function' ? options.source() : options.source);
  let printing = false;
  /** Why this request is refused before its body is read, or its printer. */
  const refusalOrPrinter = (req: http.IncomingMessage): Refusal | PdfPrinter => {
    const refused = checkRequest(req);
    if (refused) return refused;
    const source = sourceNow();
    if ('unavailable' in source) return { status: 503, reason: 'no-chromium', error: `No PDF printer here: ${source.unavailable}.` };
    if (Number(req.headers['content-length'] ?? 0) > max) return tooLargeRefusal;
    if (printing) return { status: 429, reason: 'busy', error: 'Another PDF is being printed; try again when it is saved.', headers: { 'Retry-After': '5' } };
    return source.printer;
  };
  return (req, res) => {
    const printer = refusalOrPrinter(req);
    if ('status' in printer) {
      // Read and drop the body, so the refusal reaches the client.
      req.resume();
      refuse(res, printer);
      return;
    }
    printing = true;
    void (async () => {
      try {
        const body = await readBody(req, max);
        if (!body) return refuse(res, tooLargeRefusal);
        const pdf = await printer.print(body.toString('utf8'));
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end(pdf);
      } catch (error) {
        console.error(`cairn: could not print the report to PDF: ${String(error)}`);
        if (res.headersSent) res.destroy();
        else if (error instanceof PdfTimeoutError) refuse(res, { status: 504, reason: 'timeout', error: `Printing the PDF stopped: ${error.message}.` });
        else refuse(res, { status: 500, reason: 'failed', error: 'Chromium could not print the report to PDF.' });
      } finally {
        printing = false;
      }
    })();
  };
}
