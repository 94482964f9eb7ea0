import { describe, expect, it } from 'vitest';
import { watchNetwork, type NetworkSource } from '../../renderer/state/networkPresence';

/** A window as far as the network goes: navigator.onLine and the online/offline events. */
function fakeWindow(initiallyOnline: boolean) {
  const listeners = new Map<string, Set<() => void>>();
  const navigator = { onLine: initiallyOnline };
  const source: NetworkSource = {
    navigator,
    addEventListener: (type, listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    removeEventListener: (type, listener) => void listeners.get(type)?.delete(listener),
  };
  return Object.assign(source, {
    /** The network changes (or not), and the browser fires `event`. */
    set(online: boolean, event: 'online' | 'offline' = online ? 'online' : 'offline') {
      navigator.onLine = online;
      for (const listener of listeners.get(event) ?? []) listener();
    },
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  });
}

describe('watchNetwork: whether this computer has a network (renderer/state/networkPresence.ts)', () => {
  it('tells each change: offline, then online again', () => {
    const window = fakeWindow(true);
    const heard: boolean[] = [];
    watchNetwork(window, (online) => heard.push(online));
    window.set(false);
    window.set(true);
    expect(heard).toEqual([false, true]);
  });

  it('reads navigator.onLine, not the event: a repeated or stray event is no change', () => {
    const window = fakeWindow(true);
    const heard: boolean[] = [];
    watchNetwork(window, (online) => heard.push(online));
    window.set(true, 'online');
    window.set(false, 'offline');
    window.set(false, 'offline');
    window.set(false, 'online');
    expect(heard).toEqual([false]);
  });

  it('hears nothing once unsubscribed, and leaves no listener behind', () => {
    const window = fakeWindow(false);
    const heard: boolean[] = [];
    const stop = watchNetwork(window, (online) => heard.push(online));
    stop();
    window.set(true);
    expect(heard).toEqual([]);
    expect(window.listening()).toBe(0);
  });
});
