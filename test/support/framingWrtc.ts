import { newTransportStats, wrapDataChannel, type DataChannelLike, type TransportStats } from '../../shared/sync/framedChannel';

/*
 * Test support only: a `wrtc` object for a stock y-webrtc provider (through
 * simple-peer's `wrtc` option) whose data channels frame like Cairn's. The
 * tests use it for a stock peer that can carry a large workspace, or for an
 * intruder that speaks Cairn's framing. The product no longer wraps
 * simple-peer: its own links frame directly (shared/sync/room/peerLink.ts).
 */

export interface SimplePeerWrtc {
  RTCPeerConnection: new (...args: never[]) => object;
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
}

/**
 * A `wrtc` object for simple-peer whose peer connections hand out framed data
 * channels. Pass the browser's globals or @roamhq/wrtc as `base`.
 */
export function framingWrtc(base: SimplePeerWrtc, stats: TransportStats = newTransportStats()): SimplePeerWrtc {
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
    RTCPeerConnection: FramingPeerConnection as unknown as SimplePeerWrtc['RTCPeerConnection'],
    RTCSessionDescription: base.RTCSessionDescription,
    RTCIceCandidate: base.RTCIceCandidate,
  };
}
