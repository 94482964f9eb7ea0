import { describe, expect, it } from 'vitest';
import { INVITE_PREFIX, InviteError, encodeInvite, hasRoom, parseInvite } from '../../shared/sync/invite';
import { CLEAR_TEXT_WARNING, parseRelay, readStoredRelay } from '../../shared/sync/relaySettings';

/*
 * The relay in invites and in Network settings: the invite format grows an
 * optional field (an old invite still reads the same), and whatever an
 * invite or a person gives is checked before anything connects.
 */

const TOKEN = 'AbC_dEf-0123456789abcdefghijklmnopqrstuvwxy';
const relay = { url: 'wss://relay.example.org', token: TOKEN, workspaceId: 'W0rkspace1234567' };

function rawInvite(payload: unknown): string {
  const b64 = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${INVITE_PREFIX}${b64}`;
}

describe('invites that carry a relay', () => {
  it('reads an invite made before relays exactly as before', () => {
    const old = rawInvite({ v: 1, code: 'GQHVV56VU2ZR', signaling: ['ws://192.168.1.20:4444'], title: 'Q1 planning' });
    expect(parseInvite(old)).toEqual({ code: 'GQHVV56VU2ZR', signaling: ['ws://192.168.1.20:4444'], title: 'Q1 planning' });
  });

  it('carries a relay beside the room, or alone', () => {
    const both = parseInvite(encodeInvite({ code: 'GQHVV56VU2ZR', signaling: ['ws://192.168.1.20:4444'], title: 'Growth', relay }));
    expect(both).toEqual({ code: 'GQHVV56VU2ZR', signaling: ['ws://192.168.1.20:4444'], title: 'Growth', relay });
    const alone = parseInvite(`https://cairn.example.org/#/join/${encodeInvite({ relay, title: 'Growth' })}`);
    expect(hasRoom(alone)).toBe(false);
    expect(alone).toEqual({ relay, title: 'Growth' });
  });

  it.each([
    ['a relay address that is not ws:// or wss://', { url: 'https://relay.example.org', token: TOKEN, workspace: 'W1' }, /relay address/],
    ['a javascript: address', { url: 'javascript:alert(1)', token: TOKEN, workspace: 'W1' }, /relay address/],
    ['credentials in the address', { url: 'wss://user:pw@relay.example.org', token: TOKEN, workspace: 'W1' }, /relay address/],
    ['a token with spaces', { url: 'wss://relay.example.org', token: `${TOKEN} x`, workspace: 'W1' }, /relay token/],
    ['a huge token', { url: 'wss://relay.example.org', token: 'a'.repeat(5000), workspace: 'W1' }, /relay token/],
    ['a workspace id that names a prototype member', { url: 'wss://relay.example.org', token: TOKEN, workspace: '__proto__' }, /workspace id/],
    ['a workspace id with a path in it', { url: 'wss://relay.example.org', token: TOKEN, workspace: '../other' }, /workspace id/],
    ['a relay that is not an object', 'wss://relay.example.org', /invalid|expected/i],
  ])('refuses an invite with %s, saying so', (_label, hostileRelay, message) => {
    const text = rawInvite({ v: 1, relay: hostileRelay });
    expect(() => parseInvite(text)).toThrow(InviteError);
    expect(() => parseInvite(text)).toThrow(message);
  });

  it('refuses an invite that names neither a room nor a relay, or a code without its addresses', () => {
    expect(() => parseInvite(rawInvite({ v: 1, title: 'Nothing' }))).toThrow(/neither a workshop nor a relay/);
    expect(() => parseInvite(rawInvite({ v: 1, code: 'GQHVV56VU2ZR', relay: { url: relay.url, token: TOKEN, workspace: 'W1' } }))).toThrow(
      /needs its signaling addresses/,
    );
  });
});

describe('a relay typed in Network settings', () => {
  it('takes wss:// anywhere and ws:// on this machine without a warning', () => {
    expect(parseRelay(' wss://relay.example.org/ ', ` ${TOKEN} `)).toEqual({ ok: true, value: { url: 'wss://relay.example.org', token: TOKEN }, warning: null });
    for (const local of ['ws://127.0.0.1:4455', 'ws://localhost:4455', 'ws://[::1]:4455']) expect(parseRelay(local, TOKEN)).toMatchObject({ ok: true, warning: null });
  });

  it('warns that ws:// to another machine sends the workspace in clear', () => {
    expect(parseRelay('ws://192.168.1.20:4455', TOKEN)).toMatchObject({ ok: true, warning: CLEAR_TEXT_WARNING });
    expect(parseRelay('ws://relay.example.org', TOKEN)).toMatchObject({ ok: true, warning: CLEAR_TEXT_WARNING });
  });

  it('explains what is wrong with an address or a token', () => {
    expect(parseRelay('http://relay.example.org', TOKEN)).toMatchObject({ ok: false, error: expect.stringMatching(/must start with wss:\/\//) });
    expect(parseRelay('wss://relay.example.org', '')).toMatchObject({ ok: false, error: expect.stringMatching(/Enter the workspace’s relay token/) });
    expect(parseRelay('wss://relay.example.org', 'not a token')).toMatchObject({ ok: false, error: expect.stringMatching(/not a relay token/) });
  });

  it('reads back only a well-formed relay from device storage', () => {
    expect(readStoredRelay({ url: 'wss://relay.example.org', token: TOKEN })).toEqual({ url: 'wss://relay.example.org', token: TOKEN });
    for (const bad of [null, 'wss://x', { url: 'https://x', token: TOKEN }, { url: 'wss://x', token: 3 }]) expect(readStoredRelay(bad)).toBeNull();
  });
});
