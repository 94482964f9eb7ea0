import type { CairnPlatform } from '../../shared/platform';
import { createBrowserPlatform } from './browser';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    cairn?: CairnPlatform;
  }
}

declare const __CAIRN_VERSION__: string | undefined;
const APP_VERSION = typeof __CAIRN_VERSION__ === 'string' ? __CAIRN_VERSION__ : '0.0.0-dev';

let browserPlatform: CairnPlatform | null = null;

/** The shell API: Electron's preload when present, else the browser implementation. */
export function getPlatform(): CairnPlatform {
  return window.cairn ?? (browserPlatform ??= createBrowserPlatform(APP_VERSION));
}
