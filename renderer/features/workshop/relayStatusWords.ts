import type { RelayStatus } from '../../../shared/sync/relayConnection';
import type { SyncStatus } from '../../../shared/sync/workshopConnection';

/*
 * What the status says about the paths a workspace syncs through: which are
 * live (the relay, the room, both, none), and when the relay last confirmed
 * that it holds our changes. Pure, so every case's words are tested.
 */

export const RELAY_OPERATOR_NOTICE = 'The relay’s operator can read this workspace.';

export interface RelayStatusWords {
  /** On the pill: "Relay: confirmed 2 min ago", "Relay: connecting…", "Relay: refused", "Relay: offline". */
  text: string;
  /** "Live: relay and room", "Live: relay", "Live: room", "Live: none". */
  paths: string;
  /** What it means, the last confirmation, and the operator notice (the tooltip and the accessible name). */
  details: string;
}

/** "just now", "2 min ago", "3 h ago", "5 days ago": how long since `at`. */
export function sinceWords(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

/** The room is a live path when some peer is reached (and the computer is online). */
export function roomIsLive(room: SyncStatus | null, networkDown: boolean): boolean {
  return !networkDown && room !== null && room.peers > 0 && (room.state === 'connected' || room.state === 'in-sync');
}

export function livePaths(relayLive: boolean, roomLive: boolean): string {
  if (relayLive && roomLive) return 'Live: relay and room';
  if (relayLive) return 'Live: relay';
  if (roomLive) return 'Live: room';
  return 'Live: none';
}

export function relayStatusWords(relay: RelayStatus, roomLive: boolean, now: number): RelayStatusWords {
  const confirmed = relay.lastConfirmedAt === null ? 'The relay has not confirmed any of your changes yet.' : `The relay last confirmed your changes ${sinceWords(relay.lastConfirmedAt, now)}.`;
  const paths = livePaths(relay.state === 'live', roomLive);
  const say = (text: string, meaning: string): RelayStatusWords => ({ text, paths, details: `${paths}. ${meaning} ${confirmed} ${RELAY_OPERATOR_NOTICE}` });
  switch (relay.state) {
    case 'connecting':
      return say('Relay: connecting…', 'Reaching the relay; your edits are kept meanwhile.');
    case 'offline':
      return say('Relay: offline', 'The relay cannot be reached; your edits are kept and go to it when it is back.');
    case 'refused':
      return say('Relay: refused', 'The relay refused this workspace’s token (wrong or revoked): set the current one in the Share panel.');
    case 'live':
      if (relay.unconfirmed > 0 || relay.lastConfirmedAt === null) return say('Relay: sending…', 'Connected to the relay; your latest changes are on their way.');
      return say(`Relay: confirmed ${sinceWords(relay.lastConfirmedAt, now)}`, 'The relay holds all your changes; teammates get them whenever they are online.');
  }
}
