import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NETWORK_SETTINGS,
  formatIceServers,
  formatSignalingList,
  parseIceServers,
  parseSignalingList,
  readNetworkSettings,
  signalingFor,
  type NetworkSettings,
} from '../../shared/sync/networkSettings';

const errorOf = (parsed: { ok: true } | { ok: false; error: string }) => (parsed.ok ? null : parsed.error);

describe('parseSignalingList', () => {
  it('accepts one ws:// or wss:// address per line', () => {
    expect(parseSignalingList('wss://signal.example.org\nws://192.168.1.20:4444/room')).toEqual({
      ok: true,
      value: ['wss://signal.example.org', 'ws://192.168.1.20:4444/room'],
    });
  });

  it('accepts an empty text as no servers', () => {
    expect(parseSignalingList('  \n\n')).toEqual({ ok: true, value: [] });
  });

  it('ignores blank lines, # comments and surrounding spaces', () => {
    expect(parseSignalingList('# our relay\n\n   wss://a.example.org  \r\n  # wss://disabled.example.org\n')).toEqual({
      ok: true,
      value: ['wss://a.example.org'],
    });
  });

  it('removes duplicates, keeping the first occurrence order', () => {
    expect(parseSignalingList('wss://b.example.org\nwss://a.example.org\nwss://b.example.org')).toEqual({
      ok: true,
      value: ['wss://b.example.org', 'wss://a.example.org'],
    });
  });

  it.each(['https://signal.example.org', 'signal.example.org', 'wss://', 'wss://host name', 'wss://host?x=1'])('rejects %s', (url) => {
    expect(errorOf(parseSignalingList(url))).toMatch(/is not a ws:\/\/ or wss:\/\/ address/);
  });

  it('names the line of the mistake, counting blank lines and comments', () => {
    expect(errorOf(parseSignalingList('# relays\nwss://a.example.org\n\nhttp://b.example.org'))).toBe(
      'Line 4: "http://b.example.org" is not a ws:// or wss:// address.',
    );
  });

  it('refuses more than 8 servers', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `wss://s${i}.example.org`).join('\n');
    expect(errorOf(parseSignalingList(nine))).toBe('At most 8 signaling servers.');
  });

  it('accepts exactly 8 servers', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `wss://s${i}.example.org`).join('\n');
    const parsed = parseSignalingList(eight);
    expect(parsed.ok && parsed.value).toHaveLength(8);
  });
});

describe('parseIceServers', () => {
  it('accepts STUN servers and TURN servers with a username and a credential', () => {
    expect(parseIceServers('stun:stun.example.org:3478\nturn:turn.example.org:3478 ana s3cret\nturns:turn.example.org:5349 bo pw')).toEqual({
      ok: true,
      value: [
        { urls: 'stun:stun.example.org:3478' },
        { urls: 'turn:turn.example.org:3478', username: 'ana', credential: 's3cret' },
        { urls: 'turns:turn.example.org:5349', username: 'bo', credential: 'pw' },
      ],
    });
  });

  it('ignores blank lines, # comments and extra spaces between the parts', () => {
    expect(parseIceServers('# office\n\n  turn:t.example.org:3478   ana\ts3cret  \n')).toEqual({
      ok: true,
      value: [{ urls: 'turn:t.example.org:3478', username: 'ana', credential: 's3cret' }],
    });
  });

  it.each(['http://stun.example.org', 'stun.example.org:3478', 'ws://turn.example.org', 'stun:'])('rejects the scheme of %s', (entry) => {
    expect(errorOf(parseIceServers(entry))).toMatch(/must start with stun:, stuns:, turn: or turns:/);
  });

  it('rejects a TURN server without credentials', () => {
    expect(errorOf(parseIceServers('turn:turn.example.org:3478'))).toBe('Line 1: a TURN server needs a username and a credential after its address.');
  });

  it('rejects a TURN server with a username but no credential', () => {
    expect(errorOf(parseIceServers('turn:turn.example.org:3478 ana'))).toMatch(/needs a username and a credential/);
  });

  it('rejects a STUN server with a username', () => {
    expect(errorOf(parseIceServers('stun:stun.example.org:3478 ana s3cret'))).toBe('Line 1: a STUN server takes no username.');
  });

  it('rejects extra words after the credential', () => {
    expect(errorOf(parseIceServers('turn:t.example.org ana s3cret extra'))).toMatch(/^Line 1: expected an address, then optionally a username and a credential/);
  });

  it('names the line of the mistake, counting blank lines and comments', () => {
    expect(errorOf(parseIceServers('stun:a.example.org\n# next one\n\nturn:b.example.org'))).toMatch(/^Line 4: /);
  });

  it('refuses more than 8 servers', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `stun:s${i}.example.org:3478`).join('\n');
    expect(errorOf(parseIceServers(nine))).toBe('At most 8 STUN/TURN servers.');
  });

  it('reads back what it formats', () => {
    const text = 'stun:s.example.org:3478\nturn:t.example.org:3478 ana s3cret';
    const parsed = parseIceServers(text);
    expect(parsed.ok && formatIceServers(parsed.value)).toBe(text);
  });
});

describe('formatSignalingList', () => {
  it('writes one address per line', () => {
    expect(formatSignalingList(['wss://a.example.org', 'wss://b.example.org'])).toBe('wss://a.example.org\nwss://b.example.org');
  });
});

describe('readNetworkSettings', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'wss://a.example.org'],
    ['a number', 42],
    ['an array', ['wss://a.example.org']],
    ['an empty object', {}],
  ])('falls back to the defaults for %s', (_, stored) => {
    expect(readNetworkSettings(stored)).toEqual(DEFAULT_NETWORK_SETTINGS);
  });

  it('keeps valid settings as they are', () => {
    const settings: NetworkSettings = {
      signaling: ['wss://a.example.org'],
      iceServers: [{ urls: 'stun:s.example.org:3478' }, { urls: 'turn:t.example.org:3478', username: 'ana', credential: 's3cret' }],
    };
    expect(readNetworkSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });

  it('drops fields of the wrong type and keeps the other one', () => {
    expect(readNetworkSettings({ signaling: 'wss://a.example.org', iceServers: [{ urls: 'stun:s.example.org' }] })).toEqual({
      signaling: [],
      iceServers: [{ urls: 'stun:s.example.org' }],
    });
  });

  it('skips non-string signaling entries', () => {
    expect(readNetworkSettings({ signaling: [1, null, 'wss://a.example.org', { url: 'wss://b' }], iceServers: [] }).signaling).toEqual([
      'wss://a.example.org',
    ]);
  });

  it('skips ICE entries that are not objects with a string urls', () => {
    expect(readNetworkSettings({ signaling: [], iceServers: [null, 'stun:x', { urls: 3 }, { url: 'stun:y' }, { urls: 'stun:s.example.org' }] }).iceServers).toEqual([
      { urls: 'stun:s.example.org' },
    ]);
  });

  it('drops a whole list that no longer parses, rather than half of it', () => {
    expect(readNetworkSettings({ signaling: ['wss://a.example.org', 'http://b.example.org'], iceServers: [{ urls: 'turn:t.example.org' }] })).toEqual(
      DEFAULT_NETWORK_SETTINGS,
    );
  });
});

describe('signalingFor', () => {
  const settings = (signaling: string[]): NetworkSettings => ({ signaling, iceServers: [] });

  it("puts the invite's servers first, then this device's extra ones", () => {
    expect(signalingFor(['ws://192.168.1.20:4444'], settings(['wss://a.example.org']))).toEqual(['ws://192.168.1.20:4444', 'wss://a.example.org']);
  });

  it('lists a server named by both only once, where the invite put it', () => {
    expect(signalingFor(['wss://a.example.org', 'ws://192.168.1.20:4444'], settings(['ws://192.168.1.20:4444', 'wss://b.example.org']))).toEqual([
      'wss://a.example.org',
      'ws://192.168.1.20:4444',
      'wss://b.example.org',
    ]);
  });

  it("uses only the invite's servers with the default settings", () => {
    expect(signalingFor(['ws://192.168.1.20:4444'], DEFAULT_NETWORK_SETTINGS)).toEqual(['ws://192.168.1.20:4444']);
  });
});
