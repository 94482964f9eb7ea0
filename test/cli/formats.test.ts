import Papa from 'papaparse';
import { marked } from 'marked';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/io';
import { runCli } from '../../electron/cli/run';
import { canonicalJson } from '../../shared/format/canonical';
import { workspaceToJson } from '../../shared/format/json';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { readWorkspace } from '../../shared/schema/read';
import { buildRichWorkspace } from '../unit/richWorkspace';
import { newWorkspace, replicaOf } from '../support/workspace';
import { addObjective } from '../../shared/commands/objectives';

/** In-process io: files in a map (writes land there too), output captured. */
function memoryIo(files: Map<string, Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (filePath) => {
      const file = files.get(filePath);
      if (!file) throw Object.assign(new Error(`ENOENT: ${filePath}`), { code: 'ENOENT' });
      return file;
    },
    writeFile: async (filePath, data) => void files.set(filePath, data),
  };
  return { io, out, err };
}

const utf8 = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const rich = buildRichWorkspace();
const richFile = workspaceToFile(rich.doc, 'test', rich.now);

describe('cairn export to every format', () => {
  it('writes the Markdown report to stdout', async () => {
    const { io, out } = memoryIo(new Map([['rich.cairn', richFile]]));
    expect(await runCli(['export', 'rich.cairn', '--format', 'md'], io)).toBe(0);
    const headings = marked.lexer(out.join('')).filter((t) => t.type === 'heading');
    expect(headings[0]).toMatchObject({ depth: 1 });
    expect(headings.filter((t) => t.type === 'heading' && t.depth === 2).length).toBeGreaterThan(3);
  });

  it('writes the HTML report to --out, and only one team with --team', async () => {
    const files = new Map([['rich.cairn', richFile]]);
    const { io } = memoryIo(files);
    expect(await runCli(['export', 'rich.cairn', '--format', 'html', '--out', 'all.html'], io)).toBe(0);
    const teamName = readWorkspace(rich.doc).alignment.teams.get(rich.teams.a)!.name;
    expect(await runCli(['export', 'rich.cairn', '--format', 'html', '--out', 'team.html', '--team', teamName], io)).toBe(0);
    expect(utf8(files.get('all.html'))).toMatch(/^<!doctype html>/i);
    expect(utf8(files.get('team.html')).length).toBeLessThan(utf8(files.get('all.html')).length);
  });

  it('writes the key results CSV and the check-ins CSV beside it', async () => {
    const files = new Map([['rich.cairn', richFile]]);
    const { io } = memoryIo(files);
    expect(await runCli(['export', 'rich.cairn', '--format', 'csv', '--out', 'okrs.csv'], io)).toBe(0);
    const krs = Papa.parse<string[]>(utf8(files.get('okrs.csv')).replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(krs.errors).toEqual([]);
    expect(krs.data[0]!.slice(0, 12)).toEqual(['team', 'objective', 'key result', 'kind', 'risk', 'baseline', 'target', 'current', 'progress', 'confidence', 'owner', 'status']);
    const checkIns = Papa.parse<string[]>(utf8(files.get('okrs.check-ins.csv')).replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(checkIns.errors).toEqual([]);
    expect(checkIns.data.length).toBeGreaterThan(5);
  });

  it('writes the report in --locale, and the CSV in ISO 8601 whatever the locale', async () => {
    const files = new Map([['rich.cairn', richFile]]);
    const { io, out, err } = memoryIo(files);
    expect(await runCli(['export', 'rich.cairn', '--format', 'md', '--locale', 'en-GB'], io)).toBe(0);
    const markdown = out.join('');
    expect(markdown).toContain('needed by 15 Feb 2026');
    expect(markdown).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await runCli(['export', 'rich.cairn', '--format', 'csv', '--out', 'gb.csv', '--locale', 'en-GB'], io)).toBe(0);
    expect(utf8(files.get('gb.check-ins.csv'))).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect(await runCli(['export', 'rich.cairn', '--format', 'md', '--locale', 'en_GB!'], io)).toBe(2);
    expect(err.pop()).toContain('--locale: "en_GB!" is not a locale');
  });

  it('refuses an unknown team and --session on a workspace never hosted, with exit 2', async () => {
    const never = newWorkspace('Ana', 'ws_never-hosted');
    const { io, err } = memoryIo(new Map([['rich.cairn', richFile], ['never.cairn', workspaceToFile(never.doc, 'test', 1)]]));
    expect(await runCli(['export', 'rich.cairn', '--format', 'md', '--team', 'Nobody'], io)).toBe(2);
    expect(err.pop()).toMatch(/^cairn: no team "Nobody" in this workspace; the teams are: /);
    expect(await runCli(['export', 'never.cairn', '--format', 'md', '--session'], io)).toBe(2);
    expect(err.pop()).toContain('never hosted as a workshop');
    expect(await runCli(['export', 'rich.cairn', '--format', 'pdf'], io)).toBe(2);
  });
});

describe('cairn import', () => {
  it('makes a .cairn from a JSON export that equals the original workspace', async () => {
    const files = new Map([['rich.cairn', richFile]]);
    const { io } = memoryIo(files);
    expect(await runCli(['export', 'rich.cairn', '--format', 'json', '--out', 'rich.json'], io)).toBe(0);
    expect(await runCli(['import', 'rich.json', '--out', 'copy.cairn'], io)).toBe(0);
    const copy = readWorkspaceFile(files.get('copy.cairn')!);
    expect(canonicalJson(workspaceToJson(copy.snapshot))).toBe(canonicalJson(workspaceToJson(readWorkspace(rich.doc))));
  });

  it('makes a workspace from a CSV, then updates it from an edited CSV', async () => {
    const files = new Map([['rich.cairn', richFile]]);
    const { io, err } = memoryIo(files);
    expect(await runCli(['export', 'rich.cairn', '--format', 'csv', '--out', 'okrs.csv'], io)).toBe(0);
    expect(await runCli(['import', 'okrs.csv', '--out', 'new.cairn'], io)).toBe(0);
    expect(err.pop()).toMatch(/^cairn: created new\.cairn/);
    const created = readWorkspaceFile(files.get('new.cairn')!).snapshot;
    expect([...created.keyResults.values()].filter((k) => k.deletedAt === null).length).toBeGreaterThan(3);

    const extra = 'objective,key result,kind,baseline,target\r\nA brand new objective,Its first KR,metric,0,10\r\n';
    files.set('more.csv', new TextEncoder().encode(extra));
    expect(await runCli(['import', 'more.csv', '--out', 'new.cairn'], io)).toBe(0);
    expect(err.pop()).toMatch(/^cairn: updated new\.cairn/);
    const updated = readWorkspaceFile(files.get('new.cairn')!).snapshot;
    expect(updated.meta!.id).toBe(created.meta!.id);
    expect([...updated.objectives.values()].map((o) => o.title)).toContain('A brand new objective');
  });

  it('refuses a malformed CSV with exit 2, naming the line, and leaves the target untouched', async () => {
    const target = workspaceToFile(newWorkspace('Ana', 'ws_target-0001').doc, 'test', 1);
    const files = new Map([
      ['bad.csv', new TextEncoder().encode('objective,key result,target\r\nGrow,Users,"ten\r\n')],
      ['t.cairn', target],
    ]);
    const { io, err } = memoryIo(files);
    expect(await runCli(['import', 'bad.csv', '--out', 't.cairn'], io)).toBe(2);
    expect(err.join('')).toMatch(/cairn: bad\.csv was not imported: .*line 2/);
    expect(files.get('t.cairn')).toBe(target);
  });

  it('refuses a JSON export of another workspace into an existing file', async () => {
    const files = new Map([['rich.cairn', richFile], ['t.cairn', workspaceToFile(newWorkspace('Ana', 'ws_target-0001').doc, 'test', 1)]]);
    const { io, err } = memoryIo(files);
    await runCli(['export', 'rich.cairn', '--format', 'json', '--out', 'rich.json'], io);
    expect(await runCli(['import', 'rich.json', '--out', 't.cairn'], io)).toBe(2);
    expect(err.pop()).toContain('is a different workspace');
  });
});

describe('cairn merge', () => {
  it('merges two diverged copies of one workspace', async () => {
    const a = newWorkspace('Ana', 'ws_merge-0001');
    const b = replicaOf(a.doc, 'Ben');
    addObjective(a.ctx, { title: 'From laptop A' });
    addObjective(b.ctx, { title: 'From laptop B' });
    const files = new Map([
      ['a.cairn', workspaceToFile(a.doc, 'test', 1)],
      ['b.cairn', workspaceToFile(b.doc, 'test', 2)],
    ]);
    const { io } = memoryIo(files);
    expect(await runCli(['merge', 'a.cairn', 'b.cairn', '--out', 'c.cairn'], io)).toBe(0);
    const merged = readWorkspaceFile(files.get('c.cairn')!);
    expect([...merged.snapshot.objectives.values()].map((o) => o.title).sort()).toEqual(['From laptop A', 'From laptop B']);
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    expect(canonicalJson(merged.snapshot)).toBe(canonicalJson(readWorkspace(a.doc)));
  });

  it('refuses two different workspaces and a missing --out with exit 2', async () => {
    const files = new Map([
      ['a.cairn', workspaceToFile(newWorkspace('Ana', 'ws_one-00001').doc, 'test', 1)],
      ['b.cairn', workspaceToFile(newWorkspace('Ana', 'ws_two-00002').doc, 'test', 1)],
    ]);
    const { io, err } = memoryIo(files);
    expect(await runCli(['merge', 'a.cairn', 'b.cairn', '--out', 'c.cairn'], io)).toBe(2);
    expect(err.pop()).toContain('are different workspaces');
    expect(files.has('c.cairn')).toBe(false);
    expect(await runCli(['merge', 'a.cairn', 'a.cairn'], io)).toBe(2);
  });
});
