import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignalingClient } from '../../shared/sync/room/signalingClient';

/*
 * The signaling client tells the truth within 5 s: a socket that stops
 * answering (a cut cable, a server asleep) is reported down and replaced,
 * and one that never opens is given up on too. Fake clocks: nothing waits.
 */

type Handler<E> = ((event: E) => void) | null;

class SilentSocket {
  static made: SilentSocket[] = [];
  readyState = 0;
  onopen: Handler<unknown> = null;
  onmessage: Handler<{ data: unknown }> = null;
  onclose: Handler<unknown> = null;
  onerror: Handler<unknown> = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {
    SilentSocket.made.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
}

afterEach(() => {
  vi.useRealTimers();
  SilentSocket.made = [];
});

describe('signaling liveness', () => {
  it('a server that stops answering reads as down within 5 s, and the client tries again', () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const client = new SignalingClient('ws://x', 'topic', SilentSocket, { up: () => events.push('up'), down: () => events.push('down'), publish: () => undefined });
    SilentSocket.made[0]!.open();
    expect(events).toEqual(['up']);
    // Answers pings for a while...
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      SilentSocket.made[0]!.onmessage?.({ data: JSON.stringify({ type: 'pong' }) });
    }
    expect(events).toEqual(['up']);
    expect(SilentSocket.made[0]!.sent.filter((m) => m.includes('ping')).length).toBeGreaterThan(3);
    // ...then nothing more arrives.
    vi.advanceTimersByTime(5000);
    expect(events).toEqual(['up', 'down']);
    expect(SilentSocket.made[0]!.closed).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(SilentSocket.made.length).toBe(2);
    client.close();
  });

  it('a socket that never opens is replaced', () => {
    vi.useFakeTimers();
    const client = new SignalingClient('ws://x', 'topic', SilentSocket, { up: () => undefined, down: () => undefined, publish: () => undefined });
    vi.advanceTimersByTime(5000);
    expect(SilentSocket.made[0]!.closed).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(SilentSocket.made.length).toBeGreaterThan(1);
    client.close();
  });
});
