/*
 * A workshop participant's signing key: an ECDSA P-256 key pair made with
 * WebCrypto on this laptop, its private half never leaving it. The public
 * half names the participant: `participantId` is a digest of it, so a signed
 * record that carries its public key proves who wrote it without any lookup
 * (self-certifying), and nobody can write in another participant's name
 * without that laptop's private key. See docs/workshop.md.
 *
 * Pure WebCrypto (`globalThis.crypto.subtle`): the same code runs in the
 * renderer and in Node 20 tests.
 */

export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface ParticipantKey {
  /** base64url of the first 16 bytes of SHA-256 over the canonical public JWK. */
  id: string;
  publicJwk: PublicKeyJwk;
  privateKey: CryptoKey;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

function subtle(): SubtleCrypto {
  const found = globalThis.crypto?.subtle;
  if (!found) throw new Error('This browser has no WebCrypto: workshop votes cannot be signed here.');
  return found;
}

export function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
  return bytes;
}

/**
 * JSON with object keys sorted at every depth: the bytes that are signed and
 * hashed must not depend on the order a peer happened to build an object in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Only finite numbers can be signed.');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', new TextEncoder().encode(text)));
}

export function isPublicKeyJwk(value: unknown): value is PublicKeyJwk {
  const jwk = value as Partial<PublicKeyJwk> | null;
  return (
    !!jwk &&
    typeof jwk === 'object' &&
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string' &&
    /^[A-Za-z0-9_-]{43}$/.test(jwk.x) &&
    /^[A-Za-z0-9_-]{43}$/.test(jwk.y)
  );
}

export async function participantIdOf(publicJwk: PublicKeyJwk): Promise<string> {
  const { kty, crv, x, y } = publicJwk;
  return base64url((await sha256(canonicalJson({ crv, kty, x, y }))).slice(0, 16));
}

/** A fresh key pair; the private key is not extractable, so it can be kept in IndexedDB but never read out. */
export async function newParticipantKey(): Promise<ParticipantKey> {
  const pair = (await subtle().generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await subtle().exportKey('jwk', pair.publicKey);
  const publicJwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
  return { id: await participantIdOf(publicJwk), publicJwk, privateKey: pair.privateKey };
}

/** Signs the canonical JSON of `payload`; the signature is base64url (64 bytes raw r‖s). */
export async function signPayload(key: ParticipantKey, payload: unknown): Promise<string> {
  const signature = await subtle().sign(SIGNING, key.privateKey, new TextEncoder().encode(canonicalJson(payload)));
  return base64url(new Uint8Array(signature));
}

/**
 * True when `signature` is `publicJwk`'s signature over `payload` and
 * `claimedId` is that key's participant id. Never throws: a malformed key or
 * signature from a hostile peer is simply not valid.
 */
export async function verifyPayload(claimedId: string, publicJwk: unknown, payload: unknown, signature: unknown): Promise<boolean> {
  try {
    if (!isPublicKeyJwk(publicJwk) || typeof signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
    if ((await participantIdOf(publicJwk)) !== claimedId) return false;
    const key = await subtle().importKey('jwk', { ...publicJwk, ext: true }, ALGORITHM, false, ['verify']);
    return await subtle().verify(SIGNING, key, fromBase64url(signature), new TextEncoder().encode(canonicalJson(payload)));
  } catch {
    return false;
  }
}
