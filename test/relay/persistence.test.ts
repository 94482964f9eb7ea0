import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openRelayData, startRelay, type Relay } from '../../electron/relay/relayServer';
import { actorOn, connectClient, copyOf, hasCheckIn, relayToken, sameDocument, teamWorkspace, until, type RelayClient } from './relayClient';

let dataDir: string;
let relay: Relay | null;
let clients: RelayClient[];

function client(workspaceId: string, doc: Y.Doc): RelayClient {
  const c = connectClient(`ws://127.0.0.1:${relay!.port}`, workspaceId, relayToken(dataDir, workspaceId), doc);
  clients.push(c);
  return c;
}

/** The workspace as the relay's file holds it, read by a second connection to the file. */
function storedDocument(workspaceId: string): Y.Doc {
  const { store } = openRelayData(dataDir);
  try {
    const doc = new Y.Doc();
    const stored = store.load(workspaceId);
    if (stored) Y.applyUpdate(doc, stored.update);
    return doc;
  } finally {
    store.close();
  }
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-persist-'));
  clients = [];
  relay = null;
});

afterEach(async () => {
  for (const c of clients) c.close();
  await relay?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('relay persistence', () => {
  it('has every update it confirmed in its file, before any store hook runs', async () => {
    // Compaction ten minutes away: only the append made at arrival can put the check-ins in the file.
    relay = await startRelay({ dataDir, storeDebounceMs: 600_000 });
    const workspace = teamWorkspace('ws-persist-1');
    const ana = client('ws-persist-1', workspace.doc);
    const ctx = actorOn(workspace.doc, 'Ana');
    for (let i = 0; i < 10; i++) {
      const id = workspace.checkIn(ctx, i);
      await until(ana.confirmed, `check-in ${i} confirmed`);
      expect(hasCheckIn(storedDocument('ws-persist-1'), id)).toBe(true);
    }
    expect(sameDocument(storedDocument('ws-persist-1'), workspace.doc)).toBe(true);
  });

  it('gives a new client the whole workspace after the relay stopped and started again', async () => {
    relay = await startRelay({ dataDir });
    const workspace = teamWorkspace('ws-persist-2');
    const ana = client('ws-persist-2', workspace.doc);
    const ctx = actorOn(workspace.doc, 'Ana');
    for (let i = 0; i < 30; i++) workspace.checkIn(ctx, i);
    await until(ana.confirmed, 'Ana confirmed');
    ana.close();
    await relay.close();

    relay = await startRelay({ dataDir });
    const newcomer = client('ws-persist-2', new Y.Doc());
    await until(() => newcomer.confirmed() && sameDocument(newcomer.doc, workspace.doc), 'the newcomer has the workspace');
  });

  it('brings a client back from a week offline with hundreds of check-ins to a relay that moved on, both ending equal', async () => {
    relay = await startRelay({ dataDir });
    const workspace = teamWorkspace('ws-persist-3');
    const ana = client('ws-persist-3', workspace.doc);
    await until(ana.confirmed, 'the workspace on the relay');
    // Ana leaves with her copy; the relay moves on with Ben meanwhile.
    const offline = copyOf(workspace.doc);
    ana.close();
    const ben = client('ws-persist-3', new Y.Doc());
    await until(ben.confirmed, 'Ben synced');
    const benCtx = actorOn(ben.doc, 'Ben');
    const bens = Array.from({ length: 50 }, (_, i) => workspace.checkIn(benCtx, 100 + i));
    await until(ben.confirmed, 'Ben confirmed');

    const anaCtx = actorOn(offline, 'Ana');
    const anas = Array.from({ length: 300 }, (_, i) => workspace.checkIn(anaCtx, i));
    const back = client('ws-persist-3', offline);
    await until(() => back.confirmed() && sameDocument(back.doc, ben.doc), 'Ana and Ben equal');
    for (const id of [...anas, ...bens]) {
      expect(hasCheckIn(back.doc, id)).toBe(true);
      expect(hasCheckIn(ben.doc, id)).toBe(true);
    }
  });
});
