/*
 * Counters of everything a room does, for the status line, the tests and
 * the benchmark (bench/): plain numbers, cheap to copy across a process
 * boundary. Message types are y-webrtc's: 0 sync, 1 awareness, 3 query
 * awareness, 4 BroadcastChannel peer id; anything else is `unknown`.
 */

export const MESSAGE_TYPES = ['sync', 'awareness', 'queryAwareness', 'bcPeerId', 'unknown'] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];

export interface Tally {
  count: number;
  bytes: number;
}

export interface RoomStats {
  /** Received updates passed on to at least one other link (the mesh was partial or incomplete). */
  relayed: number;
  /** Received updates not passed on (every peer is directly linked to every other). */
  relaysSkipped: number;
  /** Links a relayed update was not sent on because a hub reaches them (meshPlan.ts). */
  relaysSpared: number;
  /** Answers to our state vector (sync step 2) applied and not passed on (the others ask for themselves). */
  answersNotRelayed: number;
  antiEntropyRounds: number;
  /** Links whose initial sync step 1 waited for the first exchange to finish. */
  initialSyncsDeferred: number;
  /** Offers that crossed (both sides offered at once): settled by perfect negotiation. */
  offerCollisions: number;
  linksOpened: number;
  linksClosed: number;
  /** Links closed because the peer went silent (no keepalive). */
  linksSilent: number;
  /** Remote presence states removed because their peer stopped renewing them. */
  presenceExpired: number;
  /** Batches of relayed presence sent (each one message per link in the batch). */
  presenceBatches: number;
  /** Offers made to a wanted peer learned of through presence (not an announce). */
  planOffers: number;
  /** Cairn links closed because the mesh plan no longer wanted them. */
  linksUnwantedClosed: number;
  /** Signaling messages: sealed with another key, or not a valid message once opened. */
  signalsUndecryptable: number;
  signalsMalformed: number;
  /** Peer messages whose bytes could not be read (dropped; the link stays). */
  undecodableMessages: number;
  sent: Record<MessageTypeName, Tally>;
  received: Record<MessageTypeName, Tally>;
}

const tallies = (): Record<MessageTypeName, Tally> =>
  Object.fromEntries(MESSAGE_TYPES.map((name) => [name, { count: 0, bytes: 0 }])) as Record<MessageTypeName, Tally>;

export function newRoomStats(): RoomStats {
  return {
    relayed: 0,
    relaysSkipped: 0,
    relaysSpared: 0,
    answersNotRelayed: 0,
    antiEntropyRounds: 0,
    initialSyncsDeferred: 0,
    offerCollisions: 0,
    linksOpened: 0,
    linksClosed: 0,
    linksSilent: 0,
    presenceExpired: 0,
    presenceBatches: 0,
    planOffers: 0,
    linksUnwantedClosed: 0,
    signalsUndecryptable: 0,
    signalsMalformed: 0,
    undecodableMessages: 0,
    sent: tallies(),
    received: tallies(),
  };
}

export function messageTypeName(type: number): MessageTypeName {
  return type === 0 ? 'sync' : type === 1 ? 'awareness' : type === 3 ? 'queryAwareness' : type === 4 ? 'bcPeerId' : 'unknown';
}

export function tally(counts: Record<MessageTypeName, Tally>, message: Uint8Array): void {
  const t = counts[messageTypeName(message[0] ?? -1)];
  t.count++;
  t.bytes += message.length;
}
