import { describe, expect, it } from 'vitest';
import { NETWORK_DOWN_EXPLANATION, syncStatusWords } from '../../renderer/features/workshop/syncStatusWords';
import type { SyncState, SyncStatus } from '../../shared/sync/workshopConnection';

const status = (state: SyncState, peers = 0): SyncStatus => ({ state, peers, signalingConnected: state !== 'offline' && state !== 'connecting', lastSyncAt: null });

describe('the workshop status pill’s words (renderer/features/workshop/syncStatusWords.ts)', () => {
  it('says each state the way a person in the room reads it', () => {
    expect(syncStatusWords(status('connecting'), false).text).toBe('Connecting…');
    expect(syncStatusWords(status('offline'), false).text).toBe('Offline');
    expect(syncStatusWords(status('looking'), false).text).toBe('Looking for peers');
    expect(syncStatusWords(status('connected', 1), false).text).toBe('Connected to 1 peer');
    expect(syncStatusWords(status('connected', 3), false).text).toBe('Connected to 3 peers');
    expect(syncStatusWords(status('in-sync', 1), false).text).toBe('In sync with 1 peer');
    expect(syncStatusWords(status('in-sync', 29), false).text).toBe('In sync with 29 peers');
  });

  it('says "Offline", and why, whenever this computer has no network, whatever the connection last said', () => {
    for (const state of ['connecting', 'offline', 'looking', 'connected', 'in-sync'] as const) {
      expect(syncStatusWords(status(state, 2), true)).toEqual({ text: 'Offline', explanation: NETWORK_DOWN_EXPLANATION });
    }
  });

  it('tells an unreachable host apart from a computer without network, and says the edits are kept', () => {
    const hostAway = syncStatusWords(status('offline'), false).explanation;
    expect(hostAway).not.toBe(NETWORK_DOWN_EXPLANATION);
    expect(hostAway).toMatch(/host cannot be reached/);
    expect(hostAway).toMatch(/edits are kept/);
  });
});
