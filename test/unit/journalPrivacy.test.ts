// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { localContext } from '../../shared/commands/context';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace, restoreWorkspaceKind } from '../../shared/commands/workspace';
import { combineWorkspace } from '../../shared/commands/combine';
import { openWorkspaceFile, readWorkspaceFile, workspaceToFile } from '../../shared/format/workspaceFile';
import type { WorkspaceKind } from '../../shared/schema/types';
import { readMeta } from '../../shared/schema/read';
import type { CairnPlatform } from '../../shared/platform';
import { newWorkshopCode } from '../../shared/sync/invite';
import { assertShareable, PrivateWorkspaceError } from '../../shared/sync/privacy';
import { connectWorkshop, type WorkshopConnection } from '../../shared/sync/workshopConnection';
import { fakePeerIn, fakeWrtc, FakePeerConnection, FakeSocket, resetFakeNetwork } from '../support/fakeRoomNetwork';
import { attachWorkshop, detachWorkshop, hostWorkshop, useWorkshop } from '../../renderer/state/workshopSession';
import { joinWorkshop } from '../../renderer/state/joinWorkshop';
import { useIdentity } from '../../renderer/state/identity';
import { useLibrary } from '../../renderer/state/libraryStore';
import type { LibraryEntry } from '../../renderer/state/libraryIndex';
import { runCli } from '../../electron/cli/run';
import { runJoin } from '../../electron/cli/join';
import type { CliIo } from '../../electron/cli/io';
import { rootMap } from '../../shared/schema/roots';
import { until } from '../support/until';

/*
 * Every path that can attach a document to the network refuses a personal
 * journal before it makes anything that talks to the network: no signaling
 * socket, no peer connection (and Cairn has no BroadcastChannel sync). And a
 * document that becomes a journal while connected leaves the room before the
 * change that made it one is sent.
 *
 * The paths (everything that reaches `new CairnRoom`, found by grep):
 *   shared/sync/workshopConnection.ts  connectWorkshop — the only place a room is made
 *   renderer/state/workshopSession.ts  attachWorkshop (rejoin on open), hostWorkshop
 *   renderer/state/joinWorkshop.ts     joinWorkshop (an empty document joins; refuses a journal that arrives)
 *   electron/cli/join.ts               `cairn join` / runJoin (the same, headless)
 */

const SIGNALING = ['ws://127.0.0.1:9'];

function workspace(kind: WorkspaceKind, id = `${kind}Ws${Math.random().toString(36).slice(2, 8)}`, title = `A ${kind}`): Y.Doc {
  const doc = new Y.Doc();
  const ctx = localContext(doc, 'Ana');
  initWorkspace(ctx, { id, title, kind, cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  addObjective(ctx, { title: `An objective of the ${kind}` });
  return doc;
}

/** An update, made elsewhere, that turns `doc` into a journal and writes a private entry in the same transaction. */
function becomeJournalUpdate(doc: Y.Doc, secret: string): Uint8Array {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.transact(() => {
    rootMap(other, 'meta').set('kind', 'journal');
    addObjective(localContext(other, 'Ana'), { title: `Dear diary ${secret}` });
  });
  return Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc));
}

/** What a room may send a joiner: a whole journal, or its kind ahead of the rest of its meta. */
const ARRIVALS: [string, () => Uint8Array][] = [
  ['a whole journal', () => Y.encodeStateAsUpdate(workspace('journal', 'journalRoom01'))],
  [
    'its kind first',
    () => {
      const partial = new Y.Doc();
      rootMap(partial, 'meta').set('kind', 'journal');
      return Y.encodeStateAsUpdate(partial);
    },
  ],
];

/** The promise, or a failure if it has not settled within two seconds (a refusal is immediate). */
function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('still waiting after 2 s')), 2000))]);
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const nothingNetworked = () => ({ sockets: FakeSocket.made.length, peerConnections: FakePeerConnection.made.length });
const NOTHING = { sockets: 0, peerConnections: 0 };

let cleanups: (() => void)[] = [];

beforeEach(() => {
  // A device with a name: without one, joining and hosting wait for the name prompt (identity.test.ts).
  useIdentity.setState({ name: 'Ana' });
  resetFakeNetwork();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('RTCSessionDescription', class {});
  vi.stubGlobal('RTCIceCandidate', class {});
});

afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
  detachWorkshop();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('assertShareable: the one gate', () => {
  it('refuses a journal; team and workshop workspaces, and an empty document about to join, pass', () => {
    expect(() => assertShareable(workspace('journal'))).toThrow(PrivateWorkspaceError);
    expect(() => assertShareable(workspace('team'))).not.toThrow();
    expect(() => assertShareable(workspace('workshop'))).not.toThrow();
    expect(() => assertShareable(new Y.Doc())).not.toThrow();
  });

  it('combining a journal into another workspace is refused too', () => {
    const ctx = localContext(workspace('team'), 'Ana');
    expect(() => combineWorkspace(ctx, workspace('journal'))).toThrow(/journal stays private/);
  });
});

describe('connectWorkshop (shared/sync/workshopConnection.ts)', () => {
  it('throws PrivateWorkspaceError for a journal and makes no room, socket or peer connection', async () => {
    const code = newWorkshopCode();

    expect(() => connectWorkshop(workspace('journal'), { code, signaling: SIGNALING, wrtc: fakeWrtc })).toThrow(PrivateWorkspaceError);
    await new Promise((r) => setTimeout(r, 300));
    expect(nothingNetworked()).toEqual(NOTHING);
  });

  it('refuses a journal even in a room this window is already in (the gate comes before the room check)', async () => {
    const code = newWorkshopCode();
    const team = connectWorkshop(workspace('team'), { code, signaling: SIGNALING, wrtc: fakeWrtc });
    cleanups.push(() => team.leave());
    await until(() => FakeSocket.made.length === 1, 'a socket to be opened');
    const before = nothingNetworked();

    expect(() => connectWorkshop(workspace('journal'), { code, signaling: SIGNALING, wrtc: fakeWrtc })).toThrow(PrivateWorkspaceError);
    expect(nothingNetworked()).toEqual(before);
  });

  describe.each([
    ['a merged file or import', 'import'],
    ['a peer in the room', 'room'],
  ] as const)('a team workspace that an update from %s marks as a journal', (_label, from) => {
    it('stays a team workspace and in the room: the write is reported and ignored, and the kind can be written back', async () => {
      const doc = workspace('team');
      const code = newWorkshopCode();
      const connection: WorkshopConnection = connectWorkshop(doc, { code, signaling: SIGNALING, wrtc: fakeWrtc });
      cleanups.push(() => connection.leave());
      const peer = await fakePeerIn(code);

      if (from === 'room') peer.deliverUpdate(becomeJournalUpdate(doc, 'stray'));
      else Y.applyUpdate(doc, becomeJournalUpdate(doc, 'stray'), 'import');
      expect(rootMap(doc, 'meta').get('kind')).toBe('journal');
      // A kind is fixed when the workspace is created: read as team, the write reported by field.
      const meta = readMeta(doc);
      expect(meta.value.kind).toBe('team');
      expect(meta.problems.map((p) => p.field)).toContain('kind');
      // Still syncing: a later edit reaches the peer, and the room is open.
      addObjective(localContext(doc, 'Ana'), { title: 'Edit after the stray write' });
      expect(peer.sent.some((m) => text(m).includes('Edit after the stray write'))).toBe(true);
      expect(peer.closed).toBe(false);
      expect(connection.status().peers).toBe(1);
      expect(() => assertShareable(doc)).not.toThrow();
      // The command writes the fixed kind back, and the problem goes.
      restoreWorkspaceKind(localContext(doc, 'Ana'));
      expect(rootMap(doc, 'meta').get('kind')).toBe('team');
      expect(readMeta(doc).problems.map((p) => p.field)).not.toContain('kind');
    });
  });

  it('a team workspace marked as a journal before its room opened still connects: its kind was fixed at creation', async () => {
    const doc = workspace('team');
    const code = newWorkshopCode();
    const connection = connectWorkshop(doc, { code, signaling: SIGNALING, wrtc: fakeWrtc });
    cleanups.push(() => connection.leave());
    // Synchronously, while the room is still deriving its key.
    expect(FakeSocket.made).toHaveLength(0);
    Y.applyUpdate(doc, becomeJournalUpdate(doc, 'stray'), 'import');
    const peer = await fakePeerIn(code);
    expect(peer.closed).toBe(false);
    expect(readMeta(doc).value.kind).toBe('team');
  });

});

describe('the renderer (renderer/state/workshopSession.ts, joinWorkshop.ts)', () => {
  function entry(id: string, kind: LibraryEntry['kind'], workshop: LibraryEntry['workshop']): LibraryEntry {
    return { id, title: 'x', kind, createdAt: 0, openedAt: null, deletedAt: null, workshop };
  }
  function fakePlatform() {
    const hostWorkshopSpy = vi.fn(async () => ({ signaling: SIGNALING }));
    (window as unknown as { cairn?: Partial<CairnPlatform> }).cairn = { hostWorkshop: hostWorkshopSpy };
    cleanups.push(() => delete (window as unknown as { cairn?: unknown }).cairn);
    return hostWorkshopSpy;
  }

  it('attachWorkshop does not rejoin a workshop with a journal, even when the library says it is shared', () => {
    const doc = workspace('journal', 'journalAttach1');
    useLibrary.setState({ entries: [entry('journalAttach1', 'journal', { code: newWorkshopCode(), signaling: SIGNALING })] });
    attachWorkshop('journalAttach1', doc);
    expect(useWorkshop.getState().error).toMatch(/journal is private/);
    expect(useWorkshop.getState().status).toBeNull();
    expect(nothingNetworked()).toEqual(NOTHING);
  });

  it('hostWorkshop refuses a journal before starting a signaling server or making a code', async () => {
    const hostWorkshopSpy = fakePlatform();
    const doc = workspace('journal', 'journalHost01');
    useLibrary.setState({ entries: [entry('journalHost01', 'journal', null)] });
    attachWorkshop('journalHost01', doc);
    await expect(hostWorkshop()).rejects.toThrow(PrivateWorkspaceError);
    expect(hostWorkshopSpy).not.toHaveBeenCalled();
    expect(useLibrary.getState().entries[0]!.workshop).toBeNull();
    expect(nothingNetworked()).toEqual(NOTHING);
  });

  it('hostWorkshop of a team workspace does connect (the refusal above is about the journal)', async () => {
    const hostWorkshopSpy = fakePlatform();
    useLibrary.setState({ entries: [entry('teamHost0001', 'team', null)] });
    attachWorkshop('teamHost0001', workspace('team', 'teamHost0001'));
    await hostWorkshop();
    expect(hostWorkshopSpy).toHaveBeenCalledOnce();
    await until(() => FakeSocket.made.length === 1, 'a socket to be opened');
  });


  it('a session whose team workspace a stray write marks as a journal stays in the room', async () => {
    const doc = workspace('team', 'teamFlip00001');
    const code = newWorkshopCode();
    useLibrary.setState({ entries: [entry('teamFlip00001', 'team', { code, signaling: SIGNALING })] });
    attachWorkshop('teamFlip00001', doc);
    const peer = await fakePeerIn(code);
    Y.applyUpdate(doc, becomeJournalUpdate(doc, 'secret'), 'import');
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.closed).toBe(false);
    expect(useWorkshop.getState().error).toBeNull();
  });

  it.each(ARRIVALS)('joinWorkshop keeps no copy of a journal that a room sends (%s), and leaves the room at once', async (_label, arriving) => {
    const adopt = vi.fn(async () => undefined);
    const realAdopt = useLibrary.getState().adoptWorkspace;
    cleanups.push(() => useLibrary.setState({ adoptWorkspace: realAdopt }));
    useLibrary.setState({ entries: [], adoptWorkspace: adopt });
    const code = newWorkshopCode();
    const joining = joinWorkshop({ code, signaling: SIGNALING });
    // Joining connects an empty document (it has no kind yet): that is allowed.
    const peer = await fakePeerIn(code);
    peer.deliverUpdate(arriving());
    await expect(within(joining)).rejects.toThrow(PrivateWorkspaceError);
    expect(adopt).not.toHaveBeenCalled();
    expect(peer.closed).toBe(true);
  });
});

describe('cairn join (electron/cli/join.ts)', () => {
  function memoryIo(files: Record<string, Uint8Array>) {
    const out: string[] = [];
    const err: string[] = [];
    const writeFile = vi.fn(async () => undefined);
    const io: CliIo = {
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
      readFile: async (p) => {
        const file = files[p];
        if (!file) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
        return file;
      },
      writeFile,
    };
    return { io, out, err, writeFile };
  }

  it('`cairn join … --out journal.cairn` exits 2 before making a provider or a socket, and leaves the file alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-journal-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'journal.cairn');
    const bytes = workspaceToFile(workspace('journal', 'journalCli001', 'My journal'), '1.0.0', Date.UTC(2026, 0, 1));
    fs.writeFileSync(file, bytes);
    const { io, err, writeFile } = memoryIo({ [file]: bytes });
    // The command ends the process shortly after it returns, and installs process-wide handlers: contain both.
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const events = ['unhandledRejection', 'SIGINT', 'SIGTERM'];
    const before = new Map(events.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
    cleanups.push(() => {
      for (const event of events) {
        for (const listener of process.listeners(event as NodeJS.Signals)) if (!before.get(event)!.includes(listener)) process.off(event, listener);
      }
    });

    expect(await runCli(['join', newWorkshopCode(), '--address', '127.0.0.1:9', '--out', file], io)).toBe(2);
    expect(err.join('')).toMatch(/^cairn: journal\.cairn is a personal journal: journals are private/);
    expect(nothingNetworked()).toEqual(NOTHING);
    expect(writeFile).not.toHaveBeenCalled();
    expect(Buffer.compare(fs.readFileSync(file), bytes)).toBe(0);
    await new Promise((r) => setTimeout(r, 250));
    expect(exit).toHaveBeenCalled();
  });

  it.each(ARRIVALS)('runJoin refuses a journal that the room sends (%s), writes nothing and leaves the room', async (_label, arriving) => {
    const { io, writeFile } = memoryIo({});
    const code = newWorkshopCode();
    const joining = runJoin({
      invite: { code, signaling: SIGNALING },
      outPath: path.join(os.tmpdir(), `cairn-never-written-${Date.now()}.cairn`),
      once: false,
      io,
      wrtc: fakeWrtc,
      stopped: new Promise(() => undefined),
    });
    const peer = await fakePeerIn(code);
    peer.deliverUpdate(arriving());
    await expect(within(joining)).rejects.toThrow(/This room holds a personal journal/);
    expect(writeFile).not.toHaveBeenCalled();
    expect(peer.closed).toBe(true);
  });
});

describe('cairn join with its own file of a team workspace whose kind a peer flips (electron/cli/join.ts)', () => {
  it('keeps syncing, says the write was ignored, and its file stays a team workspace', async () => {
    const team = workspace('team', 'teamArchive01', 'Platform');
    const outPath = path.join(os.tmpdir(), `cairn-archive-${Date.now()}.cairn`);
    const written: Uint8Array[] = [];
    const logged: string[] = [];
    const io: CliIo = {
      stdout: (line) => void logged.push(line),
      stderr: () => undefined,
      readFile: async (p) => {
        if (p !== outPath) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
        return workspaceToFile(team, '1.0.0', 1);
      },
      writeFile: async (_p, data) => void written.push(data),
    };
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const code = newWorkshopCode();
    const joining = runJoin({ invite: { code, signaling: SIGNALING }, outPath, once: false, io, wrtc: fakeWrtc, stopped });
    const peer = await fakePeerIn(code);
    peer.deliverUpdate(Y.encodeStateAsUpdate(team));
    peer.deliverUpdate(becomeJournalUpdate(team, 'stray'));
    await until(() => logged.join('').includes('it stays a team workspace'), 'the team-workspace notice');
    expect(peer.closed).toBe(false);
    await until(() => written.length > 0, 'the file to be written');
    stop();
    await within(joining);
    expect(readWorkspaceFile(written.at(-1)!).header.kind).toBe('team');
  });
});

describe('a journal on this device cannot be flipped into a workspace that syncs', () => {
  const journalEntry = (id: string, workshop: LibraryEntry['workshop'] = null): LibraryEntry => ({ id, title: 'My journal', kind: 'journal', createdAt: 0, openedAt: null, deletedAt: null, workshop });

  it('refuses a team file, a team import or a room that claims the journal’s id, writing nothing', async () => {
    const id = 'journalFlip001';
    useLibrary.setState({ entries: [journalEntry(id)] });
    // What a teammate who learned the id could craft: a team workspace under it.
    const crafted = workspace('team', id, 'Totally a team');
    const update = Y.encodeStateAsUpdate(crafted);

    await expect(useLibrary.getState().importWorkspaceFile(openWorkspaceFile(workspaceToFile(crafted, 'test', 1)))).rejects.toThrow(PrivateWorkspaceError);
    await expect(useLibrary.getState().adoptWorkspace(id, update, { code: newWorkshopCode(), signaling: [] }, { title: 't', kind: 'team', createdAt: 0 })).rejects.toThrow(PrivateWorkspaceError);
    await expect(
      useLibrary.getState().adoptImported({ format: 'json', created: false, workspaceId: id, title: 't', kind: 'team', createdAt: 0, update, summary: '' }),
    ).rejects.toThrow(PrivateWorkspaceError);
    expect(useLibrary.getState().entries).toEqual([journalEntry(id)]);
  });

  it('keeps every sync path shut while the library knows it as a journal, whatever its document says', async () => {
    const id = 'journalFlip002';
    useLibrary.setState({ entries: [journalEntry(id, { code: newWorkshopCode(), signaling: [] })] });
    const flipped = workspace('team', id);
    attachWorkshop(id, flipped);
    expect(useWorkshop.getState().error).toMatch(/journal is private/);
    await expect(hostWorkshop()).rejects.toThrow(PrivateWorkspaceError);
    expect(nothingNetworked()).toEqual(NOTHING);
  });
});
