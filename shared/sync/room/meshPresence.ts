import type { Awareness } from 'y-protocols/awareness';

/*
 * What the room reads from presence (awareness), cached until presence
 * changes: which Cairn peers are present (each puts its transport id in
 * MESH_PEER_FIELD and its number of direct links in MESH_LINKS_FIELD), and
 * whether the mesh is complete (every peer directly linked to every other:
 * then nothing needs relaying); which are hubs (MESH_HUB_FIELD) and which
 * are linked to a hub (MESH_VIA_HUB_FIELD). Invalidated on awareness 'change' (a state
 * added, removed or different), not on 'update' (which every renewal fires),
 * so an update relayed at 30 peers does not scan 30 states.
 */

export const MESH_PEER_FIELD = 'meshPeer';
export const MESH_LINKS_FIELD = 'meshLinks';
/** `true` in a hub's state (meshPlan.ts: the facilitator's laptop, linked to everyone). */
export const MESH_HUB_FIELD = 'meshHub';
/** `true` in the state of a peer with an open link to a hub: what a hub relays reaches it. */
export const MESH_VIA_HUB_FIELD = 'meshViaHub';

interface MeshFields {
  meshPeer?: unknown;
  meshLinks?: unknown;
  meshHub?: unknown;
  meshViaHub?: unknown;
}

/** The Cairn peers present, and which of them are hubs or linked to one. */
export interface PresentPeers {
  all: ReadonlySet<string>;
  hubs: ReadonlySet<string>;
  viaHub: ReadonlySet<string>;
}

export function isCairnState(state: unknown): boolean {
  return typeof (state as MeshFields | null)?.meshLinks === 'number';
}

export class MeshPresence {
  private peers: PresentPeers | null = null;
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
    return this.present().all;
  }

  /** The Cairn peers present here (not us), with the hubs among them and those linked to a hub. */
  present(): PresentPeers {
    if (this.peers) return this.peers;
    const all = new Set<string>();
    const hubs = new Set<string>();
    const viaHub = new Set<string>();
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const fields = state as MeshFields;
      const id = fields.meshPeer;
      if (typeof id !== 'string' || id === this.ownPeerId || !isCairnState(state)) continue;
      all.add(id);
      if (fields.meshHub === true) hubs.add(id);
      if (fields.meshViaHub === true) viaHub.add(id);
    }
    return (this.peers = { all, hubs, viaHub });
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
