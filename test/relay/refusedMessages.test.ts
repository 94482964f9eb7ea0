import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageType } from '@hocuspocus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startRelay, type Relay } from '../../electron/relay/relayServer';
import { authenticate, awarenessFrame, closedBy, openAccepted, openPipelinedClient, updateFrame } from './rawClient';
import { connectClient, relayToken, until, type RelayClient } from './relayClient';

/*
 * A message that breaks a relay limit is refused whole: it is not applied,
 * stored or passed on, even though the socket it came on is still open when
 * it is read. The byte rates are one byte a second, so what passes is the
 * burst alone, whatever the machine's speed. Each test connects from an
 * address of its own (127.0.0.4…), so that each has the address's budget.
 *
 * Limits Hocuspocus's hooks check (presence, workspace size) hold for
 * messages sent back to back in one TCP chunk too, which ws emits all at once,
 * before the relay has handled the first.
 */

const LIMITS = {
  maxMessageBytes: 64 * 1024,
  byteBurst: 64 * 1024,
  bytesPerSecond: 1,
  addressByteBurst: 64 * 1024,
  addressBytesPerSecond: 1,
  maxDocumentBytes: 25_000,
  maxAwarenessClientsPerConnection: 2,
};

let dataDir: string;
let relay: Relay;
let url: string;
const clients: RelayClient[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-relay-refused-'));
  relay = await startRelay({ dataDir, limits: LIMITS });
  url = `ws://127.0.0.1:${relay.port}`;
});

afterAll(async () => {
  for (const client of clients) client.close();
  await relay.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Updates that each add `text` to the document's notes, in order. */
function notesUpdates(texts: string[]): Uint8Array[] {
  const writer = new Y.Doc();
  const updates: Uint8Array[] = [];
  writer.on('update', (update: Uint8Array) => updates.push(update));
  const notes = writer.getText('notes');
  for (const text of texts) notes.insert(notes.length, text);
  return updates;
}

/** What a reader that connects now finds in the workspace's notes. */
async function notesReadFrom(workspaceId: string): Promise<string> {
  const reader = connectClient(url, workspaceId, relayToken(dataDir, workspaceId), new Y.Doc());
  clients.push(reader);
  await until(() => reader.provider.synced, `a reader synced ${workspaceId}`);
  return reader.doc.getText('notes').toString();
}

describe('a message that breaks a relay limit', () => {
  it('is not applied when it goes past the byte budget', async () => {
    const raw = await openAccepted(url, '127.0.0.4');
    await authenticate(raw, 'ws-bytes', relayToken(dataDir, 'ws-bytes'));
    const [kept, refused] = notesUpdates(['a'.repeat(40_000), 'b'.repeat(40_000)]);
    raw.send(updateFrame('ws-bytes', kept!));
    await raw.next((m) => m.documentName === 'ws-bytes' && m.type === MessageType.SyncStatus, 'the first write confirmed');
    raw.send(updateFrame('ws-bytes', refused!)); // 80 kB in all: past the 64 KiB burst
    expect(await closedBy(raw)).toEqual({ code: 1008, reason: 'too many bytes' });
    const notes = await notesReadFrom('ws-bytes');
    expect({ length: notes.length, refusedApplied: notes.includes('b') }).toEqual({ length: 40_000, refusedApplied: false });
  });

  it('is refused when it is one of writes sent at once that together go past the workspace size', async () => {
    const raw = await openPipelinedClient(url, '127.0.0.5');
    await authenticate(raw, 'ws-size', relayToken(dataDir, 'ws-size'));
    // Each write is checked while the ones before it are counted: the third takes the workspace past
    // 25,000 bytes, so the fourth and fifth are refused.
    const writes = notesUpdates(['a', 'b', 'c', 'd', 'e'].map((letter) => letter.repeat(10_000)));
    raw.sendAtOnce(writes.map((update) => updateFrame('ws-size', update)));
    const closing = await raw.next((m) => m.documentName === 'ws-size' && m.type === MessageType.CLOSE, 'the write past the size refused');
    expect(closing.reason).toBe('workspace too large');
    raw.end();
    const notes = await notesReadFrom('ws-size');
    expect({ length: notes.length, refusedApplied: notes.includes('d') || notes.includes('e') }).toEqual({ length: 30_000, refusedApplied: false });
  });

  it('is refused when it is one of presences sent at once that together hold more clients than allowed', async () => {
    const observer = connectClient(url, 'ws-presence', relayToken(dataDir, 'ws-presence'), new Y.Doc());
    clients.push(observer);
    await until(() => observer.provider.synced, 'the observer synced');
    const raw = await openPipelinedClient(url, '127.0.0.6');
    await authenticate(raw, 'ws-presence', relayToken(dataDir, 'ws-presence'));
    // One client each, three in all: one past the limit of two.
    const bots = [920_001, 920_002, 920_003];
    raw.sendAtOnce(bots.map((clientId) => awarenessFrame('ws-presence', [{ clientId, clock: 1, state: { user: { name: `Bot ${clientId}` } } }])));
    const closing = await raw.next((m) => m.documentName === 'ws-presence' && m.type === MessageType.CLOSE, 'the crowd of presences refused');
    expect(closing.reason).toBe('too many awareness clients');
    raw.end();
    // A round trip through the relay: had the third presence been passed on, the observer would hold it by now.
    observer.doc.getText('notes').insert(0, 'round trip');
    await until(observer.confirmed, "the observer's write confirmed");
    expect([...observer.provider.awareness!.getStates().keys()]).not.toContain(920_003);
  });
});
