/*
 * `npm run bench` (fourth part): export and import figures, not tests. The
 * benchmark workspace (200 objectives, 1,000 KRs of every kind, 20,000
 * check-ins) exported to each format with the code the export dialog's worker
 * and `cairn export` run (shared/format/exportBundle.ts), and its JSON and CSV
 * exports imported into a new workspace (shared/format/importBundle.ts).
 * Time: median of 5 runs. Peak memory: each format measured in a child
 * process of its own, as the growth of its peak resident set (maxRSS) over
 * the baseline after the workspace is built, so one format's garbage does not
 * count against the next. PDF is Chromium printing the HTML report: measured
 * by bench/reportPdf.ts.
 * Then in Chromium (browser mode, the built renderer): the export dialog on
 * that workspace — time until the report preview shows, time from Save to
 * the last download, and the longest task on the window's thread meanwhile
 * (PerformanceObserver 'longtask'), since the files are built in a worker.
 * Writes bench/results/formats.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { workspaceToFile } from '../shared/format/workspaceFile';
import { withImportedWorkspace } from './browser';
import { performance } from 'node:perf_hooks';
import { exportWorkspace, type BundleFormat } from '../shared/format/exportBundle';
import { runImport } from '../shared/format/importBundle';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, rendererRoot, round } from './stats';

const RUNS = 5;
const TARGETS = { exportMs: 1_000, importMs: 2_000 };
const EXPORTS: readonly BundleFormat[] = ['md', 'csv', 'json', 'html', 'cairn'];
/** `json-large`: the JSON export of a workspace four times the size (about 20 MB), the largest import the issue asks for. */
const IMPORTS = ['json', 'csv', 'json-large'] as const;
type Task = `export:${BundleFormat}` | `import:${(typeof IMPORTS)[number]}`;

const mb = (bytes: number) => round(bytes / 1024 / 1024);

function workspace(scale = 1) {
  const { objectives, keyResults, checkIns } = BENCH_WORKSPACE;
  return generateWorkspace(objectives * scale, keyResults * scale, checkIns * scale, 7, { allKinds: true }).doc;
}

/** One task, RUNS times, in this process: the child side of the measurement. */
function measure(task: Task): { medianMs: number; runsMs: number[]; inputBytes: number | null; outputBytes: number; peakRssGrowthMb: number } {
  const [kind, format] = task.split(':') as ['export' | 'import', string];
  const doc = workspace(format === 'json-large' ? 4 : 1);
  const now = Date.UTC(2026, 8, 1);
  let input: { name: string; bytes: Uint8Array } | null = null;
  if (kind === 'import') {
    const files = exportWorkspace(doc, { formats: [format === 'json-large' ? 'json' : (format as BundleFormat)], now, locale: 'en-US' });
    input = { name: files[0]!.name, bytes: files[0]!.bytes };
  }
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  const runsMs: number[] = [];
  let outputBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    if (kind === 'export') {
      outputBytes = exportWorkspace(doc, { formats: [format as BundleFormat], now, locale: 'en-US' }).reduce((sum, f) => sum + f.bytes.byteLength, 0);
    } else {
      outputBytes = runImport({ fileName: input!.name, bytes: input!.bytes, target: null, actor: 'bench', now }).update.byteLength;
    }
    runsMs.push(performance.now() - started);
  }
  // maxRSS is in kilobytes, and covers the whole process life: growth over the baseline is this task's peak.
  const peak = process.resourceUsage().maxRSS * 1024;
  return { medianMs: round(median(runsMs)), runsMs: runsMs.map((ms) => round(ms)), inputBytes: input?.bytes.byteLength ?? null, outputBytes, peakRssGrowthMb: mb(Math.max(0, peak - baselineRss)) };
}

const LONG_TASKS = `(() => {
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__benchLongTasks.push(e.duration); }).observe({ type: 'longtask' });
})()`;

async function longestTaskSince(page: Page, mark: number): Promise<number> {
  const tasks = await page.evaluate((from) => (window as unknown as { __benchLongTasks: number[] }).__benchLongTasks.slice(from), mark);
  return round(Math.max(0, ...tasks));
}

/** The export dialog in Chromium on the benchmark workspace: HTML report and both CSVs, as a facilitator saves them. */
async function browserExport(): Promise<Record<string, number | string>> {
  const root = rendererRoot();
  if (!existsSync(path.join(root, 'index.html'))) return { skipped: 'no renderer build: run npm run build first' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-formats-'));
  const file = path.join(dir, 'Benchmark.cairn');
  await writeFile(file, workspaceToFile(workspace(), 'bench', Date.now()));
  return withImportedWorkspace(root, file, async (page) => {
    await page.evaluate(LONG_TASKS);
    const count = () => page.evaluate(() => (window as unknown as { __benchLongTasks: number[] }).__benchLongTasks.length);
    let mark = await count();
    const opened = performance.now();
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.frameLocator('iframe[title="Report preview"]').locator('h1').waitFor({ timeout: 120_000 });
    const previewMs = round(performance.now() - opened);
    const previewLongestTaskMs = await longestTaskSince(page, mark);
    await page.waitForTimeout(500);
    mark = await count();
    const downloads: Promise<unknown>[] = [];
    page.on('download', (d) => downloads.push(d.path()));
    const saved = performance.now();
    await page.getByRole('dialog').getByRole('button', { name: /^Save/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 120_000 });
    await Promise.all(downloads);
    const saveMs = round(performance.now() - saved);
    return { previewMs, previewLongestTaskMs, saveMs, saveLongestTaskMs: await longestTaskSince(page, mark), files: downloads.length };
  });
}

async function main() {
  const one = process.argv.indexOf('--one');
  if (one !== -1) {
    process.stdout.write(JSON.stringify(measure(process.argv[one + 1] as Task)));
    return;
  }
  if (process.argv.includes('--browser-only')) {
    console.log('export dialog in Chromium:', await browserExport());
    return;
  }
  const tasks: Task[] = [...EXPORTS.map((f) => `export:${f}` as const), ...IMPORTS.map((f) => `import:${f}` as const)];
  const results: Record<string, ReturnType<typeof measure> & { target: string; met: boolean }> = {};
  for (const task of tasks) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--one', task], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const figures = JSON.parse(out) as ReturnType<typeof measure>;
    const limit = task.startsWith('export') ? TARGETS.exportMs : TARGETS.importMs;
    results[task] = { ...figures, target: `≤ ${limit} ms`, met: figures.medianMs <= limit };
    console.log(`${task.padEnd(14)} median ${String(figures.medianMs).padStart(7)} ms  (runs ${figures.runsMs.join(', ')})  ${figures.inputBytes !== null ? `input ${mb(figures.inputBytes)} MB  ` : ''}output ${mb(figures.outputBytes)} MB  peak RSS +${figures.peakRssGrowthMb} MB  ${results[task].met ? 'meets' : 'MISSES'} ${results[task].target}`);
  }
  const browser = await browserExport();
  console.log('export dialog in Chromium:', browser);
  const report = {
    what: 'Export of the 200-objective / 1,000-KR / 20,000-check-in workspace (all KR kinds) to each format, and import of its JSON and CSV exports into a new workspace',
    machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
    runs: RUNS,
    notes: [
      'csv is both files (key results and check-ins); import:csv reads the key results file (check-ins are not part of the spreadsheet template).',
      'import:json-large is the JSON export of a workspace four times the size (800 objectives, 4,000 KRs, 80,000 check-ins).',
      'In the app, imports and exports run in a Web Worker, so these times are spent off the window thread.',
      'PDF is measured apart, by bench/reportPdf.ts (bench/results/report-pdf.json).',
      'Peak memory is the growth of the process peak RSS over the baseline after building the workspace, each task in its own process.',
    ],
    results,
    browserExportDialog: browser,
    at: new Date().toISOString(),
  };
  const dir = path.join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'formats.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${path.join('bench', 'results', 'formats.json')}`);
}

void main();
