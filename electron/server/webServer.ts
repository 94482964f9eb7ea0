import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signalingUrlsFor } from './lanAddresses';
import { REPORT_PDF_PATH } from '../../shared/platform';
import { createPdfEndpoint, defaultPdfPrinterSource, type PdfEndpointOptions } from './pdfEndpoint';
import { createSignalingHub } from './signalingServer';
import { errorResponse, loadStatic, type StaticResponse } from '../common/staticFiles';

export const SIGNALING_PATH = '/signal';
export const SIGNALING_INFO_PATH = '/cairn/signaling.json';

/*
 * Browser mode: the built renderer over plain HTTP on this machine, for when
 * Electron is not installed. The http.Server is returned so the LAN signaling
 * server can later share it (WebSocket upgrades on the same port).
 */

export const DEFAULT_WEB_HOST = '127.0.0.1';
export const DEFAULT_WEB_PORT = 5173;

export interface WebServerOptions {
  /** The folder with index.html (dist/renderer). */
  root: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** What prints PDFs at REPORT_PDF_PATH: this machine's Chromium by default (./pdfEndpoint.ts). */
  pdf?: PdfEndpointOptions['source'];
}

export interface WebServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** PORT from the environment, or the default; throws on anything that is not a port number. */
export function webPortFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT?.trim();
  if (!raw) return DEFAULT_WEB_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new Error(`PORT must be a number from 0 to 65535, not "${raw}".`);
  return port;
}

function send(res: http.ServerResponse, response: StaticResponse, method: string): void {
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(response.body.byteLength) });
  res.end(method === 'HEAD' ? undefined : response.body);
}

export function createStaticHandler(root: string): http.RequestListener {
  return (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, errorResponse(405), method);
      return;
    }
    loadStatic(root, req.url ?? '/').then(
      (response) => send(res, response, method),
      (error: unknown) => {
        console.error(`cairn: could not serve ${req.url ?? ''}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Internal error');
      },
    );
  };
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Starts serving; rejects with the listen error (EADDRINUSE, EACCES) when the port cannot be had. */
export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? DEFAULT_WEB_HOST;
  const staticFiles = createStaticHandler(options.root);
  // Browser mode hosts workshops itself: WebSocket signaling at /signal, and
  // the addresses to put in invites at /cairn/signaling.json.
  const hub = createSignalingHub();
  // The export dialog's "PDF" as a real file: the report printed by Chromium, for this machine's Cairn page only.
  const pdf = createPdfEndpoint({ source: options.pdf ?? defaultPdfPrinterSource(process.env) });
  const server = http.createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] === REPORT_PDF_PATH) {
      pdf(req, res);
      return;
    }
    if ((req.url ?? '').split('?')[0] === SIGNALING_INFO_PATH) {
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify({ signaling: signalingUrlsFor(host, port).map((url) => `${url}${SIGNALING_PATH}`) });
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    }
    staticFiles(req, res);
  });
  server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').split('?')[0] === SIGNALING_PATH) hub.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_WEB_PORT, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: urlOf(host, port),
        port,
        server,
        close: () =>
          hub.close().then(
            () =>
              new Promise<void>((done, fail) => {
                server.close((error) => (error ? fail(error) : done()));
                server.closeAllConnections();
              }),
          ),
      });
    });
  });
}
