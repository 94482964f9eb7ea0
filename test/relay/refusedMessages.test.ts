import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageType } from '@hocuspocus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startRelay, type Relay } from '../../electron/relay/relayServer';
import { authenticate, closedBy, openAccepted, updateFrame } from './rawClient';
import { connectClient, relayToken, until, type RelayClient } from './relayClient';

/*
 * A message that breaks a relay limit is refused whole: it is not applied,
 * stored or passed on, even though the socket it came on is still open when
 * it is read. The byte rates are one byte a second, so what passes is the
 * burst alone, whatever the machine's speed.
 */

const LIMITS = {
  maxMessageBytes: 64 * 1024,
  byteBurst: 64 * 1024,
  bytesPerSecond: 1,
  addressByteBurst: 64 * 1024,
  addressBytesPerSecond: 1,
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
});
