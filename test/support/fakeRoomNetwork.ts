import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { isHello } from '../../shared/sync/framedChannel';
import { roomOf, secretOf } from '../../shared/sync/invite';
import { deriveRoomKey, openJson, sealJson } from '../../shared/sync/room/roomKey';
import { afterEach, beforeEach, vi } from 'vitest';
import type * as Y from 'yjs';
import { connectWorkshop, type WorkshopConnection, type WrtcLike } from '../../shared/sync/workshopConnection';
import { until } from './until';

/*
 * An in-memory network for unit tests of what a window sends to a workshop
 * room: a WebSocket class that plays the signaling server, an
 * RTCPeerConnection that negotiates with nothing, and a peer the test plays
 * (`fakePeerIn`) that records, in plaintext, every message the room sends it
 * over its data channel and can deliver messages as a real peer would.
 * Nothing here reaches into the provider: the fake peer goes through
 * signaling (sealed with the room key) and a data channel like any other.
 */

type Handler<E> = ((event: E) => void) | null;

export class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  onopen: Handler<unknown> = null;
  onmessage: Handler<{ data: unknown }> = null;
  onclose: Handler<unknown> = null;
  onerror: Handler<unknown> = null;
  readonly sent: Record<string, unknown>[] = [];
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.onopen?.({});
    }, 0);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  /** As the server: a message to this client. */
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

export class FakeChannel {
  label = 'fake';
  readyState = 'connecting';
  bufferedAmount = 0;
  binaryType = 'arraybuffer';
  bufferedAmountLowThreshold = 0;
  onmessage: Handler<{ data: ArrayBuffer }> = null;
  onopen: Handler<unknown> = null;
  onclose: Handler<unknown> = null;
  onerror: Handler<unknown> = null;
  onbufferedamountlow: Handler<unknown> = null;
  closed = false;
  /** What the room sent, as it sent it (HELLO and empty messages left out). */
  readonly received: Uint8Array[] = [];
  send(data: Uint8Array) {
    if (data.length === 0 || isHello(data)) return;
    this.received.push(new Uint8Array(data));
  }
  close() {
    this.closed = true;
    this.readyState = 'closed';
  }
  open() {
    this.readyState = 'open';
    this.onopen?.({});
  }
  deliver(bytes: Uint8Array) {
    this.onmessage?.({ data: bytes.slice().buffer });
  }
}

export class FakePeerConnection {
  static made: FakePeerConnection[] = [];
  signalingState = 'stable';
  iceGatheringState = 'complete';
  connectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  ondatachannel: Handler<{ channel: FakeChannel }> = null;
  onconnectionstatechange: Handler<unknown> = null;
  channel: FakeChannel | null = null;
  constructor(readonly config: unknown) {
    FakePeerConnection.made.push(this);
  }
  createDataChannel() {
    this.channel = new FakeChannel();
    return this.channel;
  }
  async createOffer() {
    return { type: 'offer', sdp: 'fake-offer' };
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'fake-answer' };
  }
  async setLocalDescription(description: { type: string; sdp: string }) {
    this.localDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(description: { type: string; sdp: string }) {
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async addIceCandidate() {}
  addEventListener() {}
  removeEventListener() {}
  close() {
    this.connectionState = 'closed';
  }
}

/** For `connectWorkshop`'s `wrtc` option (a stand-in for the browser's RTCPeerConnection). */
export const fakeWrtc: WrtcLike = { RTCPeerConnection: FakePeerConnection as unknown as WrtcLike['RTCPeerConnection'] };

export function resetFakeNetwork() {
  FakeSocket.made = [];
  FakePeerConnection.made = [];
}

/**
 * Each test of the calling file on a fresh fake network (its WebSocket
 * stubbed); `connect` joins a room through it, and every connection made
 * leaves after its test.
 */
export function fakeNetworkPerTest(): { connect(doc: Y.Doc, code: string): WorkshopConnection } {
  let open: WorkshopConnection[] = [];
  beforeEach(() => {
    resetFakeNetwork();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    for (const connection of open) connection.leave();
    open = [];
    vi.unstubAllGlobals();
  });
  return {
    connect(doc, code) {
      const connection = connectWorkshop(doc, { code, signaling: ['ws://127.0.0.1:9'], wrtc: fakeWrtc });
      open.push(connection);
      return connection;
    },
  };
}

export interface FakePeer {
  /** Every message the room sent this peer, in plaintext (y-webrtc's message format). */
  readonly sent: Uint8Array[];
  /** The room closed its link to this peer. */
  readonly closed: boolean;
  deliver(bytes: Uint8Array): void;
  /** A document update, as a peer sends one. */
  deliverUpdate(update: Uint8Array): void;
  /** Publishes `data` to the room through signaling: sealed with the room key, or as given. */
  publish(data: unknown, sealed: boolean): Promise<void>;
}

/** Joins the room of `code` as a peer: through the fake signaling socket, then a data channel. */
export async function fakePeerIn(code: string, peerId = 'fake-peer'): Promise<FakePeer> {
  const topic = roomOf(code);
  const key = await deriveRoomKey(secretOf(code), topic);
  const subscribed = () => FakeSocket.made.find((s) => s.readyState === 1 && s.sent.some((m) => m.type === 'subscribe' && (m.topics as string[]).includes(topic)));
  await until(() => subscribed() !== undefined, 'the room to subscribe');
  const socket = subscribed()!;
  const seen = socket.sent.length;
  const before = FakePeerConnection.made.length;
  socket.receive({ type: 'publish', topic, data: await sealJson({ type: 'announce', from: peerId }, key) });
  // The room offers to the newcomer: read its offer to learn its id.
  let offer = null as { from: string } | null;
  await until(() => socket.sent.length > seen, 'the room to offer');
  const start = Date.now();
  while (!offer && Date.now() - start < 5000) {
    for (const message of socket.sent.slice(seen)) {
      if (message.type !== 'publish') continue;
      const opened = (await openJson(message.data as string, key)) as { type?: string; from?: string; to?: string; signal?: { type?: string } } | null;
      if (opened?.type === 'signal' && opened.to === peerId && opened.signal?.type === 'offer') offer = { from: opened.from! };
    }
    if (!offer) await new Promise((r) => setTimeout(r, 5));
  }
  if (!offer) throw new Error('the room never offered');
  const pc = FakePeerConnection.made[before]!;
  socket.receive({ type: 'publish', topic, data: await sealJson({ type: 'signal', from: peerId, to: offer.from, token: 1, signal: { type: 'answer', sdp: 'fake-answer' } }, key) });
  await until(() => pc.remoteDescription !== null, 'the room to take the answer');
  const channel = pc.channel!;
  channel.open();
  return {
    sent: channel.received,
    get closed() {
      return channel.closed;
    },
    deliver: (bytes) => channel.deliver(bytes),
    async publish(data, sealed) {
      socket.receive({ type: 'publish', topic, data: sealed ? await sealJson(data as Record<string, string>, key) : data });
    },
    deliverUpdate(update) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      channel.deliver(encoding.toUint8Array(encoder));
    },
  };
}
