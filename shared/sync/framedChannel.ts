/*
 * y-webrtc sends each sync message as one data-channel message, and a message
 * above about 256 KiB is dropped without an error, so the initial sync of a
 * large workspace never arrives. This module sits under simple-peer (through
 * its `wrtc` option): every data channel is wrapped so that messages are cut
 * into frames, paced by the channel's buffer, and put back together on the
 * other side. y-webrtc and simple-peer are unchanged.
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
 * The channel is ordered and reliable, so frames need no sequence numbers.
 */

export const FRAME_PAYLOAD_BYTES = 16 * 1024;
const FRAME_MORE = 0xf0;
const FRAME_FINAL = 0xf1;
const HELLO_TAG = 0xf2;
export const HELLO = new Uint8Array([HELLO_TAG, ...new TextEncoder().encode('cairn-frames/1')]);
/** Messages up to this size may go unframed while the peer's kind is unknown. */
export const PLAIN_SAFE_BYTES = 64 * 1024;
/** Keep at most this much queued in the real channel; the rest waits here. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** A peer that announces a message larger than this is not a Cairn peer. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return new TextEncoder().encode(data);
  throw new TypeError('Unsupported data-channel payload');
}

/** Cuts one message into frames. */
export function frameMessage(message: Uint8Array, framePayload = FRAME_PAYLOAD_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [];
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

/** The subset of RTCDataChannel that simple-peer uses. */
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
  send(data: Uint8Array): void;
  close(): void;
}

/** What went over WebRTC data channels (for status, tests and benchmarks). */
export interface TransportStats {
  /** Messages as y-webrtc sent them, before framing. */
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
  /** Channels whose peer turned out to be a stock (unframed) y-webrtc peer. */
  plainPeers: number;
  /** Peer messages that y-webrtc could not read and that were dropped. */
  undecodable: number;
}

export function newTransportStats(): TransportStats {
  return { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0, plainPeers: 0, undecodable: 0 };
}

type PeerKind = 'unknown' | 'framed' | 'plain';

/** Wraps a real data channel: same surface, framed (or plain, for stock peers) and paced underneath. */
export function wrapDataChannel(real: DataChannelLike, stats: TransportStats = newTransportStats()): DataChannelLike {
  /** Wire messages ready for the real channel, in order. */
  const queue: Uint8Array[] = [];
  let queuedBytes = 0;
  /** Whole messages waiting until we know whether the peer frames. */
  const held: Uint8Array[] = [];
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
  const enqueue = (wire: Uint8Array) => {
    queue.push(wire);
    queuedBytes += wire.length;
  };
  const encode = (message: Uint8Array) => {
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
      // A message y-webrtc could not decode (a broken or hostile peer) must not
      // take the connection, or the process, down with it.
      stats.undecodable++;
      console.warn('Cairn: ignored a peer message that could not be read', error);
    }
  };

  real.binaryType = 'arraybuffer';
  real.bufferedAmountLowThreshold = HIGH_WATER_BYTES / 4;
  real.onbufferedamountlow = (() => pump()) as Handler;
  real.onopen = ((event: unknown) => {
    // HELLO goes first, ahead of anything y-webrtc sends on connect.
    queue.unshift(HELLO);
    queuedBytes += HELLO.length;
    pump();
    call('open', event);
  }) as Handler;
  real.onclose = ((event: unknown) => call('close', event)) as Handler;
  real.onerror = ((event: unknown) => call('error', event)) as Handler;
  real.onmessage = ((event: { data: unknown }) => {
    let bytes: Uint8Array;
    try {
      bytes = toBytes(event.data);
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
      call('error', { error });
      real.close();
      return;
    }
    // A plain y-webrtc message. From a peer that never said HELLO, it is a stock peer.
    if (peer === 'unknown') decide('plain');
    deliver(bytes);
  }) as Handler;

  const wrapper = {
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
  } as unknown as DataChannelLike;
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

export interface WrtcLike {
  RTCPeerConnection: new (...args: never[]) => object;
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
}

/**
 * A `wrtc` object for simple-peer whose peer connections hand out framed data
 * channels. Pass the browser's globals or @roamhq/wrtc as `base`.
 */
export function framingWrtc(base: WrtcLike, stats: TransportStats = newTransportStats()): WrtcLike {
  function FramingPeerConnection(config?: unknown) {
    const pc = new (base.RTCPeerConnection as new (config?: unknown) => object)(config) as Record<string | symbol, unknown> & {
      createDataChannel(label: string, init?: unknown): DataChannelLike;
      ondatachannel: unknown;
    };
    let userHandler: ((event: { channel: DataChannelLike }) => void) | null = null;
    const dispatch = (event: { channel: DataChannelLike }) => userHandler?.({ channel: wrapDataChannel(event.channel, stats) });
    const createDataChannel = (label: string, init?: unknown) => wrapDataChannel(pc.createDataChannel(label, init), stats);
    pc.ondatachannel = dispatch;
    // A proxy rather than redefining properties: implementations differ (wrtc's
    // handlers are non-configurable own properties, and it dispatches by reading
    // `this.ondatachannel`, which must stay ours). Methods run on the real object.
    return new Proxy(pc, {
      get(target, prop) {
        if (prop === 'ondatachannel') return userHandler;
        if (prop === 'createDataChannel') return createDataChannel;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
      set(target, prop, value) {
        if (prop === 'ondatachannel') {
          userHandler = value as typeof userHandler;
          return true;
        }
        return Reflect.set(target, prop, value, target);
      },
    });
  }
  return {
    RTCPeerConnection: FramingPeerConnection as unknown as WrtcLike['RTCPeerConnection'],
    RTCSessionDescription: base.RTCSessionDescription,
    RTCIceCandidate: base.RTCIceCandidate,
  };
}
