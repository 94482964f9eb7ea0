// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { newWorkshopCode } from '../../shared/sync/invite';
import { fakeNetworkPerTest, fakePeerIn, type FakePeer } from '../support/fakeRoomNetwork';

/*
 * Presence a link sent us is relayed to the other links, never back to a
 * link that sent it: not to the one it came from first, nor to one that
 * sent the same clock a moment later (y-protocols reports that one as no
 * change, as we had it already) (shared/sync/room/cairnRoom.ts, `heard`).
 */

const network = fakeNetworkPerTest();

/** Someone's presence, with its own awareness client. */
function presenceOf(state: Record<string, unknown>): awarenessProtocol.Awareness {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(state);
  return awareness;
}

/** A remote peer's presence as the transport reports it (meshPresence.ts fields). */
const meshPresence = (peerId: string, fields: { meshHub?: true; meshViaHub?: boolean }) => presenceOf({ meshPeer: peerId, meshLinks: 3, ...fields });

/** A room with a room member under test, and three fake peers linked to it. */
async function roomWith(...peerIds: [string, string, string]): Promise<[FakePeer, FakePeer, FakePeer]> {
  const code = newWorkshopCode();
  network.connect(new Y.Doc(), code);
  // One after another: each is offered to and answers in turn.
  const first = await fakePeerIn(code, peerIds[0]);
  const second = await fakePeerIn(code, peerIds[1]);
  return [first, second, await fakePeerIn(code, peerIds[2])];
}

function awarenessMessage(awareness: awarenessProtocol.Awareness): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
  return encoding.toUint8Array(encoder);
}

/** The clients whose presence the room sent this peer (awareness messages, y-protocols' format). */
function presenceSentTo(peer: FakePeer): number[] {
  const clients: number[] = [];
  for (const bytes of peer.sent) {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== 1) continue;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    for (let i = 0; i < count; i++) {
      clients.push(decoding.readVarUint(update));
      decoding.readVarUint(update);
      decoding.readVarString(update);
    }
  }
  return clients;
}

describe('relayed presence', () => {
  it('goes to the links that did not send it, not back to those that did', async () => {
    const [a, b, c] = await roomWith('peer-a', 'peer-b', 'peer-c');
    const remote = presenceOf({ user: { name: 'Ada' } });
    const message = awarenessMessage(remote);
    // The same presence reaches us by two paths before the relay is flushed.
    a.deliver(message);
    b.deliver(message);
    await new Promise((r) => setTimeout(r, 100));
    expect(presenceSentTo(c)).toContain(remote.clientID);
    expect(presenceSentTo(a)).not.toContain(remote.clientID);
    expect(presenceSentTo(b)).not.toContain(remote.clientID);
    remote.destroy();
  });

  it('as a spoke: spares a hub what came from a peer linked to one, passes on what came from outside', async () => {
    const [hub, linked, outside] = await roomWith('peer-hub', 'peer-linked', 'peer-outside');
    const states = [meshPresence('peer-hub', { meshHub: true }), meshPresence('peer-linked', { meshViaHub: true }), meshPresence('peer-outside', { meshViaHub: false })];
    const [hubState, linkedState, outsideState] = states;
    hub.deliver(awarenessMessage(hubState!));
    linked.deliver(awarenessMessage(linkedState!));
    outside.deliver(awarenessMessage(outsideState!));
    await new Promise((r) => setTimeout(r, 300));
    // Someone's presence by way of a peer linked to the hub: the hub has it (the hub relays all), the outsider gets it.
    const viaLinked = presenceOf({ user: { name: 'Ada' } });
    linked.deliver(awarenessMessage(viaLinked));
    // Someone's presence by way of a peer with no hub link: the hub must get it from us.
    const viaOutside = presenceOf({ user: { name: 'Grace' } });
    outside.deliver(awarenessMessage(viaOutside));
    await new Promise((r) => setTimeout(r, 600));
    expect(presenceSentTo(outside)).toContain(viaLinked.clientID);
    expect(presenceSentTo(hub)).not.toContain(viaLinked.clientID);
    expect(presenceSentTo(hub)).toContain(viaOutside.clientID);
    expect(presenceSentTo(linked)).toContain(viaOutside.clientID);
    for (const awareness of [...states, viaLinked, viaOutside]) awareness.destroy();
  });
});
