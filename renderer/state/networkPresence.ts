/*
 * Whether this computer has a network at all, as the browser knows it
 * (navigator.onLine and the window's online/offline events; Electron's
 * renderer has the same). "Online" only says an interface is up, not that the
 * room is reachable (the workshop's status says that); "offline" is certain:
 * no one can be reached, so the workshop is left until the network is back.
 */

/** The part of `window` this needs: a fake one in unit tests. */
export interface NetworkSource {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/** The browser's window, or null where there is none (Node unit tests of the stores). */
export function browserNetwork(): NetworkSource | null {
  return typeof window === 'undefined' || typeof navigator === 'undefined' ? null : window;
}

/**
 * Tells `listener` each time this computer goes offline or comes back (read
 * the state now from `source.navigator.onLine`). Reads navigator.onLine on
 * each event rather than trusting the event's name, so a burst of events
 * reports only real changes. Returns the unsubscribe.
 */
export function watchNetwork(source: NetworkSource, listener: (online: boolean) => void): () => void {
  let online = source.navigator.onLine;
  const check = () => {
    if (source.navigator.onLine === online) return;
    online = source.navigator.onLine;
    listener(online);
  };
  source.addEventListener('online', check);
  source.addEventListener('offline', check);
  return () => {
    source.removeEventListener('online', check);
    source.removeEventListener('offline', check);
  };
}
