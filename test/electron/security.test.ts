import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/contentSecurityPolicy';
import {
  hardenSession,
  hardenWebContents,
  isAppUrl,
  secureWebPreferences,
} from '../../electron/main/security';

type Listener = (...args: unknown[]) => void;

/** Just enough of a WebContents to capture what hardenWebContents installs. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  };
  return {
    contents: contents as unknown as WebContents,
    /** Emits a navigation-like event; returns whether it was prevented. */
    emit(event: string, url = '') {
      const details = { url, preventDefault: vi.fn() };
      for (const listener of listeners.get(event) ?? []) listener(details, url);
      return details.preventDefault.mock.calls.length > 0;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

function harden() {
  const fake = fakeContents();
  const shell = { openExternal: vi.fn(() => Promise.resolve()) };
  hardenWebContents(fake.contents, shell);
  return { ...fake, shell };
}

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer, without Node', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');

    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('navigation', () => {
  it('lets the window navigate within app://cairn', () => {
    const { emit } = harden();
    expect(emit('will-navigate', 'app://cairn/library')).toBe(false);
  });

  it.each(['https://evil.example/', 'file:///etc/passwd', 'app://other/', 'http://127.0.0.1:5173/'])('prevents navigating to %s', (url) => {
    const { emit } = harden();
    expect(emit('will-navigate', url)).toBe(true);
    expect(emit('will-frame-navigate', url)).toBe(true);
    expect(emit('will-redirect', url)).toBe(true);
  });

  it('opens a clicked web link in the browser instead of the window, once', () => {
    const { emit, shell } = harden();
    // Electron emits both for a main-frame navigation.
    emit('will-frame-navigate', 'https://example.org/okrs');
    emit('will-navigate', 'https://example.org/okrs');
    expect(shell.openExternal.mock.calls).toEqual([['https://example.org/okrs']]);
  });

  it('never hands a file: or custom-scheme navigation to the OS', () => {
    const { emit, shell } = harden();
    emit('will-navigate', 'file:///etc/passwd');
    emit('will-navigate', 'smb://host/share');
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses to attach a <webview>', () => {
    const { emit } = harden();
    expect(emit('will-attach-webview')).toBe(true);
  });
});

describe('new windows', () => {
  it('denies every window.open, the app origin included', () => {
    const { open } = harden();
    expect(open('app://cairn/').action).toBe('deny');
    expect(open('https://example.org/').action).toBe('deny');
  });

  it('opens http(s) links in the user browser', () => {
    const { open, shell } = harden();
    open('https://example.org/a');
    open('http://example.org/b');
    expect(shell.openExternal.mock.calls).toEqual([['https://example.org/a'], ['http://example.org/b']]);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://cairn/', 'not a url'])('never hands %s to the OS', (url) => {
    const { open, shell } = harden();
    open(url);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  function hardened() {
    let request: ((...args: unknown[]) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
    } as unknown as Session;
    hardenSession(session);
    return {
      request(permission: string, requestingUrl: string) {
        const callback = vi.fn();
        request!(null, permission, callback, { requestingUrl, isMainFrame: true });
        return callback.mock.calls[0]?.[0] as boolean;
      },
      check: (permission: string, origin: string) => check!(null, permission, origin, { requestingUrl: `${origin}/`, isMainFrame: true }),
    };
  }

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen'])('denies %s, even to the app', (permission) => {
    const { request, check } = hardened();
    expect(request(permission, 'app://cairn/')).toBe(false);
    expect(check(permission, 'app://cairn')).toBe(false);
  });

  it('lets only the app itself write to the clipboard (copying an invite code)', () => {
    const { request, check } = hardened();
    expect(request('clipboard-sanitized-write', 'app://cairn/')).toBe(true);
    expect(check('clipboard-sanitized-write', 'app://cairn')).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://cairn/', true],
    ['app://cairn/index.html#/w/1', true],
    ['app://cairn.evil/', false],
    ['app://evil/', false],
    ['https://cairn/', false],
    ['file:///app/cairn/', false],
    ['', false],
  ])('%j → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('Content Security Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it("runs only the app's own scripts: no inline, no eval", () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it('forbids plugins, base rewriting, framing and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });

  it('connects only to itself and to WebSocket signaling servers', () => {
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
  });
});
