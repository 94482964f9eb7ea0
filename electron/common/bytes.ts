/**
 * A Node Buffer as a plain Uint8Array that owns its whole ArrayBuffer.
 * Structured clone (IPC) copies a view's entire underlying ArrayBuffer, so a
 * view into a shared pool would ship unrelated bytes; those are copied out.
 */
export function toUint8Array(buffer: Buffer): Uint8Array {
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
  return whole ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
}
