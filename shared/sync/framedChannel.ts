/*
 * A data-channel message above about 256 KiB is dropped without an error, so
 * the initial sync of a large workspace would never arrive. Each peer link's
 * data channel (shared/sync/room/peerLink.ts) is wrapped here so that
 * messages are cut into frames, paced by the channel's buffer, and put back
 * together on the other side.
 *
 * Stock y-webrtc peers (other apps, y-webrtc's own demo) do not frame, so the
 * two ends negotiate. On open, a Cairn end sends HELLO before anything else.
 * The first message that arrives decides: HELLO means the peer frames;
 * anything else is a stock y-webrtc message (its first byte is a small
 * message type, 0–4), and the channel stays plain in both directions.
 * Until it is decided, small messages go plain (both kinds of peer read them)
 * and large ones wait, so nothing large is ever sent where it would be lost.
 *
 * Bytes on the wire, all unambiguous against y-webrtc's message types:
 *   0xF2 "cairn-frames/1"   HELLO
 *   0xF0 payload             a frame; more frames of this message follow
 *   0xF1 payload             the last frame of a message
 *   0xF3                     keepalive (only to a peer that said HELLO; never delivered)
 * The channel is ordered and reliable, so frames need no sequence numbers.
 */

export const FRAME_PAYLOAD_BYTES = 16 * 1024;
const FRAME_MORE = 0xf0;
const FRAME_FINAL = 0xf1;
const HELLO_TAG = 0xf2;
const KEEPALIVE_TAG = 0xf3;
const KEEPALIVE: Uint8Array<ArrayBuffer> = new Uint8Array([KEEPALIVE_TAG]);
export const HELLO: Uint8Array<ArrayBuffer> = new Uint8Array([HELLO_TAG, ...new TextEncoder().encode('cairn-frames/1')]);
/** Messages up to this size may go unframed while the peer's kind is unknown. */
export const PLAIN_SAFE_BYTES = 64 * 1024;
/** Keep at most this much queued in the real channel; the rest waits here. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** A peer that announces a message larger than this is not a Cairn peer. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

function toBytes(data: unknown): Uint8Array<ArrayBuffer> {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) {
    const { buffer, byteOffset, byteLength } = data;
    // Views of a SharedArrayBuffer cannot go over a data channel: copy those.
    return buffer instanceof ArrayBuffer ? new Uint8Array(buffer, byteOffset, byteLength) : new Uint8Array(new Uint8Array(buffer, byteOffset, byteLength));
  }
  if (typeof data === 'string') return new TextEncoder().encode(data);
  throw new TypeError('Unsupported data-channel payload');
}

/** Cuts one message into frames. */
export function frameMessage(message: Uint8Array, framePayload = FRAME_PAYLOAD_BYTES): Uint8Array<ArrayBuffer>[] {
  const frames: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  do {
    const end = Math.min(message.length, offset + framePayload);
    const frame = new Uint8Array(1 + end - offset);
    frame[0] = end === message.length ? FRAME_FINAL : FRAME_MORE;
    frame.set(message.subarray(offset, end), 1);
    frames.push(frame);
    offset = end;
  } while (offset < message.length);
  return frames;
}

export function isFrame(bytes: Uint8Array): boolean {
  return bytes.length > 0 && (bytes[0] === FRAME_MORE || bytes[0] === FRAME_FINAL);
}

export function isKeepalive(bytes: Uint8Array): boolean {
  return bytes.length === 1 && bytes[0] === KEEPALIVE_TAG;
}

export function isHello(bytes: Uint8Array): boolean {
  return bytes.length === HELLO.length && bytes.every((b, i) => b === HELLO[i]);
}

/** Reassembles frames into messages; throws on a frame that breaks the protocol. */
export function createReassembler(maxMessageBytes = MAX_MESSAGE_BYTES) {
  let parts: Uint8Array[] = [];
  let size = 0;
  return (frame: Uint8Array): Uint8Array | null => {
    if (!isFrame(frame)) throw new Error('Malformed frame from peer');
    size += frame.length - 1;
    if (size > maxMessageBytes) throw new Error('Peer message too large');
    parts.push(frame.subarray(1));
    if (frame[0] === FRAME_MORE) return null;
    const message = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      message.set(part, at);
      at += part.length;
    }
    parts = [];
    size = 0;
    return message;
  };
}

type Handler = ((event: never) => void) | null;

/** The subset of RTCDataChannel that the framing uses. */
export interface DataChannelLike {
  readonly label: string;
  readonly readyState: string;
  readonly bufferedAmount: number;
  binaryType: string;
  bufferedAmountLowThreshold: number;
  onmessage: Handler;
  onopen: Handler;
  onclose: Handler;
  onerror: Handler;
  onbufferedamountlow: Handler;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(): void;
}

/** What went over WebRTC data channels (for status, tests and benchmarks). */
export interface TransportStats {
  /** Messages as the room sent them, before framing. */
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
  /** Channels whose peer turned out to be a stock (unframed) y-webrtc peer. */
  plainPeers: number;
  /** Peer messages that could not be read and were dropped (or broke the framing: the link is closed). */
  undecodable: number;
  keepalivesSent: number;
  keepalivesReceived: number;
}

export function newTransportStats(): TransportStats {
  return { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0, plainPeers: 0, undecodable: 0, keepalivesSent: 0, keepalivesReceived: 0 };
}

export type PeerKind = 'unknown' | 'framed' | 'plain';

export interface FramedChannel extends DataChannelLike {
  /** Whether the peer said HELLO (a Cairn peer), spoke plain (stock y-webrtc), or has not spoken yet. */
  readonly peerKind: PeerKind;
  /** Any message (the wrapper copies what a data channel could not send). */
  send(data: Uint8Array): void;
  /** A one-byte keepalive, to a framing peer only (a stock peer would read it as a message). */
  sendKeepalive(): void;
}

export interface FramedChannelHooks {
  /** Anything arrived from the peer (a message, a frame, a keepalive): it is alive. */
  heard?: () => void;
}

/** Wraps a real data channel: same surface, framed (or plain, for stock peers) and paced underneath. */
export function wrapDataChannel(real: DataChannelLike, stats: TransportStats = newTransportStats(), hooks: FramedChannelHooks = {}): FramedChannel {
  /** Wire messages ready for the real channel, in order. */
  const queue: Uint8Array<ArrayBuffer>[] = [];
  let queuedBytes = 0;
  /** Whole messages waiting until we know whether the peer frames. */
  const held: Uint8Array<ArrayBuffer>[] = [];
  let heldBytes = 0;
  let peer: PeerKind = 'unknown';
  const reassemble = createReassembler();
  const handlers: Record<'message' | 'open' | 'close' | 'error' | 'bufferedamountlow', Handler> = {
    message: null,
    open: null,
    close: null,
    error: null,
    bufferedamountlow: null,
  };
  const call = (name: keyof typeof handlers, event: unknown) => (handlers[name] as ((e: unknown) => void) | null)?.(event);

  const pump = () => {
    while (queue.length > 0 && real.readyState === 'open' && real.bufferedAmount < HIGH_WATER_BYTES) {
      try {
        real.send(queue[0]!);
      } catch {
        // The channel closed between its state and our send (a race seen under load);
        // its close event follows, and y-webrtc resyncs whatever was unsent on reconnect.
        return;
      }
      queuedBytes -= queue.shift()!.length;
    }
    if (queue.length === 0 && held.length === 0) call('bufferedamountlow', {});
  };
  const enqueue = (wire: Uint8Array<ArrayBuffer>) => {
    queue.push(wire);
    queuedBytes += wire.length;
  };
  const encode = (message: Uint8Array<ArrayBuffer>) => {
    if (peer === 'framed') for (const frame of frameMessage(message)) enqueue(frame);
    else enqueue(message);
  };
  const decide = (kind: 'framed' | 'plain') => {
    peer = kind;
    if (kind === 'plain') stats.plainPeers++;
    for (const message of held.splice(0)) encode(message);
    heldBytes = 0;
    pump();
  };
  const deliver = (message: Uint8Array) => {
    // Stock y-webrtc answers a message it cannot read (our HELLO) with an empty
    // one; no y-webrtc message is empty, so it carries nothing.
    if (message.length === 0) return;
    stats.messagesReceived++;
    stats.bytesReceived += message.length;
    try {
      call('message', { data: message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength) });
    } catch (error) {
      // A message the room could not decode (a broken or hostile peer) must not
      // take the connection, or the process, down with it.
      stats.undecodable++;
      console.warn('Cairn: ignored a peer message that could not be read', error);
    }
  };

  real.binaryType = 'arraybuffer';
  real.bufferedAmountLowThreshold = HIGH_WATER_BYTES / 4;
  real.onbufferedamountlow = (() => pump()) as Handler;
  real.onopen = ((event: unknown) => {
    // HELLO goes first, ahead of anything the room sends on open.
    queue.unshift(HELLO);
    queuedBytes += HELLO.length;
    pump();
    call('open', event);
  }) as Handler;
  real.onclose = ((event: unknown) => call('close', event)) as Handler;
  real.onerror = ((event: unknown) => call('error', event)) as Handler;
  real.onmessage = ((event: { data: unknown }) => {
    let bytes: Uint8Array;
    hooks.heard?.();
    try {
      bytes = toBytes(event.data);
      if (isKeepalive(bytes)) {
        stats.keepalivesReceived++;
        return;
      }
      if (isHello(bytes)) {
        if (peer === 'unknown') decide('framed');
        return;
      }
      if (isFrame(bytes)) {
        if (peer === 'unknown') decide('framed');
        const message = reassemble(bytes);
        if (message) deliver(message);
        return;
      }
    } catch (error) {
      // A peer that breaks the framing protocol: end the connection rather than guess.
      stats.undecodable++;
      call('error', { error });
      real.close();
      return;
    }
    // A plain y-webrtc message. From a peer that never said HELLO, it is a stock peer.
    if (peer === 'unknown') decide('plain');
    deliver(bytes);
  }) as Handler;

  const wrapper = {
    get peerKind() {
      return peer;
    },
    sendKeepalive() {
      if (peer !== 'framed') return;
      stats.keepalivesSent++;
      enqueue(KEEPALIVE);
      pump();
    },
    get label() {
      return real.label;
    },
    get readyState() {
      return real.readyState;
    },
    get bufferedAmount() {
      return real.bufferedAmount + queuedBytes + heldBytes;
    },
    binaryType: 'arraybuffer',
    bufferedAmountLowThreshold: 0,
    send(data: unknown) {
      const bytes = toBytes(data);
      stats.messagesSent++;
      stats.bytesSent += bytes.length;
      if (peer === 'unknown') {
        // Order matters: once one message waits, every later one waits behind it.
        if (held.length === 0 && bytes.length <= PLAIN_SAFE_BYTES) enqueue(bytes);
        else {
          held.push(bytes);
          heldBytes += bytes.length;
        }
      } else encode(bytes);
      pump();
    },
    close() {
      real.close();
    },
  } as unknown as FramedChannel;
  for (const name of Object.keys(handlers) as (keyof typeof handlers)[]) {
    Object.defineProperty(wrapper, `on${name}`, {
      get: () => handlers[name],
      set: (fn: Handler) => {
        handlers[name] = fn;
      },
    });
  }
  return wrapper;
}
