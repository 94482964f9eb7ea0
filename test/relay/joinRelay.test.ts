import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startRelay, type Relay } from '../../electron/relay/relayServer';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { actorOn, connectClient, hasCheckIn, relayToken, teamWorkspace, until, type RelayClient } from './relayClient';
import { spawnCairn, type CliRun } from '../support/cliProcess';

/*
 * `cairn join --relay URL --token T` as a user runs it: its own process, a
 * real relay, a file on disk that follows the workspace on the relay.
 */

let dataDir: string;
let dir: string;
let relay: Relay;
let url: string;
const children: ChildProcess[] = [];
const clients: RelayClient[] = [];

/** The CLI in its own process, stopped after each test. */
function cairn(...args: string[]): CliRun {
  const run = spawnCairn(args);
  children.push(run.child);
  return run;
}

function fileDoc(file: string): Y.Doc | null {
  if (!fs.existsSync(file)) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readWorkspaceFile(fs.readFileSync(file)).update);
  return doc;
}

/** A team workspace on the relay, with one check-in by Ana, confirmed. */
async function workspaceOnRelay(id: string): Promise<{ ana: RelayClient; checkIn: (value: number) => string; token: string }> {
  const workspace = teamWorkspace(id);
  const token = relayToken(dataDir, id);
  const ana = connectClient(url, id, token, workspace.doc);
  clients.push(ana);
  const ctx = actorOn(workspace.doc, 'Ana');
  const checkIn = (value: number) => workspace.checkIn(ctx, value);
  checkIn(10);
  await until(ana.confirmed, 'Ana confirmed');
  return { ana, checkIn, token };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-join-relay-data-'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-join-relay-'));
  relay = await startRelay({ dataDir, host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${relay.port}`;
});

afterAll(async () => {
  children.forEach((c) => c.kill('SIGKILL'));
  clients.forEach((c) => c.close());
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cairn join --relay', () => {
  it('with --once, writes the workspace from the relay and exits', async () => {
    const id = 'ws-join-once';
    const { ana } = await workspaceOnRelay(id);
    const out = path.join(dir, 'once.cairn');
    const run = cairn('join', '--relay', url, '--token', relayToken(dataDir, id), '--workspace', id, '--out', out, '--once');
    expect(await run.exited, run.output()).toBe(0);
    const copy = fileDoc(out)!;
    expect(Y.encodeStateAsUpdate(copy)).toEqual(Y.encodeStateAsUpdate(ana.doc));
  });

  it('reads the token from --token-file, so that it is never on the command line', async () => {
    const id = 'ws-join-token-file';
    const { ana, token } = await workspaceOnRelay(id);
    const tokenFile = path.join(dir, 'relay-token');
    fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const out = path.join(dir, 'token-file.cairn');
    const run = cairn('join', '--relay', url, '--token-file', tokenFile, '--workspace', id, '--out', out, '--once');
    expect(await run.exited, run.output()).toBe(0);
    expect(run.child.spawnargs.join(' ')).not.toContain(token);
    expect(Y.encodeStateAsUpdate(fileDoc(out)!)).toEqual(Y.encodeStateAsUpdate(ana.doc));
  });

  it('keeps the file in sync with the relay until stopped, and sends up what only the file held', async () => {
    const id = 'ws-join-follow';
    const { ana, checkIn, token } = await workspaceOnRelay(id);
    const out = path.join(dir, 'follow.cairn');
    // The file, made earlier, holds a check-in the relay never had (written while offline).
    const offline = teamWorkspace(id);
    Y.applyUpdate(offline.doc, Y.encodeStateAsUpdate(ana.doc));
    const offlineCheckIn = offline.checkIn(actorOn(offline.doc, 'Ben'), 20);
    fs.writeFileSync(out, workspaceToFile(offline.doc, 'test', Date.UTC(2026, 6, 3)));

    // The workspace comes from the file's header: no --workspace needed.
    const run = cairn('join', '--relay', url, '--token', token, '--out', out);
    await until(() => hasCheckIn(ana.doc, offlineCheckIn), 'the file’s check-in reached Ana through the relay');
    const later = checkIn(30);
    await until(() => fileDoc(out)?.getMap('checkIns').has(later) === true, 'Ana’s new check-in in the file');
    run.child.kill('SIGTERM');
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toMatch(/following workspace ws-join-follow on the relay/);
  });

  it('refuses a personal journal before connecting', async () => {
    const id = 'ws-join-journal';
    const journal = teamWorkspace(id, 'journal');
    const out = path.join(dir, 'journal.cairn');
    fs.writeFileSync(out, workspaceToFile(journal.doc, 'test', Date.UTC(2026, 6, 3)));
    const before = fs.readFileSync(out);
    const run = cairn('join', '--relay', url, '--token', relayToken(dataDir, id), '--out', out, '--once');
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/personal journal/);
    expect(fs.readFileSync(out)).toEqual(before);
  });

  it('says a wrong token is refused, and writes nothing', async () => {
    const id = 'ws-join-refused';
    await workspaceOnRelay(id);
    const out = path.join(dir, 'refused.cairn');
    const run = cairn('join', '--relay', url, '--token', 'x'.repeat(43), '--workspace', id, '--out', out, '--once');
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/The relay refused this workspace’s token/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
