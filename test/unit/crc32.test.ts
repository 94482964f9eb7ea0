import { describe, expect, it } from 'vitest';
import { crc32 } from '../../shared/format/crc32';

/** The byte-at-a-time reference (the code crc32 replaced): the library must give the same checksums, or old files would read as damaged. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
function reference(bytes: Uint8Array, end: number): number {
  let crc = 0xffffffff;
  for (let i = 0; i < end; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32', () => {
  it('gives the standard check value, unsigned', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('equals the byte-at-a-time reference on seeded bytes of every length around its steps, and up to `end`', () => {
    let seed = 17;
    const byte = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24);
    for (const length of [1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 255, 1024, 65_537]) {
      const bytes = Uint8Array.from({ length }, byte);
      for (const end of [length, length >> 1, 0]) expect(crc32(bytes, end)).toBe(reference(bytes, end));
    }
  });
});
