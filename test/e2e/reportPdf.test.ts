import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate';
import { chromiumPdfPrinter } from '../../electron/server/pdfPrinter';
import { localContext } from '../../shared/commands/context';
import { addKeyResult } from '../../shared/commands/keyResults';
import { editObjectiveText } from '../../shared/commands/objectives';
import { markSessionStart } from '../../shared/commands/lifecycle';
import { exportWorkspace } from '../../shared/format/exportBundle';
import { readWorkspace } from '../../shared/schema/read';
import { TREND_PADDING } from '../../shared/queries/trend';
import { NO_CHROMIUM_REASON } from '../../electron/server/chromium';
import { startWebServer } from '../../electron/server/webServer';
import { chromiumPath, startHarness, type Harness } from './harness';
import { addObjective, createWorkspace } from './flows';
import { foldSpace, pdfPages, pdfText, pdfToPngs, type PdfLine, type PdfPage } from './pdfPages';

/*
 * The PDF as a reader gets it: the report of a rich workspace (objectives
 * with long texts, many KRs of every kind with charts, one objective whose
 * KR table runs over several pages) printed by Chromium's printer — the
 * browser-mode printer itself (electron/server/pdfPrinter.ts: page.pdf, the
 * engine behind Electron's printToPDF, with the same page options) — then
 * read back page by page with poppler-utils. The pages are kept as PNGs in
 * a folder this test prints, to look at.
 */

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
/** The report's @page bottom margin, where the footer is drawn (shared/format/htmlStyle.ts). */
const FOOTER_BAND = 18 * MM;
const SIDE_MARGIN = 15 * MM;
const LONG_TABLE_ROWS = 28;
/** A chart's first time-axis label sits this far right of its figure's left edge: the plot's left padding, in points (a CSS px is ¾ pt). */
const CAPTION_INDENT = TREND_PADDING.left * 0.75;
/** The KR table's column names, as they wrap in its header row (shared/format/html.ts KR_COLUMNS). */
const HEADER_WORDS = new Set('Key result Kind and risk Baseline → target Current Confidence Owner Status Score'.split(' '));

const NOW = Date.UTC(2026, 8, 1);

function richWorkspace() {
  const { doc } = generateWorkspace(6, 48, 1_500, 11, { allKinds: true });
  const ctx = localContext(doc, 'Ana', () => NOW);
  // A workshop session's report: everything below changes in the session, a "what changed" far longer than page one.
  const session = markSessionStart(localContext(doc, 'Ana', () => NOW - 3_600_000), 'Quarterly review');
  const objectives = [...readWorkspace(doc).objectives.values()].sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  for (const [i, o] of objectives.entries()) {
    editObjectiveText(ctx, o.id, 'description', `${o.title} — ${'Customers who finish onboarding in their first week stay three times as often; today four in ten stall at inviting their team. '.repeat(4 + i)}`);
    editObjectiveText(ctx, o.id, 'why', `Renewals are due this quarter and the segment's churn doubled since spring. ${'The board asked for a plan it can follow month by month, with the numbers that show it works. '.repeat(3)}`);
  }
  // One objective's KR table runs over pages: long titles make tall rows.
  const long = objectives[1]!;
  for (let i = 0; i < LONG_TABLE_ROWS; i++) {
    addKeyResult(ctx, long.id, {
      title: `Long table row ${i + 1}: weekly active teams in the enterprise pilot cohort that finished the guided onboarding checklist`,
      kind: 'metric',
      owner: 'Dana',
      metric: { direction: 'increase', baseline: 10, target: 40 + i, unit: 'teams' },
    });
  }
  const snapshot = readWorkspace(doc);
  const keyResults = [...snapshot.keyResults.values()].map((kr) => kr.title);
  return { doc, objectives: objectives.map((o) => o.title), keyResults, session: snapshot.sessions.get(session) ?? snapshot.checkpoints.get(session)! };
}

const bodyLines = (page: PdfPage) => page.lines.filter((l) => l.yMin < page.height - FOOTER_BAND);
const footerText = (page: PdfPage) => page.lines.filter((l) => l.yMin >= page.height - FOOTER_BAND).map((l) => l.text).join(' ');

/** Where an objective's own section starts: its title in the largest type (the At a glance table names it too, smaller). */
function headingOf(pages: PdfPage[], title: string): { page: PdfPage; line: PdfLine } {
  const start = foldSpace(title).split(' ').slice(0, 4).join(' ');
  const found = pages.flatMap((page) => page.lines.filter((line) => line.text.startsWith(start)).map((line) => ({ page, line })));
  expect(found.length, `"${title}" is printed`).toBeGreaterThan(0);
  return found.reduce((a, b) => (b.line.height > a.line.height ? b : a));
}

let file: string;
let outDir: string;
let report: { html: string; title: string; objectives: string[]; keyResults: string[] };
let pages: PdfPage[];

beforeAll(async () => {
  const workspace = richWorkspace();
  const [html] = exportWorkspace(workspace.doc, { formats: ['html'], now: NOW, locale: 'en-GB', sessionSince: workspace.session });
  const text = new TextDecoder().decode(html!.bytes);
  report = { html: text, title: 'Benchmark company', objectives: workspace.objectives, keyResults: workspace.keyResults };
  const pdf = await chromiumPdfPrinter(chromiumPath(), { timeoutMs: 90_000 }).print(text);
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-report-pdf-'));
  file = path.join(outDir, 'report.pdf');
  fs.writeFileSync(file, pdf);
  pages = pdfPages(file);
  pdfToPngs(file, path.join(outDir, 'page'));
  console.log(`[report-pdf] ${pages.length} pages, ${Math.round(pdf.byteLength / 1024)} KB; the PDF and its pages as PNGs: ${outDir}`);
}, 120_000);

afterAll(() => {
  // The PNGs stay for a person to look at; only a failed setup leaves nothing to keep.
  if (outDir && !fs.existsSync(file)) fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the report printed to PDF', () => {
  it('is A4, every page, and its page count fits the report: one page or more per objective, not hundreds', () => {
    for (const page of pages) {
      expect(Math.abs(page.width - A4.width), `page ${page.number} width`).toBeLessThan(1);
      expect(Math.abs(page.height - A4.height), `page ${page.number} height`).toBeLessThan(1);
    }
    expect(pages.length).toBeGreaterThanOrEqual(report.objectives.length + 2);
    // The session's full list of changes (every check-in since it began) adds some thirty pages.
    expect(pages.length).toBeLessThanOrEqual(report.objectives.length * 5 + 40);
    expect(fs.readdirSync(outDir).filter((f) => f.endsWith('.png'))).toHaveLength(pages.length);
  });

  it('keeps every line between the side margins: tables fit the page width, nothing is cut at the edge', () => {
    for (const page of pages) {
      for (const line of bodyLines(page)) {
        expect(line.xMin, `page ${page.number}: "${line.text}"`).toBeGreaterThanOrEqual(SIDE_MARGIN - 1);
        expect(line.xMax, `page ${page.number}: "${line.text}"`).toBeLessThanOrEqual(page.width - SIDE_MARGIN + 1);
      }
    }
  });

  it('names the report and numbers every page in the footer', () => {
    for (const page of pages) {
      const footer = footerText(page);
      expect(footer, `page ${page.number}`).toContain(report.title);
      expect(footer, `page ${page.number}`).toContain(`Page ${page.number} of ${pages.length}`);
    }
  });

  it('opens with the report on page one: its title, cycle and scope, the session in brief and the summary, though what changed in the session runs long', () => {
    const first = foldSpace(bodyLines(pages[0]!).map((l) => l.text).join(' '));
    expect(bodyLines(pages[0]!)[0]!.text).toBe(report.title);
    expect(first).toMatch(/Cycle:/);
    expect(first).toMatch(/Scope:/);
    expect(first).toMatch(/This session What changed .* \d+ more: all of them under What changed in this session\. Summary Objectives: /);
    expect(first).toMatch(/Summary Objectives: .* Key results: /);
    // The full list follows the summary, after page one.
    const full = pages.find((page) => bodyLines(page).some((l) => l.text === 'What changed in this session'));
    expect(full, 'what changed in full is printed').toBeDefined();
    expect(full!.number).toBeGreaterThan(1);
  });

  it('starts each objective at the top of a page', () => {
    for (const title of report.objectives) {
      const { page, line } = headingOf(pages, title);
      expect(bodyLines(page)[0], `"${title}" opens page ${page.number}`).toEqual(line);
    }
  });

  it('never splits a table row across pages: where the KR table goes on, a whole row follows the repeated header', () => {
    let continued = 0;
    for (const page of pages) {
      const lines = bodyLines(page);
      const header = lines.findIndex((l) => l.text === 'Key result');
      // A table that goes on from the page before: its header is the first thing on the page.
      if (header !== 0) continue;
      continued++;
      // The first line in the first column after the header starts a row; nothing but the header's own words comes before it.
      const row = lines.find((l) => l.yMin > lines[0]!.yMax + 2 && Math.abs(l.xMin - lines[0]!.xMin) < 2);
      expect(row, `page ${page.number}: a row after the header`).toBeDefined();
      expect(report.keyResults.some((title) => foldSpace(title).startsWith(row!.text)), `page ${page.number}: "${row!.text}" starts a key result's row`).toBe(true);
      const between = lines.filter((l) => l.yMin > lines[0]!.yMin + 1 && l.yMin < row!.yMin - 1);
      for (const line of between) expect(line.text.split(' ').every((word) => HEADER_WORDS.has(word)), `page ${page.number}: "${line.text}" before the first row`).toBe(true);
    }
    // The long table does run over pages, or this test would prove nothing.
    expect(continued).toBeGreaterThan(0);
  });

  it('never cuts a chart from its caption: each chart’s axis and the title under it are on one page', () => {
    // The first date on a chart's time axis (the cycle's first day), as the HTML wrote it: one per chart.
    const firstTick = /<text class="trend__tick trend__tick--start"[^>]*>([^<]*)<\/text>/.exec(report.html)?.[1];
    const charts = report.html.match(/<svg class="trend"/g)?.length ?? 0;
    expect(firstTick).toBeDefined();
    expect(charts).toBeGreaterThan(40);
    let axes = 0;
    for (const page of pages) {
      for (const axis of bodyLines(page).filter((l) => l.text === foldSpace(firstTick!))) {
        axes++;
        // The caption starts at the chart's left edge, the first date CAPTION_INDENT to its right, one line below the axis.
        const caption = bodyLines(page).find((l) => Math.abs(axis.xMin - CAPTION_INDENT - l.xMin) < 3 && l.yMin > axis.yMax && l.yMin < axis.yMax + 25);
        expect(caption, `page ${page.number}: the chart whose axis is at y ${Math.round(axis.yMin)} has its caption on this page`).toBeDefined();
        expect(report.keyResults.some((title) => foldSpace(title).startsWith(caption!.text)), `page ${page.number}: "${caption!.text}" names a key result`).toBe(true);
      }
    }
    // Every chart's axis was found: none is missing from the check.
    expect(axes).toBe(charts);
  });

  it('holds every objective title in its text layer', () => {
    const text = pdfText(file);
    for (const title of report.objectives) expect(text).toContain(foldSpace(title));
  });
});

describe('browser mode: the export dialog saves the PDF as a file', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function exportPdfOnly(page: Awaited<ReturnType<Harness['newPage']>>['page']) {
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Export/ });
    await dialog.getByRole('checkbox', { name: /HTML report/ }).uncheck();
    await dialog.getByRole('checkbox', { name: /CSV/ }).uncheck();
    await dialog.getByRole('checkbox', { name: /^PDF/ }).check();
    await dialog.getByRole('button', { name: 'Save 1 format' }).click();
    return dialog;
  }

  it('downloads the report printed by the web server: A4, the objectives in its text, the footer on its pages', async () => {
    const { page, errors } = await harness.newPage();
    await createWorkspace(page, 'Platform Q3');
    await addObjective(page, 'Make the PDF a real file');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    const dialog = await exportPdfOnly(page);
    const pdf = await download;
    expect(pdf.suggestedFilename()).toBe('Platform Q3 report.pdf');
    await dialog.waitFor({ state: 'detached' });
    const file = (await pdf.path())!;
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = pdfText(file);
    expect(text).toContain('Make the PDF a real file');
    expect(text).toContain('Platform Q3 — session report');
    expect(text).toMatch(/Page 1 of \d+/);
    expect(errors).toEqual([]);
  });

  it('falls back to the print dialog, and says why, when the server has no Chromium', async () => {
    const server = await startWebServer({ root: path.resolve(__dirname, '../../dist/renderer'), port: 0, pdf: { unavailable: NO_CHROMIUM_REASON } });
    try {
      const context = await harness.browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      const downloads: string[] = [];
      page.on('download', (d) => downloads.push(d.suggestedFilename()));
      await page.goto(server.url);
      await createWorkspace(page, 'Offline laptop');
      await exportPdfOnly(page);
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'No PDF printer here' }).first().textContent()).toContain(NO_CHROMIUM_REASON);
      expect(await page.getByRole('status').filter({ hasText: 'No PDF printer here' }).first().textContent()).toContain('choose “Save as PDF” in the print dialog');
      // The report went to the print dialog (a hidden frame), not to a download.
      await expect.poll(() => page.locator('iframe[title="Report to print"]').count()).toBe(1);
      expect(downloads).toEqual([]);
      await context.close();
    } finally {
      await server.close();
    }
  });
});
