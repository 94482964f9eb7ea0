import type * as Y from 'yjs';
import { buildReport, type Report } from '../queries/report';
import type { ExportFile } from '../platform';
import { WHOLE_WORKSPACE, type ExportScope } from '../queries/scope';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import type { Checkpoint } from '../schema/types';
import type { WorkshopOutcome } from '../queries/workshopOutcome';
import { csvSheets } from './csvExport';
import { reportToHtml } from './html';
import { workspaceToJson } from './json';
import { reportToMarkdown } from './markdown';
import { fileStemOf, reportFileName, type BundleFormat } from './exportNames';
import { workspaceToFile } from './workspaceFile';

/*
 * One entry point for every export, shared by the export dialog (in a worker),
 * the `cairn export` command and the benchmark, so all three write the same
 * bytes. PDF is not here: it is the HTML report printed by the shell.
 */

export { WHOLE_WORKSPACE_FORMATS, fileStemOf, reportFileName, type BundleFormat } from './exportNames';

/** In the order files come out. */
const BUNDLE_FORMATS: readonly BundleFormat[] = ['md', 'csv', 'json', 'html', 'cairn'];


export interface ExportOptions {
  formats: readonly BundleFormat[];
  scope?: ExportScope;
  now: number;
  /**
   * The exporter's locale (BCP 47): the report (Markdown, HTML) writes its
   * days and times in it; CSV, JSON and .cairn are machine-readable and keep
   * ISO 8601 whatever it is.
   */
  locale: string;
  /** The reader's time zone (IANA): the report writes its moments in it, with the offset named. UTC when not given. */
  timeZone?: string;
  /** Adds "What changed in this session" (since this checkpoint) to the report. */
  sessionSince?: Checkpoint | null;
  /** File names start with this (the workspace title, made safe, by default). */
  stem?: string;
  appVersion?: string;
  /** Reports detail only the first this many objectives (the dialog's preview). */
  detailObjectives?: number;
  /** Opens the report with a workshop session's outcome (its signatures already checked: shared/queries/workshopOutcome.ts). */
  outcome?: WorkshopOutcome | null;
}

/** An export file as the platform saves it (shared/platform.ts), of a format built here. */
export type ExportedFile = ExportFile & { kind: BundleFormat };

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The files for the chosen formats, in the order of BUNDLE_FORMATS; the CSV
 * format gives two files. `snapshot` saves reading the document again when
 * the caller has it.
 */
export function exportWorkspace(
  doc: Y.Doc,
  options: ExportOptions,
  onProgress: (done: number, total: number, label: string) => void = () => {},
  snapshot: WorkspaceSnapshot = readWorkspace(doc),
): ExportedFile[] {
  const wanted = BUNDLE_FORMATS.filter((f) => options.formats.includes(f));
  const stem = options.stem ?? fileStemOf(snapshot.meta?.title);
  const scope = options.scope ?? WHOLE_WORKSPACE;
  // Markdown and HTML are two renderings of one report: build it once.
  let report: Report | null = null;
  const reportOnce = () => (report ??= buildReport(snapshot, { scope, now: options.now, locale: options.locale, timeZone: options.timeZone, sessionSince: options.sessionSince ?? null, detailObjectives: options.detailObjectives, outcome: options.outcome ?? null }));
  const filesFor = (format: BundleFormat): ExportedFile[] => {
    switch (format) {
      case 'md':
        return [{ name: `${stem}.md`, kind: 'md', bytes: utf8(reportToMarkdown(reportOnce())) }];
      case 'html':
        return [{ name: reportFileName(stem, 'html'), kind: 'html', bytes: utf8(reportToHtml(reportOnce())) }];
      case 'csv': {
        const sheets = csvSheets(snapshot, scope);
        return [
          { name: `${stem} key results.csv`, kind: 'csv', bytes: utf8(sheets.keyResults) },
          { name: `${stem} check-ins.csv`, kind: 'csv', bytes: utf8(sheets.checkIns) },
        ];
      }
      case 'json':
        return [{ name: `${stem}.json`, kind: 'json', bytes: utf8(JSON.stringify(workspaceToJson(snapshot), null, 2) + '\n') }];
      case 'cairn':
        return [{ name: `${stem}.cairn`, kind: 'cairn', bytes: workspaceToFile(doc, options.appVersion ?? 'unknown', options.now) }];
    }
  };
  const files: ExportedFile[] = [];
  wanted.forEach((format, index) => {
    onProgress(index, wanted.length, format);
    files.push(...filesFor(format));
  });
  onProgress(wanted.length, wanted.length, 'done');
  return files;
}
