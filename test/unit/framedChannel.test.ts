import { describe, expect, it } from 'vitest';
import {
  createReassembler,
  frameMessage,
  FRAME_PAYLOAD_BYTES,
  HELLO,
  newTransportStats,
  PLAIN_SAFE_BYTES,
  wrapDataChannel,
  type DataChannelLike,
} from '../../shared/sync/framedChannel';

/** An in-memory ordered, reliable data channel pair, with the ~256 KiB message limit of real ones. */
class FakeChannel {
  label = 'test';
  readyState = 'connecting';
  bufferedAmount = 0;
  binaryType = 'blob';
  bufferedAmountLowThreshold = 0;
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
  onopen: ((e: unknown) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onbufferedamountlow: ((e: unknown) => void) | null = null;
  other: FakeChannel | null = null;
  /** Everything that went over the wire, as sent. */
  wire: Uint8Array[] = [];
  dropped = 0;
  send(data: Uint8Array) {
    const copy = data.slice();
    this.wire.push(copy);
    if (copy.length > 256 * 1024) {
      this.dropped++; // what real channels do: silently
      return;
    }
    const other = this.other!;
    queueMicrotask(() => other.onmessage?.({ data: copy.buffer }));
  }
  close() {
    this.readyState = 'closed';
    this.onclose?.({});
  }
}

function pair() {
  const a = new FakeChannel();
  const b = new FakeChannel();
  a.other = b;
  b.other = a;
  const open = () => {
    for (const c of [a, b]) c.readyState = 'open';
    a.onopen?.({});
    b.onopen?.({});
  };
  return { a, b, open };
}

const asChannel = (c: FakeChannel) => c as unknown as DataChannelLike;
const settle = () => new Promise((r) => setTimeout(r, 0));

function collect(channel: DataChannelLike): Uint8Array[] {
  const received: Uint8Array[] = [];
  (channel as unknown as { onmessage: (e: { data: ArrayBuffer }) => void }).onmessage = (e) => received.push(new Uint8Array(e.data));
  return received;
}

/** Byte equality without vitest's element-by-element diffing (slow on megabytes). */
const same = (x: Uint8Array | null | undefined, y: Uint8Array) => !!x && Buffer.from(x).equals(Buffer.from(y));

function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

describe('framed data channels', () => {
  it('frames and reassembles messages of any size', () => {
    const reassemble = createReassembler();
    for (const size of [0, 1, FRAME_PAYLOAD_BYTES - 1, FRAME_PAYLOAD_BYTES, FRAME_PAYLOAD_BYTES + 1, 1_000_000]) {
      const message = bytes(size, size);
      const frames = frameMessage(message);
      expect(frames.every((f) => f.length <= FRAME_PAYLOAD_BYTES + 1)).toBe(true);
      const results = frames.map((f) => reassemble(f));
      expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
      expect(same(results.at(-1), message)).toBe(true);
    }
  });

  it('refuses malformed frames and oversized messages', () => {
    expect(() => createReassembler()(new Uint8Array([7, 1, 2]))).toThrow(/Malformed/);
    expect(() => createReassembler()(new Uint8Array([]))).toThrow(/Malformed/);
    const small = createReassembler(10);
    expect(() => frameMessage(bytes(11), 4).forEach((frame) => small(frame))).toThrow(/too large/);
  });

  it('between two Cairn ends: HELLO first, then a 1 MB message arrives whole in frames', async () => {
    const { a, b, open } = pair();
    const stats = newTransportStats();
    const wa = wrapDataChannel(asChannel(a), stats);
    const wb = wrapDataChannel(asChannel(b));
    const received = collect(wb);
    open();
    await settle();
    const big = bytes(1_000_000);
    wa.send(big);
    await settle();
    expect(a.wire[0]).toEqual(HELLO);
    expect(a.dropped).toBe(0);
    expect(a.wire.slice(1).every((m) => m.length <= FRAME_PAYLOAD_BYTES + 1)).toBe(true);
    expect(received).toHaveLength(1);
    expect(same(received[0], big)).toBe(true);
    expect(stats).toMatchObject({ messagesSent: 1, bytesSent: 1_000_000, plainPeers: 0 });
  });

  it('holds a large message sent before the peer is known, then frames it', async () => {
    const { a, b } = pair();
    const wa = wrapDataChannel(asChannel(a));
    const wb = wrapDataChannel(asChannel(b));
    const received = collect(wb);
    // Open only a's side first: b's HELLO has not arrived yet.
    a.readyState = 'open';
    a.onopen?.({});
    const small = bytes(100);
    const big = bytes(PLAIN_SAFE_BYTES + 1);
    wa.send(small);
    wa.send(big);
    expect(a.wire).toEqual([HELLO, small]); // small went plain, big waits
    b.readyState = 'open';
    b.onopen?.({});
    await settle();
    await settle();
    expect(a.dropped).toBe(0);
    expect(received).toHaveLength(2);
    expect(same(received[0], small) && same(received[1], big)).toBe(true);
  });

  it('with a stock y-webrtc peer: stays plain both ways', async () => {
    const { a, b, open } = pair();
    const stats = newTransportStats();
    const cairn = wrapDataChannel(asChannel(a), stats);
    const fromStock = collect(cairn);
    const atStock: Uint8Array[] = [];
    b.onmessage = (e) => atStock.push(new Uint8Array(e.data)); // a stock end: no wrapper
    open();
    // y-webrtc's first message on connect: sync step 1 (type 0).
    const step1 = new Uint8Array([0, 0, 1, 0]);
    b.send(step1);
    await settle();
    const update = bytes(2000);
    update[0] = 0;
    cairn.send(update);
    await settle();
    expect(fromStock).toEqual([step1]);
    expect(atStock).toEqual([HELLO, update]); // y-webrtc ignores the unknown HELLO
    expect(stats.plainPeers).toBe(1);
  });

  it('closes the channel when a peer breaks the framing protocol', async () => {
    const { a, b, open } = pair();
    const wa = wrapDataChannel(asChannel(a));
    const errors: unknown[] = [];
    (wa as unknown as { onerror: (e: unknown) => void }).onerror = (e) => errors.push(e);
    open();
    b.send(HELLO);
    // A frame claiming more than the limit, in pieces.
    const piece = new Uint8Array(200_000);
    piece[0] = 0xf0;
    for (let i = 0; i < 1400 && a.readyState === 'open'; i++) a.onmessage?.({ data: piece.buffer });
    expect(a.readyState).toBe('closed');
    expect(errors).toHaveLength(1);
  });

  it('ignores empty messages and survives a handler that cannot read a message', async () => {
    const { a, b, open } = pair();
    const stats = newTransportStats();
    const wa = wrapDataChannel(asChannel(a), stats);
    const seen: number[] = [];
    (wa as unknown as { onmessage: (e: { data: ArrayBuffer }) => void }).onmessage = (e) => {
      seen.push(e.data.byteLength);
      if (e.data.byteLength === 3) throw new Error('Unexpected end of array');
    };
    open();
    b.send(new Uint8Array([0, 1])); // a stock peer's message
    b.send(new Uint8Array([])); // stock y-webrtc's answer to HELLO
    b.send(new Uint8Array([9, 9, 9])); // garbage y-webrtc would throw on
    b.send(new Uint8Array([1, 2, 3, 4]));
    await settle();
    expect(seen).toEqual([2, 3, 4]);
    expect(stats.undecodable).toBe(1);
    expect(a.readyState).toBe('open');
  });

  it('survives a channel that refuses to send although it reads as open', async () => {
    const { a, b, open } = pair();
    const wa = wrapDataChannel(asChannel(a));
    wrapDataChannel(asChannel(b));
    a.send = () => {
      throw new Error("RTCDataChannel.readyState is not 'open'");
    };
    expect(() => open()).not.toThrow();
    expect(() => wa.send(bytes(10))).not.toThrow();
  });
});
