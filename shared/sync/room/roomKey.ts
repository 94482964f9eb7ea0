import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { fromBase64, toBase64 } from 'lib0/buffer';

/*
 * The room key and the sealing of signaling messages, byte for byte as
 * y-webrtc does it (its src/crypto.js), so a stock y-webrtc peer and a Cairn
 * peer with the same room name and password read each other's announces and
 * offers: PBKDF2(password, salt = room name, 100,000 iterations, SHA-256) →
 * AES-GCM-256; a message is lib0 `writeAny(json)`, encrypted with a random
 * 12-byte IV, written as varString 'AES-GCM', varUint8Array(iv),
 * varUint8Array(cipher), then base64 in the `publish` message's `data`.
 *
 * Opening never throws: a message sealed with another key (a peer with
 * another workshop code on the same server), or not sealed at all, is null.
 */

const ALGORITHM = 'AES-GCM';
const PBKDF2_ITERATIONS = 100_000;
const IV_BYTES = 12;

export function deriveRoomKey(secret: string, roomName: string): Promise<CryptoKey> {
  const encoder = new TextEncoder();
  return crypto.subtle
    .importKey('raw', encoder.encode(secret), 'PBKDF2', false, ['deriveKey'])
    .then((material) =>
      crypto.subtle.deriveKey(
        { name: 'PBKDF2', salt: encoder.encode(roomName), iterations: PBKDF2_ITERATIONS, hash: 'SHA-256' },
        material,
        { name: ALGORITHM, length: 256 },
        false,
        ['encrypt', 'decrypt'],
      ),
    );
}

/** JSON-like data as y-webrtc's encryptJson seals it, base64 (lib0's). */
export async function sealJson(data: { [key: string]: encoding.AnyEncodable }, key: CryptoKey): Promise<string> {
  const plain = encoding.createEncoder();
  encoding.writeAny(plain, data);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: ALGORITHM, iv }, key, encoding.toUint8Array(plain)));
  const sealed = encoding.createEncoder();
  encoding.writeVarString(sealed, ALGORITHM);
  encoding.writeVarUint8Array(sealed, iv);
  encoding.writeVarUint8Array(sealed, cipher);
  return toBase64(encoding.toUint8Array(sealed));
}

/** The data `sealJson` (or a stock y-webrtc peer) sealed with this key; null for anything else. */
export async function openJson(base64: string, key: CryptoKey): Promise<unknown> {
  try {
    const decoder = decoding.createDecoder(fromBase64(base64));
    if (decoding.readVarString(decoder) !== ALGORITHM) return null;
    const iv = decoding.readVarUint8Array(decoder);
    const cipher = decoding.readVarUint8Array(decoder);
    const plain = new Uint8Array(await crypto.subtle.decrypt({ name: ALGORITHM, iv }, key, cipher));
    return decoding.readAny(decoding.createDecoder(plain));
  } catch {
    // Another key, truncated bytes or not base64: not a message for this room.
    return null;
  }
}
