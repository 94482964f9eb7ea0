import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one static bundle, served from app://cairn in Electron and from
// the built-in web server in browser mode. Relative asset paths work for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { __CAIRN_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0-dev') },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Which chunk loads which: test/e2e/startupBundle.test.ts reads it to keep on-demand code out of the first screen's chunks.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', port: 5173 },
});
