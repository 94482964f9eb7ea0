import { buf as crc32Of } from 'crc-32';

/**
 * CRC-32 (IEEE 802.3), as in zip and PNG: detects a truncated or damaged file.
 * SheetJS's crc-32 reads 16 bytes a step; the byte-at-a-time loop it replaced
 * took 12–20 ms over a 3.6 MB workspace on the chooser's path, this 2.5–12.
 */
export function crc32(bytes: Uint8Array, end = bytes.length): number {
  return crc32Of(end === bytes.length ? bytes : bytes.subarray(0, end)) >>> 0;
}
