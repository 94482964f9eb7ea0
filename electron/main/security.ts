import type { Session, Shell, WebContents, WebPreferences } from 'electron';
import { APP_ORIGIN } from '../../shared/platform';

/*
 * Electron hardening in one place (see docs/architecture.md, "Electron security"). The
 * renderer is treated as untrusted: no Node, its own isolated world, no way
 * to navigate away from app://cairn or open windows, no permissions.
 */

const APP = new URL(`${APP_ORIGIN}/`);

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://cairn/... only. (Node gives custom schemes an opaque "null" origin, so compare parts.) */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === APP.protocol && parsed.host === APP.host;
}

/** Links we hand to the user's browser: http(s) only, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:');
}

function openInBrowser(shell: Pick<Shell, 'openExternal'>, url: string): void {
  if (!isExternalWebUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => console.error(`cairn: could not open ${url}: ${String(error)}`));
}

/** Keeps a web contents on app://cairn: links to the web go to the browser, everything else is refused. */
export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  const stayInApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  // A link clicked in the page (main frame): refused here, opened in the browser if it is a web link.
  contents.on('will-navigate', (event) => {
    stayInApp(event);
    if (!isAppUrl(event.url)) openInBrowser(shell, event.url);
  });
  // Every frame, main frame included (so it fires with will-navigate too: refuse only, never open twice).
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(shell, url);
    return { action: 'deny' };
  });
}

/**
 * Writing to the clipboard (copying an invite code) is the one permission the
 * app itself may use; everything else, and anything asked by another origin, is denied.
 */
const APP_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return APP_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin),
  );
}
