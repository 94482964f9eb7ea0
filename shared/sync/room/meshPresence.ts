import type { Awareness } from 'y-protocols/awareness';

/*
 * What the room reads from presence (awareness), cached until presence
 * changes: which Cairn peers are present (each puts its transport id in
 * MESH_PEER_FIELD and its number of direct links in MESH_LINKS_FIELD), and
 * whether the mesh is complete (every peer directly linked to every other:
 * then nothing needs relaying). Invalidated on awareness 'change' (a state
 * added, removed or different), not on 'update' (which every renewal fires),
 * so an update relayed at 30 peers does not scan 30 states.
 */

export const MESH_PEER_FIELD = 'meshPeer';
export const MESH_LINKS_FIELD = 'meshLinks';

interface MeshFields {
  meshPeer?: unknown;
  meshLinks?: unknown;
}

export function isCairnState(state: unknown): boolean {
  return typeof (state as MeshFields | null)?.meshLinks === 'number';
}

export class MeshPresence {
  private peers: Set<string> | null = null;
  private complete: { links: number; value: boolean } | null = null;

  constructor(
    private readonly awareness: Awareness,
    private readonly ownPeerId: string,
  ) {}

  /** Presence changed: recompute when next asked. */
  invalidate(): void {
    this.peers = null;
    this.complete = null;
  }

  /** The transport ids of the Cairn peers present here, not ours. */
  cairnPeers(): ReadonlySet<string> {
    if (this.peers) return this.peers;
    const peers = new Set<string>();
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const id = (state as MeshFields).meshPeer;
      if (typeof id === 'string' && id !== this.ownPeerId && isCairnState(state)) peers.add(id);
    }
    return (this.peers = peers);
  }

  /** Everyone present reports a direct link to everyone else, and so do we (`openLinks`). */
  meshComplete(openLinks: number): boolean {
    if (this.complete?.links === openLinks) return this.complete.value;
    const others = [...this.awareness.getStates().entries()].filter(([id]) => id !== this.awareness.clientID);
    const value =
      openLinks >= others.length &&
      others.every(([, state]) => {
        const links = (state as MeshFields).meshLinks;
        return typeof links === 'number' && links >= others.length;
      });
    this.complete = { links: openLinks, value };
    return value;
  }
}
