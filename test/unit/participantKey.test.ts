import { describe, expect, it } from 'vitest';
import { canonicalJson, newParticipantKey, participantIdOf, signPayload, verifyPayload } from '../../shared/workshop/participantKey';

describe('participant keys', () => {
  it('signs and verifies a payload whatever the key order', async () => {
    const key = await newParticipantKey();
    expect(key.id).toBe(await participantIdOf(key.publicJwk));
    const sig = await signPayload(key, { b: 1, a: [2, { d: 'x', c: null }] });
    expect(await verifyPayload(key.id, key.publicJwk, { a: [2, { c: null, d: 'x' }], b: 1 }, sig)).toBe(true);
  });

  it('refuses a changed payload, another key, a forged id and malformed input', async () => {
    const alice = await newParticipantKey();
    const mallory = await newParticipantKey();
    const sig = await signPayload(alice, { vote: 3 });
    expect(await verifyPayload(alice.id, alice.publicJwk, { vote: 4 }, sig)).toBe(false);
    expect(await verifyPayload(alice.id, mallory.publicJwk, { vote: 3 }, sig)).toBe(false);
    // Mallory signs with her key but claims Alice's id.
    const forged = await signPayload(mallory, { vote: 3 });
    expect(await verifyPayload(alice.id, mallory.publicJwk, { vote: 3 }, forged)).toBe(false);
    expect(await verifyPayload(alice.id, { kty: 'EC' }, { vote: 3 }, sig)).toBe(false);
    expect(await verifyPayload(alice.id, alice.publicJwk, { vote: 3 }, 'not a signature')).toBe(false);
    expect(await verifyPayload(alice.id, alice.publicJwk, { vote: 3 }, 42)).toBe(false);
  });

  it('writes canonical JSON with sorted keys and refuses non-finite numbers', () => {
    expect(canonicalJson({ z: 1, a: { y: true, b: 'q' } })).toBe('{"a":{"b":"q","y":true},"z":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});
