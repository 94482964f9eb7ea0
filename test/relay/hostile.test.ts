import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { openRelayData, startRelay, type Relay } from '../../electron/relay/relayServer';
import { actorOn, connectClient, relayToken, sameDocument, teamWorkspace, until, type RelayClient, type TeamWorkspace } from './relayClient';

/*
 * The relay under hostile input. Honest clients connect from 127.0.0.2, the
 * attackers from 127.0.0.3 (two addresses of one loopback), so that per-address
 * limits hit the attackers only; after every attack the honest clients must
 * still edit and converge.
 */

const HONEST = '127.0.0.2';
const ATTACKER = '127.0.0.3';
const LIMITS = { maxMessageBytes: 256 * 1024, maxDocumentBytes: 150_000, maxConnectionsPerAddress: 6, messagesPerSecond: 20, messageBurst: 60, addressMessagesPerSecond: 100, addressMessageBurst: 300 };

let dataDir: string;
let relay: Relay;
let url: string;
let workspace: TeamWorkspace;
let ana: RelayClient;
let ben: RelayClient;
const extraClients: RelayClient[] = [];

const tokenOf = (workspaceId: string) => relayToken(dataDir, workspaceId);

/** Hocuspocus's frames, written by hand as an attacker would: the workspace id, the message type, the rest. */
function frame(workspaceId: string, type: number, writeRest: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, workspaceId);
  encoding.writeVarUint(e, type);
  writeRest(e);
  return encoding.toUint8Array(e);
}
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const authFrame = (workspaceId: string, token: string) =>
  frame(workspaceId, MESSAGE_AUTH, (e) => {
    encoding.writeVarUint(e, 0); // a token
    encoding.writeVarString(e, token);
  });
const updateFrame = (workspaceId: string, update: Uint8Array) =>
  frame(workspaceId, MESSAGE_SYNC, (e) => {
    encoding.writeVarUint(e, 2); // an update
    encoding.writeVarUint8Array(e, update);
  });

/** A raw socket from the attacker's address; resolves once open, or with the refusal. */
async function rawSocket(): Promise<{ socket: WebSocket; closed: Promise<number> } | { refused: true }> {
  const socket = new WebSocket(url, { localAddress: ATTACKER });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', () => resolve({ refused: true }));
  });
}
async function openRaw(): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const raw = await rawSocket();
  if ('refused' in raw) throw new Error('the relay refused a connection it should accept');
  return raw;
}

/** The honest clients still edit and converge: the relay keeps serving them. */
async function honestStillServed(value: number): Promise<void> {
  const id = workspace.checkIn(actorOn(ana.doc, 'Ana'), value);
  await until(() => ana.confirmed() && ben.doc.getMap('checkIns').has(id) && sameDocument(ana.doc, ben.doc), `the honest clients converge on check-in ${value}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-hostile-'));
  relay = await startRelay({ dataDir, limits: LIMITS });
  url = `ws://127.0.0.1:${relay.port}`;
  workspace = teamWorkspace('ws-hostile');
  ana = connectClient(url, 'ws-hostile', tokenOf('ws-hostile'), workspace.doc, HONEST);
  ben = connectClient(url, 'ws-hostile', tokenOf('ws-hostile'), new Y.Doc(), HONEST);
  await honestStillServed(1);
});

afterAll(async () => {
  for (const c of [ana, ben, ...extraClients]) c.close();
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('relay under hostile input', () => {
  it('closes a connection that sends a message above the size limit', async () => {
    const { socket, closed } = await openRaw();
    socket.send(randomBytes(LIMITS.maxMessageBytes + 1));
    expect(await closed).toBe(1009);
    await honestStillServed(2);
  });

  it('cuts a flood beyond the rate limit, before it is queued', async () => {
    const before = relay.stats().closedForAbuse;
    const { socket, closed } = await openRaw();
    // Messages for a workspace it never authenticates for: Hocuspocus would queue each of them.
    const frame = updateFrame('ws-hostile', randomBytes(64));
    for (let i = 0; i < LIMITS.messageBurst * 3 && socket.readyState === socket.OPEN; i++) socket.send(frame);
    await closed;
    expect(relay.stats().closedForAbuse).toBeGreaterThan(before);
    await honestStillServed(3);
  });

  it('refuses connections beyond the share of one address, and serves other addresses', async () => {
    const held = [];
    let refused = 0;
    for (let i = 0; i < LIMITS.maxConnectionsPerAddress + 3; i++) {
      const raw = await rawSocket();
      if ('refused' in raw) refused++;
      else held.push(raw);
    }
    expect(held).toHaveLength(LIMITS.maxConnectionsPerAddress);
    expect(refused).toBe(3);
    await honestStillServed(4);
    for (const { socket, closed } of held) {
      socket.close();
      await closed;
    }
    // Once they are gone the address gets its share back.
    await until(() => relay.stats().connections === 2, 'the attacker connections gone');
    const again = await openRaw();
    again.socket.close();
  });

  it('drops malformed messages and unauthenticated garbage without falling over', async () => {
    for (const garbage of [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), randomBytes(1000), new Uint8Array(0)]) {
      const { socket, closed } = await openRaw();
      socket.send(garbage);
      socket.send('text, not a frame');
      await Promise.race([closed, new Promise((r) => setTimeout(r, 200))]);
      socket.terminate();
    }
    // Too many workspaces on one connection, each without a token.
    const { socket, closed } = await openRaw();
    for (let i = 0; i < 20 && socket.readyState === socket.OPEN; i++) socket.send(authFrame(`ws-probe-${i}`, 'nothing'));
    await closed;
    await honestStillServed(5);
  });

  it('survives an admitted writer that sends a broken Yjs update or breaks the schema', async () => {
    const { socket, closed } = await openRaw();
    socket.send(authFrame('ws-hostile', tokenOf('ws-hostile')));
    socket.send(updateFrame('ws-hostile', randomBytes(300)));
    await Promise.race([closed, new Promise((r) => setTimeout(r, 500))]);
    socket.terminate();

    // Garbage where the app expects its records: the relay stores it like anything else (it never reads content).
    const vandal = connectClient(url, 'ws-hostile', tokenOf('ws-hostile'), new Y.Doc(), ATTACKER);
    extraClients.push(vandal);
    await until(vandal.confirmed, 'the vandal synced');
    vandal.doc.transact(() => {
      vandal.doc.getMap('checkIns').set('not-a-check-in', 42);
      vandal.doc.getMap('objectives').set('garbage', new Y.Array());
      vandal.doc.getMap('meta').set('title', { nested: [1, 2, 3] });
    });
    await until(vandal.confirmed, 'the garbage confirmed');
    await honestStillServed(6);
  });

  it('takes no more writes to a workspace past its size limit, and keeps serving it and the others', async () => {
    const writer = connectClient(url, 'ws-big', tokenOf('ws-big'), new Y.Doc(), HONEST);
    extraClients.push(writer);
    let closed = 0;
    writer.provider.on('close', () => closed++);
    const text = writer.doc.getText('notes');
    for (const chunk of ['a', 'b']) {
      text.insert(text.length, chunk.repeat(100_000));
      await until(writer.confirmed, `chunk ${chunk} confirmed`);
    }
    text.insert(text.length, 'c'.repeat(100_000)); // the stored state is now past 150 kB
    await until(() => closed > 0, 'the writer closed for a workspace too large');
    expect(writer.confirmed()).toBe(false);
    const { store } = openRelayData(dataDir);
    try {
      const stored = new Y.Doc();
      Y.applyUpdate(stored, store.load('ws-big')!.update);
      expect(stored.getText('notes').toString()).toBe('a'.repeat(100_000) + 'b'.repeat(100_000));
    } finally {
      store.close();
    }
    // Reading it still works.
    const reader = connectClient(url, 'ws-big', tokenOf('ws-big'), new Y.Doc(), HONEST);
    extraClients.push(reader);
    await until(() => reader.provider.synced && reader.doc.getText('notes').length === 200_000, 'a reader has the workspace');
    await honestStillServed(8);
  });

  it('refuses a journal and keeps nothing of it', async () => {
    const journal = teamWorkspace('ws-journal', 'journal');
    const writer = connectClient(url, 'ws-journal', tokenOf('ws-journal'), journal.doc, HONEST);
    extraClients.push(writer);
    // It gets in (the relay cannot know before the first write), is then cut off, and refused when it comes back.
    await until(() => writer.refusals.length > 0, 'the journal refused');
    expect(writer.refusals[0]).toBe('permission-denied');
    const { store } = openRelayData(dataDir);
    try {
      expect(store.load('ws-journal')).toBeNull();
    } finally {
      store.close();
    }
    await honestStillServed(7);
  });
});
