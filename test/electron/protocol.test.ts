import type { Protocol } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  registerAppScheme,
  resolveAppUrl,
  respondToAppRequest,
  serveAppProtocol,
} from '../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/contentSecurityPolicy';
import { resolveStaticPath } from '../../electron/common/staticFiles';
import { useTempDirs } from './tempDir';

const ROOT = path.resolve('/srv/cairn/dist/renderer');

describe('resolveAppUrl (pure)', () => {
  it('serves index.html for the root', () => {
    expect(resolveAppUrl('app://cairn/', ROOT)).toMatchObject({ status: 200, file: path.join(ROOT, 'index.html') });
  });

  it('maps asset paths into the renderer folder, without a fallback', () => {
    expect(resolveAppUrl('app://cairn/assets/index-3f2a.js?v=1', ROOT)).toEqual({
      status: 200,
      file: path.join(ROOT, 'assets', 'index-3f2a.js'),
      fallback: null,
    });
  });

  it('falls back to index.html for client-side routes', () => {
    expect(resolveAppUrl('app://cairn/workspace/abc', ROOT)).toMatchObject({ fallback: path.join(ROOT, 'index.html') });
  });

  it.each(['app://other/index.html', 'https://cairn/index.html', 'file:///srv/cairn/dist/renderer/index.html'])('refuses %s (403)', (url) => {
    expect(resolveAppUrl(url, ROOT).status).toBe(403);
  });

  it.each(['app://cairn/..%2Fpackage.json', 'app://cairn/assets/..%2F..%2F..%2Fpackage.json', 'app://cairn/%2E%2E%2fsecret'])(
    'refuses encoded traversal in %s',
    (url) => {
      expect(resolveAppUrl(url, ROOT).status).toBe(403);
    },
  );

  it('keeps a normalised URL inside the root', () => {
    // The URL parser resolves a literal /../ before we see it; what remains must stay under ROOT.
    const target = resolveAppUrl('app://cairn/../../package.json', ROOT);
    expect(target).toMatchObject({ status: 200, file: path.join(ROOT, 'package.json') });
  });

  it.each([
    ['/../package.json', 403],
    ['/a/../../package.json', 403],
    ['/%2e%2e/package.json', 403],
    ['/.git/config', 403],
    ['/..%5Cpackage.json', 400],
    ['/%00', 400],
    ['/%E0%A4%A', 400],
  ])('refuses the raw path %s', (raw, status) => {
    expect(resolveStaticPath(ROOT, raw).status).toBe(status);
  });
});

describe('app:// responses', () => {
  const tempDir = useTempDirs();
  let root: string;
  beforeEach(() => {
    root = tempDir();
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Cairn</title>');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  });

  it('serves index.html as HTML with the CSP header', async () => {
    const response = await respondToAppRequest({ url: 'app://cairn/', method: 'GET' }, root);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(new TextDecoder().decode(response.body)).toContain('<title>Cairn</title>');
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
  ])('serves %s as %s', async (file, mime) => {
    const response = await respondToAppRequest({ url: `app://cairn/${file}`, method: 'GET' }, root);
    expect(response.headers['Content-Type']).toBe(mime);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('answers 404 for a missing asset instead of the app shell', async () => {
    expect((await respondToAppRequest({ url: 'app://cairn/assets/missing.js', method: 'GET' }, root)).status).toBe(404);
  });

  it('refuses other hosts and methods', async () => {
    expect((await respondToAppRequest({ url: 'app://evil/', method: 'GET' }, root)).status).toBe(403);
    expect((await respondToAppRequest({ url: 'app://cairn/', method: 'POST' }, root)).status).toBe(405);
  });

  it('registers a handler for app:// that answers with fetch Responses', async () => {
    let handler: ((request: { url: string; method: string }) => Promise<Response>) | undefined;
    const protocol = { handle: vi.fn((_scheme: string, h: typeof handler) => (handler = h)) } as unknown as Protocol;

    serveAppProtocol(protocol, root);
    const response = await handler!({ url: 'app://cairn/', method: 'GET' });

    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('Cairn');
  });
});

describe('registerAppScheme', () => {
  it('registers app:// as standard, secure and fetchable', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_SCHEME_PRIVILEGES).toHaveLength(1);
  });
});
