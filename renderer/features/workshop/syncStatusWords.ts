import type { SyncStatus } from '../../../shared/sync/workshopConnection';

/*
 * What the workshop's status pill says, in words a person in the room reads
 * as the truth: a short text, and a sentence that explains it (the tooltip,
 * and part of the accessible name). Pure, so every state's words are tested.
 */

export interface SyncStatusWords {
  /** On the pill: "Offline", "Connecting…", "Looking for peers", "Connected to 2 peers", "In sync with 2 peers". */
  text: string;
  /** What it means for this person, and for their edits. */
  explanation: string;
}

export const NETWORK_DOWN_EXPLANATION = 'This computer is offline; your edits are kept and will sync when you reconnect.';

const peerCount = (peers: number) => `${peers} ${peers === 1 ? 'peer' : 'peers'}`;

/**
 * `networkDown`: the browser says this computer has no network (the room is
 * left until it is back), which the connection's own "offline" (the host is
 * unreachable) cannot tell apart.
 */
export function syncStatusWords(status: SyncStatus, networkDown: boolean): SyncStatusWords {
  if (networkDown) return { text: 'Offline', explanation: NETWORK_DOWN_EXPLANATION };
  switch (status.state) {
    case 'connecting':
      return { text: 'Connecting…', explanation: 'Reaching the workshop’s host; your edits are kept meanwhile.' };
    case 'offline':
      return { text: 'Offline', explanation: 'The workshop’s host cannot be reached and no one else is connected; your edits are kept and will sync when you reconnect.' };
    case 'looking':
      return { text: 'Looking for peers', explanation: 'In the workshop, but no one else is connected yet; your edits are kept and will sync when someone joins.' };
    case 'connected':
      return { text: `Connected to ${peerCount(status.peers)}`, explanation: 'Connected; exchanging changes with them now.' };
    case 'in-sync':
      return { text: `In sync with ${peerCount(status.peers)}`, explanation: 'Everyone connected has your changes, and you have theirs.' };
  }
}
