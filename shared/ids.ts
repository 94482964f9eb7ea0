import { customAlphabet } from 'nanoid';

// 16 characters of a 62-letter alphabet: ~95 bits, collision-free for any
// realistic workspace, and shorter than nanoid's default so check-ins stay small.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const generate = customAlphabet(ALPHABET, 16);

/** A fresh random id. Never derive ids from content or position. */
export function newId(): string {
  return generate();
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9A-Za-z_-]{8,64}$/.test(value);
}
