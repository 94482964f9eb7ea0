/*
 * What the sync connections (the room, the relay) share: the WebSocket class
 * to use, and a feed of their status that tells listeners only of changes.
 */

/** The global WebSocket (the browser's); Node 20 has none, so there the caller passes `ws`. */
export function globalWebSocket<T>(): T {
  // Each caller names the narrow constructor shape it uses; the browser's WebSocket has it.
  const ctor = (globalThis as unknown as { WebSocket?: T }).WebSocket;
  if (!ctor) throw new Error('No WebSocket here: pass one (in Node, the `ws` package).');
  return ctor;
}

export interface StatusFeed<S> {
  /** Reads the status again and tells every listener, unless it is the same as last told. */
  emit(): void;
  /** Tells `listener` the current status now and every change after; returns the unsubscribe. */
  subscribe(listener: (status: S) => void): () => void;
}

export function statusFeed<S>(read: () => S): StatusFeed<S> {
  const listeners = new Set<(status: S) => void>();
  let last = '';
  return {
    emit() {
      const next = read();
      const key = JSON.stringify(next);
      if (key === last) return;
      last = key;
      for (const listener of listeners) listener(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(read());
      return () => void listeners.delete(listener);
    },
  };
}
