import { describe, expect, it } from 'vitest';
import { RELAY_OPERATOR_NOTICE, livePaths, relayStatusWords, roomIsLive, sinceWords } from '../../renderer/features/workshop/relayStatusWords';

const NOW = Date.UTC(2026, 6, 2, 9);

describe('relay status words', () => {
  it('says which paths are live', () => {
    expect(livePaths(true, true)).toBe('Live: relay and room');
    expect(livePaths(true, false)).toBe('Live: relay');
    expect(livePaths(false, true)).toBe('Live: room');
    expect(livePaths(false, false)).toBe('Live: none');
    expect(roomIsLive({ state: 'in-sync', peers: 2, signalingConnected: true, lastSyncAt: NOW }, false)).toBe(true);
    expect(roomIsLive({ state: 'in-sync', peers: 2, signalingConnected: true, lastSyncAt: NOW }, true)).toBe(false);
    expect(roomIsLive({ state: 'looking', peers: 0, signalingConnected: true, lastSyncAt: null }, false)).toBe(false);
    expect(roomIsLive(null, false)).toBe(false);
  });

  it('says when the relay last confirmed, and that its operator can read the workspace', () => {
    const words = relayStatusWords({ state: 'live', lastConfirmedAt: NOW - 2 * 60_000, unconfirmed: 0 }, true, NOW);
    expect(words.text).toBe('Relay: confirmed 2 min ago');
    expect(words.details).toContain('Live: relay and room.');
    expect(words.details).toContain('The relay last confirmed your changes 2 min ago.');
    expect(words.details).toContain(RELAY_OPERATOR_NOTICE);
  });

  it('never says confirmed while changes are on their way, or when refused or offline', () => {
    expect(relayStatusWords({ state: 'live', lastConfirmedAt: NOW, unconfirmed: 3 }, false, NOW).text).toBe('Relay: sending…');
    const refused = relayStatusWords({ state: 'refused', lastConfirmedAt: null, unconfirmed: 0 }, false, NOW);
    expect(refused.text).toBe('Relay: refused');
    expect(refused.paths).toBe('Live: none');
    const offline = relayStatusWords({ state: 'offline', lastConfirmedAt: NOW - 3 * 3_600_000, unconfirmed: 1 }, true, NOW);
    expect(offline.text).toBe('Relay: offline');
    expect(offline.paths).toBe('Live: room');
    expect(offline.details).toContain('last confirmed your changes 3 h ago');
  });

  it('counts time in words', () => {
    expect(sinceWords(NOW - 10_000, NOW)).toBe('just now');
    expect(sinceWords(NOW - 59 * 60_000, NOW)).toBe('59 min ago');
    expect(sinceWords(NOW - 25 * 3_600_000, NOW)).toBe('1 day ago');
    expect(sinceWords(NOW + 5000, NOW)).toBe('just now');
  });
});
