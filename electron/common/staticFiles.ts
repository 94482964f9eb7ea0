import fsp from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

/*
 * Serving the built renderer (dist/renderer) safely, for both the app://
 * protocol and the browser-mode web server: one resolution of a request path
 * to a file inside the root, nothing outside it, same headers everywhere.
 */

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticTarget =
  | {
      status: 200;
      file: string;
      /** index.html for client-side routes (paths without an extension) when `file` does not exist. */
      fallback: string | null;
    }
  | { status: 400 | 403 | 404; reason: string };

/**
 * Maps a request path (as sent, still percent-encoded, query allowed) to a file
 * under `root`. Pure: it decides, the caller reads. Refuses `..` (also encoded),
 * backslashes, NUL, dotfiles, and anything that would resolve outside the root.
 */
export function resolveStaticPath(root: string, rawPath: string): StaticTarget {
  const pathOnly = rawPath.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return { status: 400, reason: 'malformed path' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) {
    return { status: 400, reason: 'malformed path' };
  }
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403, reason: 'path traversal' };
  if (segments.some((s) => s.startsWith('.'))) return { status: 403, reason: 'hidden file' };
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${relative}`);
  if (!file.startsWith(base + path.sep)) return { status: 403, reason: 'outside the root' };
  const last = segments[segments.length - 1] ?? '';
  const isRoute = path.extname(last) === '';
  return { status: 200, file, fallback: isRoute ? path.join(base, 'index.html') : null };
}

export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

function textResponse(status: number, text: string): StaticResponse {
  return {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
    body: new TextEncoder().encode(text),
  };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed' };

export function errorResponse(status: 400 | 403 | 404 | 405): StaticResponse {
  return textResponse(status, STATUS_TEXT[status] ?? 'Error');
}

async function readRegularFile(file: string): Promise<Uint8Array | null> {
  try {
    return await fsp.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Reads a resolved target, with the SPA fallback and the security headers. */
export async function loadStaticTarget(target: StaticTarget): Promise<StaticResponse> {
  if (target.status !== 200) return errorResponse(target.status);
  let file = target.file;
  let body = await readRegularFile(file);
  if (!body && target.fallback) {
    file = target.fallback;
    body = await readRegularFile(file);
  }
  if (!body) return errorResponse(404);
  const headers: Record<string, string> = { ...securityHeaders(), 'Content-Type': mimeTypeOf(file) };
  // index.html names the hashed bundles; it must be revalidated or an update shows the old app.
  headers['Cache-Control'] = file.endsWith('.html') ? 'no-cache' : 'public, max-age=0';
  return { status: 200, headers, body };
}

export function loadStatic(root: string, rawPath: string): Promise<StaticResponse> {
  return loadStaticTarget(resolveStaticPath(root, rawPath));
}
