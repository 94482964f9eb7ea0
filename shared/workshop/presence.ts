import { ID_PATTERN } from '../ids';
import { AVATAR_COLOURS, colourOfName } from '../queries/people';

/*
 * What one laptop tells the others about itself through awareness (never the
 * document): who it is, where it is looking, what it is editing, and, for the
 * facilitator, "come here" and "I am leaving". Awareness comes from any peer
 * with the room's code, so every field is read here, field by field: a bad
 * one is read as absent, never the reason a peer is dropped or a view crashes.
 * Pure: no DOM, no Yjs.
 */

export const MAX_NAME = 80;
/** Awareness field names (the wire format; docs/workshop.md). */
export const PRESENCE_FIELDS = { user: 'user', participant: 'participant', view: 'view', bringHere: 'bringHere', ending: 'ending', editing: 'editing' } as const;

/** Where a person is looking: the tab, and the objective and key result they are at (if any). */
export interface PresenceView {
  tab: string;
  objectiveId: string | null;
  keyResultId: string | null;
}

export interface BringHere {
  /** Grows by one each time the facilitator brings everyone here. */
  seq: number;
  view: PresenceView;
}

export type Ending = 'stopped-sharing';

export interface PeerPresence {
  clientId: number;
  name: string;
  color: string;
  /** This laptop's participant id (shared/workshop/participantKey.ts), when it said one. */
  participantId: string | null;
  /** Claims to be the laptop that hosts the workshop. */
  facilitator: boolean;
  view: PresenceView | null;
  bringHere: BringHere | null;
  ending: Ending | null;
  /** The field they are editing: an objective, key result or initiative id and the field's name. */
  editing: { entityId: string; field: string } | null;
}

const TAB_PATTERN = /^[a-z][a-z-]{0,31}$/;
const FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,31}$/;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function id(value: unknown): string | null {
  return typeof value === 'string' && ID_PATTERN.test(value) ? value : null;
}

/** A display name: text without control characters, cut to MAX_NAME; null when nothing is left. */
export function readName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = value.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return clean ? [...clean].slice(0, MAX_NAME).join('') : null;
}

export function readView(value: unknown): PresenceView | null {
  const v = record(value);
  if (!v || typeof v.tab !== 'string' || !TAB_PATTERN.test(v.tab)) return null;
  const objectiveId = id(v.objectiveId);
  // A key result is only meaningful inside the objective it is shown under.
  const keyResultId = objectiveId ? id(v.keyResultId) : null;
  return { tab: v.tab, objectiveId, keyResultId };
}

export function readBringHere(value: unknown): BringHere | null {
  const v = record(value);
  if (!v || typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 0) return null;
  const view = readView(v.view);
  return view ? { seq: v.seq, view } : null;
}

export function readEditing(value: unknown): PeerPresence['editing'] {
  const v = record(value);
  if (!v) return null;
  const entityId = id(v.entityId);
  return entityId && typeof v.field === 'string' && FIELD_PATTERN.test(v.field) ? { entityId, field: v.field } : null;
}

/**
 * One peer's awareness state, or null when it names no one (no name yet:
 * a laptop still asking its person for a name stays unlisted).
 */
export function readPeer(clientId: number, state: unknown): PeerPresence | null {
  const s = record(state);
  const user = record(s?.user);
  const name = readName(user?.name);
  if (!s || !user || !name) return null;
  const participant = record(s.participant);
  const participantId = id(participant?.id);
  const facilitator = !!participantId && participant?.facilitator === true;
  return {
    clientId,
    name,
    // Only one of the avatar colours (each keeps white text legible on it); any other is the name's own.
    color: typeof user.color === 'string' && AVATAR_COLOURS.includes(user.color) ? user.color : colourOfName(name),
    participantId,
    facilitator,
    view: readView(s.view),
    // Only the facilitator's "come here" counts; anyone else's is ignored.
    bringHere: facilitator ? readBringHere(s.bringHere) : null,
    ending: s.ending === 'stopped-sharing' ? 'stopped-sharing' : null,
    editing: readEditing(s.editing),
  };
}

/** Every named peer but this laptop, in a stable order. */
export function readPeers(states: ReadonlyMap<number, unknown>, ownClientId: number): PeerPresence[] {
  const peers: PeerPresence[] = [];
  states.forEach((state, clientId) => {
    if (clientId === ownClientId) return;
    const peer = readPeer(clientId, state);
    if (peer) peers.push(peer);
  });
  return peers.sort((a, b) => a.clientId - b.clientId);
}

/**
 * The facilitator among the peers. Awareness is not signed: any laptop with
 * the code could claim the role. When the session's record names the
 * facilitator's participant id (`trustedId`), only that laptop counts; without
 * one, a claim counts only when it is the only one (two claims: nobody leads,
 * nobody is moved).
 */
export function facilitatorOf(peers: readonly PeerPresence[], trustedId: string | null = null): PeerPresence | null {
  if (trustedId) return peers.find((p) => p.facilitator && p.participantId === trustedId) ?? null;
  const claims = peers.filter((p) => p.facilitator && p.ending === null);
  const ids = new Set(claims.map((p) => p.participantId));
  return ids.size === 1 ? claims[0]! : null;
}

export type DepartureReason = 'stopped-sharing' | 'left';

export interface Departure {
  reason: DepartureReason;
  name: string;
}

/**
 * Whether the facilitator went away between two readings of the peers: it
 * announced it is leaving (`ending`), or its awareness state is gone (a clean
 * leave sends a removal; a vanished laptop times out) and no other window of
 * the same participant is still here.
 */
export function facilitatorDeparture(before: readonly PeerPresence[], after: readonly PeerPresence[], trustedId: string | null = null): Departure | null {
  for (const was of before) {
    if (!was.facilitator || !was.participantId) continue;
    // A laptop that only claimed the role, against the session's record, leaves unannounced.
    if (trustedId && was.participantId !== trustedId) continue;
    const now = after.find((p) => p.clientId === was.clientId);
    if (now?.ending === 'stopped-sharing' && was.ending === null) return { reason: 'stopped-sharing', name: was.name };
    if (now) continue;
    if (after.some((p) => p.participantId === was.participantId && p.facilitator)) continue;
    // Already announced when it said it was stopping: its removal is the same event.
    if (was.ending === 'stopped-sharing') continue;
    return { reason: 'left', name: was.name };
  }
  return null;
}
