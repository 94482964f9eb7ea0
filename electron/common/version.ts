// Replaced by build/bundle.mjs (esbuild `define`); unbundled code (tests, tsx) has no such global.
declare const __CAIRN_VERSION__: string | undefined;

/** The app's version, as in package.json at build time. */
export const APP_VERSION: string = typeof __CAIRN_VERSION__ === 'string' ? __CAIRN_VERSION__ : '0.0.0-dev';
