import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_ELECTRON_MESSAGE, findElectronBinary, launch, type LaunchDependencies } from '../../electron/server/launcher';
import { startWebServer, type WebServer } from '../../electron/server/webServer';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();
const servers: WebServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function builtApp(): string {
  const appDir = tempDir();
  fs.mkdirSync(path.join(appDir, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(appDir, 'dist', 'renderer', 'index.html'), '<title>Cairn</title>');
  return appDir;
}

function deps(overrides: Partial<LaunchDependencies> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const d: LaunchDependencies = {
    appDir: builtApp(),
    env: { PORT: '0' },
    findElectron: () => null,
    spawnElectron: () => {
      throw new Error('no Electron in this test');
    },
    startWebServer: async (options) => {
      const server = await startWebServer(options);
      servers.push(server);
      return server;
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...overrides,
  };
  return { d, out, err };
}

function fakeChild(): ChildProcess {
  return Object.assign(new EventEmitter(), { kill: vi.fn() }) as unknown as ChildProcess;
}

describe('findElectronBinary', () => {
  it('is null when the electron package throws (binary never downloaded)', () => {
    expect(findElectronBinary(() => { throw new Error('Electron failed to install correctly'); })).toBeNull();
  });

  it('is null when the path it names does not exist', () => {
    expect(findElectronBinary(() => '/nowhere/electron', () => false)).toBeNull();
  });

  it('is the path when the binary exists', () => {
    expect(findElectronBinary(() => '/opt/electron/electron', (f) => f === '/opt/electron/electron')).toBe('/opt/electron/electron');
  });
});

describe('launch', () => {
  it('without Electron, says so in one line and serves the app in the browser', async () => {
    const { d, out, err } = deps();

    const result = await launch([], d);

    expect(result).toBe(servers[0]);
    expect(out[0]).toBe(NO_ELECTRON_MESSAGE);
    expect(out[1]).toMatch(/^Cairn is running in browser mode at http:\/\/127\.0\.0\.1:\d+$/);
    expect(out[1]).not.toMatch(/:0$/);
    const res = await fetch(out[1]!.split(' at ')[1]!);
    expect(await res.text()).toContain('<title>Cairn</title>');
    expect(err).toEqual([]);
  });

  it('with --web, does not look for Electron at all', async () => {
    const findElectron = vi.fn(() => '/opt/electron');
    const { d, out } = deps({ findElectron });

    await launch(['--web'], d);

    expect(findElectron).not.toHaveBeenCalled();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^Cairn is running in browser mode at /);
  });

  it('with Electron, runs it on the app folder and exits with its code', async () => {
    const child = fakeChild();
    const spawnElectron = vi.fn(() => child);
    const { d, out } = deps({ findElectron: () => '/opt/electron', spawnElectron });

    const result = launch(['notes.cairn'], d);
    child.emit('exit', 3, null);

    expect(await result).toBe(3);
    expect(spawnElectron).toHaveBeenCalledWith('/opt/electron', [d.appDir, 'notes.cairn']);
    expect(out).toEqual([]);
  });

  it('falls back to browser mode when the Electron binary cannot run', async () => {
    const child = fakeChild();
    const { d, out } = deps({ findElectron: () => '/opt/electron', spawnElectron: () => child });

    const result = launch([], d);
    child.emit('error', Object.assign(new Error('spawn ENOEXEC'), { code: 'ENOEXEC' }));

    expect(await result).toBe(servers[0]);
    expect(out[0]).toBe(NO_ELECTRON_MESSAGE);
  });

  it('explains a port already in use in one line and exits 1', async () => {
    const blocker = await startWebServer({ root: tempDir(), port: 0 });
    servers.push(blocker);
    const { d, err } = deps({ env: { PORT: String(blocker.port) } });

    expect(await launch(['--web'], d)).toBe(1);

    expect(err).toHaveLength(1);
    expect(err[0]).toBe(
      `cairn: port ${blocker.port} is already in use (is Cairn already running?); free it or choose another, e.g. PORT=${blocker.port + 1} npm run web`,
    );
  });

  it('asks for a build when the renderer is missing', async () => {
    const { d, err } = deps({ appDir: tempDir() });

    expect(await launch(['--web'], d)).toBe(1);
    expect(err[0]).toMatch(/npm run build/);
  });
});
