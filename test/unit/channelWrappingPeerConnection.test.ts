import { describe, expect, it } from 'vitest';
import { channelWrappingPeerConnection } from '../support/framingWrtc';

/* The test peers' wrapped data channels (test/support/framingWrtc.ts): framed for stock peers, tapped in the journal privacy test. */

class FakeChannel {
  constructor(readonly label: string) {}
}

class FakePeerConnection {
  ondatachannel: ((event: { channel: FakeChannel }) => void) | null = null;
  constructor(readonly config: unknown) {}
  createDataChannel(label: string) {
    return new FakeChannel(label);
  }
  /** As the remote offering a channel: the implementation calls its own `ondatachannel`. */
  offer(label: string) {
    this.ondatachannel?.({ channel: new FakeChannel(label) });
  }
  close() {
    return `closed ${String((this.config as { name: string }).name)}`;
  }
}

describe('channelWrappingPeerConnection', () => {
  it('wraps channels made here and channels the remote offers; everything else is the real connection', () => {
    const Wrapping = channelWrappingPeerConnection(FakePeerConnection, (channel: FakeChannel) => ({ wrapped: channel.label }));
    const pc = new Wrapping({ name: 'pc1' }) as unknown as FakePeerConnection & { ondatachannel: ((event: { channel: unknown }) => void) | null };
    expect(pc.createDataChannel('made')).toEqual({ wrapped: 'made' });
    const offered: unknown[] = [];
    const handler = (event: { channel: unknown }) => void offered.push(event.channel);
    pc.ondatachannel = handler;
    expect(pc.ondatachannel).toBe(handler);
    pc.offer('offered');
    expect(offered).toEqual([{ wrapped: 'offered' }]);
    expect(pc.close()).toBe('closed pc1');
  });
});
