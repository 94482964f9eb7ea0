/*
 * `npm run bench` (PDF): the report of the benchmark workspace (200
 * objectives, 1,000 KRs of every kind, 20,000 check-ins) printed to PDF by
 * browser mode's printer (electron/server/pdfPrinter.ts: this machine's
 * Chromium through playwright-core's page.pdf, the engine behind Electron's
 * printToPDF, with the same page options), as the export dialog's "PDF" asks
 * for it. Time: from the report's HTML to the PDF's bytes, Chromium's launch
 * included (the printer launches one per report), median of RUNS runs. Also
 * the HTML's and the PDF's sizes and the page count (pdfinfo, from Debian's
 * poppler-utils, when installed). Writes bench/results/report-pdf.json.
 * Target: ≤ 5 s, ≤ 10 MB.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findChromium } from '../electron/server/chromium';
import { chromiumPdfPrinter } from '../electron/server/pdfPrinter';
import { exportWorkspace } from '../shared/format/exportBundle';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, round } from './stats';

const RUNS = 3;
const TARGETS = { ms: 5_000, mb: 10 };
const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);

/** Pages as pdfinfo counts them, or null without poppler-utils. */
function pageCount(pdf: Uint8Array): Promise<number | null> {
  return (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-pdf-'));
    try {
      const file = path.join(dir, 'report.pdf');
      await writeFile(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
    } catch {
      return null;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
}

async function main() {
  const chromium = findChromium(process.env);
  if (!chromium) {
    console.log('report PDF: skipped: no Chromium on this machine (install Debian chromium or set CHROMIUM_PATH)');
    return;
  }
  const { objectives, keyResults, checkIns } = BENCH_WORKSPACE;
  const { doc } = generateWorkspace(objectives, keyResults, checkIns, 7, { allKinds: true });
  const [file] = exportWorkspace(doc, { formats: ['html'], now: Date.UTC(2026, 8, 1), locale: 'en-US' });
  const html = new TextDecoder().decode(file!.bytes);
  const printer = chromiumPdfPrinter(chromium, { timeoutMs: 300_000 });
  const runsMs: number[] = [];
  let pdf: Uint8Array = new Uint8Array();
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    pdf = await printer.print(html);
    runsMs.push(round(performance.now() - started));
  }
  const medianMs = round(median(runsMs));
  const pages = await pageCount(pdf);
  const results = {
    medianMs,
    runsMs,
    htmlMb: mb(file!.bytes.byteLength),
    pdfMb: mb(pdf.byteLength),
    pages,
    target: `≤ ${TARGETS.ms} ms, ≤ ${TARGETS.mb} MB`,
    met: { time: medianMs <= TARGETS.ms, size: mb(pdf.byteLength) <= TARGETS.mb },
  };
  console.log(
    `report PDF: median ${medianMs} ms (runs ${runsMs.join(', ')}), HTML ${results.htmlMb} MB → PDF ${results.pdfMb} MB, ${pages ?? '?'} pages; ${results.met.time ? 'meets' : 'MISSES'} ≤ ${TARGETS.ms} ms, ${results.met.size ? 'meets' : 'MISSES'} ≤ ${TARGETS.mb} MB`,
  );
  const report = {
    what: 'The report of the 200-objective / 1,000-KR / 20,000-check-in workspace (all KR kinds) printed to PDF by browser mode’s printer (Chromium, page.pdf)',
    machine: { node: process.version, platform: process.platform, cpus: os.cpus().length, chromium: execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim() },
    runs: RUNS,
    notes: [
      'Time is from the report HTML to the PDF bytes, Chromium’s launch included: the printer launches one per report, as the web server does.',
      'Electron’s printToPDF is the same Chromium printer with the same options (shared/format/pdfPage.ts); it needs the Electron binary and is not measured here.',
      'Pages counted by pdfinfo (poppler-utils); null without it.',
    ],
    results,
    at: new Date().toISOString(),
  };
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'report-pdf.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${path.join('bench', 'results', 'report-pdf.json')}`);
}

void main();
