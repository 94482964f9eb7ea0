/*
 * y-webrtc sends each sync message as one data-channel message, and a message
 * above about 256 KiB is dropped without an error, so the initial sync of a
 * large workspace never arrives. This module sits under simple-peer (through
 * its `wrtc` option): every data channel is wrapped so that messages are cut
 * into frames, paced by the channel's buffer, and put back together on the
 * other side. y-webrtc and simple-peer are unchanged; both ends must wrap.
 *
 * Frame: one flag byte, then payload. FINAL (1) ends a message; 0 means more
 * frames of the same message follow. The channel is ordered and reliable.
 */

export const FRAME_PAYLOAD_BYTES = 16 * 1024;
const FLAG_MORE = 0;
const FLAG_FINAL = 1;
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
    frame[0] = end === message.length ? FLAG_FINAL : FLAG_MORE;
    frame.set(message.subarray(offset, end), 1);
    frames.push(frame);
    offset = end;
  } while (offset < message.length);
  return frames;
}

/** Reassembles frames into messages; throws on a frame that breaks the protocol. */
export function createReassembler(maxMessageBytes = MAX_MESSAGE_BYTES) {
  let parts: Uint8Array[] = [];
  let size = 0;
  return (frame: Uint8Array): Uint8Array | null => {
    if (frame.length === 0 || (frame[0] !== FLAG_MORE && frame[0] !== FLAG_FINAL)) throw new Error('Malformed frame from peer');
    size += frame.length - 1;
    if (size > maxMessageBytes) throw new Error('Peer message too large');
    parts.push(frame.subarray(1));
    if (frame[0] === FLAG_MORE) return null;
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
interface DataChannelLike {
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
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
}

export function newTransportStats(): TransportStats {
  return { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 };
}

/** Wraps a real data channel: same surface, framed and paced underneath. */
export function wrapDataChannel(real: DataChannelLike, stats: TransportStats = newTransportStats()): DataChannelLike {
  const queue: Uint8Array[] = [];
  let queuedBytes = 0;
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
      const frame = queue.shift()!;
      queuedBytes -= frame.length;
      real.send(frame);
    }
    if (queue.length === 0) call('bufferedamountlow', {});
  };

  real.binaryType = 'arraybuffer';
  real.bufferedAmountLowThreshold = HIGH_WATER_BYTES / 4;
  real.onbufferedamountlow = (() => pump()) as Handler;
  real.onopen = ((event: unknown) => {
    pump();
    call('open', event);
  }) as Handler;
  real.onclose = ((event: unknown) => call('close', event)) as Handler;
  real.onerror = ((event: unknown) => call('error', event)) as Handler;
  real.onmessage = ((event: { data: unknown }) => {
    let message: Uint8Array | null;
    try {
      message = reassemble(toBytes(event.data));
    } catch (error) {
      // A peer speaking another protocol: end the connection rather than guess.
      call('error', { error });
      real.close();
      return;
    }
    if (message) {
      stats.messagesReceived++;
      stats.bytesReceived += message.length;
      call('message', { data: message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength) });
    }
  }) as Handler;

  const wrapper = {
    get label() {
      return real.label;
    },
    get readyState() {
      return real.readyState;
    },
    get bufferedAmount() {
      return real.bufferedAmount + queuedBytes;
    },
    binaryType: 'arraybuffer',
    bufferedAmountLowThreshold: 0,
    send(data: unknown) {
      const bytes = toBytes(data);
      stats.messagesSent++;
      stats.bytesSent += bytes.length;
      for (const frame of frameMessage(bytes)) {
        queue.push(frame);
        queuedBytes += frame.length;
      }
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
export function chunkingWrtc(base: WrtcLike, stats: TransportStats = newTransportStats()): WrtcLike {
  function ChunkingPeerConnection(config?: unknown) {
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
    RTCPeerConnection: ChunkingPeerConnection as unknown as WrtcLike['RTCPeerConnection'],
    RTCSessionDescription: base.RTCSessionDescription,
    RTCIceCandidate: base.RTCIceCandidate,
  };
}
