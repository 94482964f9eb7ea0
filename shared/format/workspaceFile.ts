import * as Y from 'yjs';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import { SCHEMA_VERSION, metaMap, readText } from '../schema/doc';
import { CairnFileError, decodeCairnFile, encodeCairnFile, type CairnFileHeader } from './envelope';

/** Encodes a whole workspace document as a `.cairn` file. */
export function workspaceToFile(doc: Y.Doc, appVersion: string, savedAt: number): Uint8Array {
  const meta = metaMap(doc);
  const workspaceId = meta.get('id');
  if (typeof workspaceId !== 'string') throw new Error('Cannot save a workspace without an id.');
  const version = Number(meta.get('schemaVersion'));
  // The header is a hint for listings; clamp it so odd meta never blocks a save.
  const header: CairnFileHeader = {
    workspaceId,
    schemaVersion: Number.isInteger(version) && version >= 1 ? version : SCHEMA_VERSION,
    appVersion: appVersion.slice(0, 64),
    kind: String(meta.get('kind') ?? 'team').slice(0, 32),
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

/** Decodes and checks a `.cairn` file; throws CairnFileError with a one-line reason. */
export function readWorkspaceFile(bytes: Uint8Array): LoadedWorkspaceFile {
  const { header, update } = decodeCairnFile(bytes);
  if (header.schemaVersion > SCHEMA_VERSION) {
    throw new CairnFileError(
      'unsupported-version',
      `This workspace was written by a newer Cairn (schema ${header.schemaVersion}; this one reads up to ${SCHEMA_VERSION}). Update Cairn to open it.`,
    );
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
  } catch {
    throw new CairnFileError('bad-content', 'The workspace inside the file cannot be read; restore it from a backup.');
  }
  const snapshot = readWorkspace(doc);
  if (!snapshot.meta) throw new CairnFileError('bad-content', 'The file holds no workspace (its meta is missing or damaged).');
  if (snapshot.meta.schemaVersion > SCHEMA_VERSION) {
    throw new CairnFileError('unsupported-version', `This workspace was written by a newer Cairn (schema ${snapshot.meta.schemaVersion}). Update Cairn to open it.`);
  }
  if (snapshot.meta.id !== header.workspaceId) {
    throw new CairnFileError('bad-content', 'The file is inconsistent: its header and its content name different workspaces.');
  }
  return { header, update, doc, snapshot };
}
