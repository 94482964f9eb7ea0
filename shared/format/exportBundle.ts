import type * as Y from 'yjs';
import { buildReport } from '../queries/report';
import { WHOLE_WORKSPACE, type ExportScope } from '../queries/scope';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import type { Checkpoint } from '../schema/types';
import { checkInsCsv, keyResultsCsv } from './csvExport';
import { reportToHtml } from './html';
import { workspaceToJson } from './json';
import { reportToMarkdown } from './markdown';
import { workspaceToFile } from './workspaceFile';

/*
 * One entry point for every export, shared by the export dialog (in a worker),
 * the `cairn export` command and the benchmark, so all three write the same
 * bytes. PDF is not here: it is the HTML report printed by the shell.
 */

export type BundleFormat = 'md' | 'csv' | 'json' | 'html' | 'cairn';
export const BUNDLE_FORMATS: readonly BundleFormat[] = ['md', 'csv', 'json', 'html', 'cairn'];

/** Formats that always hold the whole workspace: they are the file the team owns, and must round-trip. */
export const WHOLE_WORKSPACE_FORMATS: readonly BundleFormat[] = ['json', 'cairn'];

export interface ExportOptions {
  formats: readonly BundleFormat[];
  scope?: ExportScope;
  now: number;
  /** Adds "What changed in this session" (since this checkpoint) to the report. */
  sessionSince?: Checkpoint | null;
  /** File names start with this (the workspace title, made safe, by default). */
  stem?: string;
  appVersion?: string;
  /** Reports detail only the first this many objectives (the dialog's preview). */
  detailObjectives?: number;
}

export interface ExportedFile {
  name: string;
  kind: 'md' | 'csv' | 'json' | 'html' | 'cairn';
  bytes: Uint8Array;
}

export type ExportProgress = (done: number, total: number, label: string) => void;

/** A file name stem from a title: letters, digits, spaces, dashes and underscores only. */
export function fileStemOf(title: string | undefined): string {
  return (title ?? '').replace(/[^\p{L}\p{N} _-]+/gu, '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'workspace';
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The files for the chosen formats, in the order of BUNDLE_FORMATS; the CSV format gives two files. */
export function exportWorkspace(doc: Y.Doc, options: ExportOptions, onProgress: ExportProgress = () => {}): ExportedFile[] {
  const snapshot = readWorkspace(doc);
  const wanted = BUNDLE_FORMATS.filter((f) => options.formats.includes(f));
  const stem = options.stem ?? fileStemOf(snapshot.meta?.title);
  const files: ExportedFile[] = [];
  wanted.forEach((format, index) => {
    onProgress(index, wanted.length, format);
    files.push(...filesFor(format, doc, snapshot, options, stem));
  });
  onProgress(wanted.length, wanted.length, 'done');
  return files;
}

function filesFor(format: BundleFormat, doc: Y.Doc, snapshot: WorkspaceSnapshot, options: ExportOptions, stem: string): ExportedFile[] {
  const scope = options.scope ?? WHOLE_WORKSPACE;
  const report = () => buildReport(snapshot, { scope, now: options.now, sessionSince: options.sessionSince ?? null, detailObjectives: options.detailObjectives });
  switch (format) {
    case 'md':
      return [{ name: `${stem}.md`, kind: 'md', bytes: utf8(reportToMarkdown(report())) }];
    case 'html':
      return [{ name: `${stem} report.html`, kind: 'html', bytes: utf8(reportToHtml(report())) }];
    case 'csv':
      return [
        { name: `${stem} key results.csv`, kind: 'csv', bytes: utf8(keyResultsCsv(snapshot, scope)) },
        { name: `${stem} check-ins.csv`, kind: 'csv', bytes: utf8(checkInsCsv(snapshot, scope)) },
      ];
    case 'json':
      return [{ name: `${stem}.json`, kind: 'json', bytes: utf8(JSON.stringify(workspaceToJson(snapshot), null, 2) + '\n') }];
    case 'cairn':
      return [{ name: `${stem}.cairn`, kind: 'cairn', bytes: workspaceToFile(doc, options.appVersion ?? 'unknown', options.now) }];
  }
}
