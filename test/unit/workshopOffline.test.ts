// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { localContext } from '../../shared/commands/context';
import { initWorkspace } from '../../shared/commands/workspace';
import { newWorkshopCode } from '../../shared/sync/invite';
import type { WorkshopConnection } from '../../shared/sync/workshopConnection';
import { attachWorkshop, detachWorkshop, onWorkshopConnection, useWorkshop } from '../../renderer/state/workshopSession';
import { useIdentity } from '../../renderer/state/identity';
import { useLibrary } from '../../renderer/state/libraryStore';
import { joinWorkshop } from '../../renderer/state/joinWorkshop';

/*
 * The browser says this computer went offline: the window leaves its
 * workshop (status offline, nobody shown) and rejoins the same room when the
 * network is back, where the others see it again at once. No signaling
 * server and no peer is reachable here: what is checked is the session's
 * behaviour, and what another laptop's awareness accepts from this one.
 */

/** A WebSocket that never connects (y-webrtc's signaling uses the global). */
class FakeWebSocket {
  readyState = 0;
  binaryType = 'blob';
  onopen: unknown = null;
  onmessage: unknown = null;
  onclose: unknown = null;
  onerror: unknown = null;
  send() {}
  close() {}
}

let online = true;
function setOnline(next: boolean): void {
  online = next;
  window.dispatchEvent(new Event(next ? 'online' : 'offline'));
}

beforeEach(() => {
  useIdentity.setState({ name: 'Ana' });
  online = true;
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  vi.stubGlobal('WebSocket', FakeWebSocket);
  vi.stubGlobal('RTCPeerConnection', class {});
  vi.stubGlobal('RTCSessionDescription', class {});
  vi.stubGlobal('RTCIceCandidate', class {});
});

afterEach(() => {
  detachWorkshop();
  vi.unstubAllGlobals();
});

function teamWorkspaceInAWorkshop(id: string): Y.Doc {
  const doc = new Y.Doc();
  initWorkspace(localContext(doc, 'Ana'), { id, title: 'Offsite', kind: 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
  useLibrary.setState({ entries: [{ id, title: 'Offsite', kind: 'team', createdAt: 0, openedAt: null, deletedAt: null, workshop: { code: newWorkshopCode(), signaling: ['ws://127.0.0.1:9'] } }] });
  return doc;
}

/** Every connection the session makes, in order (null: a connection ended). */
function connectionsMade(): (WorkshopConnection | null)[] {
  const seen: (WorkshopConnection | null)[] = [];
  const stop = onWorkshopConnection((connection) => seen.push(connection));
  afterEach(() => void stop());
  return seen;
}

describe('a workshop window whose computer goes offline (renderer/state/workshopSession.ts)', () => {
  it('leaves the room, says offline with nobody here, and keeps the workshop to come back to', () => {
    const seen = connectionsMade();
    attachWorkshop('offlineWs001', teamWorkspaceInAWorkshop('offlineWs001'));
    expect(seen.filter(Boolean)).toHaveLength(1);
    useWorkshop.setState({ peers: [{ clientId: 7, name: 'Ben', color: '#000', participantId: null, facilitator: false, view: null, bringHere: null, ending: null, editing: null }] });

    setOnline(false);
    expect(seen.at(-1)).toBeNull();
    const state = useWorkshop.getState();
    expect({ networkDown: state.networkDown, status: state.status?.state, peers: state.status?.peers, shown: state.peers }).toEqual({ networkDown: true, status: 'offline', peers: 0, shown: [] });
    expect(state.workshop).not.toBeNull();
    // Left: this laptop's awareness state is gone (the others are told it left).
    expect(seen[0]!.awareness.getLocalState()).toBeNull();
  });

  it('rejoins the same room when the network is back, and the others accept its presence again at once', () => {
    const seen = connectionsMade();
    attachWorkshop('offlineWs002', teamWorkspaceInAWorkshop('offlineWs002'));
    // Another laptop in the room: it hears every awareness update this window sends, whichever connection sends it.
    const other = new Awareness(new Y.Doc());
    const forwarded = new Set<Awareness>();
    const forward = (connection: WorkshopConnection | null) => {
      if (!connection || forwarded.has(connection.awareness)) return;
      forwarded.add(connection.awareness);
      const { awareness } = connection;
      awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) =>
        applyAwarenessUpdate(other, encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]), 'peer'),
      );
      applyAwarenessUpdate(other, encodeAwarenessUpdate(awareness, [awareness.clientID]), 'peer');
    };
    const stop = onWorkshopConnection(forward);
    const me = seen[0]!.awareness.clientID;
    // Some life in the room first: the clock of this laptop's state grows with each change.
    for (let i = 0; i < 5; i++) seen[0]!.awareness.setLocalStateField('editing', i % 2 ? null : { entityId: 'abcdefghij', field: 'title' });
    expect(other.getStates().get(me)).toMatchObject({ user: { name: 'Ana' } });

    setOnline(false);
    expect(other.getStates().has(me)).toBe(false);

    setOnline(true);
    const rejoined = seen.at(-1);
    expect(rejoined).not.toBeNull();
    expect(rejoined).not.toBe(seen[0]);
    expect(useWorkshop.getState().networkDown).toBe(false);
    expect(useWorkshop.getState().status?.state).not.toBe('offline');
    expect(other.getStates().get(me)).toMatchObject({ user: { name: 'Ana' } });
    stop();
    other.destroy();
  });

  it('opened while offline, waits offline and connects when the network comes', () => {
    const seen = connectionsMade();
    online = false;
    attachWorkshop('offlineWs003', teamWorkspaceInAWorkshop('offlineWs003'));
    expect(seen).toEqual([]);
    expect(useWorkshop.getState()).toMatchObject({ networkDown: true, status: { state: 'offline' } });
    setOnline(true);
    expect(seen.filter(Boolean)).toHaveLength(1);
  });

  it('stops watching the network once the workspace is closed', () => {
    const seen = connectionsMade();
    attachWorkshop('offlineWs004', teamWorkspaceInAWorkshop('offlineWs004'));
    detachWorkshop();
    setOnline(false);
    setOnline(true);
    expect(seen.filter(Boolean)).toHaveLength(1);
    expect(useWorkshop.getState().workshop).toBeNull();
  });

  it('shows nobody while no peer is connected, whatever awareness still remembers', () => {
    const seen = connectionsMade();
    attachWorkshop('offlineWs005', teamWorkspaceInAWorkshop('offlineWs005'));
    // A laptop's state that outlived its link (y-protocols keeps it until its 30 s timeout).
    const ben = new Awareness(new Y.Doc());
    ben.setLocalState({ user: { name: 'Ben', color: '#000' } });
    applyAwarenessUpdate(seen[0]!.awareness, encodeAwarenessUpdate(ben, [ben.clientID]), 'peer');
    expect(seen[0]!.awareness.getStates().has(ben.clientID)).toBe(true);
    expect(seen[0]!.status().peers).toBe(0);
    expect(useWorkshop.getState().peers).toEqual([]);
    ben.destroy();
  });

  it('joining while offline is refused at once, in words, rather than after a minute of waiting', async () => {
    online = false;
    await expect(joinWorkshop({ code: newWorkshopCode(), signaling: ['ws://127.0.0.1:9'], title: 'Offsite' })).rejects.toThrow(/^This computer is offline: connect it to the workshop’s network/);
  });

  it('a join under way ends, in words, when the network goes', async () => {
    const joining = joinWorkshop({ code: newWorkshopCode(), signaling: ['ws://127.0.0.1:9'], title: 'Offsite' });
    setOnline(false);
    await expect(joining).rejects.toThrow(/^This computer is offline/);
  });
});
