import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../electron/server/signalingServer';
import { canonicalJson } from '../../shared/format/canonical';
import { workspaceToJson } from '../../shared/format/json';
import { readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import { encodeInvite, newWorkshopCode } from '../../shared/sync/invite';
import { readWorkspace } from '../../shared/schema/read';
import { buildWorkspace } from '../electron/workspaceFixture';
import { localContext } from '../../shared/commands/context';
import { addObjective } from '../../shared/commands/objectives';
import { startPeer, stopPeers, waitUntil, type Peer } from './peers';
import { spawnCairn, type CliRun } from '../support/cliProcess';

/*
 * `cairn join` as a user runs it: its own process, real WebRTC, a file on disk
 * that follows the workshop and outlives the people in it.
 */

let server: SignalingServer | null = null;
let peers: Peer[] = [];
let children: ChildProcess[] = [];
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-join-'));
});

afterEach(async () => {
  children.forEach((c) => c.kill('SIGKILL'));
  children = [];
  await stopPeers(peers);
  peers = [];
  await server?.close();
  server = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The CLI in its own process, stopped after each test. */
function cairn(...args: string[]): CliRun {
  const run = spawnCairn(args);
  children.push(run.child);
  return run;
}

function fileCanonical(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  return canonicalJson(workspaceToJson(readWorkspaceFile(fs.readFileSync(file)).snapshot));
}

async function peerCanonical(peer: Peer): Promise<string> {
  return (await peer.send<{ canonical: string }>({ type: 'state' })).canonical;
}

/** A signaling server and a host peer in a fresh room with a small workspace. */
async function hostedRoom(): Promise<{ code: string; host: Peer; url: string }> {
  server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  const code = newWorkshopCode();
  const host = await startPeer('host');
  peers = [host];
  await host.send({ type: 'create' });
  await host.send({ type: 'connect', code, signaling: [server.url] });
  return { code, host, url: server.url };
}

describe('cairn join: a headless peer that keeps a synced file', { timeout: 180_000 }, () => {
  it('keeps the file in sync with the room, and a latecomer gets the workspace from it after everyone left', async () => {
    const { code, host, url } = await hostedRoom();
    const out = path.join(dir, 'archive.cairn');
    const run = cairn('join', encodeInvite({ code, signaling: [url], title: 'Workshop' }), '--out', out);

    await waitUntil(async () => fileCanonical(out) === (await peerCanonical(host)), 60_000, 'the first copy on disk', async () => run.output());
    await host.send({ type: 'edits', count: 12, seed: 3 });
    await waitUntil(async () => fileCanonical(out) === (await peerCanonical(host)), 60_000, 'edits to reach the file', async () => run.output());

    // Everyone leaves; the archivist stays. A latecomer joins and gets everything from it.
    const finalState = await peerCanonical(host);
    await host.send({ type: 'leave' });
    const latecomer = await startPeer('latecomer');
    peers.push(latecomer);
    await latecomer.send({ type: 'connect', code, signaling: [url] });
    await waitUntil(async () => (await peerCanonical(latecomer)) === finalState, 60_000, 'the latecomer to sync from the archivist', async () => run.output());

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(fileCanonical(out)).toBe(finalState);
    expect(run.output()).toMatch(/received workspace "Workshop"/);
    expect(run.output()).toMatch(/in sync with 1 peer/);
  });

  it('merges what an existing copy knew back into the room, and --once exits after the first full sync', async () => {
    const { code, host, url } = await hostedRoom();
    const out = path.join(dir, 'copy.cairn');
    expect(await cairn('join', code, '--address', url.replace('ws://', ''), '--out', out, '--once').exited).toBe(0);
    expect(fileCanonical(out)).toBe(await peerCanonical(host));

    // Both move on apart: the room edits, and someone edits the copy (opened elsewhere, say). Then the copy comes back.
    await host.send({ type: 'edits', count: 5, seed: 11 });
    const copy = readWorkspaceFile(fs.readFileSync(out)).doc;
    addObjective(localContext(copy, 'Archivist'), { title: 'Written into the copy while apart' });
    fs.writeFileSync(out, workspaceToFile(copy, '1.0.0', Date.now()));
    const again = cairn('join', code, '--address', url.replace('ws://', ''), '--out', out, '--once');
    expect(await again.exited).toBe(0);
    await waitUntil(async () => fileCanonical(out) === (await peerCanonical(host)), 30_000, 'the copy and the room to agree', async () => again.output());
    expect(await peerCanonical(host)).toContain('Written into the copy while apart');
  });

  it('started on an existing file, hands that workspace to an empty newcomer, and says "in sync" only once it has', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const code = newWorkshopCode();
    const out = path.join(dir, 'kept.cairn');
    fs.writeFileSync(out, workspaceToFile(buildWorkspace('keptWorkspace1', 'Kept team').doc, '1.0.0', Date.UTC(2026, 0, 1)));
    const expected = fileCanonical(out);
    const run = cairn('join', code, '--address', server.url.replace('ws://', ''), '--out', out);
    await waitUntil(async () => run.output().includes('looking for peers'), 30_000, 'the archivist to reach the room', async () => run.output());

    const newcomer = await startPeer('newcomer');
    peers = [newcomer];
    await newcomer.send({ type: 'connect', code, signaling: [server.url] });

    await waitUntil(async () => (await peerCanonical(newcomer)) === expected, 30_000, 'the newcomer to get the workspace from the file', async () => run.output());
    const log = run.output();
    expect(log).toMatch(/no one here has the workspace yet; sharing "Kept team" from kept\.cairn/);
    const sharedAt = log.indexOf('sharing "Kept team"');
    expect(log.indexOf('in sync')).toBeGreaterThan(sharedAt);
  });

  it('waits, saying so, while the signaling server is full, and joins once there is room', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0, limits: { maxConnections: 1 } });
    const code = newWorkshopCode();
    const occupant = await startPeer('occupant');
    peers = [occupant];
    await occupant.send({ type: 'connect', code: newWorkshopCode(), signaling: [server.url] });
    await waitUntil(async () => server!.hub.stats().connections === 1, 30_000, 'the occupant to fill the server');

    const run = cairn('join', code, '--address', server.url.replace('ws://', ''), '--out', path.join(dir, 'waiting.cairn'));
    await waitUntil(async () => /is full; trying again in about \d+ s/.test(run.output()), 30_000, 'the full server to be reported', async () => run.output());
    await occupant.send({ type: 'leave' });
    await waitUntil(async () => run.output().includes('looking for peers'), 60_000, 'the archivist to get in', async () => run.output());

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toMatch(/WebSocket is not open/);
  });

  it('removes the temp file a killed write left beside the output, and only a stale one', async () => {
    const { code, host, url } = await hostedRoom();
    const out = path.join(dir, 'swept.cairn');
    const stale = path.join(dir, '.swept.cairn.0123456789ab.tmp');
    const inFlight = path.join(dir, '.swept.cairn.ba9876543210.tmp');
    fs.writeFileSync(stale, 'half a workspace');
    fs.writeFileSync(inFlight, 'another process writing now');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(stale, anHourAgo, anHourAgo);

    const run = cairn('join', code, '--address', url.replace('ws://', ''), '--out', out, '--once');
    expect(await run.exited).toBe(0);

    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(inFlight)).toBe(true);
    expect(run.output()).toMatch(/removed 1 unfinished temporary file of an interrupted write beside swept\.cairn/);
    expect(fileCanonical(out)).toBe(await peerCanonical(host));
  });

  it('refuses a file of another workspace, a journal file and a bad invite, without touching the file', async () => {
    const { code, url } = await hostedRoom();

    const other = path.join(dir, 'other.cairn');
    const otherBytes = workspaceToFile(buildWorkspace('otherWorkspace1', 'Another team').doc, '1.0.0', Date.UTC(2026, 0, 1));
    fs.writeFileSync(other, otherBytes);
    const refused = cairn('join', code, '--address', url.replace('ws://', ''), '--out', other);
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toMatch(/holds another workspace \("Another team"\)/);
    expect(Buffer.compare(fs.readFileSync(other), otherBytes)).toBe(0);
    expect(readWorkspace(readWorkspaceFile(fs.readFileSync(other)).doc).meta?.title).toBe('Another team');

    const journal = path.join(dir, 'journal.cairn');
    const fixture = buildWorkspace('journalWorkspc1', 'My journal');
    fixture.doc.getMap('meta').set('kind', 'journal');
    fs.writeFileSync(journal, workspaceToFile(fixture.doc, '1.0.0', Date.UTC(2026, 0, 1)));
    const journalRun = cairn('join', code, '--address', url.replace('ws://', ''), '--out', journal);
    expect(await journalRun.exited).toBe(2);
    expect(journalRun.output()).toMatch(/journal/);

    const bad = cairn('join', 'NOT-A-CODE', '--out', path.join(dir, 'x.cairn'));
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/^cairn: .*workshop code/m);
    expect(fs.existsSync(path.join(dir, 'x.cairn'))).toBe(false);
  });
});
