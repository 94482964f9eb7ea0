import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The first screen loads the entry chunk and the chunks it imports
 * statically; code only some people or some moments need is loaded on demand
 * (a dynamic import) and must not sit in those chunks. Read from the build
 * (`npm run build`): vite's manifest says which chunk imports which, and each
 * chunk's source map which modules it holds.
 */

const DIST = path.resolve('dist/renderer');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;

/** The manifest keys of the chunks loaded with the first screen: the entry and its static imports, transitively. */
function startupChunks(): string[] {
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('the manifest names no entry chunk');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry);
  return [...seen];
}

function modulesOf(chunkKey: string): string[] {
  const chunk = manifest[chunkKey];
  if (!chunk) throw new Error(`no chunk ${chunkKey} in the manifest`);
  const map = JSON.parse(fs.readFileSync(path.join(DIST, `${chunk.file}.map`), 'utf8')) as { sources: string[] };
  return map.sources;
}

const ON_DEMAND: Array<[what: string, module: RegExp]> = [
  ['the relay’s provider (only for a workspace with a relay)', /node_modules\/@hocuspocus\/provider\//],
  ['the relay connection', /shared\/sync\/relayConnection\.ts$/],
  ['the QR code library (only when an invite is shown)', /node_modules\/qrcode\//],
  ['the HTML and Markdown reports (exports run in a worker)', /shared\/format\/(html|markdown)\.ts$/],
  ['the JSON and CSV importers (imports run in a worker)', /shared\/format\/(importJson|importCsv)\.ts$/],
];

describe('the first screen’s chunks (built by npm run build)', () => {
  const startup = startupChunks();
  const startupModules = startup.flatMap(modulesOf);

  it('hold the app itself (the check below reads real chunks)', () => {
    expect(startupModules.some((source) => source.endsWith('renderer/app/App.tsx'))).toBe(true);
  });

  it.each(ON_DEMAND)('leave out %s', (_what, module) => {
    expect(startupModules.filter((source) => module.test(source))).toEqual([]);
  });

  it('the relay connection is still built, as a chunk loaded on demand', () => {
    const relayChunk = Object.keys(manifest).find((key) => key.endsWith('shared/sync/relayConnection.ts'));
    expect(relayChunk).toBeDefined();
    expect(startup).not.toContain(relayChunk);
    expect(modulesOf(relayChunk ?? '').some((source) => /node_modules\/@hocuspocus\/provider\//.test(source))).toBe(true);
  });
});
