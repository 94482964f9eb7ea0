import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import NodeWebSocket from 'ws';
import { startRelay, type Relay } from '../../electron/relay/relayServer';
import { PrivateWorkspaceError } from '../../shared/sync/privacy';
import { connectRelay, type RelayConnection, type RelayStatus } from '../../shared/sync/relayConnection';
import { actorOn, hasCheckIn, relayToken, sameDocument, teamWorkspace, until } from './relayClient';

/*
 * The app's relay connection (shared/sync/relayConnection.ts) against a real
 * relay in this process: its status, its refusal, and edits made while the
 * relay is away flowing once it is back.
 */

let dataDir: string;
let relay: Relay;
let url: string;
const connections: RelayConnection[] = [];

/** `ws` with the browser's one-argument constructor. */
class WebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url);
  }
}

const FAST = { minDelay: 50, maxDelay: 300 };

function connect(doc: Y.Doc, workspaceId: string, token: string): { connection: RelayConnection; seen: RelayStatus[] } {
  const connection = connectRelay(doc, { url, token, workspaceId, WebSocket, backoff: FAST });
  connections.push(connection);
  const seen: RelayStatus[] = [];
  connection.onStatus((status) => seen.push(status));
  return { connection, seen };
}

const confirmed = (connection: RelayConnection) => () => {
  const status = connection.status();
  return status.state === 'live' && status.unconfirmed === 0 && status.lastConfirmedAt !== null;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-connection-'));
  relay = await startRelay({ dataDir, host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${relay.port}`;
});

afterAll(async () => {
  for (const c of connections) c.close();
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('relay connection', () => {
  it('goes live, and reports when the relay last confirmed our changes', async () => {
    const id = 'ws-conn-live';
    const ana = teamWorkspace(id);
    const { connection, seen } = connect(ana.doc, id, relayToken(dataDir, id));
    expect(seen[0]?.state).toBe('connecting');
    await until(confirmed(connection), 'the relay confirmed the workspace');
    const first = connection.status().lastConfirmedAt!;

    ana.checkIn(actorOn(ana.doc, 'Ana'), 12);
    await until(() => (connection.status().lastConfirmedAt ?? 0) > first || connection.status().unconfirmed > 0, 'the check-in sent');
    await until(confirmed(connection), 'the check-in confirmed');

    const ben = new Y.Doc();
    const other = connect(ben, id, relayToken(dataDir, id)).connection;
    await until(() => confirmed(other)() && sameDocument(ben, ana.doc), 'Ben caught up from the relay');
  });

  it('says a wrong token is refused, and stays refused', async () => {
    const id = 'ws-conn-refused';
    const { connection, seen } = connect(teamWorkspace(id).doc, id, 'x'.repeat(43));
    await until(() => connection.status().state === 'refused', 'the refusal');
    expect(seen.some((s) => s.state === 'live')).toBe(false);
    expect(connection.status().lastConfirmedAt).toBeNull();
  });

  it('never connects a personal journal', () => {
    const id = 'ws-conn-journal';
    const journal = teamWorkspace(id, 'journal');
    expect(() => connectRelay(journal.doc, { url, token: relayToken(dataDir, id), workspaceId: id, WebSocket })).toThrow(PrivateWorkspaceError);
  });

  it('sends what was written while the relay was away once it is back', async () => {
    const id = 'ws-conn-offline';
    const token = relayToken(dataDir, id);
    const ana = teamWorkspace(id);
    const { connection } = connect(ana.doc, id, token);
    await until(confirmed(connection), 'Ana confirmed');

    const port = relay.port;
    await relay.close();
    await until(() => connection.status().state === 'offline', 'Ana sees the relay gone');
    const offline = [1, 2, 3].map((value) => ana.checkIn(actorOn(ana.doc, 'Ana'), value));
    expect(connection.status().state).toBe('offline');

    relay = await startRelay({ dataDir, host: '127.0.0.1', port });
    await until(confirmed(connection), 'Ana reconnected and confirmed');
    const ben = new Y.Doc();
    const other = connect(ben, id, token).connection;
    await until(() => confirmed(other)() && offline.every((checkIn) => hasCheckIn(ben, checkIn)), 'Ben got the offline check-ins');
  });
});
