// Bundles the Node side (Electron main, preload, launcher, CLI) with esbuild.
// The preload must be one CommonJS file: sandboxed preloads cannot require modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Native modules stay in node_modules: WebRTC for `cairn join` is loaded when it runs.
  // playwright-core (browser mode's PDF printer) ships files it reads at run time; it is loaded when a PDF is printed.
  // better-sqlite3 (the relay's store) loads its native addon from node_modules.
  external: ['electron', '@roamhq/wrtc', 'playwright-core', 'better-sqlite3'],
  define: { __CAIRN_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/main/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
  // A worker thread's script is a file of its own (electron/common/contentCheck.ts).
  build({ ...common, entryPoints: ['electron/common/contentCheckWorker.ts'], outfile: 'dist/electron/contentCheckWorker.cjs' }),
  build({ ...common, entryPoints: ['electron/server/launch.ts'], outfile: 'dist/electron/launch.cjs' }),
  build({ ...common, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/electron/cli.cjs' }),
]);
