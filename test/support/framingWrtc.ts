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
  const FramingPeerConnection = channelWrappingPeerConnection(base.RTCPeerConnection, (channel: DataChannelLike) => wrapDataChannel(channel, stats));
  return {
    RTCPeerConnection: FramingPeerConnection as unknown as SimplePeerWrtc['RTCPeerConnection'],
    RTCSessionDescription: base.RTCSessionDescription,
    RTCIceCandidate: base.RTCIceCandidate,
  };
}

/**
 * A peer-connection class like `Base` whose data channels, made here
 * (`createDataChannel`) or offered by the remote (`ondatachannel`), are
 * handed out as `wrap` makes them: framed (above), or tapped (the journal
 * privacy test's record of every byte sent).
 */
export function channelWrappingPeerConnection<Channel>(Base: new (...args: never[]) => object, wrap: (channel: Channel) => object): new (config?: unknown) => object {
  function WrappingPeerConnection(config?: unknown) {
    const pc = new (Base as new (config?: unknown) => object)(config) as Record<string | symbol, unknown> & {
      createDataChannel(label: string, init?: unknown): Channel;
      ondatachannel: unknown;
    };
    let userHandler: ((event: { channel: object }) => void) | null = null;
    const dispatch = (event: { channel: Channel }) => userHandler?.({ channel: wrap(event.channel) });
    const createDataChannel = (label: string, init?: unknown) => wrap(pc.createDataChannel(label, init));
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
  return WrappingPeerConnection as unknown as new (config?: unknown) => object;
}
