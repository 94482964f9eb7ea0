import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import wrtc from '@roamhq/wrtc';
import { Awareness } from 'y-protocols/awareness';
import { newWorkshopCode, roomOf, secretOf } from '../../shared/sync/invite';
import { newTransportStats } from '../../shared/sync/framedChannel';
import { CairnRoom } from '../../shared/sync/room/cairnRoom';
import { newRoomStats } from '../../shared/sync/room/roomStats';
import { connectWorkshop, type SyncStatus } from '../../shared/sync/workshopConnection';
import { MemorySignaling } from '../support/memorySignaling';
import { until } from '../support/until';

/*
 * Cairn's provider in one process, with real WebRTC (@roamhq/wrtc) and an
 * in-memory signaling server whose delivery the test controls. Small: about
 * 20 s in all.
 */

const rooms: CairnRoom[] = [];
const leaves: (() => void)[] = [];

afterEach(() => {
  vi.useRealTimers();
  for (const leave of leaves.splice(0)) leave();
  for (const room of rooms.splice(0)) room.destroy();
});

function room(signaling: MemorySignaling, code: string, doc = new Y.Doc()) {
  const stats = newRoomStats();
  const r = new CairnRoom({
    roomName: roomOf(code),
    secret: secretOf(code),
    signaling: ['ws://memory'],
    WebSocket: signaling.WebSocket,
    wrtc,
    iceServers: [],
    doc,
    awareness: new Awareness(doc),
    transport: newTransportStats(),
    stats,
    changed: () => undefined,
  });
  rooms.push(r);
  return { room: r, doc, stats };
}

describe('perfect negotiation', { timeout: 90_000 }, () => {
  it('pairs that announce at the same instant all connect, round after round (glare on purpose, no watchdog)', async () => {
    const PAIRS = 4;
    const ROUNDS = 3;
    for (let round = 1; round <= ROUNDS; round++) {
      const signaling = new MemorySignaling();
      signaling.holding = true;
      const pairs = Array.from({ length: PAIRS }, () => {
        const code = newWorkshopCode();
        const a = room(signaling, code);
        a.doc.getMap('m').set('from', `a${round}`);
        const b = room(signaling, code);
        b.doc.getMap('m').set('also', `b${round}`);
        return { code, a, b };
      });
      // Hold every announce until both of each pair are subscribed and have announced:
      // then each hears the other's announce, and both offer at once.
      await until(() => pairs.every((p) => signaling.subscribers(roomOf(p.code)) === 2) && signaling.published >= 2 * PAIRS, 'everyone to announce', 20_000);
      signaling.release();
      await until(
        () => pairs.every((p) => p.a.room.view().peers === 1 && p.b.room.view().peers === 1 && p.a.room.view().allSynced && p.b.room.view().allSynced),
        `round ${round}: every pair to connect and sync`,
        30_000,
      );
      for (const p of pairs) {
        expect(p.a.doc.getMap('m').toJSON()).toEqual({ from: `a${round}`, also: `b${round}` });
        expect(p.b.doc.getMap('m').toJSON()).toEqual(p.a.doc.getMap('m').toJSON());
        // Both sides offered: each pair saw the collision, on both sides (one ignored, one yielded).
        expect(p.a.stats.offerCollisions + p.b.stats.offerCollisions).toBeGreaterThanOrEqual(2);
      }
      for (const r of rooms.splice(0)) r.destroy();
    }
  });
});

describe('status as events', { timeout: 60_000 }, () => {
  it('a peer leaving reaches onStatus with no interval ever running (nothing is polled)', async () => {
    // Every setInterval in this test (keepalives, anti-entropy, presence, signaling pings, any
    // status poll) is frozen: a status that were only observable by polling would never change.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const signaling = new MemorySignaling();
    const code = newWorkshopCode();
    const doc = new Y.Doc();
    doc.getMap('m').set('k', 'v');
    const connection = connectWorkshop(doc, { code, signaling: ['ws://memory'], WebSocket: signaling.WebSocket, wrtc });
    leaves.push(() => connection.leave());
    const seen: SyncStatus[] = [];
    connection.onStatus((s) => seen.push(s));
    const other = room(signaling, code);
    await until(() => seen.some((s) => s.state === 'in-sync' && s.peers === 1), 'the two to sync', 20_000);
    expect(other.doc.getMap('m').get('k')).toBe('v');
    const before = seen.length;
    other.room.destroy();
    await until(() => seen.slice(before).some((s) => s.peers === 0), 'the leaving peer to be reported gone', 20_000);
    expect(seen.at(-1)).toMatchObject({ state: 'looking', peers: 0, signalingConnected: true });
    // Intervals were scheduled, and none of them ever ran.
    expect(vi.getTimerCount()).toBeGreaterThan(0);
  });
});
