import * as Y from 'yjs';
import { readMeta, readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import type { WorkspaceKind, WorkspaceMeta } from '../schema/types';
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

/** A `.cairn` file decoded and checked, its workspace's header read (meta: what a listing, a merge or a journal check needs). */
export interface OpenedWorkspaceFile {
  header: CairnFileHeader;
  update: Uint8Array;
  doc: Y.Doc;
  meta: WorkspaceMeta;
}

export interface LoadedWorkspaceFile extends OpenedWorkspaceFile {
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

/**
 * Decodes and checks a `.cairn` file, reading its meta alone; throws
 * CairnFileError with a one-line reason. The document's records are left to
 * whoever reads them next (the board's projection reads them all, totally):
 * reading them here too would be a second pass over every check-in.
 * `kindKnownHere` gives the kind this device has on record for the file's
 * workspace id, if any.
 */
export function openWorkspaceFile(bytes: Uint8Array, kindKnownHere?: (workspaceId: string) => WorkspaceKind | undefined): OpenedWorkspaceFile {
  return decodeWorkspaceFile(readWorkspaceFileHeader(bytes), kindKnownHere);
}

/**
 * The decode and checks of `openWorkspaceFile`, for a file whose envelope and
 * header `readWorkspaceFileHeader` has read already (the caller starts work on
 * the header's id meanwhile: the app opens the workspace's database).
 */
export function decodeWorkspaceFile(
  { header, update }: { header: CairnFileHeader; update: Uint8Array },
  kindKnownHere?: (workspaceId: string) => WorkspaceKind | undefined,
): OpenedWorkspaceFile {
  const doc = new Y.Doc();
  // The header names the workspace and its kind as the device that saved it
  // knew them; this device's own record of that workspace, if it has one,
  // outranks the header (the decoded document may become the stored one).
  fixWorkspaceFacts(doc, { id: header.workspaceId, kind: kindKnownHere?.(header.workspaceId) ?? header.kind });
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
  // Reading is total: a damaged field reads as its default (and is listed as a problem by a full read).
  const meta = readMeta(doc).value;
  if (meta.schemaVersion > SCHEMA_VERSION) {
    throw new CairnFileError('unsupported-version', `This workspace was written by a newer Cairn (schema ${meta.schemaVersion}). Update Cairn to open it.`);
  }
  return { header, update, doc, meta };
}

/** Decodes and checks a `.cairn` file and reads the whole workspace (snapshot.problems lists what was damaged). */
export function readWorkspaceFile(bytes: Uint8Array): LoadedWorkspaceFile {
  const opened = openWorkspaceFile(bytes);
  return { ...opened, snapshot: readWorkspace(opened.doc) };
}
