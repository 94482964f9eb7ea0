/*
 * An in-memory signaling server (y-webrtc's protocol: subscribe, publish,
 * ping) for in-process tests, whose delivery the test can hold and release:
 * with announces held until every peer is subscribed, every peer hears every
 * other's announce and they all offer at once — glare, on purpose.
 */

type Handler<E> = ((event: E) => void) | null;

export class MemorySignaling {
  private readonly sockets = new Set<MemorySocket>();
  private held: (() => void)[] = [];
  holding = false;
  published = 0;

  /** A WebSocket class whose sockets talk to this server. */
  get WebSocket() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this;
    return class extends MemorySocket {
      constructor(url: string) {
        super(url, server);
      }
    };
  }

  attach(socket: MemorySocket) {
    this.sockets.add(socket);
  }

  detach(socket: MemorySocket) {
    this.sockets.delete(socket);
  }

  handle(from: MemorySocket, raw: string) {
    const message = JSON.parse(raw) as { type: string; topics?: string[]; topic?: string };
    if (message.type === 'subscribe') for (const topic of message.topics ?? []) from.topics.add(topic);
    else if (message.type === 'ping') from.deliver(JSON.stringify({ type: 'pong' }));
    else if (message.type === 'publish') {
      this.published++;
      const fanOut = () => {
        for (const socket of this.sockets) if (socket.topics.has(message.topic!)) socket.deliver(raw);
      };
      if (this.holding) this.held.push(fanOut);
      else fanOut();
    }
  }

  /** Delivers everything held, in order, and stops holding. */
  release() {
    this.holding = false;
    for (const deliver of this.held.splice(0)) deliver();
  }

  subscribers(topic: string): number {
    return [...this.sockets].filter((s) => s.topics.has(topic)).length;
  }
}

export class MemorySocket {
  readyState = 0;
  onopen: Handler<unknown> = null;
  onmessage: Handler<{ data: unknown }> = null;
  onclose: Handler<unknown> = null;
  onerror: Handler<unknown> = null;
  readonly topics = new Set<string>();
  constructor(
    readonly url: string,
    private readonly server: MemorySignaling,
  ) {
    server.attach(this);
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.onopen?.({});
    }, 0);
  }
  send(data: string) {
    if (this.readyState === 1) this.server.handle(this, data);
  }
  deliver(data: string) {
    if (this.readyState === 1) setTimeout(() => this.onmessage?.({ data }), 0);
  }
  close() {
    this.readyState = 3;
    this.server.detach(this);
  }
}
