import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageType } from '@hocuspocus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openRelayData, startRelay, type Relay } from '../../electron/relay/relayServer';
import { authenticate, authFrame, awarenessFrame, closedBy, madeUpStateVector, openAccepted, openRawClient, syncStep1Frame, updateFrame } from './rawClient';
import { actorOn, connectClient, relayToken, sameDocument, teamWorkspace, until, type RelayClient, type TeamWorkspace } from './relayClient';

/*
 * The relay under hostile input. Honest clients connect from 127.0.0.2, the
 * attackers from 127.0.0.3 (two addresses of one loopback), so that per-address
 * limits hit the attackers only; after every attack the honest clients must
 * still edit and converge.
 */

const HONEST = '127.0.0.2';
const ATTACKER = '127.0.0.3';
const LIMITS = {
  maxMessageBytes: 256 * 1024,
  maxDocumentBytes: 150_000,
  maxConnectionsPerAddress: 6,
  messagesPerSecond: 20,
  messageBurst: 60,
  addressMessagesPerSecond: 100,
  addressMessageBurst: 300,
  bytesPerSecond: 64 * 1024,
  byteBurst: 512 * 1024,
  addressBytesPerSecond: 1024 * 1024,
  addressByteBurst: 4 * 1024 * 1024,
  maxAwarenessBytes: 4 * 1024,
  maxAwarenessClientsPerConnection: 2,
};

let dataDir: string;
let relay: Relay;
let url: string;
let workspace: TeamWorkspace;
let ana: RelayClient;
let ben: RelayClient;
const extraClients: RelayClient[] = [];

const tokenOf = (workspaceId: string) => relayToken(dataDir, workspaceId);

const openRaw = () => openAccepted(url, ATTACKER);
/** A valid update cut in half: Yjs cannot read it. */
function brokenUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'a valid update, until it is cut');
  const update = Y.encodeStateAsUpdate(doc);
  return update.slice(0, Math.floor(update.length / 2));
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
    const raw = await openRaw();
    raw.send(randomBytes(LIMITS.maxMessageBytes + 1));
    expect((await closedBy(raw)).code).toBe(1009);
    await honestStillServed(2);
  });

  it('cuts a flood beyond the rate limit, before it is queued', async () => {
    const before = relay.stats().closedForAbuse;
    const raw = await openRaw();
    // Messages for a workspace it never authenticates for: Hocuspocus would queue each of them.
    const frame = updateFrame('ws-hostile', randomBytes(64));
    for (let i = 0; i < LIMITS.messageBurst * 3 && raw.socket.readyState === raw.socket.OPEN; i++) raw.send(frame);
    expect(await closedBy(raw)).toEqual({ code: 1008, reason: 'too many messages' });
    expect(relay.stats().closedForAbuse).toBeGreaterThan(before);
    await honestStillServed(3);
  });

  it('refuses connections beyond the share of one address, and serves other addresses', async () => {
    const held = [];
    let refused = 0;
    for (let i = 0; i < LIMITS.maxConnectionsPerAddress + 3; i++) {
      const raw = await openRawClient(url, ATTACKER);
      if ('refused' in raw) refused++;
      else held.push(raw);
    }
    expect(held).toHaveLength(LIMITS.maxConnectionsPerAddress);
    expect(refused).toBe(3);
    await honestStillServed(4);
    for (const raw of held) {
      raw.socket.close();
      await raw.closed;
    }
    // Once they are gone the address gets its share back.
    await until(() => relay.stats().connections === 2, 'the attacker connections gone');
    const again = await openRaw();
    again.socket.close();
    await again.closed;
  });

  it('drops malformed messages and unauthenticated garbage without falling over', async () => {
    // No document name can be read from any of them (a varint past 64 bits, nothing, a length past the end).
    for (const garbage of [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), new Uint8Array(0), new Uint8Array([0x7f, 1, 2, 3])]) {
      const raw = await openRaw();
      raw.send(garbage);
      expect(await closedBy(raw)).toEqual({ code: 1008, reason: 'malformed message' });
    }
    // Text where a binary frame belongs: its first byte, read as a name's length, runs past its end.
    const texter = await openRaw();
    texter.socket.send('text, not a frame');
    expect(await closedBy(texter)).toEqual({ code: 1008, reason: 'malformed message' });
    // Too many workspaces on one connection, each without a token.
    const prober = await openRaw();
    for (let i = 0; i < 20 && prober.socket.readyState === prober.socket.OPEN; i++) prober.send(authFrame(`ws-probe-${i}`, 'nothing'));
    expect(await closedBy(prober)).toEqual({ code: 1008, reason: 'too many workspaces' });
    await honestStillServed(5);
  });

  it('survives an admitted writer that sends a broken Yjs update or breaks the schema', async () => {
    const raw = await openRaw();
    await authenticate(raw, 'ws-hostile', tokenOf('ws-hostile'));
    raw.send(updateFrame('ws-hostile', brokenUpdate()));
    // y-protocols drops an update Yjs cannot read (and logs it); Hocuspocus then answers as for any update.
    await raw.next((m) => m.documentName === 'ws-hostile' && m.type === MessageType.SyncStatus, "the relay's answer to the broken update");
    raw.socket.terminate();
    await honestStillServed(11);
    expect(ben.doc.getText('notes').length).toBe(0);

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

  it('closes an admitted connection that floods bytes while under the message-rate limit', async () => {
    const raw = await openRaw();
    await authenticate(raw, 'ws-hostile', tokenOf('ws-hostile'));
    // Sync step 1 with a state vector of 30,000 made-up clients (~200 kB): valid, and the relay answers
    // each one. Ten of them are far under the message burst, and past the connection's byte burst.
    const heavy = syncStep1Frame('ws-hostile', madeUpStateVector(30_000));
    expect(heavy.byteLength * 10).toBeGreaterThan(LIMITS.byteBurst);
    for (let i = 0; i < 10 && raw.socket.readyState === raw.socket.OPEN; i++) raw.send(heavy);
    expect(await closedBy(raw)).toEqual({ code: 1008, reason: 'too many bytes' });
    await honestStillServed(9);
  });

  it('refuses a write sent as SyncReply past the size limit, as it refuses one sent as Sync', async () => {
    const raw = await openRaw();
    await authenticate(raw, 'ws-reply', tokenOf('ws-reply'));
    const writer = new Y.Doc();
    const text = writer.getText('notes');
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    text.insert(0, 'a'.repeat(160_000)); // past the 150 kB limit once stored
    raw.send(updateFrame('ws-reply', updates[0]!));
    await raw.next((m) => m.documentName === 'ws-reply' && m.type === MessageType.SyncStatus, 'the first write confirmed');
    text.insert(text.length, 'b');
    raw.send(updateFrame('ws-reply', updates[1]!, MessageType.SyncReply));
    const closing = await raw.next((m) => m.documentName === 'ws-reply' && m.type === MessageType.CLOSE, 'the SyncReply write refused');
    expect(closing.reason).toBe('workspace too large');
    raw.socket.terminate();
    const reader = connectClient(url, 'ws-reply', tokenOf('ws-reply'), new Y.Doc(), HONEST);
    extraClients.push(reader);
    await until(() => reader.provider.synced, 'a reader synced');
    expect(reader.doc.getText('notes').toString()).toBe('a'.repeat(160_000));
  });

  it('refuses presence larger than a presence, or for more clients than a provider has, and passes it to nobody', async () => {
    const seenByBen = () => [...ben.provider.awareness!.getStates().keys()];
    const raw = await openRaw();
    await authenticate(raw, 'ws-hostile', tokenOf('ws-hostile'));
    // A presence of the usual size reaches Ben: the path a refused one would take.
    raw.send(awarenessFrame('ws-hostile', [{ clientId: 900_001, clock: 1, state: { user: { name: 'Mallory' } } }]));
    await until(() => seenByBen().includes(900_001), 'Ben sees an ordinary presence');

    raw.send(awarenessFrame('ws-hostile', [{ clientId: 900_002, clock: 1, state: { user: { name: 'M'.repeat(LIMITS.maxAwarenessBytes) } } }]));
    const tooLarge = await raw.next((m) => m.documentName === 'ws-hostile' && m.type === MessageType.CLOSE, 'the large presence refused');
    expect(tooLarge.reason).toBe('awareness too large');
    raw.socket.terminate();

    const crowd = await openRaw();
    await authenticate(crowd, 'ws-hostile', tokenOf('ws-hostile'));
    const many = Array.from({ length: LIMITS.maxAwarenessClientsPerConnection + 1 }, (_, i) => ({ clientId: 910_000 + i, clock: 1, state: { user: { name: `Bot ${i}` } } }));
    crowd.send(awarenessFrame('ws-hostile', many));
    const tooMany = await crowd.next((m) => m.documentName === 'ws-hostile' && m.type === MessageType.CLOSE, 'the crowd of presences refused');
    expect(tooMany.reason).toBe('too many awareness clients');
    crowd.socket.terminate();

    // A round trip through the relay after both: had either been passed on, Ben would have it by now.
    await honestStillServed(10);
    const refused = [900_002, ...many.map((entry) => entry.clientId)];
    expect(seenByBen().filter((id) => refused.includes(id))).toEqual([]);
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
