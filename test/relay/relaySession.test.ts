// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import NodeWebSocket from 'ws';
import { startRelay, type Relay } from '../../electron/relay/relayServer';
import { addObjective } from '../../shared/commands/objectives';
import type { CairnPlatform } from '../../shared/platform';
import { joinThroughRelay, storedRelayOf } from '../../renderer/state/relaySession';
import { useLibrary } from '../../renderer/state/libraryStore';
import { devicePut } from '../../renderer/state/deviceStore';
import { withStoredDoc } from '../../renderer/state/docStorage';
import { joinWorkshop } from '../../renderer/state/joinWorkshop';
import { useIdentity } from '../../renderer/state/identity';
import { actorOn, connectClient, relayToken, teamWorkspace, until, type RelayClient } from './relayClient';

/*
 * Joining through an invite's relay, in the app's state (renderer/state/
 * relaySession.ts), against a real relay in this process that plays the
 * hostile one: it holds a document under the id of a workspace already on
 * this device. An invite never moves that workspace to its relay.
 */

let dataDir: string;
let relay: Relay;
let url: string;
const clients: RelayClient[] = [];

/** `ws` with the browser's one-argument constructor. */
class WebSocket extends NodeWebSocket {
  constructor(address: string) {
    super(address);
  }
}

const HONEST = { url: 'wss://relay.example.org', token: 'h'.repeat(43) };
const PLANTED = 'Planted by the relay';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-session-'));
  relay = await startRelay({ dataDir, host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${relay.port}`;
});

afterEach(() => {
  vi.unstubAllGlobals();
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A workspace on this device (stored and listed), and the relay's own document under the same id, holding a planted objective. */
async function sameIdOnDeviceAndRelay(id: string): Promise<{ token: string }> {
  const local = teamWorkspace(id).doc;
  await withStoredDoc(id, (doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(local)));
  useLibrary.setState({ entries: [{ id, title: 'Ours', kind: 'team', createdAt: 0, openedAt: null, deletedAt: null, workshop: null }] });
  const planted = teamWorkspace(id).doc;
  addObjective(actorOn(planted, 'Mallory'), { title: PLANTED });
  const token = relayToken(dataDir, id);
  const mallory = connectClient(url, id, token, planted);
  clients.push(mallory);
  await until(mallory.confirmed, 'the relay holds the planted document');
  vi.stubGlobal('WebSocket', WebSocket);
  return { token };
}

const hasPlanted = async (id: string) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await useLibrary.getState().storedState(id));
  return JSON.stringify(doc.getMap('objectives').toJSON()).includes(PLANTED);
};

describe('joining through a relay, for a workspace already on this device', () => {
  it('refuses an invite naming another relay than the one kept: nothing merged, the kept relay unchanged', async () => {
    const id = 'ws-session-takeover';
    const { token } = await sameIdOnDeviceAndRelay(id);
    await devicePut(`relay:${id}`, HONEST);

    await expect(joinThroughRelay({ url, token, workspaceId: id }, { code: 'GQHVV56VU2ZR', signaling: ['ws://127.0.0.1:9'] })).rejects.toThrow(
      /already on this device and syncs through relay\.example\.org/,
    );
    expect(await storedRelayOf(id)).toEqual(HONEST);
    expect(await hasPlanted(id)).toBe(false);
    expect(useLibrary.getState().entries.find((entry) => entry.id === id)?.workshop).toBeNull();
  });

  it('gives a workspace without a relay the invite’s relay only once the person confirmed', async () => {
    const id = 'ws-session-adopt';
    const { token } = await sameIdOnDeviceAndRelay(id);

    await expect(joinThroughRelay({ url, token, workspaceId: id }, null)).rejects.toThrow(/already on this device, without a relay/);
    expect(await storedRelayOf(id)).toBeNull();
    expect(await hasPlanted(id)).toBe(false);

    await expect(joinThroughRelay({ url, token, workspaceId: id }, null, undefined, { confirmedRelayForExisting: true })).resolves.toBe(id);
    expect(await storedRelayOf(id)).toEqual({ url, token });
    expect(await hasPlanted(id)).toBe(true);
  });

  it('“Delete forever” forgets the workspace’s relay token on this device', async () => {
    const id = 'ws-session-delete';
    await sameIdOnDeviceAndRelay(id);
    await devicePut(`relay:${id}`, HONEST);
    (window as unknown as { cairn?: Partial<CairnPlatform> }).cairn = { removeWorkspace: async () => {} };
    try {
      await useLibrary.getState().deleteForever(id);
    } finally {
      delete (window as unknown as { cairn?: unknown }).cairn;
    }
    expect(await storedRelayOf(id)).toBeNull();
  });
});

describe('an invite with a relay and a room', () => {
  it('joins the room when the relay is out of reach, instead of waiting a minute for it', async () => {
    useIdentity.setState({ name: 'Ben' });
    useLibrary.setState({ entries: [] });
    vi.stubGlobal('WebSocket', WebSocket);
    // This computer is offline too: the room's path says so at once, which shows it was taken.
    vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false);
    const closedPort = { url: 'ws://127.0.0.1:9', token: 't'.repeat(43), workspaceId: 'ws-session-fallback' };
    const joined = joinWorkshop({ code: 'GQHVV56VU2ZR', signaling: ['ws://127.0.0.1:9'], relay: closedPort });
    await expect(Promise.race([joined, new Promise((_, reject) => setTimeout(() => reject(new Error('still waiting for the relay after 10 s')), 10_000))])).rejects.toThrow(
      /This computer is offline/,
    );
  });
});
