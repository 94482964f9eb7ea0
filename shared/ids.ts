import { customAlphabet } from 'nanoid';

// 16 characters of a 62-letter alphabet: ~95 bits, collision-free for any
// realistic workspace, and shorter than nanoid's default so check-ins stay small.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const generate = customAlphabet(ALPHABET, 16);

/** A fresh random id. Never derive ids from content or position. */
export function newId(): string {
  return generate();
}

/**
 * What any id in a workspace must look like (also safe as a file name). The
 * names of Object.prototype's members are refused: the UI keeps records in
 * plain objects keyed by id, and a peer's entity called `constructor` or
 * `__proto__` must not reach an inherited member or replace a prototype.
 */
export const ID_PATTERN =
  /^(?!(?:__proto__|__defineGetter__|__defineSetter__|__lookupGetter__|__lookupSetter__|constructor|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toLocaleString|toString|valueOf)$)[0-9A-Za-z_-]{1,64}$/;

/** A value that is an id (ID_PATTERN): the check the readers' and the JSON import's quick paths share. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
