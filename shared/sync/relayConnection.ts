import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import { rootMap } from '../schema/roots';
import { globalWebSocket, statusFeed } from './statusFeed';
import { assertShareable, isPrivate } from './privacy';

/** A WebSocket class: the browser's, or in Node one built on `ws`. */
export type RelayWebSocket = new (url: string) => unknown;

/*
 * A workspace's path through an always-on relay (a Hocuspocus server, see
 * docs/relay.md): Hocuspocus's own provider on the workspace's Y.Doc, the
 * document named by the workspace id, authenticated by the workspace's token.
 * It runs beside the room, never instead of it: both merge into the same doc.
 * Edits made while the relay is out of reach stay in the doc and flow when the
 * provider reconnects (Yjs sends what the relay's state vector lacks).
 */

export interface RelayTarget {
  /** ws:// or wss:// address of the relay (see relaySettings.ts for validation). */
  url: string;
  token: string;
}

export interface RelayConnectionOptions extends RelayTarget {
  /** The document's name on the relay: the workspace id. */
  workspaceId: string;
  /** The WebSocket class; the global one when absent (Node 20 has none: pass `ws`). */
  WebSocket?: RelayWebSocket;
  /** Reconnection backoff (ms); defaults suit a laptop, tests shorten them. */
  backoff?: { minDelay: number; maxDelay: number };
  /** The clock for `lastConfirmedAt`. */
  now?: () => number;
}

/**
 * connecting: first attempt, or reconnecting after a drop that has not yet
 * failed; live: authenticated and synced with the relay (changes may still be
 * on their way: see `unconfirmed`); refused: the relay said no to the token
 * (wrong, revoked, or for another workspace): it is not retried until the
 * person gives another; offline: the relay cannot be reached, retried with backoff.
 */
export type RelayState = 'connecting' | 'live' | 'refused' | 'offline';

export interface RelayStatus {
  state: RelayState;
  /** Epoch ms when the relay last confirmed that it holds all our changes; null before the first time. */
  lastConfirmedAt: number | null;
  /** Local changes the relay has not yet confirmed. */
  unconfirmed: number;
}

export interface RelayConnection {
  readonly url: string;
  status(): RelayStatus;
  onStatus(listener: (status: RelayStatus) => void): () => void;
  /** Disconnects for good. */
  close(): void;
}

export { RELAY_REFUSED_MESSAGE } from './relaySettings';

const DEFAULT_BACKOFF = { minDelay: 1000, maxDelay: 30_000 };


export function connectRelay(doc: Y.Doc, options: RelayConnectionOptions): RelayConnection {
  // The one gate of every sync path: a personal journal never reaches a relay.
  assertShareable(doc);
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let state: RelayState = 'connecting';
  let lastConfirmedAt: number | null = null;
  let closed = false;

  const websocket = new HocuspocusProviderWebsocket({
    url: options.url,
    WebSocketPolyfill: options.WebSocket ?? globalWebSocket<RelayWebSocket>(),
    delay: backoff.minDelay,
    minDelay: backoff.minDelay,
    maxDelay: backoff.maxDelay,
    factor: 2,
    jitter: true,
  });
  const provider = new HocuspocusProvider({ websocketProvider: websocket, name: options.workspaceId, document: doc, token: options.token });

  const status = (): RelayStatus => ({ state, lastConfirmedAt, unconfirmed: provider.unsyncedChanges });
  const feed = statusFeed(() => status());
  const emit = () => feed.emit();
  const set = (next: RelayState) => {
    if (state === 'refused' && next !== 'refused') return;
    state = next;
    emit();
  };
  const confirmIfDone = () => {
    // The relay has answered our sync step and acknowledged every update sent: it holds all we have.
    if (provider.synced && !provider.hasUnsyncedChanges) lastConfirmedAt = now();
    emit();
  };

  provider.on('status', ({ status: socket }: { status: WebSocketStatus }) => {
    if (socket === WebSocketStatus.Connected) set(provider.synced ? 'live' : 'connecting');
    else if (socket === WebSocketStatus.Disconnected) set('offline');
    else if (state !== 'offline') set('connecting');
  });
  provider.on('synced', ({ state: synced }: { state: boolean }) => {
    if (synced) set('live');
    confirmIfDone();
  });
  provider.on('unsyncedChanges', () => confirmIfDone());
  provider.on('authenticationFailed', () => {
    state = 'refused';
    emit();
    // Retrying with the same token would only be refused again (and count against us): stop.
    websocket.disconnect();
  });

  // A document that becomes a journal while connected (a merged file, a peer's update) leaves at once:
  // observers run before the 'update' event the provider sends from.
  const onMeta = () => {
    if (!closed && isPrivate(doc)) {
      close();
      state = 'offline';
      emit();
    }
  };
  rootMap(doc, 'meta').observe(onMeta);

  function close() {
    if (closed) return;
    closed = true;
    rootMap(doc, 'meta').unobserve(onMeta);
    provider.destroy();
    websocket.destroy();
  }
  provider.attach();

  return {
    url: options.url,
    status,
    onStatus: (listener) => feed.subscribe(listener),
    close,
  };
}
