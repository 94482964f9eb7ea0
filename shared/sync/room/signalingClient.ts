/*
 * One signaling server, spoken to in y-webrtc's protocol (subscribe,
 * unsubscribe, publish, ping/pong: shared/sync/signalingProtocol.ts) for one
 * topic. It reconnects by itself with a jittered backoff, and it tells the
 * truth quickly: a ping goes out every PING_INTERVAL_MS, and a socket that
 * has heard nothing (not even a pong) for DEAD_AFTER_MS, or has not opened
 * by then (a server that is asleep accepts TCP and never answers), is
 * declared dead and replaced. So a cut network reads as "signaling down"
 * within 5 s instead of whenever TCP gives up. Everything is reported as
 * events, never polled.
 */

export const PING_INTERVAL_MS = 1000;
export const DEAD_AFTER_MS = 3500;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

/** What both the browser's WebSocket and `ws` (and the CLI's patient socket) offer. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface SignalingEvents {
  /** Connected and subscribed: time to announce. */
  up(): void;
  down(): void;
  /** The `data` of a `publish` on our topic, as it came (a sealed string for a room with a password). */
  publish(data: unknown): void;
}

export class SignalingClient {
  private socket: WebSocketLike | null = null;
  private up = false;
  private closed = false;
  private failures = 0;
  private lastHeardAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly url: string,
    private readonly topic: string,
    private readonly WebSocket: WebSocketConstructor,
    private readonly events: SignalingEvents,
  ) {
    this.connect();
  }

  get connected(): boolean {
    return this.up;
  }

  /** Publishes to the topic; dropped while down (peers announce again on every connect). */
  publish(data: string): void {
    this.send({ type: 'publish', topic: this.topic, data });
  }

  close(): void {
    if (this.closed) return;
    this.send({ type: 'unsubscribe', topics: [this.topic] });
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.drop();
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket?.readyState !== OPEN) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      // Closing under us: its close event follows and we reconnect.
    }
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.closed) return;
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocket(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.lastHeardAt = Date.now();
    this.pingTimer = setInterval(() => this.keepAlive(), PING_INTERVAL_MS);
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.failures = 0;
      this.lastHeardAt = Date.now();
      this.send({ type: 'subscribe', topics: [this.topic] });
      this.up = true;
      this.events.up();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastHeardAt = Date.now();
      const message = parse(event.data);
      if (message?.type === 'publish' && message.topic === this.topic) this.events.publish(message.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.drop();
      this.scheduleRetry();
    };
    // An error is followed by a close.
    socket.onerror = () => undefined;
  }

  private keepAlive(): void {
    if (Date.now() - this.lastHeardAt > DEAD_AFTER_MS) {
      // Silent (or not open) for too long: the link is cut or the server asleep. Say so now, and try again.
      this.drop();
      this.scheduleRetry();
      return;
    }
    this.send({ type: 'ping' });
  }

  /** Forgets the current socket (closing it) and reports "down" once. */
  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      try {
        socket.close();
      } catch {
        // Already closing.
      }
    }
    if (this.up) {
      this.up = false;
      this.events.down();
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
    this.failures++;
    // Jittered, so that a room of laptops does not come back to a restarted server in step.
    this.retryTimer = setTimeout(() => this.connect(), Math.round(wait * (0.5 + Math.random())));
  }
}

function parse(data: unknown): { type?: unknown; topic?: unknown; data?: unknown } | null {
  const text = typeof data === 'string' ? data : data instanceof Uint8Array || data instanceof ArrayBuffer ? new TextDecoder().decode(data) : null;
  if (text === null) return null;
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json === 'object' ? (json as { type?: unknown }) : null;
  } catch {
    return null;
  }
}
