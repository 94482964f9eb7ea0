import * as Y from 'yjs';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import { SCHEMA_VERSION, readText } from '../schema/doc';
import { fixWorkspaceFacts, fixedIdOf, fixedKindOf } from '../schema/fixedFacts';
import { ID_PATTERN } from '../ids';
import { CairnFileError, decodeCairnFile, encodeCairnFile, type CairnFileHeader } from './envelope';
import { rootMap } from '../schema/roots';

/** Encodes a whole workspace document as a `.cairn` file. */
export function workspaceToFile(doc: Y.Doc, appVersion: string, savedAt: number): Uint8Array {
  const meta = rootMap(doc, 'meta');
  // The id and kind this device fixed, never a later write to meta: the header is what reopens it.
  const workspaceId = fixedIdOf(doc);
  if (workspaceId === undefined) throw new Error('Cannot save a workspace without an id.');
  const version = Number(meta.get('schemaVersion'));
  // The header is a hint for listings; clamp it so odd meta never blocks a save.
  const header: CairnFileHeader = {
    workspaceId,
    schemaVersion: Number.isInteger(version) && version >= 1 ? version : SCHEMA_VERSION,
    appVersion: appVersion.slice(0, 64),
    kind: fixedKindOf(doc) ?? 'team',
    title: (readText(meta, 'title') ?? '').slice(0, 2_000),
    savedAt,
  };
  return encodeCairnFile(header, Y.encodeStateAsUpdate(doc));
}

export interface LoadedWorkspaceFile {
  header: CairnFileHeader;
  update: Uint8Array;
  doc: Y.Doc;
  snapshot: WorkspaceSnapshot;
}

/**
 * Checks a `.cairn` file's envelope and header without decoding the document
 * (checks 1–10 of docs/file-format.md): the bytes are whole (length fields and
 * CRC), the header is valid and names a schema this Cairn reads. Milliseconds
 * where a full read takes hundreds; throws CairnFileError with a one-line reason.
 */
export function readWorkspaceFileHeader(bytes: Uint8Array): { header: CairnFileHeader; update: Uint8Array } {
  const decoded = decodeCairnFile(bytes);
  const { schemaVersion } = decoded.header;
  if (schemaVersion > SCHEMA_VERSION) {
    throw new CairnFileError(
      'unsupported-version',
      `This workspace was written by a newer Cairn (schema ${schemaVersion}; this one reads up to ${SCHEMA_VERSION}). Update Cairn to open it.`,
    );
  }
  return decoded;
}

/** Decodes and checks a `.cairn` file; throws CairnFileError with a one-line reason. */
export function readWorkspaceFile(bytes: Uint8Array): LoadedWorkspaceFile {
  const { header, update } = readWorkspaceFileHeader(bytes);
  const doc = new Y.Doc();
  // The header names the workspace and its kind as the device that saved it knew them.
  fixWorkspaceFacts(doc, { id: header.workspaceId, kind: header.kind });
  try {
    Y.applyUpdate(doc, update);
  } catch {
    throw new CairnFileError('bad-content', 'The workspace inside the file cannot be read; restore it from a backup.');
  }
  // Applying an update creates the root maps it writes to: none means nothing was ever written.
  if (doc.share.size === 0) {
    throw new CairnFileError('bad-content', 'The file holds no workspace (it is empty); restore it from a backup.');
  }
  const storedId = rootMap(doc, 'meta').get('id');
  if (typeof storedId === 'string' && ID_PATTERN.test(storedId) && storedId !== header.workspaceId) {
    throw new CairnFileError('bad-content', 'The file is inconsistent: its header and its content name different workspaces.');
  }
  // Reading is total: a damaged field reads as its default and is listed in snapshot.problems.
  const snapshot = readWorkspace(doc);
  if (snapshot.meta.schemaVersion > SCHEMA_VERSION) {
    throw new CairnFileError('unsupported-version', `This workspace was written by a newer Cairn (schema ${snapshot.meta.schemaVersion}). Update Cairn to open it.`);
  }
  return { header, update, doc, snapshot };
}
