import type { CustomScheme, Protocol } from 'electron';
import { isAppUrl } from './security';
import { errorResponse, loadStaticTarget, resolveStaticPath, type StaticResponse, type StaticTarget } from '../common/staticFiles';

/*
 * The renderer is served from app://cairn, never file://: a fixed, standard,
 * secure origin (IndexedDB is keyed on it forever) with a real CSP header.
 */

export const APP_SCHEME = 'app';

export const APP_SCHEME_PRIVILEGES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

/** Must run before the app is ready, or Chromium treats app:// as an opaque, insecure scheme. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
}

/** Which file under `root` an app:// URL names; other hosts and schemes are refused. */
export function resolveAppUrl(url: string, root: string): StaticTarget {
  if (!isAppUrl(url)) return { status: 403, reason: 'not the app origin' };
  return resolveStaticPath(root, new URL(url).pathname);
}

export async function respondToAppRequest(request: { url: string; method: string }, root: string): Promise<StaticResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405);
  return loadStaticTarget(resolveAppUrl(request.url, root));
}

export function toFetchResponse(response: StaticResponse, method: string): Response {
  const body = method === 'HEAD' ? null : response.body;
  return new Response(body as BodyInit | null, { status: response.status, headers: response.headers });
}

/** Serves dist/renderer on app://cairn. Call after the app is ready. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return toFetchResponse(await respondToAppRequest(request, root), request.method);
    } catch (error) {
      console.error(`cairn: could not serve ${request.url}: ${String(error)}`);
      return new Response('Internal error', { status: 500 });
    }
  });
}
