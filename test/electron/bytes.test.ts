import { describe, expect, it } from 'vitest';
import { toUint8Array } from '../../electron/common/bytes';

describe('toUint8Array', () => {
  it('copies a pooled Buffer out, so IPC does not ship the rest of the pool', () => {
    const pooled = Buffer.from('abc'); // small Buffers share an 8 KiB pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(3);

    const bytes = toUint8Array(pooled);

    expect(bytes.buffer.byteLength).toBe(3);
    expect(bytes).toEqual(new Uint8Array([97, 98, 99]));
    expect(Buffer.isBuffer(bytes)).toBe(false);
  });

  it('reuses a Buffer that owns its memory', () => {
    const own = Buffer.alloc(10_000, 1);
    expect(toUint8Array(own).buffer).toBe(own.buffer);
  });
});
