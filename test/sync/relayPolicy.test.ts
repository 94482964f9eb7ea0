import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import wrtc from '@roamhq/wrtc';
import { Awareness } from 'y-protocols/awareness';
import { newWorkshopCode, roomOf, secretOf } from '../../shared/sync/invite';
import { newTransportStats } from '../../shared/sync/framedChannel';
import { CairnRoom, PRESENCE_EXPIRE_MS } from '../../shared/sync/room/cairnRoom';
import { newRoomStats } from '../../shared/sync/room/roomStats';
import { MemorySignaling, MemorySocket } from '../support/memorySignaling';

/*
 * The relay policy in an incomplete mesh, in one process with real WebRTC: a
 * line of four peers A—B—C—D, made by giving each pair its own in-memory
 * signaling server (peers link only with those they can hear). Edits and
 * presence changes flood the line; a bare presence renewal goes no further
 * than its second hop; and a peer three hops away is not expired by the fast
 * rule for want of renewals it was never meant to get. About 15 s.
 */

const rooms: CairnRoom[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('relay policy in an incomplete mesh', { timeout: 60_000 }, () => {
  it('floods edits and presence changes along a line, passes bare renewals only to the second hop, and keeps far peers present', async () => {
    const servers = new Map(['ws://ab', 'ws://bc', 'ws://cd'].map((url) => [url, new MemorySignaling()]));
    class Routed extends MemorySocket {
      constructor(url: string) {
        super(url, servers.get(url)!);
      }
    }
    const code = newWorkshopCode();
    const peer = (name: string, signaling: string[]) => {
      const doc = new Y.Doc();
      const awareness = new Awareness(doc);
      awareness.setLocalStateField('user', { name });
      const stats = newRoomStats();
      const room = new CairnRoom({
        roomName: roomOf(code),
        secret: secretOf(code),
        signaling,
        WebSocket: Routed,
        wrtc,
        iceServers: [],
        doc,
        awareness,
        transport: newTransportStats(),
        stats,
        changed: () => undefined,
      });
      rooms.push(room);
      return { name, doc, awareness, stats, room };
    };
    const a = peer('A', ['ws://ab']);
    const b = peer('B', ['ws://ab', 'ws://bc']);
    const c = peer('C', ['ws://bc', 'ws://cd']);
    const d = peer('D', ['ws://cd']);
    const line = [a, b, c, d];
    await until(() => [1, 2, 2, 1].every((links, i) => line[i]!.room.view().peers === links), 30_000, 'the line A—B—C—D to link');

    // An edit at one end reaches the other (relayed twice).
    a.doc.getMap('m').set('from', 'A');
    await until(() => d.doc.getMap('m').get('from') === 'A', 10_000, "A's edit to reach D");

    // Presence: everyone sees everyone (changes flood).
    const names = (p: (typeof line)[number]) =>
      [...p.awareness.getStates().entries()].filter(([id]) => id !== p.doc.clientID).map(([, s]) => (s as { user?: { name?: string } }).user?.name).sort();
    await until(() => line.every((p) => names(p).length === 3), 10_000, 'everyone to see the three others');

    // Steady state for longer than the fast expiry: renewals flow, nobody flickers out.
    const notRelayedBefore = c.stats.renewalsNotRelayed;
    const seenByD: number[] = [];
    const watch = setInterval(() => seenByD.push(names(d).length), 100);
    await new Promise((r) => setTimeout(r, 3 * PRESENCE_EXPIRE_MS));
    clearInterval(watch);
    expect(Math.min(...seenByD)).toBe(3);
    expect(names(d)).toEqual(['A', 'B', 'C']);
    // C got A's renewals from B (A's second hop) and kept them from D.
    expect(c.stats.renewalsNotRelayed).toBeGreaterThan(notRelayedBefore);

    // A presence change of A's still reaches D, three hops away.
    a.awareness.setLocalStateField('user', { name: 'A, renamed' });
    await until(() => names(d).includes('A, renamed'), 10_000, "A's new name to reach D");
  });
});
