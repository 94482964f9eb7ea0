import { wrapDataChannel, type DataChannelLike, type FramedChannel, type TransportStats } from '../framedChannel';

/*
 * One RTCPeerConnection to one remote peer, with one data channel, framed
 * (shared/sync/framedChannel.ts). Signals travel in simple-peer's format, so
 * a stock y-webrtc peer (which uses simple-peer) is an ordinary remote:
 *   {type:'offer'|'answer', sdp}   {type:'candidate', candidate:{candidate, sdpMLineIndex, sdpMid}}
 *
 * Negotiation is the W3C "perfect negotiation" pattern, so two peers that
 * offer to each other at the same moment never deadlock and no watchdog is
 * needed: on a collision the impolite side ignores the incoming offer, and
 * the polite side rolls its own offer back (`setLocalDescription({type:
 * 'rollback'})`, which @roamhq/wrtc and browsers support), closes the data
 * channel it had made for it, and answers. The offerer makes the data channel;
 * the answerer takes the one that arrives.
 *
 * Our own offers and answers are not trickled: we wait for ICE gathering to
 * finish and send one description with every candidate in it. On a LAN with
 * no STUN that takes a few milliseconds and halves the signaling traffic,
 * which the server fans out to every subscriber of the room. Candidates
 * trickled by stock peers are accepted.
 */

/** ICE gathering that has not finished by then goes out with what it has (host candidates come first). */
const GATHERING_CAP_MS = 2000;
const CHANNEL_LABEL = 'cairn';

export interface WrtcLike {
  RTCPeerConnection: new (configuration?: RTCConfiguration) => RTCPeerConnection;
  RTCSessionDescription?: unknown;
  RTCIceCandidate?: unknown;
}

export type Signal =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'candidate'; candidate: { candidate: string; sdpMLineIndex?: number | null; sdpMid?: string | null } };

export interface PeerLinkEvents {
  signal(signal: Signal): void;
  open(): void;
  message(bytes: Uint8Array): void;
  /** Once, whatever closed it (either side, the network, a broken protocol). */
  close(): void;
  /** Both sides offered at once; `yielded` when this side gave its offer up. */
  collision(yielded: boolean): void;
}

export interface PeerLinkOptions {
  wrtc: WrtcLike;
  iceServers: RTCIceServer[];
  /** Yields on an offer collision (perfect negotiation). */
  polite: boolean;
  stats: TransportStats;
  events: PeerLinkEvents;
}

export class PeerLink {
  private readonly pc: RTCPeerConnection;
  private channel: FramedChannel | null = null;
  /** The channel we made for our own offer (closed if that offer is rolled back). */
  private ownChannel: RTCDataChannel | null = null;
  private isOpen = false;
  private closed = false;
  private ignoreOffer = false;
  private lastRemoteOffer = '';
  private pendingCandidates: RTCIceCandidateInit[] = [];
  /** Every change to the connection, in order: WebRTC's operations must not interleave. */
  private chain: Promise<void> = Promise.resolve();
  lastHeardAt = Date.now();
  /** When we last sent anything (a keepalive is needed only on a link otherwise quiet). */
  lastSentAt = 0;

  constructor(
    readonly remoteId: string,
    private readonly options: PeerLinkOptions,
  ) {
    this.pc = new options.wrtc.RTCPeerConnection({ iceServers: options.iceServers });
    this.pc.ondatachannel = (event) => {
      // The answerer takes the first channel that arrives; any other is a leftover of a rolled-back offer.
      if (this.channel || this.ownChannel) event.channel.close();
      else this.attach(event.channel);
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      if (state === 'failed' || state === 'closed') this.close();
    };
  }

  get open(): boolean {
    return this.isOpen;
  }

  get framed(): boolean {
    return this.channel?.peerKind === 'framed';
  }

  get plain(): boolean {
    return this.channel?.peerKind === 'plain';
  }

  /** Makes the data channel and offers it. */
  offer(): void {
    this.enqueue(async () => {
      const channel = this.pc.createDataChannel(CHANNEL_LABEL, { ordered: true });
      this.ownChannel = channel;
      this.attach(channel);
      await this.pc.setLocalDescription(await this.pc.createOffer());
      await this.gathered();
      // Rolled back while gathering (the remote's offer won): this offer is void.
      if (this.closed || this.ownChannel !== channel || this.pc.signalingState !== 'have-local-offer') return;
      this.sendDescription();
    });
  }

  /** A signal from the remote, in simple-peer's format. */
  signal(signal: Signal): void {
    this.enqueue(async () => {
      if (signal.type === 'candidate') return this.addCandidate(signal.candidate);
      if (signal.type === 'answer') {
        // An answer we did not ask for (a duplicate through a second signaling server): nothing to do.
        if (this.pc.signalingState !== 'have-local-offer') return;
        await this.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        return this.flushCandidates();
      }
      if (signal.sdp === this.lastRemoteOffer) return; // the same offer through another server
      const collision = this.pc.signalingState !== 'stable';
      if (collision) this.options.events.collision(this.options.polite);
      this.ignoreOffer = collision && !this.options.polite;
      if (this.ignoreOffer) return;
      if (collision) {
        const own = this.ownChannel;
        this.ownChannel = null;
        if (own) {
          if (this.channel) this.detach();
          own.close();
        }
        await this.pc.setLocalDescription({ type: 'rollback' });
      }
      this.lastRemoteOffer = signal.sdp;
      await this.pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
      await this.flushCandidates();
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      await this.gathered();
      if (!this.closed) this.sendDescription();
    });
  }

  send(bytes: Uint8Array): void {
    if (!this.isOpen || !this.channel) return;
    this.lastSentAt = Date.now();
    try {
      this.channel.send(bytes);
    } catch {
      // Closing under us; its close event follows.
    }
  }

  sendKeepalive(): void {
    if (!this.isOpen) return;
    this.lastSentAt = Date.now();
    this.channel?.sendKeepalive();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.isOpen = false;
    const channel = this.channel;
    this.detach();
    this.pc.ondatachannel = null;
    this.pc.onconnectionstatechange = null;
    // The channel closes at once (nothing more leaves); the connection on the next turn, outside whatever
    // WebRTC callback brought us here: @roamhq/wrtc has crashed (SIGSEGV) in rooms where many links close,
    // and tearing a connection down from inside its own event handlers is a usual cause.
    try {
      channel?.close();
    } catch {
      // Already closed.
    }
    setTimeout(() => {
      try {
        this.pc.close();
      } catch {
        // Already closed.
      }
    }, 0);
    this.options.events.close();
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain
      .then(() => (this.closed ? undefined : step()))
      .catch(() => {
        // A description or candidate the connection refused (a broken remote, or one that went
        // away mid-negotiation): the link cannot be trusted, so it closes and the room announces again.
        this.close();
      });
  }

  private attach(real: RTCDataChannel): void {
    const channel = wrapDataChannel(real, this.options.stats, { heard: () => (this.lastHeardAt = Date.now()) });
    this.channel = channel;
    channel.onopen = () => {
      if (this.closed || this.channel !== channel) return;
      this.isOpen = true;
      this.lastHeardAt = Date.now();
      this.options.events.open();
    };
    channel.onmessage = ((event: { data: ArrayBuffer }) => {
      if (this.channel === channel) this.options.events.message(new Uint8Array(event.data));
    }) as DataChannelLike['onmessage'];
    channel.onclose = () => {
      if (this.channel === channel) this.close();
    };
    channel.onerror = () => {
      if (this.channel === channel) this.close();
    };
  }

  private detach(): void {
    const channel = this.channel;
    this.channel = null;
    if (channel) channel.onopen = channel.onmessage = channel.onclose = channel.onerror = null;
  }

  private sendDescription(): void {
    const description = this.pc.localDescription;
    if (!description || (description.type !== 'offer' && description.type !== 'answer')) return;
    this.options.events.signal({ type: description.type, sdp: description.sdp });
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (this.ignoreOffer) return; // for the offer we ignored
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch {
      // One bad candidate is not a broken link; the others may work.
    }
  }

  private async flushCandidates(): Promise<void> {
    for (const candidate of this.pendingCandidates.splice(0)) await this.addCandidate(candidate);
  }

  /** Resolves when ICE gathering is complete (or capped, with what there is). */
  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(cap);
        this.pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      };
      const check = () => {
        if (this.pc.iceGatheringState === 'complete') done();
      };
      const cap = setTimeout(done, GATHERING_CAP_MS);
      this.pc.addEventListener('icegatheringstatechange', check);
    });
  }
}
