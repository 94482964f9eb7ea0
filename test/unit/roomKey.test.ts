import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from 'lib0/buffer';
// y-webrtc's own key derivation and sealing, as a stock peer runs them (its package exports no
// subpath for them, so by file; their types are in its dist/).
// @ts-expect-error no declaration next to the source file
import * as stockSource from '../../node_modules/y-webrtc/src/crypto.js';
import type * as StockCrypto from '../../node_modules/y-webrtc/dist/src/crypto';
import { deriveRoomKey, openJson, sealJson } from '../../shared/sync/room/roomKey';

const stock = stockSource as typeof StockCrypto;

/*
 * Cairn's room key and sealed signaling messages are byte-compatible with
 * y-webrtc's (src/crypto.js): a stock peer opens Cairn's announce and Cairn
 * opens a stock peer's, with the same room name and password.
 */

const ROOM = 'cairn-workshop-GQHVV56VU2ZR';
const PASSWORD = 'GQHVV56VU2ZR';

describe('room key and sealing, as y-webrtc', () => {
  it('a stock peer opens what Cairn sealed', async () => {
    const sealed = await sealJson({ type: 'announce', from: 'cairn-peer', cairn: 1 }, await deriveRoomKey(PASSWORD, ROOM));
    const stockKey = await stock.deriveKey(PASSWORD, ROOM);
    expect(await stock.decryptJson(fromBase64(sealed), stockKey)).toEqual({ type: 'announce', from: 'cairn-peer', cairn: 1 });
  });

  it('Cairn opens what a stock peer sealed, and nothing sealed with another key', async () => {
    const signal = { type: 'signal', from: 'stock', to: 'cairn', token: 1.5, signal: { type: 'offer', sdp: 'v=0' } };
    const sealed = toBase64(await stock.encryptJson(signal, await stock.deriveKey(PASSWORD, ROOM)));
    expect(await openJson(sealed, await deriveRoomKey(PASSWORD, ROOM))).toEqual(signal);
    expect(await openJson(sealed, await deriveRoomKey('ANOTHERCODE1', ROOM))).toBeNull();
  });

  it('opening never throws: garbage, truncation and plain text are null', async () => {
    const key = await deriveRoomKey(PASSWORD, ROOM);
    const good = await sealJson({ type: 'announce', from: 'x' }, key);
    for (const bad of ['', 'not base64 at all!', good.slice(0, good.length / 2), toBase64(new Uint8Array([7, 65, 69, 83])), btoa('{"type":"announce"}')]) {
      expect(await openJson(bad, key)).toBeNull();
    }
  });
});
