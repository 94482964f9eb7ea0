import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/contentSecurityPolicy';
import { startWebServer, webPortFromEnv, type WebServer } from '../../electron/server/webServer';
import { useTempDirs } from './tempDir';

/** A raw GET: fetch() would normalise `..` away before the server ever saw it. */
function get(server: WebServer, rawPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const tempDir = useTempDirs();
let server: WebServer | undefined;
let root: string;

beforeEach(async () => {
  // The secret sits next to the served folder, where a traversal would reach it.
  const parent = tempDir();
  fs.writeFileSync(path.join(parent, 'package.json'), '{"secret":true}');
  root = path.join(parent, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Cairn shell</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}');
  server = await startWebServer({ root, port: 0 });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('browser-mode web server', () => {
  it('serves index.html at / with the CSP header', async () => {
    const res = await get(server!, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.body).toContain('Cairn shell');
  });

  it('serves assets with their MIME type', async () => {
    const res = await get(server!, '/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await get(server!, '/workspace/abc123?tab=checkins');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Cairn shell');
  });

  it('answers 404 for a missing asset', async () => {
    expect((await get(server!, '/assets/nope.js')).status).toBe(404);
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E/%2e%2e/package.json', '/..%2fpackage.json', '/..%5cpackage.json'])(
    'refuses the traversal %s',
    async (rawPath) => {
      const res = await get(server!, rawPath);
      expect([400, 403]).toContain(res.status);
      expect(res.body).not.toContain('secret');
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get(server!, '/', 'POST')).status).toBe(405);
    const head = await get(server!, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('binds to 127.0.0.1 by default and reports its real URL', () => {
    const address = server!.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(server!.url).toBe(`http://127.0.0.1:${address.port}`);
    expect(address.port).not.toBe(0);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    await expect(startWebServer({ root, port: server!.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('webPortFromEnv', () => {
  it('defaults to 5173', () => {
    expect(webPortFromEnv({})).toBe(5173);
  });

  it('reads PORT', () => {
    expect(webPortFromEnv({ PORT: '8080' })).toBe(8080);
    expect(webPortFromEnv({ PORT: '0' })).toBe(0);
  });

  it.each(['abc', '-1', '70000', '80.5'])('refuses PORT=%s', (port) => {
    expect(() => webPortFromEnv({ PORT: port })).toThrow(/PORT must be a number/);
  });
});
