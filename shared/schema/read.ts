/*
 * Reading a workspace document, total (docs/schema.md, "Reading is total"):
 * the record readers (readRecords.ts), the header (readMeta.ts) and the whole
 * workspace (readWorkspace.ts), gathered here so callers import one module.
 */
export * from './readRecords';
export * from './readMeta';
export * from './readWorkspace';
export type { ReadResult } from './readCommon';
