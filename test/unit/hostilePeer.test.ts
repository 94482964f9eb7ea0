// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { seededRandom } from '../support/random';
import { newWorkshopCode } from '../../shared/sync/invite';
import { fakeNetworkPerTest, fakePeerIn } from '../support/fakeRoomNetwork';

/*
 * A peer in the room may send anything, over its data channel or through
 * signaling (anyone with the code can seal a message). What cannot be read is
 * counted and dropped: nothing throws, the link stays, nothing stored
 * changes, and the next good message still works.
 */

const network = fakeNetworkPerTest();

function message(type: number, body: (encoder: encoding.Encoder) => void = () => undefined): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  body(encoder);
  return encoding.toUint8Array(encoder);
}

describe('a hostile peer', () => {
  it('garbage, unknown message types and broken sync or awareness messages are counted and dropped', async () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('kept', 'yes');
    const code = newWorkshopCode();
    const connection = network.connect(doc, code);
    const peer = await fakePeerIn(code);
    const before = Y.encodeStateAsUpdate(doc);
    const random = seededRandom(15);
    const garbage = Array.from({ length: 200 }, () => Uint8Array.from({ length: 1 + random.int(64) }, () => random.int(256)));
    const hostile = [
      message(7), // a type y-webrtc does not have
      message(4, (e) => encoding.writeUint8(e, 1)), // a BroadcastChannel peer id, cut short
      message(0, (e) => encoding.writeVarUint(e, 2)), // a sync update with no update
      message(0, (e) => {
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
      }), // a sync update that is not one
      message(0, (e) => encoding.writeVarUint(e, 9)), // an unknown sync message type
      message(1, (e) => encoding.writeVarUint8Array(e, new Uint8Array([9, 9, 9]))), // awareness that is not
      ...garbage.filter((g) => g[0]! < 0xf0), // frames and HELLO are the framing's business (framedChannel.test.ts)
    ];
    for (const bytes of hostile) expect(() => peer.deliver(bytes)).not.toThrow();
    const stats = connection.relay;
    expect(stats.received.unknown.count).toBeGreaterThan(0);
    expect(stats.undecodableMessages).toBeGreaterThan(0);
    expect(stats.received.unknown.count + stats.received.sync.count + stats.received.awareness.count + stats.received.queryAwareness.count + stats.received.bcPeerId.count).toBe(hostile.length);
    // Nothing stored changed, the link is still there, and a good update still applies.
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(peer.closed).toBe(false);
    const other = new Y.Doc();
    other.getMap('m').set('after', 'works');
    peer.deliverUpdate(Y.encodeStateAsUpdate(other));
    expect(doc.getMap('m').toJSON()).toEqual({ kept: 'yes', after: 'works' });
  });

  it('malformed signaling (not sealed, sealed with another shape, a signal of no known kind) is counted and dropped', async () => {
    const doc = new Y.Doc();
    const code = newWorkshopCode();
    const connection = network.connect(doc, code);
    const peer = await fakePeerIn(code);
    await peer.publish({ type: 'announce', from: 'plain' }, false); // not a string: a room with a code seals
    await peer.publish('bm90IHNlYWxlZA==', false); // a string that opens to nothing
    await peer.publish({ type: 'announce' }, true); // no sender
    await peer.publish({ type: 'signal', from: 'x', to: 'y', signal: 'offer' }, true); // not for us, and no shape
    await peer.publish({ type: 'hello', from: 'x' }, true);
    await peer.publish({ type: 'announce', from: 'x'.repeat(5000) }, true);
    await new Promise((r) => setTimeout(r, 100));
    const stats = connection.relay;
    expect(stats.signalsMalformed).toBeGreaterThanOrEqual(4);
    expect(stats.signalsUndecryptable).toBe(1);
    expect(peer.closed).toBe(false);
    expect(connection.status().peers).toBe(1);
  });
});
