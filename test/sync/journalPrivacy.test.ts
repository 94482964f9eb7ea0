import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { startSignalingServer, type SignalingServer } from '../../electron/server/signalingServer';
import { newWorkshopCode, roomOf } from '../../shared/sync/invite';
import { isFrame, isHello, isKeepalive } from '../../shared/sync/framedChannel';
import { startPeer, startPeerProcess, stopPeers, waitUntil, type Peer } from './peers';
import type { JournalPeerCommand, WireRecord } from './journalPeerProcess';

/*
 * A personal journal never leaves the machine, proven over the real thing:
 * separate Node processes, real WebRTC, the project's own signaling server.
 * Peer A holds a team workspace and a journal; it shares the team and tries to
 * share the journal. Peer B joins the team room; two snoops sit in the rooms
 * someone could guess for the journal (the code A tried, and the journal's id
 * as a plain y-webrtc room). We read what the signaling server saw, and the
 * plaintext A's data channels sent.
 */

interface PeerState {
  canonical: string;
  stateVector: string;
  status: { state: string; peers: number } | null;
}

interface SocketLog {
  received: string[];
  sent: string[];
}

/** Peer A: its own process (journalPeerProcess.ts), driven over IPC like the others. */
const startJournalPeer = () => startPeerProcess<JournalPeerCommand>('ana', 'journalPeerProcess.ts');

/** Whole y-webrtc messages from one channel's wire bytes (Cairn frames put back together, HELLO dropped). */
function messagesOf(wire: Uint8Array[]): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let parts: Uint8Array[] = [];
  for (const bytes of wire) {
    if (isHello(bytes) || isKeepalive(bytes)) continue;
    if (!isFrame(bytes)) {
      messages.push(bytes);
      continue;
    }
    parts.push(bytes.subarray(1));
    if (bytes[0] === 0xf1) {
      messages.push(Buffer.concat(parts));
      parts = [];
    }
  }
  return messages;
}

/** The document updates inside y-webrtc sync messages (step 2 and update); other messages carry none. */
function updatesIn(message: Uint8Array): Uint8Array[] {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== 0) return []; // not a sync message (awareness, awareness query)
  const syncType = decoding.readVarUint(decoder);
  return syncType === 1 || syncType === 2 ? [decoding.readVarUint8Array(decoder)] : [];
}

const contains = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(Buffer.from(needle, 'utf8'));

let server: SignalingServer | null = null;
let peers: Peer[] = [];
let ana: Awaited<ReturnType<typeof startJournalPeer>> | null = null;

afterEach(async () => {
  await ana?.send({ type: 'exit' }).catch(() => undefined);
  ana?.kill();
  ana = null;
  await stopPeers(peers);
  peers = [];
  await server?.close();
  server = null;
  vi.restoreAllMocks();
});

describe('a personal journal never leaves the machine (real WebRTC, separate processes)', { timeout: 120_000 }, () => {
  it('shares the team workspace, and neither the signaling server nor any peer ever sees the journal', async () => {
    // Tap the signaling server: every socket it accepts, what it received and what it sent.
    const sockets: SocketLog[] = [];
    const handleUpgrade = WebSocketServer.prototype.handleUpgrade;
    vi.spyOn(WebSocketServer.prototype, 'handleUpgrade').mockImplementation(function (this: WebSocketServer, request, socket, head, callback) {
      handleUpgrade.call(this, request, socket, head, (ws: WebSocket, req) => {
        const log: SocketLog = { received: [], sent: [] };
        sockets.push(log);
        ws.on('message', (data) => log.received.push(String(data)));
        const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
        (ws as unknown as { send: typeof send }).send = (data, ...rest) => {
          log.sent.push(String(data));
          send(data, ...rest);
        };
        callback(ws, req);
      });
    });
    server = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const signaling = [server.url];
    const marker = `jm${randomBytes(12).toString('hex')}`;
    const teamCode = newWorkshopCode();
    const journalCode = newWorkshopCode();

    const [a, ben, snoop, stockSnoop] = await Promise.all([startJournalPeer(), startPeer('ben'), startPeer('snoop'), startPeer('stock-snoop')]);
    ana = a;
    peers = [ben, snoop, stockSnoop];
    const journal = await ana.send<{ journalId: string; journalTitle: string; journalClient: number; teamClient: number }>({ type: 'setup', marker });
    const secrets = [marker, journal.journalId, journal.journalTitle];

    await ana.send({ type: 'share-team', code: teamCode, signaling });
    const attempts = await ana.send<{ refused: boolean; name: string; message: string }[]>({ type: 'share-journal', codes: [journalCode, teamCode], signaling });
    expect(attempts).toEqual([
      { refused: true, name: 'PrivateWorkspaceError', message: expect.stringMatching(/journal is private/) },
      { refused: true, name: 'PrivateWorkspaceError', message: expect.stringMatching(/journal is private/) },
    ]);

    // Ben joins the team. The snoops wait where the journal could be if it had been shared: the room of
    // the code A tried, and a plain y-webrtc room named after the journal's id.
    await Promise.all([
      ben.send({ type: 'connect', code: teamCode, signaling }),
      snoop.send({ type: 'connect', code: journalCode, signaling }),
      stockSnoop.send({ type: 'connect-stock', room: journal.journalId, password: null, signaling, chunked: true }),
    ]);
    const benState = () => ben.send<PeerState>({ type: 'state' });
    await waitUntil(async () => (await benState()).canonical.includes('Team objective: ship the beta'), 60_000, 'Ben to receive the team workspace', benState);
    // Both workspaces change while the team is shared; the team's edit reaches Ben.
    await ana.send({ type: 'edit', marker });
    await waitUntil(async () => (await benState()).canonical.includes('Team objective: live edit'), 30_000, 'the live team edit to reach Ben', benState);
    // Two anti-entropy rounds and a few awareness beats, so every kind of message has been sent.
    await new Promise((r) => setTimeout(r, 4500));

    // Ben has the team workspace and nothing of the journal: not its text, not one of its Yjs items.
    const benNow = await benState();
    expect(JSON.parse(benNow.canonical)).toMatchObject({ meta: { id: 'teamPrivacy01', kind: 'team' } });
    for (const secret of secrets) expect(benNow.canonical).not.toContain(secret);
    const benClients = Y.decodeStateVector(Buffer.from(benNow.stateVector, 'base64'));
    expect(benClients.has(journal.teamClient)).toBe(true);
    expect(benClients.has(journal.journalClient)).toBe(false);

    // The snoops are alone in their rooms with empty documents.
    for (const peer of [snoop, stockSnoop]) {
      const seen = await peer.send<PeerState>({ type: 'state' });
      expect(JSON.parse(seen.canonical).meta).toBeNull();
      expect(Y.decodeStateVector(Buffer.from(seen.stateVector, 'base64')).size).toBe(0);
    }

    // What A's data channels sent, in plaintext: the team (so the tap sees everything), never the journal.
    const wire = await ana.send<WireRecord>({ type: 'wire' });
    const channelBytes = wire.channels.map((sent) => sent.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))));
    const sentMessages = channelBytes.flatMap(messagesOf);
    expect(channelBytes.length).toBeGreaterThan(0);
    expect(sentMessages.length).toBeGreaterThan(3);
    for (const bytes of [...channelBytes.flat(), ...sentMessages]) for (const secret of secrets) expect(contains(bytes, secret)).toBe(false);
    const updates = sentMessages.flatMap(updatesIn);
    expect(updates.length).toBeGreaterThan(0);
    const rebuilt = new Y.Doc();
    for (const update of updates) {
      const { structs, ds } = Y.decodeUpdate(update);
      expect(structs.filter((s) => s.id.client === journal.journalClient)).toEqual([]);
      expect(ds.clients.has(journal.journalClient)).toBe(false);
      Y.applyUpdate(rebuilt, update);
    }
    const rebuiltJson = JSON.stringify({ meta: rebuilt.getMap('meta').toJSON(), objectives: rebuilt.getMap('objectives').toJSON() });
    expect(rebuilt.getMap('meta').get('kind')).toBe('team');
    expect(rebuiltJson).toContain('Team objective: live edit');
    expect(sentMessages.some((m) => contains(m, 'Team objective: ship the beta'))).toBe(true);

    // The signaling server: A's and Ben's sockets never carried the journal's id, title, marker or a
    // room for it. Only the snoops' own sockets ever asked for those rooms.
    const guessTopics = [roomOf(journalCode), journal.journalId];
    const topicsOf = (log: SocketLog) =>
      log.received.flatMap((text) => {
        const message = JSON.parse(text) as { type?: string; topics?: string[]; topic?: string };
        return message.type === 'subscribe' ? (message.topics ?? []) : message.type === 'publish' && message.topic ? [message.topic] : [];
      });
    const snoopSockets = sockets.filter((log) => topicsOf(log).some((topic) => guessTopics.includes(topic)));
    const others = sockets.filter((log) => !snoopSockets.includes(log));
    expect(snoopSockets.length).toBeGreaterThanOrEqual(2);
    for (const log of snoopSockets) expect(topicsOf(log).every((topic) => guessTopics.includes(topic))).toBe(true);
    expect(others.filter((log) => topicsOf(log).includes(roomOf(teamCode))).length).toBeGreaterThanOrEqual(2);
    for (const log of others) {
      for (const text of [...log.received, ...log.sent]) {
        for (const secret of [...secrets, ...guessTopics]) expect(text).not.toContain(secret);
      }
    }
  });
});
