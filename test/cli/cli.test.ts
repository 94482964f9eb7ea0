import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace, workspaceBytes } from '../electron/workspaceFixture';

/*
 * The real `cairn` command, as a user runs it: node bin/cairn.cjs in its own process.
 */

const repo = path.resolve(__dirname, '..', '..');
const version = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
let dir: string;
let goodFile: string;
const fixture = buildWorkspace('ws_cli-test', 'Platform team Q1');

function cairn(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repo, 'bin', 'cairn.cjs'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(stderr: string) {
  expect(stderr).toMatch(/^cairn: \S.*\n$/);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
}

beforeAll(() => {
  // `npm test` builds first; this keeps `vitest run test/cli` working on a fresh clone.
  if (!fs.existsSync(path.join(repo, 'dist', 'electron', 'cli.cjs'))) {
    execFileSync(process.execPath, ['build/bundle.mjs'], { cwd: repo, stdio: 'inherit' });
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-'));
  goodFile = path.join(dir, 'team.cairn');
  fs.writeFileSync(goodFile, workspaceBytes(fixture.doc, Date.UTC(2025, 0, 7, 10, 0)));
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cairn inspect', () => {
  it('prints the title, ids, versions and counts of a workspace file', () => {
    const { code, stdout, stderr } = cairn('inspect', goodFile);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const field = (label: string) => new RegExp(`^${label}:\\s+(.*)$`, 'm').exec(stdout)?.[1];
    expect(field('Title')).toBe('Platform team Q1');
    expect(field('Kind')).toBe('team');
    expect(field('Workspace id')).toBe('ws_cli-test');
    expect(field('Schema version')).toBe('1');
    expect(field('App version')).toBe('0.1.0');
    expect(field('Saved at')).toBe('2025-01-07T10:00:00.000Z');
    expect(field('Cycle')).toBe('2025-01-01 to 2025-03-31');
    expect(field('Objectives')).toBe('2 live, 1 deleted');
    expect(field('Key results')).toBe('3 live, 1 deleted');
    expect(field('Check-ins')).toBe('3');
    expect(field('Problems')).toBe('none');
  });
});

describe('cairn export', () => {
  it('prints the workspace as JSON with every objective, key result and check-in', () => {
    const { code, stdout, stderr } = cairn('export', goodFile, '--format', 'json');

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const json = JSON.parse(stdout) as {
      format: string;
      meta: { id: string; title: string };
      objectives: { id: string }[];
      keyResults: { id: string; objectiveId: string }[];
      checkIns: { id: string; value: number }[];
    };
    expect(json.format).toBe('cairn-workspace');
    expect(json.meta).toMatchObject({ id: 'ws_cli-test', title: 'Platform team Q1' });
    expect(json.objectives.map((o) => o.id).sort()).toEqual([...fixture.objectiveIds].sort());
    expect(json.keyResults.map((k) => k.id).sort()).toEqual([...fixture.keyResultIds].sort());
    expect(json.checkIns.map((c) => c.id).sort()).toEqual([...fixture.checkInIds].sort());
    expect(json.checkIns.map((c) => c.value).sort((a, b) => a - b)).toEqual([1, 12, 20]);
  });

  it('writes the same JSON to --out, and nothing to stdout', () => {
    const out = path.join(dir, 'export.json');
    const { code, stdout } = cairn('export', goodFile, '--format', 'json', '--out', out);

    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe(cairn('export', goodFile, '--format', 'json').stdout);
  });
});

describe('cairn: bad input exits 2 with one line and writes nothing', () => {
  const bytes = workspaceBytes(fixture.doc);
  const cases: [string, Uint8Array][] = [
    ['truncated', bytes.slice(0, Math.floor(bytes.length / 2))],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)],
    ['a foreign file', new TextEncoder().encode('{"hello":"world"}')],
  ];

  it.each(cases)('%s', (name, content) => {
    const file = path.join(dir, `${name.replace(/\W/g, '-')}.cairn`);
    fs.writeFileSync(file, content);
    const out = path.join(dir, `${name.replace(/\W/g, '-')}.json`);

    const inspect = cairn('inspect', file);
    const exported = cairn('export', file, '--format', 'json', '--out', out);

    for (const run of [inspect, exported]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expectOneLineError(run.stderr);
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an unknown format', () => {
    const out = path.join(dir, 'never.xlsx');
    const run = cairn('export', goodFile, '--format', 'xlsx', '--out', out);

    expect(run.code).toBe(2);
    expectOneLineError(run.stderr);
    expect(run.stderr).toContain('unknown format "xlsx"; the formats are: md, csv, json, html');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a missing file argument, a missing file, an unknown command or option', () => {
    for (const args of [['inspect'], ['export'], ['inspect', path.join(dir, 'nope.cairn')], ['frobnicate'], ['inspect', goodFile, '--bogus']]) {
      const run = cairn(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expectOneLineError(run.stderr);
    }
  });

  it('--out naming the workspace file itself, which stays intact', () => {
    const before = fs.readFileSync(goodFile);
    const run = cairn('export', goodFile, '--format', 'json', '--out', goodFile);

    expect(run.code).toBe(2);
    expect(fs.readFileSync(goodFile)).toEqual(before);
  });
});

describe('cairn --help and --version', () => {
  it('prints help listing the commands, exit 0', () => {
    const { code, stdout } = cairn('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('cairn inspect FILE.cairn');
    expect(stdout).toContain('cairn export FILE.cairn --format md|csv|json|html');
    expect(stdout).toContain('cairn import FILE.json|FILE.csv --out FILE.cairn');
    expect(stdout).toContain('cairn merge A.cairn B.cairn');
    // Readable in an 80-column terminal: the usage column does not run away.
    expect(Math.max(...stdout.split('\n').map((line) => line.indexOf('  ', 4)))).toBeLessThan(70);
  });

  it('imports a JSON export and merges copies, as real processes', () => {
    const json = path.join(dir, 'team.json');
    expect(cairn('export', goodFile, '--format', 'json', '--out', json).code).toBe(0);
    const copy = path.join(dir, 'copy.cairn');
    expect(cairn('import', json, '--out', copy)).toMatchObject({ code: 0 });
    const merged = path.join(dir, 'merged.cairn');
    expect(cairn('merge', goodFile, copy, '--out', merged)).toMatchObject({ code: 0 });
    expect(cairn('inspect', merged).stdout).toContain('Platform team Q1');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"format": "cairn-workspace", "formatVersion": 1,');
    const refused = cairn('import', bad, '--out', path.join(dir, 'never.cairn'));
    expect(refused.code).toBe(2);
    expectOneLineError(refused.stderr);
    expect(fs.existsSync(path.join(dir, 'never.cairn'))).toBe(false);
  });

  it('prints the package version, exit 0', () => {
    expect(cairn('--version')).toMatchObject({ code: 0, stdout: `cairn ${version}\n` });
  });

  it('prints usage to stderr and exits 2 when run without a command', () => {
    const { code, stdout, stderr } = cairn();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: cairn');
  });
});
