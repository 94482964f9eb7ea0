import type { ExportOptions, ExportedFile } from '../../shared/format/exportBundle';
import type { ImportOutcome, ImportRequest } from '../../shared/format/importBundle';

/*
 * Messages between the window and the formats worker. Exports and imports of
 * large workspaces run there, so the window keeps answering; the document
 * crosses as a Yjs update (bytes), never as live objects.
 */

export type FormatsTask =
  | { type: 'export'; update: Uint8Array; options: ExportOptions }
  | { type: 'import'; request: ImportRequest };

export type FormatsReply =
  | { type: 'progress'; done: number; total: number; label: string }
  | { type: 'exported'; files: ExportedFile[] }
  | { type: 'imported'; outcome: ImportOutcome }
  | { type: 'failed'; name: string; message: string; problems?: unknown };
