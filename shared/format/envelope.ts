import { z } from 'zod';
import { ID_PATTERN } from '../ids';
import { crc32 } from './crc32';

/**
 * The `.cairn` file: a small envelope around a Yjs v1 update of the whole
 * workspace. Layout (big-endian), documented in docs/file-format.md:
 *
 *   magic        8 bytes   89 43 41 49 52 4E 0D 0A   ("\x89CAIRN\r\n")
 *   version      uint16    format version, 1
 *   headerLength uint32    H
 *   header       H bytes   UTF-8 JSON (CairnFileHeader)
 *   updateLength uint32    P
 *   update       P bytes   Y.encodeStateAsUpdate(doc)
 *   crc          uint32    CRC-32 of every byte before it
 */
export const CAIRN_MAGIC = Uint8Array.of(0x89, 0x43, 0x41, 0x49, 0x52, 0x4e, 0x0d, 0x0a);
export const CAIRN_FORMAT_VERSION = 1;
export const CAIRN_FILE_EXTENSION = '.cairn';
const MAX_HEADER_BYTES = 64 * 1024;

const headerSchema = z.object({
  workspaceId: z.string().regex(ID_PATTERN),
  schemaVersion: z.number().int().min(1),
  appVersion: z.string().max(64),
  kind: z.string().max(32),
  title: z.string().max(2_000),
  savedAt: z.number().finite(),
});
export type CairnFileHeader = z.infer<typeof headerSchema>;

export type CairnFileErrorCode = 'not-cairn' | 'truncated' | 'corrupt' | 'unsupported-version' | 'bad-header' | 'bad-content';

/** A file that cannot be read as a workspace. `message` is one line for the user. */
export class CairnFileError extends Error {
  override name = 'CairnFileError';
  constructor(
    readonly code: CairnFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function encodeCairnFile(header: CairnFileHeader, update: Uint8Array): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(headerSchema.parse(header)));
  const total = 8 + 2 + 4 + headerBytes.length + 4 + update.length + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(CAIRN_MAGIC, 0);
  let at = 8;
  view.setUint16(at, CAIRN_FORMAT_VERSION);
  at += 2;
  view.setUint32(at, headerBytes.length);
  at += 4;
  out.set(headerBytes, at);
  at += headerBytes.length;
  view.setUint32(at, update.length);
  at += 4;
  out.set(update, at);
  at += update.length;
  view.setUint32(at, crc32(out, at));
  return out;
}

export function isCairnFile(bytes: Uint8Array): boolean {
  return bytes.length >= CAIRN_MAGIC.length && CAIRN_MAGIC.every((b, i) => bytes[i] === b);
}

export function decodeCairnFile(bytes: Uint8Array): { header: CairnFileHeader; update: Uint8Array } {
  if (!isCairnFile(bytes)) throw new CairnFileError('not-cairn', 'This is not a Cairn workspace file.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number) => {
    if (bytes.length < end) {
      throw new CairnFileError('truncated', `The file is incomplete (${bytes.length} bytes, expected at least ${end}); it may have been cut off while copying.`);
    }
  };
  need(14);
  const version = view.getUint16(8);
  if (version !== CAIRN_FORMAT_VERSION) {
    throw new CairnFileError('unsupported-version', `This file uses Cairn file format ${version}; this Cairn reads format ${CAIRN_FORMAT_VERSION}. Update Cairn to open it.`);
  }
  const headerLength = view.getUint32(10);
  if (headerLength > MAX_HEADER_BYTES) throw new CairnFileError('corrupt', 'The file is damaged (its header length is impossible).');
  need(14 + headerLength + 4);
  const updateLength = view.getUint32(14 + headerLength);
  const updateStart = 18 + headerLength;
  const end = updateStart + updateLength;
  need(end + 4);
  if (bytes.length > end + 4) throw new CairnFileError('corrupt', 'The file is damaged (unexpected bytes after its end).');
  if (view.getUint32(end) !== crc32(bytes, end)) {
    throw new CairnFileError('corrupt', 'The file is damaged (its checksum does not match); restore it from a backup.');
  }
  let header: CairnFileHeader;
  try {
    header = headerSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(14, 14 + headerLength))));
  } catch {
    throw new CairnFileError('bad-header', 'The file header is not valid; the file was not written by Cairn.');
  }
  return { header, update: bytes.slice(updateStart, end) };
}
