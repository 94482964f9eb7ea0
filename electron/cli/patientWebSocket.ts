import WebSocket from 'ws';

/*
 * The WebSocket that `cairn join` hands the workshop connection (through the
 * global). A signaling server that is full accepts the socket and closes it
 * at once (code 1013). The room's signaling client reconnects with its own
 * short backoff; this socket waits longer after a full server, longer each
 * time, says so, and drops what is sent while it is not open (the room
 * subscribes and announces again on every connect).
 */

/** Close code of a server that has no room for another client ("try again later"). */
export const SERVER_FULL = 1013;
const FIRST_WAIT_MS = 1000;
const MAX_WAIT_MS = 30_000;

type Listener<E> = ((event: E) => void) | null;

export interface PatientSocketOptions {
  /** Told each time a server turned us away and when we try again. */
  report: (line: string) => void;
  firstWaitMs?: number;
  maxWaitMs?: number;
}

/** A WebSocket class for `globalThis.WebSocket` that backs off while a signaling server is full. */
export function patientWebSocket({ report, firstWaitMs = FIRST_WAIT_MS, maxWaitMs = MAX_WAIT_MS }: PatientSocketOptions) {
  /** Per server: how many times in a row it was full. */
  const fullInARow = new Map<string, number>();
  const waitBefore = (url: string) => {
    const times = fullInARow.get(url) ?? 0;
    if (times === 0) return 0;
    const wait = Math.min(maxWaitMs, firstWaitMs * 2 ** (times - 1));
    // Jitter, so that several turned-away peers do not come back in step.
    return Math.round(wait * (0.8 + Math.random() * 0.4));
  };

  return class PatientWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;

    readyState = PatientWebSocket.CONNECTING;
    binaryType: 'nodebuffer' | 'arraybuffer' | 'fragments' = 'nodebuffer';
    onopen: Listener<unknown> = null;
    onmessage: Listener<{ data: unknown }> = null;
    onclose: Listener<{ code: number; reason: string }> = null;
    onerror: Listener<unknown> = null;
    private socket: WebSocket | null = null;
    private timer: ReturnType<typeof setTimeout> | null = null;

    constructor(readonly url: string) {
      const wait = waitBefore(url);
      if (wait === 0) this.open();
      else this.timer = setTimeout(() => this.open(), wait);
    }

    private open() {
      this.timer = null;
      const socket = new WebSocket(this.url);
      socket.binaryType = this.binaryType;
      this.socket = socket;
      socket.on('open', () => {
        this.readyState = PatientWebSocket.OPEN;
        this.onopen?.({ type: 'open' });
      });
      socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => this.onmessage?.({ data: isBinary ? data : data.toString() }));
      socket.on('error', (error) => this.onerror?.(error));
      socket.on('close', (code, reason) => {
        this.readyState = PatientWebSocket.CLOSED;
        if (code === SERVER_FULL) {
          const times = (fullInARow.get(this.url) ?? 0) + 1;
          fullInARow.set(this.url, times);
          const wait = Math.min(maxWaitMs, firstWaitMs * 2 ** (times - 1));
          report(`the signaling server ${this.url} is full; trying again in about ${Math.round(wait / 1000)} s`);
        } else {
          fullInARow.delete(this.url);
        }
        this.onclose?.({ code, reason: reason.toString() });
      });
    }

    send(data: string | Uint8Array) {
      // Not open (connecting, or closed by the server): y-webrtc sends it again after the next connect.
      if (this.readyState !== PatientWebSocket.OPEN || !this.socket) return;
      this.socket.send(data);
    }

    close() {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        this.readyState = PatientWebSocket.CLOSED;
        queueMicrotask(() => this.onclose?.({ code: 1000, reason: '' }));
        return;
      }
      this.readyState = PatientWebSocket.CLOSING;
      this.socket?.close();
    }
  };
}
