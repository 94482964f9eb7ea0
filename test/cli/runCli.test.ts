import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CliIo } from '../../electron/cli/io';
import { runCli } from '../../electron/cli/run';
import { buildWorkspace, workspaceBytes } from '../electron/workspaceFixture';
import { rootMap } from '../../shared/schema/roots';

/** In-process io: files in a map, output captured. */
function memoryIo(files: Record<string, Uint8Array>, writeFile?: CliIo['writeFile']) {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, Uint8Array>();
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (filePath) => {
      const file = files[filePath];
      if (!file) throw Object.assign(new Error(`ENOENT: ${filePath}`), { code: 'ENOENT' });
      return file;
    },
    writeFile: writeFile ?? (async (filePath, data) => void written.set(filePath, data)),
  };
  return { io, out, err, written };
}

describe('runCli', () => {
  const { doc } = buildWorkspace();
  const files = { 'team.cairn': workspaceBytes(doc) };

  it('exits 1, not 2, when the failure is not the input (the output cannot be written)', async () => {
    const { io, err } = memoryIo(files, () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })));

    expect(await runCli(['export', 'team.cairn', '--out', 'x.json'], io)).toBe(1);
    expect(err).toEqual(['cairn: EACCES: permission denied\n']);
  });

  it('defaults the export format to json', async () => {
    const { io, out } = memoryIo(files);

    expect(await runCli(['export', 'team.cairn'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ format: 'cairn-workspace' });
  });

  it('reports schema problems found in the document', async () => {
    const broken = buildWorkspace('ws_broken', 'Broken');
    broken.doc.getMap('objectives').set('junk', 'not an objective map');
    const { io, out } = memoryIo({ 'b.cairn': workspaceBytes(broken.doc) });

    expect(await runCli(['inspect', 'b.cairn'], io)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/^Problems:\s+1$/m);
    expect(text).toContain('  - objectives junk: not a map');
  });

  it('shows a command\'s own usage with --help', async () => {
    const { io, out } = memoryIo({});
    expect(await runCli(['export', '--help'], io)).toBe(0);
    expect(out.join('')).toContain('Usage: cairn export FILE.cairn --format md|csv|json|html [--out PATH]');
  });

  it('inspects a file whose header claims a save time no date can hold, showing it as unknown', async () => {
    const { io, out, err } = memoryIo({ 'far.cairn': workspaceBytes(doc, 1e300) });

    expect(await runCli(['inspect', 'far.cairn'], io)).toBe(0);
    expect(out.join('')).toMatch(/^Saved at:\s+unknown$/m);
    expect(err).toEqual([]);
  });

  it('refuses to merge a journal with a copy that claims its id as a team workspace, writing nothing', async () => {
    const journalSource = buildWorkspace('ws_my-journal', 'My journal');
    rootMap(journalSource.doc, 'meta').set('kind', 'journal');
    // A fresh copy first sees the kind as 'journal' (a document's kind is fixed when a device first sees it).
    const journal = { doc: new Y.Doc() };
    Y.applyUpdate(journal.doc, Y.encodeStateAsUpdate(journalSource.doc));
    const impostor = buildWorkspace('ws_my-journal', 'My journal');
    const { io, err, written } = memoryIo({ 'journal.cairn': workspaceBytes(journal.doc), 'copy.cairn': workspaceBytes(impostor.doc) });

    expect(await runCli(['merge', 'journal.cairn', 'copy.cairn', '--out', 'merged.cairn'], io)).toBe(2);
    expect(err.join('')).toMatch(/personal journal .* merges only with copies of itself/);
    expect(written.size).toBe(0);
  });
});
